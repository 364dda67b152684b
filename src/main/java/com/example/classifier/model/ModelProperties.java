package com.example.classifier.model;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which models to serve and how.
 *
 * @param modelsDir folder of model folders: {@code <name>/<name>.pt} or
 * {@code <name>/<name>.onnx} (or a trained {@code <name>-0000.params}), plus
 * {@code synset.txt} and an optional {@code serving.properties}; {@code train} writes
 * here
 * @param bundledModelsDir a second, read-only folder of model folders: those an image
 * ships with, served unless {@code modelsDir} has a folder of the same name (none by
 * default)
 * @param defaultModel the model used when a request names none; the service is not ready
 * without it
 * @param load load only these models (empty: every folder); the command line loads just
 * the one it uses
 * @param defaults settings of every model, unless its serving.properties or
 * {@code models} says otherwise
 * @param models settings per model name, over its serving.properties
 */
@ConfigurationProperties("classifier")
public record ModelProperties(@DefaultValue("models") String modelsDir, String bundledModelsDir,
		@DefaultValue("mobilenet_v2") String defaultModel, @DefaultValue List<String> load,
		@DefaultValue ModelSettings defaults, @DefaultValue Map<String, ModelSettings> models) {
}
