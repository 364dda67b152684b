package com.example.classifier.image;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import com.example.classifier.image.ImageRejectedException.Reason;

/**
 * The threads that decode uploads, each decode under a deadline that starts when a thread
 * takes it.
 *
 * <p>
 * A Java thread cannot be killed, and some decoders ignore an abort. So at the deadline
 * the decode is interrupted (a wait for memory ends at once) and, if it still runs a
 * moment later, abandoned: its caller is answered with a refusal, the decode is counted
 * as stuck, and a thread is added so that the pool's capacity holds, up to as many added
 * threads as the pool has (each stuck decode keeps its memory). When a stuck decode ends,
 * its added thread goes. {@link #saturated()} says when stuck decodes have used up that
 * reserve.
 */
public final class DecodePool implements AutoCloseable {

	/** How long an interrupted decode has to end by itself before it counts as stuck. */
	private static final Duration GRACE = Duration.ofMillis(100);

	private final Duration grace;

	private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "decode-deadline");
		thread.setDaemon(true);
		return thread;
	});

	private final int threads;

	private final Duration deadline;

	private final ThreadPoolExecutor executor;

	private final AtomicInteger stuck = new AtomicInteger();

	private final AtomicLong overruns = new AtomicLong();

	private int added;

	/**
	 * @param threads decode threads
	 * @param queue decodes that may wait for a thread; beyond it {@link #submit} refuses
	 * @param deadline how long one decode may take once a thread has taken it
	 */
	public DecodePool(int threads, int queue, Duration deadline) {
		this(threads, queue, deadline, GRACE);
	}

	/**
	 * As above, with the time an interrupted decode has to end by itself (tests that must
	 * not race it).
	 */
	DecodePool(int threads, int queue, Duration deadline, Duration grace) {
		this.grace = grace;
		this.threads = threads;
		this.deadline = deadline;
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
				runnable -> {
					Thread thread = new Thread(runnable, "decode-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/**
	 * Runs a decode on the pool.
	 * @return its result, or a refusal once it overran its deadline
	 * @throws RejectedExecutionException when as many decodes are waiting as the pool
	 * queues
	 */
	public <T> CompletableFuture<T> submit(Supplier<T> decode) {
		CompletableFuture<T> result = new CompletableFuture<>();
		executor.execute(() -> run(decode, result));
		return result;
	}

	/** Decode threads, not counting those added beside stuck decodes. */
	/**
	 * Its metrics: decodes abandoned at their deadline, and those of them still running.
	 */
	public void bindTo(MeterRegistry meters) {
		Gauge.builder("classifier.decode.stuck", this, DecodePool::stuck)
			.description("Decodes abandoned at their deadline and still running (each has had its thread replaced)")
			.register(meters);
		FunctionCounter.builder("classifier.decode.overruns", this, DecodePool::overruns)
			.description("Decodes abandoned at their deadline")
			.register(meters);
	}

	public int threads() {
		return threads;
	}

	/** Decodes abandoned at their deadline and still running. */
	public int stuck() {
		return stuck.get();
	}

	/** Decodes abandoned at their deadline since the start. */
	public long overruns() {
		return overruns.get();
	}

	/**
	 * Whether stuck decodes hold as many threads as the pool has: one more would cut its
	 * capacity.
	 */
	public boolean saturated() {
		return stuck.get() >= threads;
	}

	private <T> void run(Supplier<T> decode, CompletableFuture<T> result) {
		Running running = new Running(Thread.currentThread());
		var alarm = WATCHDOG.schedule(() -> interrupt(running, result), deadline.toMillis(), TimeUnit.MILLISECONDS);
		try {
			result.complete(decode.get());
		}
		catch (Throwable ex) {
			result.completeExceptionally(ex);
		}
		finally {
			alarm.cancel(false);
			boolean wasStuck;
			synchronized (running) {
				running.thread = null;
				wasStuck = running.stuck;
			}
			// An interrupt meant for this decode must not reach the next one.
			Thread.interrupted();
			if (wasStuck) {
				stuck.decrementAndGet();
				if (running.replaced) {
					resize(-1);
				}
			}
		}
	}

	private void interrupt(Running running, CompletableFuture<?> result) {
		synchronized (running) {
			if (running.thread == null) {
				return;
			}
			running.thread.interrupt();
		}
		WATCHDOG.schedule(() -> abandon(running, result), grace.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void abandon(Running running, CompletableFuture<?> result) {
		synchronized (running) {
			if (running.thread == null) {
				return;
			}
			running.stuck = true;
			stuck.incrementAndGet();
			overruns.incrementAndGet();
			running.replaced = resize(+1);
		}
		result.completeExceptionally(new ImageRejectedException(Reason.UNDECODABLE,
				"the image took longer than " + deadline.toSeconds() + " s to decode and was refused"));
	}

	/**
	 * Adds or removes a thread beside stuck decodes; false when the reserve is used up.
	 */
	private synchronized boolean resize(int change) {
		if (change > 0 && added >= threads) {
			return false;
		}
		added += change;
		if (change > 0) {
			executor.setMaximumPoolSize(threads + added);
			executor.setCorePoolSize(threads + added);
		}
		else {
			executor.setCorePoolSize(threads + added);
			executor.setMaximumPoolSize(threads + added);
		}
		return true;
	}

	@Override
	public void close() {
		executor.shutdownNow();
	}

	private static final class Running {

		Thread thread;

		boolean stuck;

		boolean replaced;

		Running(Thread thread) {
			this.thread = thread;
		}

	}

}
