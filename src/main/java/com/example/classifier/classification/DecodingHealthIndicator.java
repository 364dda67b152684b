package com.example.classifier.classification;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import com.example.classifier.image.DecodePool;
import com.example.classifier.image.ImageDecoder;

/**
 * Part of readiness: DOWN while decodes abandoned at their deadline hold as many threads
 * as the decode pool has (their threads were replaced, but the reserve is used up), so
 * that a balancer sends work elsewhere until they end. Its details also say which decoder
 * JPEGs go to (libjpeg-turbo, or the JDK's where the library is missing).
 */
@Component("decoding")
class DecodingHealthIndicator implements HealthIndicator {

	private final DecodePool pool;

	private final String jpegDecoder;

	DecodingHealthIndicator(ClassificationService classifier, ImageDecoder decoder) {
		this.pool = classifier.decodePool();
		this.jpegDecoder = decoder.jpegDecoder();
	}

	@Override
	public Health health() {
		return (pool.saturated() ? Health.down() : Health.up()).withDetail("threads", pool.threads())
			.withDetail("stuck", pool.stuck())
			.withDetail("overruns", pool.overruns())
			.withDetail("jpegDecoder", jpegDecoder)
			.build();
	}

}
