package com.example.classifier.classification;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.springframework.stereotype.Component;

/** The last results, in memory, newest first; the oldest falls out. Safe under concurrent writers. */
@Component
public class RecentResults {

	static final int CAPACITY = 5;

	private final Deque<RecentResult> results = new ArrayDeque<>(CAPACITY);

	/** Adds the results of one request together, so that a request's images stay next to each other. */
	public synchronized void addAll(List<RecentResult> newest) {
		for (RecentResult result : newest) {
			if (results.size() == CAPACITY) {
				results.removeLast();
			}
			results.addFirst(result);
		}
	}

	public synchronized List<RecentResult> newestFirst() {
		return new ArrayList<>(results);
	}
}
