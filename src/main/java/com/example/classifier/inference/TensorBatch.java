package com.example.classifier.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Inputs of several images run together: {@code size} tensors of {@code shape}, one after
 * another as floats in {@code data}, a direct buffer in the platform's byte order that
 * the engine reads in place.
 */
public record TensorBatch(int size, long[] shape, ByteBuffer data) {

	/**
	 * A batch in a buffer of its own: for one-off calls (warm-up, checks). Workers reuse
	 * a {@link BatchBuffer}.
	 */
	public static TensorBatch of(int size, long[] shape, float[] data) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder());
		buffer.asFloatBuffer().put(data);
		return new TensorBatch(size, shape, buffer);
	}
}
