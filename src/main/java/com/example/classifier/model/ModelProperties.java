package com.example.classifier.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which models to serve and how.
 *
 * @param modelsDir      folder of model folders: {@code <name>/<name>.pt} or {@code <name>/<name>.onnx}, plus
 *                       {@code synset.txt} and an optional {@code serving.properties}
 * @param defaultModel   the model used when a request names none; the service is not ready without it
 * @param load           load only these models (empty: every folder); the command line loads just the one it uses
 * @param pytorchThreads intra-op threads of the PyTorch engine, shared by all its models (0: one per core)
 * @param defaults       settings of every model, unless its serving.properties or {@code models} says otherwise
 * @param models         settings per model name, over its serving.properties
 * @param reuseNativeMemory keep the native memory freed after an inference call for the next one (glibc's malloc
 *                       otherwise returns it to the kernel, and every call faults it in again)
 * @param releaseNativeMemoryAfter give that memory back once no batch has run for this long (0: never)
 */
@ConfigurationProperties("classifier")
public record ModelProperties(@DefaultValue("models") String modelsDir, @DefaultValue("mobilenet_v2") String defaultModel,
		@DefaultValue List<String> load, @DefaultValue("0") int pytorchThreads, @DefaultValue ModelSettings defaults,
		@DefaultValue Map<String, ModelSettings> models, @DefaultValue("true") boolean reuseNativeMemory,
		@DefaultValue("2s") Duration releaseNativeMemoryAfter) {
}
