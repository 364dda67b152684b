package com.example.classifier.training;

/**
 * One epoch's figures: mean cross-entropy loss and top-1 accuracy, on the training images
 * (while they trained it) and on the validation images (after).
 *
 * @param epoch counted from 1
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double validationLoss,
		double validationAccuracy) {
}
