package com.example.classifier.training;

import java.nio.file.Path;

/**
 * One training run's inputs.
 *
 * @param data the training images, one subfolder per class
 * @param validation the validation images, with the same classes; null to hold out part
 * of {@code data}
 * @param name the new model's name, its folder's
 * @param replace whether an existing model of that name may be replaced
 * @param backbone the backbone's folder; null for the configured one
 * @param maxFileBytes largest image file taken, as uploads are limited
 * @param settings how it trains
 */
public record TrainingRequest(Path data, Path validation, String name, boolean replace, Path backbone,
		long maxFileBytes, TrainingSettings settings) {
}
