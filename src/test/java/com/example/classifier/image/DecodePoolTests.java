package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Decodes that ignore their deadline (as the JDK's JPEG reader ignores an abort) are
 * answered at it, counted as stuck, and their threads replaced; a decode that only waits
 * ends by itself when interrupted.
 */
class DecodePoolTests {

	@Test
	void stuckDecodesAreAnsweredReplacedAndSaturateThePoolOnlyOnceTheReserveIsUsed() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		try (DecodePool pool = new DecodePool(2, 10, Duration.ofMillis(200))) {
			CompletableFuture<String> first = pool.submit(() -> ignoringInterrupts(release));
			assertRefusedAtTheDeadline(first);
			assertThat(pool.stuck()).isEqualTo(1);
			assertThat(pool.saturated()).as("one of two threads stuck, and replaced").isFalse();

			CompletableFuture<String> second = pool.submit(() -> ignoringInterrupts(release));
			assertRefusedAtTheDeadline(second);
			assertThat(pool.stuck()).isEqualTo(2);
			assertThat(pool.saturated()).isTrue();
			// Both threads are stuck, yet the pool still decodes: their
			// replacements take the work.
			assertThat(pool.submit(() -> "decoded").get(30, TimeUnit.SECONDS)).isEqualTo("decoded");
			assertThat(pool.overruns()).isEqualTo(2);

			release.countDown();
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (pool.stuck() > 0 && System.nanoTime() < until) {
				Thread.sleep(10);
			}
			assertThat(pool.stuck()).isZero();
			assertThat(pool.saturated()).isFalse();
			assertThat(pool.submit(() -> "after").get(30, TimeUnit.SECONDS)).isEqualTo("after");
		}
	}

	@Test
	void aDecodeThatOnlyWaitsEndsWhenInterruptedAndIsNotCountedStuck() throws Exception {
		// A long grace: how soon a woken thread runs depends on the machine's
		// load, not on the pool.
		try (DecodePool pool = new DecodePool(1, 10, Duration.ofMillis(100), Duration.ofSeconds(30))) {
			CompletableFuture<String> waiting = pool.submit(() -> {
				try {
					Thread.sleep(60_000);
					return "woke";
				}
				catch (InterruptedException ex) {
					throw new DecodeBusyException();
				}
			});
			assertThatThrownBy(() -> waiting.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.hasCauseInstanceOf(DecodeBusyException.class);
			assertThat(pool.stuck()).isZero();
			assertThat(pool.overruns()).isZero();
			// The interrupt was for that decode only.
			assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()).get(30, TimeUnit.SECONDS)).isFalse();
		}
	}

	private static void assertRefusedAtTheDeadline(CompletableFuture<String> decode) {
		assertThatThrownBy(() -> decode.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(ImageRejectedException.class)
			.hasMessage("the image took longer than 0 s to decode and was refused");
	}

	private static String ignoringInterrupts(CountDownLatch release) {
		while (true) {
			try {
				release.await();
				return "finally";
			}
			catch (InterruptedException ex) {
				// As a native decoder would: carries on.
			}
		}
	}

}
