package com.example.classifier.inference;

/**
 * A model that cannot answer: it is shut down, or every inference worker of it has
 * stopped.
 */
public class NoWorkerException extends RuntimeException {

	public NoWorkerException(String model) {
		super("model " + model + " is shut down or has no inference worker left", null, false, false);
	}

}
