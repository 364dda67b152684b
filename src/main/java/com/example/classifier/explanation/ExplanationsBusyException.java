package com.example.classifier.explanation;

/**
 * As many explanations as allowed are being computed: try again shortly. Capacity, not a
 * client error; the edge answers it 503 with Retry-After.
 */
public class ExplanationsBusyException extends RuntimeException {

	private final int limit;

	ExplanationsBusyException(int limit) {
		super(limit + " explanation" + (limit == 1 ? " is" : "s are")
				+ " being computed, the most this server takes at once; classification is not affected");
		this.limit = limit;
	}

	public int limit() {
		return limit;
	}

}
