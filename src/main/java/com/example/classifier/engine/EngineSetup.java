package com.example.classifier.engine;

import org.springframework.stereotype.Component;

import com.example.classifier.memory.MallocThresholds;

/**
 * Sets what the engines read once, when they start: PyTorch's threads, offline mode,
 * glibc's thresholds; then starts PyTorch and sets its log level. A bean that the model
 * loader depends on, so that it runs before the first model loads.
 */
@Component
public class EngineSetup {

	public EngineSetup(EngineProperties properties) {
		configure(properties);
	}

	/** The same, without a Spring context. */
	public static void configure(EngineProperties properties) {
		if (properties.reuseNativeMemory()) {
			MallocThresholds.keepFreedBlocks();
		}
		int threads = properties.pytorchThreads() > 0 ? properties.pytorchThreads()
				: Runtime.getRuntime().availableProcessors();
		System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
		System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		System.setProperty("ai.djl.pytorch.graph_optimizer",
				System.getProperty("ai.djl.pytorch.graph_optimizer", "false"));
		System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
		properties.pytorchLogLevel().apply();
	}

}
