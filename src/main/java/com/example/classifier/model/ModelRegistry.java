package com.example.classifier.model;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import ai.djl.util.cuda.CudaUtils;
import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.example.classifier.inference.InferenceQueue;
import com.example.classifier.inference.TensorBatch;
import com.example.classifier.tensor.Preprocessing;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Loads every model folder under {@code classifier.models-dir} at start, warms each one up, and hands them out by
 * name. Construction finishes, and so the application becomes ready, only once the default model has answered.
 */
@Component
public class ModelRegistry implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

	/** A first call compiles the model's graph: seconds here; a model silent for minutes is not going to answer. */
	private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(2);

	/** ImageNet synsets start with their WordNet id ("n02123159 tiger cat"): people want the name. */
	private static final Pattern WORDNET_ID = Pattern.compile("^n\\d{8}\\s+");

	private final Map<String, ServedModel> models = new LinkedHashMap<>();
	private final Map<String, String> failures = new LinkedHashMap<>();
	private final List<ZooModel<?, ?>> weights = new ArrayList<>();
	private final String defaultModel;

	public ModelRegistry(ModelProperties properties, MeterRegistry meters) {
		this.defaultModel = properties.defaultModel();
		configureEngines(properties.pytorchThreads(), properties.reuseNativeMemory());
		Path dir = Path.of(properties.modelsDir()).toAbsolutePath().normalize();
		for (Path folder : modelFolders(dir, properties.load())) {
			String name = folder.getFileName().toString();
			try {
				ModelSettings settings = properties.models().getOrDefault(name, ModelSettings.NONE)
					.over(servingProperties(folder))
					.over(properties.defaults())
					.over(ModelSettings.BUILT_IN);
				ServedModel model = load(name, folder, settings, meters);
				models.put(name, model);
				log.info("Loaded model {} ({}, {} classes, input {}, batches of up to {})", name, model.engine(),
						model.classes(), Arrays.toString(model.inputShape()), model.queue().batchSize());
			}
			catch (Exception ex) {
				failures.put(name, publicReason(ex, dir));
				log.error("Model {} in {} could not be loaded: {}", name, folder, ex.getMessage());
			}
		}
		// DJL's probe for a GPU logs its failure as warnings (silenced in application.yaml): one line says what it means.
		int gpus = CudaUtils.getGpuCount();
		log.info(gpus == 0 ? "Inference runs on the CPU: no GPU on this machine" : "Inference runs on {} GPU(s)", gpus);
		if (!models.containsKey(defaultModel)) {
			destroy();
			throw new IllegalStateException("The default model '" + defaultModel + "' is not loaded: expected "
					+ dir.resolve(defaultModel).resolve(defaultModel + ".pt") + " (or .onnx) and synset.txt there"
					+ (failures.containsKey(defaultModel) ? " (" + failures.get(defaultModel) + ")" : "")
					+ ". Set MODELS_DIR to the folder holding the model folders.");
		}
	}

	/**
	 * Why a model failed to load, as /api/models and readiness show it to anyone: the engine's words, but no path on
	 * the server's disk (the log has the whole message).
	 */
	static String publicReason(Exception ex, Path modelsDir) {
		String reason = ex instanceof NoSuchFileException missing && missing.getFile() != null
				? Path.of(missing.getFile()).getFileName() + " is missing"
				: String.valueOf(ex.getMessage());
		return reason.replace(modelsDir + File.separator, "").replace(modelsDir.toString(), "models");
	}

	/**
	 * Engine settings that hold for the whole process: call before the first model loads (the PyTorch engine reads
	 * them once, when it starts).
	 *
	 * @param pytorchThreads    intra-op threads of PyTorch (0: one per core)
	 * @param reuseNativeMemory keep freed native blocks for the next inference call ({@link MallocThresholds})
	 */
	public static void configureEngines(int pytorchThreads, boolean reuseNativeMemory) {
		if (reuseNativeMemory) {
			MallocThresholds.keepFreedBlocks();
		}
		int n = pytorchThreads > 0 ? pytorchThreads : Runtime.getRuntime().availableProcessors();
		System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
		System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		System.setProperty("ai.djl.pytorch.graph_optimizer", System.getProperty("ai.djl.pytorch.graph_optimizer", "false"));
		System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
	}

	private static List<Path> modelFolders(Path dir, List<String> only) {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.filter(Files::isDirectory)
				.filter(folder -> only.isEmpty() || only.contains(folder.getFileName().toString()))
				.filter(folder -> weightsFile(folder).isPresent())
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list models in " + dir + ": " + ex.getMessage(), ex);
		}
	}

	private static Optional<Path> weightsFile(Path folder) {
		String name = folder.getFileName().toString();
		return Stream.of(".pt", ".onnx").map(ext -> folder.resolve(name + ext)).filter(Files::isRegularFile).findFirst();
	}

	/** The label of a synset line, without a leading WordNet id ("n02123159 tiger cat" is "tiger cat"). */
	public static String label(String synsetLine) {
		return WORDNET_ID.matcher(synsetLine.strip()).replaceFirst("").strip();
	}

	private static ModelSettings servingProperties(Path folder) throws IOException {
		Path file = folder.resolve("serving.properties");
		if (!Files.isRegularFile(file)) {
			return ModelSettings.NONE;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return ModelSettings.fromServingProperties(properties);
	}

	private ServedModel load(String name, Path folder, ModelSettings settings, MeterRegistry meters)
			throws IOException, ModelNotFoundException, MalformedModelException {
		Path weightsFile = weightsFile(folder).orElseThrow();
		String engine = settings.engine() != null ? settings.engine()
				: weightsFile.toString().endsWith(".onnx") ? "OnnxRuntime" : "PyTorch";
		List<String> labels = Files.readAllLines(folder.resolve("synset.txt"), StandardCharsets.UTF_8)
			.stream()
			.filter(line -> !line.isBlank())
			.map(ModelRegistry::label)
			.toList();
		boolean grayscale = Boolean.TRUE.equals(settings.grayscale());
		Preprocessing preprocessing = new Preprocessing(settings.resize(), settings.crop(), floats(settings.mean()),
				floats(settings.std()), grayscale);
		ZooModel<TensorBatch, float[][]> model = loadWeights(folder, name, engine, settings.threads());
		InferenceQueue queue = null;
		try {
			int batchSize = settings.batchSize() > 1 && !answersAloneInABatch(name, model, preprocessing) ? 1
					: settings.batchSize();
			queue = new InferenceQueue(name, model, preprocessing.inputShape(), batchSize, settings.maxBatchDelay(),
					settings.workers(), settings.queueSize(), meters);
			ServedModel served = new ServedModel(name, engine, labels, preprocessing, queue);
			warmUp(served);
			weights.add(model);
			return served;
		}
		catch (RuntimeException ex) {
			// A model that fails here is not served: its workers and native memory go now, not at shutdown.
			if (queue != null) {
				queue.close();
			}
			model.close();
			throw ex;
		}
	}

	/**
	 * Whether each image of a batch gets the answer it gets alone. Some exported models do not: one has a batch
	 * size baked into a reshape and fails, another (vit_mnist here) lets the images of a batch change each
	 * other's answers. Those are served one image at a time.
	 */
	private static boolean answersAloneInABatch(String name, ZooModel<TensorBatch, float[][]> model,
			Preprocessing preprocessing) {
		int size = preprocessing.tensorSize();
		Random random = new Random(size);
		float[] pair = new float[2 * size];
		for (int i = 0; i < pair.length; i++) {
			pair[i] = random.nextFloat() * 4 - 2;
		}
		long[] shape = preprocessing.inputShape();
		try (var predictor = model.newPredictor()) {
			float[][] together = predictor.predict(TensorBatch.of(2, shape, pair));
			for (int i = 0; i < 2; i++) {
				float[] alone = predictor.predict(TensorBatch.of(1, shape, Arrays.copyOfRange(pair, i * size, (i + 1) * size)))[0];
				for (int c = 0; c < alone.length; c++) {
					if (Math.abs(alone[c] - together[i][c]) > 1e-4) {
						log.warn("Model {} answers differently when images share a batch (by {} on class {}): serving it one image at a time",
								name, Math.abs(alone[c] - together[i][c]), c);
						return false;
					}
				}
			}
			return true;
		}
		catch (Exception ex) {
			log.warn("Model {} fails on a batch of two ({}): serving it one image at a time", name, ex.getMessage());
			return false;
		}
	}

	/**
	 * The weights of a model folder on the engine, with the translator of {@link InferenceQueue}.
	 *
	 * @param onnxThreads intra-op threads, for OnnxRuntime (PyTorch's are set for the whole engine)
	 */
	public static ZooModel<TensorBatch, float[][]> loadWeights(Path folder, String name, String engine, int onnxThreads)
			throws IOException, ModelNotFoundException, MalformedModelException {
		Criteria.Builder<TensorBatch, float[][]> criteria = Criteria.builder()
			.setTypes(TensorBatch.class, float[][].class)
			.optModelPath(folder)
			.optModelName(name)
			.optEngine(engine)
			.optTranslator(InferenceQueue.translator());
		if ("OnnxRuntime".equals(engine)) {
			criteria.optOption("intraOpNumThreads", Integer.toString(onnxThreads)).optOption("interOpNumThreads", "1");
		}
		return criteria.build().loadModel();
	}

	private static float[] floats(List<Float> values) {
		float[] array = new float[values.size()];
		for (int i = 0; i < array.length; i++) {
			array[i] = values.get(i);
		}
		return array;
	}

	/** One full batch and one single image: both shapes are compiled and the output size is checked. */
	private static void warmUp(ServedModel model) {
		InferenceQueue queue = model.queue();
		int size = model.preprocessing().tensorSize();
		List<CompletableFuture<float[]>> answers = new ArrayList<>();
		for (int i = 0; i < queue.batchSize(); i++) {
			answers.add(queue.submit(new float[size]));
		}
		for (CompletableFuture<float[]> answer : answers) {
			check(model, answered(answer));
		}
		check(model, answered(queue.submit(new float[size])));
	}

	private static float[] answered(CompletableFuture<float[]> answer) {
		try {
			return answer.orTimeout(WARM_UP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException(ex.getCause() instanceof TimeoutException
					? "no answer to the warm-up within " + WARM_UP_TIMEOUT.toSeconds() + " s"
					: "the warm-up failed: " + ex.getCause().getMessage(), ex.getCause());
		}
	}

	private static void check(ServedModel model, float[] probabilities) {
		if (probabilities.length != model.classes()) {
			throw new IllegalStateException("model " + model.name() + " gives " + probabilities.length
					+ " outputs but synset.txt has " + model.classes() + " classes");
		}
	}

	public String defaultModel() {
		return defaultModel;
	}

	/** The model of that name, or the default one for {@code null} or blank. */
	public ServedModel get(String name) {
		String wanted = name == null || name.isBlank() ? defaultModel : name.strip();
		ServedModel model = models.get(wanted);
		if (model == null) {
			throw new UnknownModelException(wanted, models.keySet());
		}
		return model;
	}

	public List<ServedModel> all() {
		return List.copyOf(models.values());
	}

	/** Models whose folder was found but which could not be loaded, with why. */
	public Map<String, String> failures() {
		return Map.copyOf(failures);
	}

	@Override
	public void destroy() {
		models.values().forEach(model -> model.queue().close());
		weights.forEach(ZooModel::close);
	}
}
