package com.example.classifier.model;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness: UP once the default model is loaded and has answered its warm-up
 * (the registry is not built before that), with each model listed and any that failed to
 * load; DOWN if the default model has lost every inference worker, since then nothing
 * could be answered.
 */
@Component("models")
class ModelsHealthIndicator implements HealthIndicator {

	private final ModelRegistry models;

	ModelsHealthIndicator(ModelRegistry models) {
		this.models = models;
	}

	@Override
	public Health health() {
		boolean defaultServes = models.get(null).serving();
		Health.Builder health = (defaultServes ? Health.up() : Health.down()).withDetail("default",
				models.defaultModel());
		models.all()
			.forEach(model -> health.withDetail(model.name(),
					model.engine() + (model.serving() ? ", ready" : ", no inference worker running")));
		models.failures().forEach((name, why) -> health.withDetail(name, "not loaded: " + why));
		return health.build();
	}

}
