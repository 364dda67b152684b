package com.example.classifier.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;

import com.example.classifier.support.RedisServer;

/**
 * The page's kept uploads shared through a real {@code redis-server}: two instances, each
 * its own connection, where a "Why?" link made on one is followed on the other; the
 * bounds hold for both together; a Redis that is gone leaves each instance its own.
 */
class RedisKeptUploadsTests {

	private static final KeptUploadsProperties THREE = new KeptUploadsProperties(3, DataSize.ofMegabytes(1));

	private static RedisServer redis;

	private static ConfigurableApplicationContext one;

	private static ConfigurableApplicationContext two;

	@BeforeAll
	static void startRedisAndTwoInstances() throws Exception {
		redis = RedisServer.start();
		one = RedisClients.context("spring.data.redis.url=" + redis.url());
		two = RedisClients.context("spring.data.redis.url=" + redis.url());
		// Connected before the first write, whose bound a first connection exceeds.
		for (ConfigurableApplicationContext instance : List.of(one, two)) {
			instance.getBean(StringRedisTemplate.class).execute((RedisCallback<String>) RedisConnection::ping);
		}
	}

	@AfterAll
	static void stop() throws Exception {
		one.close();
		two.close();
		redis.close();
	}

	@BeforeEach
	void emptyRedis() {
		redis.command("FLUSHALL");
	}

	private static RedisKeptUploads on(ConfigurableApplicationContext instance, KeptUploadsProperties limits,
			MeterRegistry meters) {
		return new RedisKeptUploads(instance.getBean(StringRedisTemplate.class),
				instance.getBean(HistoryProperties.class), limits, meters);
	}

	private static RedisKeptUploads on(ConfigurableApplicationContext instance, KeptUploadsProperties limits) {
		return on(instance, limits, new SimpleMeterRegistry());
	}

	/** As the page does: kept as it is read, shared once classified. */
	private static byte[] upload(RedisKeptUploads uploads, String id, String filename, byte[] content) {
		byte[] kept = uploads.keep(id, filename, content);
		uploads.share(List.of(id));
		return kept;
	}

	private static byte[] bytes(int size, int seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	@Test
	void anUploadKeptOnOneInstanceIsFoundOnTheOther() {
		RedisKeptUploads first = on(one, THREE);
		RedisKeptUploads second = on(two, THREE);
		byte[] photo = bytes(200_000, 1);
		String id = first.newId();
		assertThat(upload(first, id, "chat (1) 猫.jpg", photo)).isSameAs(photo);
		Optional<KeptUpload> found = second.get(id);
		assertThat(found).isPresent();
		assertThat(found.get().filename()).isEqualTo("chat (1) 猫.jpg");
		assertThat(found.get().bytes()).isEqualTo(photo);
		assertThat(second.get(second.newId())).as("an id nobody kept").isEmpty();
	}

	@Test
	void keepingTouchesOnlyMemoryTheDecodeThreadsNeverWaitForRedis() {
		RedisKeptUploads first = on(one, THREE);
		String id = first.newId();
		first.keep(id, "cat.jpg", bytes(1000, 3));
		assertThat(first.get(id)).isPresent();
		assertThat(redis.command("EXISTS image-classifier:kept")).isEqualTo(":0");
		first.share(List.of(id));
		assertThat(redis.command("LLEN image-classifier:kept")).isEqualTo(":1");
	}

	@Test
	void theBoundsHoldForAllInstancesTogether() {
		RedisKeptUploads first = on(one, THREE);
		RedisKeptUploads second = on(two, THREE);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = first.newId();
			ids.add(id);
			upload(i % 2 == 0 ? first : second, id, "upload-" + i + ".jpg", bytes(1000, i));
		}
		assertThat(redis.command("LLEN image-classifier:kept")).isEqualTo(":3");
		// Read on a third instance, which keeps nothing of its own.
		RedisKeptUploads third = on(two, THREE);
		assertThat(ids).map(id -> third.get(id).isPresent()).containsExactly(false, false, true, true, true);
		assertThat(redis.command("EXISTS image-classifier:kept:" + ids.get(0))).as("its bytes are gone too")
			.isEqualTo(":0");

		// The bytes' bound: 1 MB, so a file up to 256 KB is kept, and four of 250 KB fit.
		RedisKeptUploads roomy = on(one, new KeptUploadsProperties(10, DataSize.ofMegabytes(1)));
		redis.command("FLUSHALL");
		List<String> large = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = roomy.newId();
			large.add(id);
			upload(roomy, id, "large-" + i + ".png", bytes(250_000, i));
		}
		assertThat(large).map(id -> third.get(id).isPresent()).containsExactly(false, true, true, true, true);
		String tooLarge = roomy.newId();
		upload(roomy, tooLarge, "huge.tiff", bytes(300_000, 9));
		assertThat(third.get(tooLarge)).isEmpty();
		assertThat(roomy.get(tooLarge)).as("not kept here either: its result has no Why? links").isEmpty();
	}

	@Test
	void anIdTheAppCouldNotHaveMadeIsNotLookedUp() {
		RedisKeptUploads second = on(two, THREE);
		for (String id : new String[] { null, "", "*", "../recent", "bytes", "0123456789abcdef0123456789abcdeg" }) {
			assertThat(second.get(id)).as(String.valueOf(id)).isEmpty();
		}
		assertThat(KeptUploads.isWellFormed(second.newId())).isTrue();
	}

	@Test
	void withRedisGoneEachInstanceStillExplainsItsOwnUploads() throws Exception {
		MeterRegistry meters = new SimpleMeterRegistry();
		RedisKeptUploads first = on(one, THREE, meters);
		RedisKeptUploads second = on(two, THREE);
		String id = first.newId();
		redis.kill();
		try {
			long start = System.nanoTime();
			upload(first, id, "cat.jpg", bytes(1000, 1));
			assertThat(first.get(id)).as("kept here").isPresent();
			assertThat(second.get(id)).as("not there, and no error").isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			assertThat(meters.counter("classifier.kept-uploads.writes", "outcome", "failed").count()).isEqualTo(1);
		}
		finally {
			redis.startAgain();
		}
		// Shared again once Redis is back, without a restart.
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		String again = first.newId();
		while (second.get(again).isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(200);
			again = first.newId();
			upload(first, again, "dog.jpg", bytes(1000, 2));
		}
		assertThat(second.get(again)).isPresent();
	}

	@Test
	void aPageGetsTheStoreItsHistoryUses() {
		WebApplicationContextRunner runner = new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withUserConfiguration(HistoryConfiguration.class);
		runner.run(context -> assertThat(context).hasSingleBean(MemoryKeptUploads.class)
			.doesNotHaveBean(RedisKeptUploads.class));
		runner.withPropertyValues("spring.data.redis.url=" + redis.url())
			.run(context -> assertThat(context).hasSingleBean(RedisKeptUploads.class)
				.getBean(KeptUploads.class)
				.isInstanceOf(RedisKeptUploads.class));
	}

}
