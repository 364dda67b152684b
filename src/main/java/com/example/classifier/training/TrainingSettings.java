package com.example.classifier.training;

/**
 * How one training run goes.
 *
 * @param epochs most passes over the training images
 * @param patience epochs without a lower validation loss before stopping early
 * @param batchSize images per optimizer step
 * @param learningRate Adam's step size
 * @param weightDecay L2 penalty on the head's weights
 * @param validationSplit fraction of each class held out for validation when no
 * validation folder is given
 * @param augment whether each epoch sees a random crop and flip of each training image
 * (features are then computed every epoch, not once)
 * @param seed makes a run repeatable: the split, the first weights, the batches' order
 * and the augmentations follow from it
 */
public record TrainingSettings(int epochs, int patience, int batchSize, float learningRate, float weightDecay,
		double validationSplit, boolean augment, long seed) {

	public static final int DEFAULT_EPOCHS = 30;

	public static final int DEFAULT_PATIENCE = 5;

	public static final double DEFAULT_SPLIT = 0.2;

	public static final long DEFAULT_SEED = 42;

	public TrainingSettings {
		if (epochs < 1) {
			throw new TrainingDataException("--epochs must be at least 1, got " + epochs);
		}
		if (patience < 1) {
			throw new TrainingDataException("--patience must be at least 1, got " + patience);
		}
		if (!(validationSplit > 0 && validationSplit < 1)) {
			throw new TrainingDataException(
					"--split is the fraction of each class held out for validation, between 0 and 1 (exclusive), got "
							+ validationSplit);
		}
	}

	/** The defaults, with these epochs, split, augmentation and seed. */
	public static TrainingSettings of(int epochs, int patience, double validationSplit, boolean augment, long seed) {
		return new TrainingSettings(epochs, patience, 32, 0.001f, 0.0001f, validationSplit, augment, seed);
	}

}
