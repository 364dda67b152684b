package com.example.classifier.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

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
	/**
	 * The batch as one (N, ...shape) array of the engine, read in place from the buffer.
	 */
	public NDArray toArray(NDManager manager) {
		long[] full = new long[shape.length + 1];
		full[0] = size;
		System.arraycopy(shape, 0, full, 1, shape.length);
		return manager.create(data, new Shape(full), DataType.FLOAT32);
	}

	public static TensorBatch of(int size, long[] shape, float[] data) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(data.length * Float.BYTES).order(ByteOrder.nativeOrder());
		buffer.asFloatBuffer().put(data);
		return new TensorBatch(size, shape, buffer);
	}
}
