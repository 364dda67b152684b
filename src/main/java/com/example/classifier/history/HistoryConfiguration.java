package com.example.classifier.history;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.data.redis.ClientResourcesBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One store of recent results, and one of the page's kept uploads: Redis when configured
 * ({@link SharedHistoryCondition}), memory otherwise. Spring Boot's Redis
 * auto-configuration is excluded in application.yaml and imported here only for Redis:
 * without a URL nothing connects, and no health check reports a Redis that was never
 * asked for.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ HistoryProperties.class, KeptUploadsProperties.class })
class HistoryConfiguration {

	@Bean
	@Conditional(SharedHistoryCondition.InMemory.class)
	MemoryHistory memoryHistory() {
		return new MemoryHistory();
	}

	@Bean
	@ConditionalOnWebApplication
	@Conditional(SharedHistoryCondition.InMemory.class)
	MemoryKeptUploads memoryKeptUploads(KeptUploadsProperties limits) {
		return new MemoryKeptUploads(limits);
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(SharedHistoryCondition.class)
	@Import(RedisAutoConfiguration.class)
	static class Shared {

		@Bean
		RedisHistory redisHistory(StringRedisTemplate redis, ObjectMapper json, HistoryProperties settings,
				MeterRegistry meters) {
			return new RedisHistory(redis, json, settings, meters);
		}

		@Bean
		@ConditionalOnWebApplication
		RedisKeptUploads redisKeptUploads(StringRedisTemplate redis, HistoryProperties settings,
				KeptUploadsProperties limits, MeterRegistry meters) {
			return new RedisKeptUploads(redis, settings, limits, meters);
		}

		@Bean
		HistoryHealthIndicator historyHealthIndicator(StringRedisTemplate redis, RedisHistory history) {
			return new HistoryHealthIndicator(redis, history.key());
		}

		/**
		 * While the connection is down, commands fail at once instead of queueing
		 * unbounded until it is back; Lettuce keeps reconnecting meanwhile.
		 */
		@Bean
		LettuceClientOptionsBuilderCustomizer failWhileDisconnected() {
			return options -> options.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS);
		}

		/**
		 * Reconnect attempts at most 2 s apart (Lettuce's default backs off to 30 s): the
		 * history resumes soon after Redis is back.
		 */
		@Bean
		ClientResourcesBuilderCustomizer reconnectSoon() {
			return resources -> resources.reconnectDelay(
					Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
		}

		@Bean
		LettuceClientConfigurationBuilderCustomizer peerVerification(HistoryProperties settings,
				@Value("${" + SharedHistoryCondition.URL + "}") String url) {
			return client -> {
				if (!settings.verifyPeer() && url.startsWith("rediss:")) {
					client.useSsl().disablePeerVerification();
				}
			};
		}

	}

}
