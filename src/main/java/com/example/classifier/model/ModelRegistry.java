package com.example.classifier.model;

import java.io.File;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import ai.djl.util.cuda.CudaUtils;
import com.example.classifier.engine.EngineActivity;

/**
 * The served models, by name. Every model folder under {@code classifier.models-dir} is
 * loaded at start ({@link ModelLoader}); construction finishes, and so the application
 * becomes ready, only once the default model has answered.
 */
@Component
public class ModelRegistry implements EngineActivity, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

	private final Map<String, ServedModel> models = new LinkedHashMap<>();

	private final Map<String, String> failures = new LinkedHashMap<>();

	private final String defaultModel;

	ModelRegistry(ModelProperties properties, ModelLoader loader) {
		this.defaultModel = properties.defaultModel();
		Path dir = Path.of(properties.modelsDir()).toAbsolutePath().normalize();
		for (ModelFolder folder : ModelFolder.under(dir, properties.load())) {
			try {
				ServedModel model = loader.load(folder, folder.settings(properties));
				models.put(folder.name(), model);
				log.info("Loaded model {} ({}, {} classes, input {}, batches of up to {})", folder.name(),
						model.engine(), model.classes(), Arrays.toString(model.description().inputShape()),
						model.batchSize());
			}
			catch (Exception ex) {
				failures.put(folder.name(), publicReason(ex, dir));
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
					+ (failures.containsKey(defaultModel) ? " (" + failures.get(defaultModel) + ")" : "")
					+ ". Set MODELS_DIR to the folder holding the model folders.");
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

	/** What the pages and the API show of each served model, in name order. */
	public List<ModelDescription> descriptions() {
		return models.values().stream().map(ServedModel::description).toList();
	}

	/** Models whose folder was found but which could not be loaded, with why. */
	public Map<String, String> failures() {
		return Map.copyOf(failures);
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
	public void destroy() {
		models.values().forEach(ServedModel::close);
	}

}
