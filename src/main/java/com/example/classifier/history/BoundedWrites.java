package com.example.classifier.history;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Writes to Redis on one thread of their own, in the order they were asked for. A caller
 * waits for its write only up to {@link HistoryProperties#writeTimeout()}; a write not
 * begun by then is dropped, not kept for later, so that a Redis that hangs piles up no
 * backlog. A store that fails loses writes, never a caller's request. Counts items by
 * outcome, and logs when the store stops and starts answering.
 */
class BoundedWrites {

	private static final Logger log = LoggerFactory.getLogger(BoundedWrites.class);

	private final String name;

	private final String whileGone;

	private final HistoryProperties settings;

	private final ThreadPoolExecutor writer;

	private final Counter stored;

	private final Counter failed;

	private final Counter dropped;

	/** Whether the last write reached the store. */
	private volatile boolean reachable = true;

	/**
	 * @param name what is written ({@code history}: the counter is
	 * {@code classifier.history.writes}, the thread {@code history-1})
	 * @param whileGone what users see while Redis is gone, for the log (for example
	 * "recent results are lost")
	 * @param pending writes waiting for a slow store beyond which new ones are dropped
	 */
	BoundedWrites(String name, String whileGone, int pending, HistoryProperties settings, MeterRegistry meters) {
		this.name = name;
		this.whileGone = whileGone;
		this.settings = settings;
		this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(pending),
				new CustomizableThreadFactory(name + "-"));
		this.stored = counter(name, "stored", meters);
		this.failed = counter(name, "failed", meters);
		this.dropped = counter(name, "dropped", meters);
	}

	private static Counter counter(String name, String outcome, MeterRegistry meters) {
		return Counter.builder("classifier." + name + ".writes")
			.description("Items written to Redis, by outcome: " + name)
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * Connects ahead of the first write, whose bound a first connection would exceed; a
	 * store not there yet is tried again by the writes.
	 */
	void connect(Runnable ping) {
		writer.execute(() -> {
			try {
				ping.run();
			}
			catch (RuntimeException ex) {
				reachable = false;
				log.warn("Redis cannot be reached yet, {} until it is: {}", whileGone, ex.toString());
			}
		});
	}

	/** Writes {@code items} items, waiting for the write up to the bound. */
	void write(int items, Runnable write) {
		Future<?> done;
		try {
			done = writer.submit(() -> attempt(items, write));
		}
		catch (RejectedExecutionException ex) {
			dropped.increment(items);
			return;
		}
		try {
			done.get(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			if (done.cancel(false)) {
				dropped.increment(items);
			}
		}
		catch (ExecutionException ex) {
			// Counted and logged by the attempt; the caller carries on.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void attempt(int items, Runnable write) {
		try {
			write.run();
			stored.increment(items);
			if (!reachable) {
				reachable = true;
				log.info("Redis is reachable again: {} writes resume", name);
			}
		}
		catch (RuntimeException ex) {
			failed.increment(items);
			if (reachable) {
				reachable = false;
				log.warn("Redis cannot be reached, {} until it is back: {}", whileGone, ex.toString());
			}
			throw ex;
		}
	}

	/** Finishes the writes already asked for, within a few bounds, then stops. */
	void stop() {
		writer.shutdown();
		try {
			if (!writer.awaitTermination(settings.writeTimeout().toMillis() * 5, TimeUnit.MILLISECONDS)) {
				writer.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			writer.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

}
