package com.example.classifier.classification;

import java.util.List;

/**
 * Where the last results are kept, newest first: in this process, or in a store several
 * instances share ({@code history}).
 */
public interface RecentResults {

	/** How many results are kept. */
	int CAPACITY = 5;

	/**
	 * Remembers the classified images of one request together, in the order they were
	 * uploaded (the request's first image on top), stamped with one time. Never fails and
	 * never holds the request longer than a short bound: a store that cannot be reached
	 * loses these results, not the upload.
	 * @param predictions how many of each image's classes to keep
	 */
	void remember(String model, List<ImageOutcome.Classified> images, int predictions);

	/**
	 * The last {@link #CAPACITY} results, newest first.
	 * @throws RecentResultsUnavailableException when the store cannot be reached
	 */
	List<RecentResult> newestFirst();

}
