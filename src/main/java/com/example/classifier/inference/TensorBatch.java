package com.example.classifier.inference;

/**
 * Inputs of several images run together: {@code size} tensors of {@code shape}, one after another in {@code data}.
 */
public record TensorBatch(int size, long[] shape, float[] data) {
}
