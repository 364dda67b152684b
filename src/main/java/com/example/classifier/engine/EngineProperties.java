package com.example.classifier.engine;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the engines for the whole process, whatever the model.
 *
 * @param pytorchThreads intra-op threads of the PyTorch engine, shared by all its models
 * (0: one per core)
 * @param reuseNativeMemory keep the native memory freed after an inference call for the
 * next one (glibc's malloc otherwise returns it to the kernel, and every call faults it
 * in again)
 * @param releaseNativeMemoryAfter give that memory back once no batch has run for this
 * long (0: never)
 * @param pytorchLogLevel what libtorch's own C++ log prints: {@code WARNING} is
 * libtorch's default, which on most CPUs means an NNPACK warning per convolution
 */
@ConfigurationProperties("classifier")
public record EngineProperties(@DefaultValue("0") int pytorchThreads, @DefaultValue("true") boolean reuseNativeMemory,
		@DefaultValue("2s") Duration releaseNativeMemoryAfter,
		@DefaultValue("ERROR") LibtorchLogLevel pytorchLogLevel) {

	/** The defaults, for a process without a Spring context (a benchmark). */
	public static EngineProperties defaults() {
		return new EngineProperties(0, true, Duration.ofSeconds(2), LibtorchLogLevel.ERROR);
	}

}
