package com.example.classifier.cli;

import picocli.CommandLine.Option;

/** Options of every command: which model, from where, and how many requests at once. */
final class EngineOptions {

	@Option(names = { "-m", "--model" }, paramLabel = "NAME",
			description = "model folder name, as in the API (default: DEFAULT_MODEL, or mobilenet_v2)")
	String model;

	@Option(names = "--models-dir", paramLabel = "DIR",
			description = "folder of model folders (default: MODELS_DIR, or ./models)")
	String modelsDir;

	@Option(names = { "-j", "--jobs" }, paramLabel = "N",
			description = "requests of up to 3 images in flight at once (default: 2 per core)")
	Integer jobs;

	int inFlight() {
		if (jobs != null && jobs < 1) {
			throw new CliException(Cli.EXIT_USAGE, "--jobs must be at least 1, got " + jobs);
		}
		return jobs != null ? jobs : 2 * Runtime.getRuntime().availableProcessors();
	}

}
