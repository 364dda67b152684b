package com.example.classifier.cli;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.example.classifier.classification.ClassificationService;
import com.example.classifier.explanation.ExplanationService;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.ServedModel;
import com.example.classifier.training.ClassifierTraining;

/**
 * The classification core, started without a web server, with the one model the command
 * uses: the same {@link ClassificationService} the API calls. Logs go to stderr at WARN
 * (stdout is the command's output).
 */
final class EngineContext implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private EngineContext(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * @param model the model to load and use, or null for the configured default model
	 * @param modelsDir the folder of model folders, or null for the configured one
	 * (MODELS_DIR)
	 * @throws CliException when the model cannot be loaded
	 */
	static EngineContext start(String model, String modelsDir) {
		List<String> arguments = new ArrayList<>();
		if (model != null && !model.isBlank()) {
			arguments.add("--classifier.default-model=" + model.strip());
		}
		return start(arguments, modelsDir);
	}

	/**
	 * The same context for training: no model is loaded (beans are made only when asked
	 * for), and models are written to {@code modelsDir}.
	 */
	static EngineContext startForTraining(String modelsDir) {
		// Health is the only thing that would load a model anyway: it reports on them.
		return start(
				new ArrayList<>(
						List.of("--spring.main.lazy-initialization=true", "--management.endpoint.health.access=none")),
				modelsDir);
	}

	private static EngineContext start(List<String> arguments, String modelsDir) {
		if (modelsDir != null && !modelsDir.isBlank()) {
			arguments.add("--classifier.models-dir=" + modelsDir);
		}
		try {
			return new EngineContext(new SpringApplicationBuilder(CliApplication.class).profiles("cli")
				.registerShutdownHook(true)
				.run(arguments.toArray(String[]::new)));
		}
		catch (RuntimeException ex) {
			throw new CliException(Cli.EXIT_CANNOT_START, "cannot start: " + rootMessage(ex));
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage() != null ? root.getMessage() : root.toString();
	}

	ClassificationService classifier() {
		return context.getBean(ClassificationService.class);
	}

	ClassifierTraining training() {
		return context.getBean(ClassifierTraining.class);
	}

	ExplanationService explanations() {
		return context.getBean(ExplanationService.class);
	}

	/** The model the command uses: the context's default model. */
	ServedModel model() {
		return context.getBean(ModelRegistry.class).get(null);
	}

	Environment environment() {
		return context.getEnvironment();
	}

	@Override
	public void close() {
		context.close();
	}

}
