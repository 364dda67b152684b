package com.example.classifier.model;

import java.util.List;

import com.example.classifier.inference.InferenceQueue;
import com.example.classifier.tensor.Preprocessing;

/**
 * A loaded model, ready to answer: its class labels in output order, how its inputs are made, and the queue that
 * batches them.
 */
public record ServedModel(String name, String engine, List<String> labels, Preprocessing preprocessing,
		InferenceQueue queue) {

	public int classes() {
		return labels.size();
	}

	/** The input shape of a batch, with -1 for its size when it takes batches and 1 when it does not. */
	public long[] inputShape() {
		long[] shape = preprocessing.inputShape();
		return new long[] { queue.batchSize() > 1 ? -1 : 1, shape[0], shape[1], shape[2] };
	}
}
