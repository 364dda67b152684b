package com.example.classifier.inference;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for work handed to a queue or a pool, up to the request's deadline: its own
 * failure as it was thrown, and a deadline passed as the server being too busy.
 */
public final class Answers {

	private Answers() {
	}

	/**
	 * The answer, once it comes before {@code deadline} ({@link System#nanoTime()}).
	 * @param timeout the request's whole time, for the message
	 * @throws ServerBusyException when the deadline passes first
	 */
	public static <T> T await(CompletableFuture<T> answer, long deadline, Duration timeout) {
		try {
			return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw ex.getCause() instanceof RuntimeException runtime ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw ServerBusyException.timedOut(timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
