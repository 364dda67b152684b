package com.example.classifier.torchserve;

/** A model version this server does not have: every model has one. */
class UnknownVersionException extends RuntimeException {

	UnknownVersionException(String model, String version, String served) {
		super("Model version not found: " + model + " has version " + served + " only, not " + version);
	}

}
