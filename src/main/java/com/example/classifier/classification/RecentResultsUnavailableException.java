package com.example.classifier.classification;

/**
 * The store of recent results cannot be reached: the results are unknown, classification
 * is not affected.
 */
public class RecentResultsUnavailableException extends RuntimeException {

	public RecentResultsUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
