package com.example.classifier.classification;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The last results, in memory, newest first; the oldest falls out. Safe under concurrent
 * writers.
 */
@Component
public class RecentResults {

	static final int CAPACITY = 5;

	private final Deque<RecentResult> results = new ArrayDeque<>(CAPACITY);

	/**
	 * Remembers the classified images of one request together, so that a request's images
	 * stay next to each other, in the order they were uploaded (the request's first image
	 * on top). Their time is taken here, under the lock: the order of the list and the
	 * times shown always agree, however requests finishing at once interleave.
	 * @param predictions how many of each image's classes to keep
	 */
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

	public synchronized List<RecentResult> newestFirst() {
		return new ArrayList<>(results);
	}

}
