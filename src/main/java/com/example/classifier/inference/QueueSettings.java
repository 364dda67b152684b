package com.example.classifier.inference;

import java.time.Duration;

/**
 * How a model's images are batched.
 *
 * @param batchSize most images run together (1: one at a time)
 * @param maxBatchDelay longest wait for a batch to fill while more images are on their
 * way
 * @param workers inference threads, each with its own predictor
 * @param capacity images waiting before {@link InferenceQueue#submit} refuses more
 */
public record QueueSettings(int batchSize, Duration maxBatchDelay, int workers, int capacity) {

	public QueueSettings {
		batchSize = Math.max(1, batchSize);
		workers = Math.max(1, workers);
		capacity = Math.max(1, capacity);
	}

}
