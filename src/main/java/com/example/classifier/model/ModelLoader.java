package com.example.classifier.model;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import ai.djl.MalformedModelException;
import ai.djl.nn.BlockFactory;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import com.example.classifier.engine.EngineSetup;
import com.example.classifier.inference.InferenceQueue;
import com.example.classifier.inference.QueueSettings;
import com.example.classifier.inference.TensorBatch;
import com.example.classifier.tensor.Preprocessing;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns a model folder into a served model: its weights on the engine, whether it may
 * take batches, its queue, and a warm-up that must answer before the model is served.
 */
@Component
public class ModelLoader {

	private static final Logger log = LoggerFactory.getLogger(ModelLoader.class);

	/**
	 * A first call compiles the model's graph: a model silent for minutes is not going to
	 * answer.
	 */
	private static final Duration WARM_UP_TIMEOUT = Duration.ofMinutes(2);

	private final MeterRegistry meters;

	/**
	 * @param engines set up before the first model loads (the engines read their settings
	 * once)
	 */
	ModelLoader(EngineSetup engines, MeterRegistry meters) {
		this.meters = meters;
	}

	/** Removes the meters of a model name: nothing is served under it. */
	void removeMeters(String name) {
		InferenceQueue.removeMeters(meters, name);
	}

	/** Loads, probes and warms the model up; on failure nothing of it is left running. */
	ServedModel load(ModelFolder folder, ModelSettings settings)
			throws IOException, ModelNotFoundException, MalformedModelException {
		String engine = folder.engine(settings);
		List<String> labels = folder.labels();
		Preprocessing preprocessing = settings.preprocessing();
		ZooModel<TensorBatch, float[][]> weights = loadWeights(folder.path(), folder.name(), engine, settings.threads(),
				folder.trained() ? new TrainedClassifier(labels.size()) : null);
		InferenceQueue queue = null;
		try {
			int batchSize = settings.batchSize() > 1 && !answersAloneInABatch(folder.name(), weights, preprocessing) ? 1
					: settings.batchSize();
			queue = new InferenceQueue(folder.name(), weights, preprocessing.inputShape(),
					new QueueSettings(batchSize, settings.maxBatchDelay(), settings.workers(), settings.queueSize()),
					meters);
			ServedModel served = new ServedModel(folder.name(), engine, labels, preprocessing, queue, weights);
			warmUp(served);
			return served;
		}
		catch (RuntimeException ex) {
			// A model that fails here is not served: its workers and native
			// memory go now, not at shutdown.
			if (queue != null) {
				queue.close();
			}
			weights.close();
			throw ex;
		}
	}

	/**
	 * The weights of a model folder on the engine, with the translator of
	 * {@link InferenceQueue}.
	 * @param onnxThreads intra-op threads, for OnnxRuntime (PyTorch's are set for the
	 * whole engine)
	 */
	public static ZooModel<TensorBatch, float[][]> loadWeights(Path folder, String name, String engine, int onnxThreads)
			throws IOException, ModelNotFoundException, MalformedModelException {
		return loadWeights(folder, name, engine, onnxThreads, null);
	}

	private static ZooModel<TensorBatch, float[][]> loadWeights(Path folder, String name, String engine,
			int onnxThreads, BlockFactory block) throws IOException, ModelNotFoundException, MalformedModelException {
		Criteria.Builder<TensorBatch, float[][]> criteria = Criteria.builder()
			.setTypes(TensorBatch.class, float[][].class)
			.optModelPath(folder)
			.optModelName(name)
			.optEngine(engine)
			.optTranslator(InferenceQueue.translator());
		if (block != null) {
			criteria.optArgument("blockFactory", block);
		}
		if ("OnnxRuntime".equals(engine)) {
			criteria.optOption("intraOpNumThreads", Integer.toString(onnxThreads)).optOption("interOpNumThreads", "1");
		}
		return criteria.build().loadModel();
	}

	/**
	 * Whether each image of a batch gets the answer it gets alone. Some exported models
	 * do not: one has a batch size baked into a reshape and fails, another (vit_mnist
	 * here) lets the images of a batch change each other's answers. Those are served one
	 * image at a time.
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
				float[] alone = predictor
					.predict(TensorBatch.of(1, shape, Arrays.copyOfRange(pair, i * size, (i + 1) * size)))[0];
				for (int c = 0; c < alone.length; c++) {
					if (Math.abs(alone[c] - together[i][c]) > 1e-4) {
						log.warn(
								"Model {} answers differently when images share a batch (by {} on class {}): "
										+ "serving it one image at a time",
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
	 * One full batch and one single image: both shapes are compiled and the output size
	 * is checked.
	 */
	private static void warmUp(ServedModel model) {
		int size = model.preprocessing().tensorSize();
		List<CompletableFuture<float[]>> answers = new ArrayList<>();
		for (int i = 0; i < model.batchSize(); i++) {
			answers.add(model.submit(new float[size]));
		}
		for (CompletableFuture<float[]> answer : answers) {
			check(model, answered(answer));
		}
		check(model, answered(model.submit(new float[size])));
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

}
