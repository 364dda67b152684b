package com.example.classifier.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Hands a batch to the engine as one (N, C, H, W) array and takes back one row of
 * probabilities per image. Every native array lives in the predictor context's manager,
 * which DJL closes after each call: native memory stays flat however many requests pass.
 */
final class BatchTranslator implements NoBatchifyTranslator<TensorBatch, float[][]> {

	@Override
	public NDList processInput(TranslatorContext ctx, TensorBatch batch) {
		// A direct buffer: the engine takes it as it is, without a copy.
		return new NDList(batch.toArray(ctx.getNDManager()));
	}

	@Override
	public float[][] processOutput(TranslatorContext ctx, NDList list) {
		NDArray scores = list.get(0);
		float[] flat = scores.toFloatArray();
		int rows = (int) scores.getShape().get(0);
		int classes = flat.length / rows;
		float[][] probabilities = new float[rows][];
		for (int r = 0; r < rows; r++) {
			probabilities[r] = softmax(flat, r * classes, classes);
		}
		return probabilities;
	}

	/**
	 * The models give raw scores; done here in Java so that it is the same for every
	 * engine.
	 */
	static float[] softmax(float[] scores, int offset, int length) {
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < length; i++) {
			max = Math.max(max, scores[offset + i]);
		}
		double[] exp = new double[length];
		double sum = 0;
		for (int i = 0; i < length; i++) {
			exp[i] = Math.exp(scores[offset + i] - max);
			sum += exp[i];
		}
		float[] probabilities = new float[length];
		for (int i = 0; i < length; i++) {
			probabilities[i] = (float) (exp[i] / sum);
		}
		return probabilities;
	}

}
