package com.example.classifier.training;

/** What a training run tells the person watching it, as it goes; by default nothing. */
public interface TrainingProgress {

	/** A step over {@code total} images begins ("features", "epoch 3 features"). */
	default void started(String step, int total) {
	}

	/** That many more images of the current step are done. */
	default void advanced(int images) {
	}

	/** A file is skipped, and why. */
	default void skipped(String file, String reason) {
	}

	/** An epoch ended. */
	default void epoch(EpochResult result, int epochs) {
	}

	/** A line worth reading ("stopped early: ..."). */
	default void note(String line) {
	}

}
