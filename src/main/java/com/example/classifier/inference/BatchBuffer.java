package com.example.classifier.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * One worker's input memory, allocated once: the images of each batch are copied in, and
 * the engine reads them where they are. A fresh buffer per call would cost a 1.2 MB heap
 * array, a 1.2 MB direct buffer (zeroed, and freed only by a later garbage collection)
 * and a copy between the two, for every batch of two. Not thread-safe: one per worker,
 * reused once the previous call has returned.
 */
public final class BatchBuffer {

	private final long[] shape;

	private final int inputSize;

	private final ByteBuffer bytes;

	private final FloatBuffer floats;

	public BatchBuffer(long[] shape, int batchSize) {
		this.shape = shape.clone();
		this.inputSize = valuesPerImage(shape);
		this.bytes = ByteBuffer
			.allocateDirect(Math.multiplyExact(Math.multiplyExact(batchSize, inputSize), Float.BYTES))
			.order(ByteOrder.nativeOrder());
		this.floats = bytes.asFloatBuffer();
	}

	/** How many values one image's input has: the product of the model's input shape. */
	static int valuesPerImage(long[] shape) {
		long size = 1;
		for (long dimension : shape) {
			size *= dimension;
		}
		return Math.toIntExact(size);
	}

	/** Puts the input of the batch's {@code index}-th image in place. */
	public void put(int index, float[] input) {
		floats.put(index * inputSize, input);
	}

	/** The first {@code size} images put, as one batch. */
	public TensorBatch batch(int size) {
		return new TensorBatch(size, shape,
				bytes.slice(0, size * inputSize * Float.BYTES).order(ByteOrder.nativeOrder()));
	}

}
