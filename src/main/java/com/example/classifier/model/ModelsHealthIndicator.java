package com.example.classifier.model;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: UP once the default model is loaded and has answered its warm-up (the registry is not built
 * before that), with each model listed and any that failed to load.
 */
@Component("models")
class ModelsHealthIndicator implements HealthIndicator {

	private final ModelRegistry models;

	ModelsHealthIndicator(ModelRegistry models) {
		this.models = models;
	}

	@Override
	public Health health() {
		Health.Builder health = Health.up().withDetail("default", models.defaultModel());
		models.all().forEach(model -> health.withDetail(model.name(), model.engine() + ", ready"));
		models.failures().forEach((name, why) -> health.withDetail(name, "not loaded: " + why));
		return health.build();
	}
}
