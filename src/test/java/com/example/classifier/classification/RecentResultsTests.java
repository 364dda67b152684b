package com.example.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/**
 * The ring buffer of the last five: newest first by order and by time, a request's images
 * together.
 */
class RecentResultsTests {

	private final RecentResults recent = new RecentResults();

	@Test
	void keepsTheFiveNewestNewestFirstWithTheirTopFive() {
		for (int i = 1; i <= 7; i++) {
			recent.remember("m", List.of(image("img" + i)), 5);
		}
		assertThat(recent.newestFirst()).extracting(RecentResult::filename)
			.containsExactly("img7", "img6", "img5", "img4", "img3");
		assertThat(recent.newestFirst().get(0).predictions()).hasSize(5);
		assertThat(recent.newestFirst().get(0).model()).isEqualTo("m");
	}

	@Test
	void writersAtOnceLeaveTimesInTheOrderShownAndEachRequestsImagesTogether() throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(8);
		try {
			for (int round = 0; round < 200; round++) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> done = new ArrayList<>();
				for (int w = 0; w < 8; w++) {
					String request = "r" + round + "-" + w;
					done.add(writers.submit(() -> {
						start.await();
						recent.remember("m", List.of(image(request + "-a"), image(request + "-b")), 5);
						return null;
					}));
				}
				start.countDown();
				for (Future<?> writer : done) {
					writer.get();
				}
				List<RecentResult> shown = recent.newestFirst();
				assertThat(shown).hasSize(5);
				Instant newer = Instant.MAX;
				for (RecentResult result : shown) {
					assertThat(result.time()).as("newest first").isBeforeOrEqualTo(newer);
					newer = result.time();
				}
				// Pairs come in as (a, b) and are shown in their upload order:
				// the second entry completes the first pair.
				String first = shown.get(0).filename();
				assertThat(first).endsWith("-a");
				assertThat(shown.get(1).filename()).isEqualTo(first.replace("-a", "-b"));
			}
		}
		finally {
			writers.shutdownNow();
		}
	}

	private static ImageOutcome.Classified image(String name) {
		List<Prediction> predictions = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			predictions.add(new Prediction(i, "class " + i, 0.1f));
		}
		return new ImageOutcome.Classified(name, 1, 1, predictions, null);
	}

}
