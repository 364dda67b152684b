package com.example.classifier.training;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a training run made, and how it went.
 *
 * @param folder the model folder written
 * @param classes class names, in output order
 * @param trainImages training images per class
 * @param validationImages validation images per class
 * @param skipped files left out because they are not images we decode
 * @param epochs every epoch's figures
 * @param bestEpoch the epoch whose weights were kept
 * @param confusion on validation, rows the true class, columns the predicted one
 * @param featureTime spent decoding images and running the backbone
 * @param trainingTime spent training the head (features of augmented epochs included)
 */
public record TrainedModel(Path folder, List<String> classes, int[] trainImages, int[] validationImages,
		List<String> skipped, List<EpochResult> epochs, int bestEpoch, int[][] confusion, Duration featureTime,
		Duration trainingTime) {

	/** Top-1 accuracy on validation, with the kept weights. */
	public double validationAccuracy() {
		int correct = 0;
		int total = 0;
		for (int i = 0; i < confusion.length; i++) {
			for (int j = 0; j < confusion[i].length; j++) {
				total += confusion[i][j];
				correct += i == j ? confusion[i][j] : 0;
			}
		}
		return total == 0 ? Double.NaN : (double) correct / total;
	}

}
