package com.example.classifier.api;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.VersionInfo;

/** What this server serves: its models and its versions. */
@RestController
@RequestMapping("/api")
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

	@GetMapping("/models")
	ModelsResponse models() {
		return new ModelsResponse(models.defaultModel(), models.all()
			.stream()
			.map(m -> new ModelEntry(m.name(), m.engine(), m.classes(), m.inputShape(), m.queue().batchSize(),
					m.name().equals(models.defaultModel())))
			.toList(), models.failures());
	}

	@GetMapping("/version")
	VersionInfo version() {
		return versions;
	}
}
