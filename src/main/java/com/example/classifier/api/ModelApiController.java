package com.example.classifier.api;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.example.classifier.model.ModelDescription;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.engine.VersionInfo;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** What this server serves: its models and its versions. */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api")
@Tag(name = "Models", description = "What this server serves")
class ModelApiController {

	private final ModelRegistry models;

	private final VersionInfo versions;

	ModelApiController(ModelRegistry models, VersionInfo versions) {
		this.models = models;
		this.versions = versions;
	}

	record ModelEntry(String name, String engine, int classes, long[] inputShape, int batchSize, boolean isDefault) {
	}

	record ModelsResponse(String defaultModel, List<ModelEntry> models, Map<String, String> failed) {
	}

	@GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The loaded models",
			description = "Each model's name, engine, number of classes, input shape (-1: any batch size) and "
					+ "largest batch, which one is the default, and the model folders that failed to load, with why.")
	@ApiResponse(responseCode = "200", description = "The models")
	ModelsResponse models() {
		return new ModelsResponse(models.defaultModel(),
				models.descriptions().stream().map(m -> entry(m, models.defaultModel())).toList(), models.failures());
	}

	static ModelEntry entry(ModelDescription model, String defaultModel) {
		return new ModelEntry(model.name(), model.engine(), model.classes(), model.inputShape(), model.batchSize(),
				model.name().equals(defaultModel));
	}

	@GetMapping(path = "/version", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Versions", description = "The app's version, DJL's, each loaded engine's and Java's.")
	@ApiResponse(responseCode = "200", description = "The versions")
	VersionInfo version() {
		return versions;
	}

}
