package com.example.classifier.training;

/**
 * The data or the options given to training cannot make a model; the message says why in
 * the user's terms. Nothing has been written.
 */
public class TrainingDataException extends RuntimeException {

	public TrainingDataException(String message) {
		super(message, null, false, false);
	}

}
