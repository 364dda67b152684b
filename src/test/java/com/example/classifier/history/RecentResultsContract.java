package com.example.classifier.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.Prediction;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.classification.RecentResults;
import com.example.classifier.image.DecodedImage;
import com.example.classifier.image.ImageFormat;
import com.example.classifier.image.Thumbnail;

/**
 * What every store of recent results keeps: the five newest, newest first by order and by
 * time, a request's images together, however many writers write at once.
 */
abstract class RecentResultsContract {

	/** The store to read from. */
	abstract RecentResults reader();

	/**
	 * The store the {@code n}th writer writes through: the same one, or another client of
	 * the same shared store.
	 */
	abstract RecentResults writer(int n);

	@Test
	void keepsTheFiveNewestNewestFirstWithTheirTopFive() {
		for (int i = 1; i <= 7; i++) {
			writer(i).remember("m", List.of(image("img" + i)), 5);
		}
		List<RecentResult> shown = reader().newestFirst();
		assertThat(shown).extracting(RecentResult::filename).containsExactly("img7", "img6", "img5", "img4", "img3");
		assertThat(shown.get(0).predictions()).hasSize(5).first().isEqualTo(new Prediction(0, "class 0", 0.5f));
		assertThat(shown.get(0).model()).isEqualTo("m");
		assertThat(shown.get(0).width()).isEqualTo(64);
		assertThat(shown.get(0).thumbnail().dataUri()).startsWith("data:image/");
	}

	@Test
	void writersAtOnceLeaveTimesInTheOrderShownAndEachRequestsImagesTogether() throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(8);
		try {
			for (int round = 0; round < 40; round++) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> done = new ArrayList<>();
				for (int w = 0; w < 8; w++) {
					String request = "r" + round + "-" + w;
					RecentResults store = writer(w);
					done.add(writers.submit(() -> {
						start.await();
						store.remember("m", List.of(image(request + "-a"), image(request + "-b")), 5);
						return null;
					}));
				}
				start.countDown();
				for (Future<?> writer : done) {
					writer.get();
				}
				List<RecentResult> shown = reader().newestFirst();
				assertThat(shown).hasSize(5);
				Instant newer = Instant.MAX;
				for (RecentResult result : shown) {
					assertThat(result.time()).as("newest first").isBeforeOrEqualTo(newer);
					newer = result.time();
				}
				// Pairs come in as (a, b) and are shown in their upload order:
				// the second entry completes the first pair, and the fourth the
				// third.
				assertThat(shown.get(0).filename()).endsWith("-a");
				assertThat(shown.get(1).filename()).isEqualTo(shown.get(0).filename().replace("-a", "-b"));
				assertThat(shown.get(3).filename()).isEqualTo(shown.get(2).filename().replace("-a", "-b"));
				assertThat(shown.get(0).time()).isEqualTo(shown.get(1).time());
			}
		}
		finally {
			writers.shutdownNow();
		}
	}

	static ImageOutcome.Classified image(String name) {
		List<Prediction> predictions = new ArrayList<>();
		predictions.add(new Prediction(0, "class 0", 0.5f));
		for (int i = 1; i < 10; i++) {
			predictions.add(new Prediction(i, "class " + i, 0.05f));
		}
		byte[] pixels = new byte[64 * 48 * 3];
		java.util.Arrays.fill(pixels, (byte) 120);
		Thumbnail thumbnail = Thumbnail.of(new DecodedImage(64, 48, 3, pixels, 64, 48, ImageFormat.JPEG));
		return new ImageOutcome.Classified(name, 64, 48, predictions, thumbnail);
	}

}
