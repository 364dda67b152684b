package com.example.classifier.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How upload bodies are received (before the app parses them), as Apache's
 * {@code mod_reqtimeout} bounds them: {@code grace} to start, then one more second for
 * every {@code minRate} bytes.
 *
 * @param minRate bytes per second an upload must keep up, on average, once its grace is
 * spent
 * @param grace time an upload has before the minimum rate applies
 * @param maxReceiving uploads being received at once (each holds a connection and a
 * temporary file, no thread)
 * @param maxBytes bytes of received uploads held at once in temporary files, until their
 * requests are answered
 */
@ConfigurationProperties("classifier.uploads")
public record UploadReceivingProperties(@DefaultValue("500B") DataSize minRate, @DefaultValue("20s") Duration grace,
		@DefaultValue("1000") int maxReceiving, @DefaultValue("2GB") DataSize maxBytes) {

	/**
	 * Whether an upload that has received this many bytes so far is late after this much
	 * time.
	 */
	boolean tooSlow(long bytes, Duration elapsed) {
		return elapsed.compareTo(grace.plusMillis(bytes * 1000 / Math.max(1, minRate.toBytes()))) > 0;
	}
}
