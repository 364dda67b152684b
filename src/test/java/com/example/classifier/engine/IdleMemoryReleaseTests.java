package com.example.classifier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * When the native memory is given back: once per idle spell, never while batches keep
 * coming.
 */
class IdleMemoryReleaseTests {

	private final AtomicLong lastBatch = new AtomicLong();

	private final AtomicInteger releases = new AtomicInteger();

	// Zero: not scheduled, releaseIfIdle is called by the test.
	private final IdleMemoryRelease release = new IdleMemoryRelease(lastBatch::get, Duration.ZERO,
			releases::incrementAndGet);

	@Test
	void nothingToReleaseBeforeTheFirstBatch() {
		release.releaseIfIdle();
		assertThat(releases).hasValue(0);
	}

	@Test
	void releasesOnceAfterEachIdleSpell() {
		lastBatch.set(System.nanoTime() - 1);
		release.releaseIfIdle();
		release.releaseIfIdle();
		assertThat(releases).as("one release for one spell").hasValue(1);

		lastBatch.set(System.nanoTime() - 1);
		release.releaseIfIdle();
		assertThat(releases).as("a batch ran since: released again").hasValue(2);
	}

	@Test
	void keepsTheMemoryWhileBatchesKeepComing() {
		IdleMemoryRelease afterAMinute = new IdleMemoryRelease(lastBatch::get, Duration.ofMinutes(1),
				releases::incrementAndGet);
		try {
			lastBatch.set(System.nanoTime());
			afterAMinute.releaseIfIdle();
			assertThat(releases).hasValue(0);
		}
		finally {
			afterAMinute.destroy();
		}
	}

}
