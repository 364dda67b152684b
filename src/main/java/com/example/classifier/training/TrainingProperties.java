package com.example.classifier.training;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where training finds its backbone.
 *
 * @param backbone the backbone's model folder (a TorchScript feature extractor); by
 * default {@code backbones/mobilenet_v2_embedding} beside the models folder
 * @param backboneBatch images per backbone call while computing features (one at a time
 * was the fastest here: bench/training.sh)
 */
@ConfigurationProperties("classifier.training")
public record TrainingProperties(String backbone, @DefaultValue("1") int backboneBatch) {

	static final String DEFAULT_BACKBONE = "mobilenet_v2_embedding";

	/**
	 * The backbone folder: the configured one, or the default beside {@code modelsDir}.
	 */
	public Path backboneFolder(Path modelsDir) {
		if (backbone != null && !backbone.isBlank()) {
			return Path.of(backbone).toAbsolutePath().normalize();
		}
		Path models = modelsDir.toAbsolutePath().normalize();
		Path beside = models.getParent() != null ? models.getParent() : models;
		return beside.resolve("backbones").resolve(DEFAULT_BACKBONE);
	}

}
