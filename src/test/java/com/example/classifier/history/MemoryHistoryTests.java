package com.example.classifier.history;

import com.example.classifier.classification.RecentResults;

/** The ring buffer of one instance. */
class MemoryHistoryTests extends RecentResultsContract {

	private final MemoryHistory recent = new MemoryHistory();

	@Override
	RecentResults reader() {
		return recent;
	}

	@Override
	RecentResults writer(int n) {
		return recent;
	}

}
