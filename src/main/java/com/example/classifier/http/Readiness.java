package com.example.classifier.http;

import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * Whether this instance is ready, as {@code /actuator/health/readiness} says: for the
 * health routes of the other servers' protocols ({@code /ping},
 * {@code /v2/health/ready}).
 */
@ConditionalOnWebApplication
@Component
public class Readiness {

	private final HealthEndpoint health;

	Readiness(HealthEndpoint health) {
		this.health = health;
	}

	public boolean ready() {
		HealthComponent readiness = health.healthForPath("readiness");
		return readiness != null && Status.UP.equals(readiness.getStatus());
	}

}
