package com.example.classifier.engine;

import java.util.Set;

/**
 * What the served models tell the engine-wide tasks: which engines serve them, and when
 * they last ran.
 */
public interface EngineActivity {

	/**
	 * The names of the engines that serve at least one model ("PyTorch", "OnnxRuntime").
	 */
	Set<String> engines();

	/**
	 * When the last batch of any model ended, as {@link System#nanoTime()}; 0 before the
	 * first.
	 */
	long lastBatchEndedAt();

}
