package com.example.classifier.inference;

import java.time.Duration;

/** The model's queue is full: the client should come back later rather than wait without bound. */
public class ServerBusyException extends RuntimeException {

	private final Duration retryAfter;

	public ServerBusyException(String model, int capacity, Duration retryAfter) {
		super("model " + model + " has " + capacity + " images waiting, the most it queues; retry in "
				+ retryAfter.toSeconds() + " s", null, false, false);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return retryAfter;
	}
}
