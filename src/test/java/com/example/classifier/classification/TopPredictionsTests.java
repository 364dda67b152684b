package com.example.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The partial sort of {@link Prediction#top} against a plain full sort. */
class TopPredictionsTests {

	private static final List<String> LABELS = IntStream.range(0, 1000).mapToObj(i -> "class " + i).toList();

	private static List<Prediction> fullSort(float[] p, int k) {
		return IntStream.range(0, p.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed().thenComparingInt(i -> i))
			.limit(k)
			.map(i -> new Prediction(i, LABELS.get(i), p[i]))
			.toList();
	}

	@Test
	void sameAsAFullSortHighestFirstTiesByIndex() {
		Random random = new Random(42);
		for (int round = 0; round < 500; round++) {
			float[] p = new float[1000];
			for (int i = 0; i < p.length; i++) {
				// Few distinct values in some rounds, so that ties are common.
				p[i] = round % 2 == 0 ? random.nextFloat() : random.nextInt(5) / 5f;
			}
			int k = 1 + random.nextInt(round % 3 == 0 ? 1000 : 10);
			assertThat(Prediction.top(p, LABELS, k)).isEqualTo(fullSort(p, k));
		}
	}

	@Test
	void allEqualGivesTheFirstIndices() {
		float[] p = new float[1000];
		assertThat(Prediction.top(p, LABELS, 5)).extracting(Prediction::index).containsExactly(0, 1, 2, 3, 4);
	}

}
