package com.example.classifier.openinference;

/** A model version this server does not have: every model has one, "1". */
class UnknownVersionException extends RuntimeException {

	UnknownVersionException(String model, String version) {
		super("model " + model + " has no version " + version + "; its only version is "
				+ OpenInferenceController.VERSION);
	}

}
