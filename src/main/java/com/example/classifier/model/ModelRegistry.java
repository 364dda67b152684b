package com.example.classifier.model;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import ai.djl.util.cuda.CudaUtils;
import com.example.classifier.engine.EngineActivity;
import com.example.classifier.model.ModelChangeRefusedException.Reason;

/**
 * The served models, by name. Every model folder under {@code classifier.models-dir} is
 * loaded at start ({@link ModelLoader}); construction finishes, and so the application
 * becomes ready, only once the default model has answered. Models are loaded, reloaded
 * and unloaded at run time one change at a time; a request holds the model it uses
 * ({@link #use}) so that a change never cuts it short.
 */
@Component
public class ModelRegistry implements EngineActivity, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

	/** The served models by name, replaced whole on each change (readers never lock). */
	private volatile SortedMap<String, ServedModel> models = Collections.emptySortedMap();

	private volatile SortedMap<String, String> failures = Collections.emptySortedMap();

	private final String defaultModel;

	private final ModelProperties properties;

	private final ModelLoader loader;

	private final Path dir;

	private final Path bundled;

	ModelRegistry(ModelProperties properties, ModelLoader loader) {
		this.defaultModel = properties.defaultModel();
		this.properties = properties;
		this.loader = loader;
		this.dir = Path.of(properties.modelsDir()).toAbsolutePath().normalize();
		this.bundled = properties.bundledModelsDir() == null || properties.bundledModelsDir().isBlank() ? null
				: Path.of(properties.bundledModelsDir()).toAbsolutePath().normalize();
		for (ModelFolder folder : folders()) {
			try {
				serve(folder, loadFolder(folder));
			}
			catch (Exception ex) {
				fail(folder.name(), publicReason(ex, folder.path().getParent()));
				log.error("Model {} in {} could not be loaded: {}", folder.name(), folder.path(), ex.getMessage());
			}
		}
		// DJL's probe for a GPU logs its failure as warnings (silenced in
		// application.yaml): one line says what it means.
		int gpus = CudaUtils.getGpuCount();
		log.info(gpus == 0 ? "Inference runs on the CPU: no GPU on this machine" : "Inference runs on {} GPU(s)", gpus);
		if (!models.containsKey(defaultModel)) {
			destroy();
			throw new IllegalStateException("The default model '" + defaultModel + "' is not loaded: expected "
					+ dir.resolve(defaultModel).resolve(defaultModel + ".pt") + " (or .onnx) and synset.txt there"
					+ (bundled != null ? " or in " + bundled.resolve(defaultModel) : "")
					+ (failures.containsKey(defaultModel) ? " (" + failures.get(defaultModel) + ")" : "")
					+ ". Set MODELS_DIR to the folder holding the model folders.");
		}
	}

	/**
	 * The model folders to serve at start, by name: those of the models folder, and the
	 * bundled ones it has no folder of the same name for.
	 */
	private List<ModelFolder> folders() {
		SortedMap<String, ModelFolder> folders = new TreeMap<>();
		if (bundled != null) {
			ModelFolder.under(bundled, properties.load()).forEach(folder -> folders.put(folder.name(), folder));
		}
		ModelFolder.under(dir, properties.load()).forEach(folder -> folders.put(folder.name(), folder));
		return List.copyOf(folders.values());
	}

	/** The folder of that name: in the models folder, else among the bundled ones. */
	private Optional<ModelFolder> folder(String name) {
		return Stream.of(dir, bundled)
			.filter(Objects::nonNull)
			.map(parent -> parent.resolve(name))
			.filter(Files::isDirectory)
			.map(ModelFolder::of)
			.flatMap(Optional::stream)
			.findFirst();
	}

	private ServedModel loadFolder(ModelFolder folder) throws Exception {
		ServedModel model = loader.load(folder, folder.settings(properties));
		log.info("Loaded model {} ({}, {} classes, input {}, batches of up to {})", folder.name(), model.engine(),
				model.classes(), Arrays.toString(model.description().inputShape()), model.batchSize());
		return model;
	}

	/**
	 * Loads the folder {@code <models dir>/<name>} into the running server, in place of
	 * the model of that name if one is served. Requests already using the old one finish
	 * on it; new ones get the new one. If it fails, the server serves what it did before.
	 * @return what is now served under the name
	 * @throws ModelChangeRefusedException if the name or folder is not a model's, or it
	 * fails to load
	 */
	public synchronized ModelDescription load(String name) {
		if (!ModelName.isPlain(name)) {
			throw new ModelChangeRefusedException(Reason.NOT_A_NAME, ModelName.rule() + ", got '" + name + "'");
		}
		ModelFolder folder = folder(name).orElseThrow(() -> new ModelChangeRefusedException(Reason.NO_SUCH_FOLDER,
				"no model folder '" + name + "' in the models folder: it needs " + name + "/" + name + ".pt, " + name
						+ ".onnx or " + name + "-0000.params, and synset.txt"));
		ServedModel loaded;
		try {
			loaded = loadFolder(folder);
		}
		catch (Exception ex) {
			log.error("Model {} in {} could not be loaded; still serving what was served: {}", name, folder.path(),
					ex.getMessage());
			ServedModel current = models.get(name);
			if (current != null) {
				// Loading it took the gauges of the model served under its name.
				current.publishMeters();
			}
			else {
				loader.removeMeters(name);
			}
			throw new ModelChangeRefusedException(Reason.LOAD_FAILED,
					"model '" + name + "' could not be loaded: " + publicReason(ex, folder.path().getParent()));
		}
		ServedModel replaced = serve(folder, loaded);
		loaded.publishMeters();
		if (replaced != null) {
			replaced.retire(() -> removeMetersUnlessServed(name));
		}
		log.info("Model {} {} at run time", name, replaced != null ? "reloaded" : "loaded");
		return loaded.description();
	}

	/**
	 * Stops serving a model: requests already using it finish on it, then it is closed.
	 * @throws ModelChangeRefusedException for the default model or one not served
	 */
	public synchronized void unload(String name) {
		if (defaultModel.equals(name)) {
			throw new ModelChangeRefusedException(Reason.DEFAULT_MODEL,
					"'" + name + "' is the default model: it is never unloaded");
		}
		ServedModel model = models.get(name);
		if (model == null) {
			throw new ModelChangeRefusedException(Reason.NOT_SERVED, "no model named '" + name
					+ "' is served; this server serves " + String.join(", ", models.keySet()));
		}
		models = with(models, name, null);
		loader.removeMeters(name);
		// Requests still on it record their times until the last one is done.
		model.retire(() -> removeMetersUnlessServed(name));
		log.info("Model {} unloaded at run time", name);
	}

	/**
	 * Removes the meters of a name nothing is served under any more: what a retired
	 * model's last requests recorded after it was unloaded.
	 */
	private synchronized void removeMetersUnlessServed(String name) {
		if (!models.containsKey(name)) {
			loader.removeMeters(name);
		}
	}

	private ServedModel serve(ModelFolder folder, ServedModel model) {
		ServedModel replaced = models.get(folder.name());
		models = with(models, folder.name(), model);
		failures = with(failures, folder.name(), null);
		return replaced;
	}

	private void fail(String name, String reason) {
		failures = with(failures, name, reason);
	}

	/**
	 * A copy of {@code map} with {@code name} mapped to {@code value}, or without it for
	 * null.
	 */
	private static <V> SortedMap<String, V> with(SortedMap<String, V> map, String name, V value) {
		SortedMap<String, V> next = new TreeMap<>(map);
		if (value != null) {
			next.put(name, value);
		}
		else {
			next.remove(name);
		}
		return Collections.unmodifiableSortedMap(next);
	}

	/**
	 * The model of that name (the default one for {@code null} or blank) for one request:
	 * until the use is closed, the model stays open even if it is replaced or unloaded
	 * meanwhile.
	 * @throws UnknownModelException if no such model is served
	 */
	public ModelUse use(String name) {
		while (true) {
			ServedModel model = get(name);
			if (model.tryUse()) {
				return new ModelUse(model);
			}
			// Retired between the look-up and the use: the map holds its successor
			// (or nothing) by now.
			Thread.onSpinWait();
		}
	}

	/**
	 * Why a model failed to load, as /api/models and readiness show it to anyone: the
	 * engine's words, but no path on the server's disk (the log has the whole message).
	 */
	static String publicReason(Exception ex, Path modelsDir) {
		String reason = ex instanceof NoSuchFileException missing && missing.getFile() != null
				? Path.of(missing.getFile()).getFileName() + " is missing" : String.valueOf(ex.getMessage());
		return reason.replace(modelsDir + File.separator, "").replace(modelsDir.toString(), "models");
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

	/** Whether a model of that name is served now. */
	public boolean serves(String name) {
		return models.containsKey(name);
	}

	/** What the pages and the API show of each served model, in name order. */
	public List<ModelDescription> descriptions() {
		return models.values().stream().map(ServedModel::description).toList();
	}

	/** Models whose folder was found but which could not be loaded, with why. */
	public Map<String, String> failures() {
		return failures;
	}

	@Override
	public Set<String> engines() {
		Set<String> engines = new LinkedHashSet<>();
		models.values().forEach(model -> engines.add(model.engine()));
		return engines;
	}

	@Override
	public long lastBatchEndedAt() {
		return models.values()
			.stream()
			.mapToLong(ServedModel::lastBatchEndedAt)
			.filter(ended -> ended != 0)
			.max()
			.orElse(0);
	}

	@Override
	public synchronized void destroy() {
		models.values().forEach(ServedModel::close);
	}

}
