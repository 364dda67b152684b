package com.example.classifier.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.example.classifier.memory.MallocThresholds;

/**
 * Gives the native memory that {@link MallocThresholds} keeps for the engines back to the
 * system once no batch has run for {@code classifier.release-native-memory-after}: under
 * load every call reuses it, between bursts the process shrinks again
 * (docs/CONTAINER.md).
 */
@Component
class IdleMemoryRelease implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(IdleMemoryRelease.class);

	private final LongSupplier lastBatchEndedAt;

	private final long idleNanos;

	private final Runnable release;

	private final ScheduledExecutorService timer;

	private long releasedAfter;

	@Autowired
	IdleMemoryRelease(EngineActivity activity, EngineProperties properties) {
		this(activity::lastBatchEndedAt, properties.releaseNativeMemoryAfter(), IdleMemoryRelease::release);
	}

	private static void release() {
		boolean released = MallocThresholds.releaseFreeMemory();
		log.debug("models idle: free native memory given back ({})", released);
	}

	IdleMemoryRelease(LongSupplier lastBatchEndedAt, Duration idle, Runnable release) {
		this.lastBatchEndedAt = lastBatchEndedAt;
		this.idleNanos = idle.toNanos();
		this.release = release;
		this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "native-memory-release");
			thread.setDaemon(true);
			return thread;
		});
		if (idleNanos > 0) {
			long period = Math.max(idle.toMillis() / 2, 100);
			timer.scheduleWithFixedDelay(this::releaseIfIdle, period, period, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Releases once per idle spell: after a batch has run, and then nothing for the idle
	 * time.
	 */
	void releaseIfIdle() {
		long last = lastBatchEndedAt.getAsLong();
		if (last == 0 || last == releasedAfter || System.nanoTime() - last < idleNanos) {
			return;
		}
		releasedAfter = last;
		release.run();
	}

	@Override
	public void destroy() {
		timer.shutdownNow();
	}

}
