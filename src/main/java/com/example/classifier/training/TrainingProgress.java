package com.example.classifier.training;

/** What a training run tells the person watching it, as it goes. */
public interface TrainingProgress {

	/** A step over {@code total} images begins ("features", "epoch 3 features"). */
	void started(String step, int total);

	/** That many more images of the current step are done. */
	void advanced(int images);

	/** A file is skipped, and why. */
	void skipped(String file, String reason);

	/** An epoch ended. */
	void epoch(EpochResult result, int epochs);

	/** A line worth reading ("stopped early: ..."). */
	void note(String line);

}
