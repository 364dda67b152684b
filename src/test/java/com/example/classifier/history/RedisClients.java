package com.example.classifier.history;

import java.util.Arrays;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Started clients of a Redis as the app configures them: each its own connection (as
 * instances have), the app's application.yaml, the given properties over it.
 */
final class RedisClients {

	private RedisClients() {
	}

	static ConfigurableApplicationContext context(String... properties) {
		return new SpringApplicationBuilder(Client.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(Arrays.stream(properties).map(property -> "--" + property).toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ HistoryConfiguration.class, JacksonAutoConfiguration.class })
	static class Client {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
