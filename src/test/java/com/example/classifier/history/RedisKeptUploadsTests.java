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
import org.junit.jupiter.api.AfterEach;
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
 * bounds hold for both together; a Redis that is gone or hangs leaves each instance its
 * own, and never holds a request beyond the write bound.
 */
class RedisKeptUploadsTests {

	private static final String IDS = "image-classifier:{kept}:ids";

	private static final String UPLOADS = "image-classifier:{kept}:uploads";

	private static final KeptUploadsProperties THREE = new KeptUploadsProperties(3, DataSize.ofMegabytes(24));

	private static RedisServer redis;

	private static ConfigurableApplicationContext one;

	private static ConfigurableApplicationContext two;

	private final List<RedisKeptUploads> started = new ArrayList<>();

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

	@AfterEach
	void stopWriters() {
		started.forEach(RedisKeptUploads::stop);
	}

	private RedisKeptUploads on(ConfigurableApplicationContext instance, KeptUploadsProperties limits, DataSize shared,
			MeterRegistry meters) {
		HistoryProperties app = instance.getBean(HistoryProperties.class);
		HistoryProperties settings = new HistoryProperties(app.keyPrefix(), app.writeTimeout(), app.maxThumbnailSize(),
				app.pendingWrites(), app.verifyPeer(), shared);
		RedisKeptUploads uploads = new RedisKeptUploads(instance.getBean(StringRedisTemplate.class), settings, limits,
				meters);
		started.add(uploads);
		return uploads;
	}

	private RedisKeptUploads on(ConfigurableApplicationContext instance, KeptUploadsProperties limits) {
		return on(instance, limits, DataSize.ofMegabytes(16), new SimpleMeterRegistry());
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
		byte[] photo = bytes(2_000_000, 1);
		String id = first.newId();
		assertThat(upload(first, id, "chat (1) 猫.jpg", photo)).isSameAs(photo);
		assertThat(second.keepsHere(id)).isFalse();
		Optional<KeptUpload> found = second.get(id);
		assertThat(found).isPresent();
		assertThat(found.get().filename()).isEqualTo("chat (1) 猫.jpg");
		assertThat(found.get().bytes()).isEqualTo(photo);
		assertThat(second.get(second.newId())).as("an id nobody kept").isEmpty();
		assertThat(redis.command("TTL " + UPLOADS)).as("forgotten a day after the last upload").isEqualTo(":86400");
	}

	@Test
	void keepingTouchesOnlyMemoryTheDecodeThreadsNeverWaitForRedis() {
		RedisKeptUploads first = on(one, THREE);
		String id = first.newId();
		first.keep(id, "cat.jpg", bytes(1000, 3));
		assertThat(first.keepsHere(id)).isTrue();
		assertThat(redis.command("EXISTS " + IDS)).isEqualTo(":0");
		first.share(List.of(id));
		assertThat(redis.command("LLEN " + IDS)).isEqualTo(":1");
	}

	@Test
	void theBoundsHoldForAllInstancesTogether() {
		RedisKeptUploads first = on(one, THREE);
		RedisKeptUploads second = on(two, THREE);
		// Read on a third instance, which keeps nothing of its own.
		RedisKeptUploads third = on(two, THREE);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = first.newId();
			ids.add(id);
			upload(i % 2 == 0 ? first : second, id, "upload-" + i + ".jpg", bytes(1000, i));
		}
		assertThat(redis.command("LLEN " + IDS)).isEqualTo(":3");
		assertThat(ids).map(id -> third.get(id).isPresent()).containsExactly(false, false, true, true, true);
		assertThat(redis.command("HEXISTS " + UPLOADS + " " + ids.get(0))).as("its bytes are gone too").isEqualTo(":0");

		// The bytes' bound: 1 MB in Redis, so a file up to 256 KB is shared, and four of
		// 250 KB fit.
		RedisKeptUploads roomy = on(one, new KeptUploadsProperties(10, DataSize.ofMegabytes(24)),
				DataSize.ofMegabytes(1), new SimpleMeterRegistry());
		List<String> large = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String id = roomy.newId();
			large.add(id);
			upload(roomy, id, "large-" + i + ".png", bytes(250_000, i));
		}
		assertThat(large).map(id -> third.get(id).isPresent()).containsExactly(false, true, true, true, true);
		String tooLarge = roomy.newId();
		upload(roomy, tooLarge, "huge.tiff", bytes(300_000, 9));
		assertThat(third.get(tooLarge)).as("over a quarter of Redis's bytes: not shared").isEmpty();
		assertThat(roomy.keepsHere(tooLarge)).as("but kept on its own instance").isTrue();
	}

	@Test
	void anUploadRemovedFromRedisByHandLeavesTheBoundsAsTheyWere() {
		RedisKeptUploads first = on(one, THREE);
		RedisKeptUploads reader = on(two, THREE);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(first.newId());
			upload(first, ids.get(i), "a" + i + ".jpg", bytes(1000, i));
		}
		redis.command("HDEL " + UPLOADS + " " + ids.get(1));
		for (int i = 3; i < 6; i++) {
			ids.add(first.newId());
			upload(first, ids.get(i), "a" + i + ".jpg", bytes(1000, i));
		}
		assertThat(redis.command("LLEN " + IDS)).isEqualTo(":3");
		assertThat(ids.subList(3, 6)).allMatch(id -> reader.get(id).isPresent());
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
		RedisKeptUploads first = on(one, THREE, DataSize.ofMegabytes(16), meters);
		RedisKeptUploads second = on(two, THREE);
		String id = first.newId();
		redis.kill();
		try {
			long start = System.nanoTime();
			upload(first, id, "cat.jpg", bytes(1000, 1));
			assertThat(first.get(id)).as("kept here").isPresent();
			assertThat(second.get(id)).as("not there, and no error").isEmpty();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (meters.counter("classifier.kept-uploads.writes", "outcome", "failed").count() < 1
					&& System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
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
	void aRedisThatHangsHoldsAPageUploadOnlyForTheWriteBound() throws Exception {
		RedisKeptUploads first = on(one, THREE);
		redis.pause();
		try {
			long start = System.nanoTime();
			for (int i = 0; i < 4; i++) {
				String id = first.newId();
				upload(first, id, "during-" + i + ".jpg", bytes(1000, i));
				assertThat(first.keepsHere(id)).isTrue();
			}
			// Four uploads, each held at most for the 200 ms bound (the command timeout
			// is 1 s): far less than four command timeouts.
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
		finally {
			redis.resume();
		}
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
