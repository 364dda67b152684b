package com.example.classifier.history;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The shared history store, as the health component {@code history}: DOWN when Redis
 * cannot be reached. Not part of readiness: an instance without its history still
 * classifies.
 */
class HistoryHealthIndicator extends AbstractHealthIndicator {

	private final StringRedisTemplate redis;

	private final String key;

	HistoryHealthIndicator(StringRedisTemplate redis, String key) {
		super("The history store (Redis) cannot be reached");
		this.redis = redis;
		this.key = key;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Long kept = redis.opsForList().size(key);
		builder.up().withDetail("store", "redis").withDetail("key", key).withDetail("results", kept);
	}

}
