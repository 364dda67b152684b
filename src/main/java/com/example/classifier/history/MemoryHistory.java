package com.example.classifier.history;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.classification.RecentResults;

/**
 * The last results in this process's memory: the default for one instance. Safe under
 * concurrent writers.
 */
public class MemoryHistory implements RecentResults {

	private final Deque<RecentResult> results = new ArrayDeque<>(CAPACITY);

	/**
	 * The time is taken under the lock: the order of the list and the times shown always
	 * agree, however requests finishing at once interleave.
	 */
	@Override
	public synchronized void remember(String model, List<ImageOutcome.Classified> images, int predictions) {
		Instant now = Instant.now();
		for (int i = images.size() - 1; i >= 0; i--) {
			ImageOutcome.Classified image = images.get(i);
			if (results.size() == CAPACITY) {
				results.removeLast();
			}
			results.addFirst(new RecentResult(image.filename(), image.width(), image.height(),
					image.predictions().subList(0, Math.min(predictions, image.predictions().size())), model, now,
					image.thumbnail()));
		}
	}

	@Override
	public synchronized List<RecentResult> newestFirst() {
		return new ArrayList<>(results);
	}

}
