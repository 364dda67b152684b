package com.example.classifier.classification;

import java.util.ArrayList;
import java.util.List;

/**
 * One class of a model's answer: its output index, its label and its probability. An
 * image's result is its {@link #top} predictions.
 */
public record Prediction(int index, String label, float probability) {

	/**
	 * The {@code k} most probable classes, highest first, ties by lower index. A partial
	 * insertion sort over the scores: no boxing and no full sort of every class for each
	 * image.
	 */
	public static List<Prediction> top(float[] probabilities, List<String> labels, int k) {
		int n = Math.min(k, probabilities.length);
		int[] top = new int[n];
		int size = 0;
		for (int i = 0; i < probabilities.length; i++) {
			float p = probabilities[i];
			if (size == n && !(p > probabilities[top[n - 1]])) {
				continue;
			}
			// Strictly greater only: an equal score keeps the earlier (lower)
			// index ahead, as a stable sort would.
			int at = size < n ? size++ : n - 1;
			while (at > 0 && p > probabilities[top[at - 1]]) {
				top[at] = top[at - 1];
				at--;
			}
			top[at] = i;
		}
		List<Prediction> predictions = new ArrayList<>(n);
		for (int j = 0; j < n; j++) {
			predictions.add(new Prediction(top[j], labels.get(top[j]), probabilities[top[j]]));
		}
		return List.copyOf(predictions);
	}
}
