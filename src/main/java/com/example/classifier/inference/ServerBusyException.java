package com.example.classifier.inference;

import java.time.Duration;

/**
 * The server has more work than it holds: the client should come back later rather than
 * wait without bound.
 */
public class ServerBusyException extends RuntimeException {

	private final Duration retryAfter;

	private ServerBusyException(String why, Duration retryAfter) {
		super(why + "; retry in " + retryAfter.toSeconds() + " s", null, false, false);
		this.retryAfter = retryAfter;
	}

	/** The model's inference queue is full. */
	public static ServerBusyException queueFull(String model, int capacity) {
		return new ServerBusyException("model " + model + " has " + capacity + " images waiting, the most it queues",
				Duration.ofSeconds(1));
	}

	/**
	 * The images waiting to be decoded, for every model together, are as many as the
	 * server holds.
	 */
	public static ServerBusyException decodeBacklog(int capacity) {
		return new ServerBusyException(
				"the server has " + capacity + " images waiting to be decoded, the most it holds",
				Duration.ofSeconds(1));
	}

	/** As many uploads as the server takes at once are being parsed or classified. */
	public static ServerBusyException uploadsInProgress(int capacity) {
		return new ServerBusyException("the server is handling " + capacity + " uploads, the most it takes at once",
				Duration.ofSeconds(1));
	}

	/** As many upload bodies as the server takes at once are arriving. */
	public static ServerBusyException uploadsReceiving(int capacity) {
		return new ServerBusyException("the server is receiving " + capacity + " uploads, the most it takes at once",
				Duration.ofSeconds(1));
	}

	/**
	 * The uploads received and not yet answered hold as many bytes as the server keeps.
	 */
	public static ServerBusyException uploadBytesHeld(long megabytes) {
		return new ServerBusyException("the server holds " + megabytes + " MB of uploads, the most it keeps at once",
				Duration.ofSeconds(1));
	}

	/**
	 * Inference requests being read hold as much memory as the server gives them (their
	 * JSON is parsed in memory, unlike a multipart upload's files).
	 */
	public static ServerBusyException requestMemory(long megabytes) {
		return new ServerBusyException(
				"the inference requests being read hold " + megabytes + " MB, the most the server gives them at once",
				Duration.ofSeconds(1));
	}

	/** The request's images were not classified in time: the server is overloaded. */
	public static ServerBusyException timedOut(Duration timeout) {
		return new ServerBusyException(
				"the images were not classified within " + timeout.toSeconds() + " s: the server is overloaded",
				Duration.ofSeconds(5));
	}

	public Duration retryAfter() {
		return retryAfter;
	}

}
