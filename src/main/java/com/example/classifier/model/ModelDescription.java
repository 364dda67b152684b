package com.example.classifier.model;

/**
 * A served model as people and clients see it.
 *
 * @param name the model's folder name
 * @param engine "PyTorch" or "OnnxRuntime"
 * @param classes the number of classes it tells apart
 * @param inputShape the shape of a batch, with -1 for its size when it takes batches and
 * 1 when it does not
 * @param batchSize most images run together
 */
public record ModelDescription(String name, String engine, int classes, long[] inputShape, int batchSize) {

	public ModelDescription {
		inputShape = inputShape.clone();
	}

	@Override
	public long[] inputShape() {
		return inputShape.clone();
	}

}
