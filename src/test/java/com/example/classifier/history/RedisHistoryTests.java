package com.example.classifier.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.classification.RecentResults;
import com.example.classifier.classification.RecentResultsUnavailableException;
import com.example.classifier.image.DecodedImage;
import com.example.classifier.image.ImageFormat;
import com.example.classifier.image.Thumbnail;
import com.example.classifier.support.RedisServer;

/**
 * The shared store against a real {@code redis-server}, configured as the app configures
 * it: several CLIENTS_STARTED (each its own connection, as instances have) writing at
 * once, the thumbnails, the key prefix, and a Redis that hangs, dies and comes back.
 */
class RedisHistoryTests extends RecentResultsContract {

	private static final int CLIENTS = 3;

	private static RedisServer redis;

	private static final List<ConfigurableApplicationContext> CLIENTS_STARTED = new ArrayList<>();

	@BeforeAll
	static void startRedisAndClients() throws Exception {
		redis = RedisServer.start();
		for (int i = 0; i < CLIENTS; i++) {
			CLIENTS_STARTED.add(context("spring.data.redis.url=" + redis.url()));
		}
		// A cold client's first connection takes longer than the write bound.
		awaitEachClientStores(Duration.ofSeconds(15));
	}

	/** Until a write through each client shows in a read, within the timeout. */
	private static void awaitEachClientStores(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		RecentResults reader = CLIENTS_STARTED.get(0).getBean(RecentResults.class);
		for (int n = 0; n < CLIENTS; n++) {
			String name = "stored-by-" + n;
			RecentResults writer = CLIENTS_STARTED.get(n).getBean(RecentResults.class);
			boolean shown = false;
			while (!shown && System.nanoTime() < deadline) {
				writer.remember("m", List.of(image(name)), 5);
				try {
					shown = reader.newestFirst().stream().anyMatch(result -> result.filename().equals(name));
				}
				catch (RecentResultsUnavailableException ex) {
					// not connected yet
				}
				if (!shown) {
					Thread.sleep(200);
				}
			}
			assertThat(shown).as("client " + n + " stores").isTrue();
		}
	}

	@AfterAll
	static void stop() throws Exception {
		CLIENTS_STARTED.forEach(ConfigurableApplicationContext::close);
		redis.close();
	}

	@BeforeEach
	void emptyTheList() {
		redis.command("DEL image-classifier:recent");
		redis.command("DEL other-deployment:recent");
	}

	@Override
	RecentResults reader() {
		return CLIENTS_STARTED.get(0).getBean(RecentResults.class);
	}

	@Override
	RecentResults writer(int n) {
		return CLIENTS_STARTED.get(n % CLIENTS).getBean(RecentResults.class);
	}

	@Test
	void keepsExactlyFiveInRedisWhateverTheWriters() {
		for (int i = 0; i < 12; i++) {
			writer(i).remember("m", List.of(image("x" + i)), 5);
		}
		assertThat(redis.command("LLEN image-classifier:recent")).isEqualTo(":5");
	}

	@Test
	void thumbnailsTravelWithTheirEntriesWithinTheirBound() throws Exception {
		ImageOutcome.Classified noisy = noisyImage("noise.png");
		writer(1).remember("m", List.of(image("plain.jpg")), 5);
		assertThat(jpeg(reader().newestFirst().get(0)).length).isPositive();
		try (ConfigurableApplicationContext small = context("spring.data.redis.url=" + redis.url(),
				"classifier.history.max-thumbnail-size=8KB")) {
			// Noise at the pages' quality takes more than the bound: stored at
			// a lower quality, still a picture of the same size.
			assertThat(noisy.thumbnail().jpeg(0.75f).length).isGreaterThan(8 * 1024);
			small.getBean(RecentResults.class).remember("m", List.of(noisy), 5);
			byte[] stored = jpeg(reader().newestFirst().get(0));
			assertThat(stored.length).isLessThanOrEqualTo(8 * 1024);
			assertThat(ImageIO.read(new ByteArrayInputStream(stored)).getWidth()).isEqualTo(192);
		}
		try (ConfigurableApplicationContext tiny = context("spring.data.redis.url=" + redis.url(),
				"classifier.history.max-thumbnail-size=100B")) {
			tiny.getBean(RecentResults.class).remember("m", List.of(noisy), 5);
		}
		RecentResult withoutPicture = reader().newestFirst().get(0);
		assertThat(withoutPicture.thumbnail().dataUri()).startsWith("data:image/gif;base64,");
		assertThat(withoutPicture.filename()).isEqualTo("noise.png");
	}

	private static byte[] jpeg(RecentResult result) {
		String uri = result.thumbnail().dataUri();
		assertThat(uri).startsWith("data:image/jpeg;base64,");
		return Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
	}

	@Test
	void aKeyPrefixKeepsTwoDeploymentsApart() {
		try (ConfigurableApplicationContext other = context("spring.data.redis.url=" + redis.url(),
				"classifier.history.key-prefix=other-deployment:")) {
			other.getBean(RecentResults.class).remember("m", List.of(image("theirs")), 5);
			writer(0).remember("m", List.of(image("ours")), 5);
			assertThat(reader().newestFirst()).extracting(RecentResult::filename).containsExactly("ours");
			assertThat(other.getBean(RecentResults.class).newestFirst()).extracting(RecentResult::filename)
				.containsExactly("theirs");
		}
	}

	@Test
	void anEntryAnotherProgramWroteIsSkipped() {
		writer(0).remember("m", List.of(image("ours")), 5);
		redis.command("LPUSH image-classifier:recent not-json");
		redis.command("LPUSH image-classifier:recent '{\"time\":1,\"width\":1}'");
		assertThat(reader().newestFirst()).extracting(RecentResult::filename).containsExactly("ours");
	}

	@Test
	void aRedisThatHangsHoldsAnUploadOnlyForTheWriteBoundAndFailsReadsClearly() throws Exception {
		// A command timeout far above the write bound: an upload that returns
		// sooner was released by the bound, not by the timeout.
		try (ConfigurableApplicationContext client = context("spring.data.redis.url=" + redis.url(),
				"spring.data.redis.timeout=4s")) {
			RecentResults store = client.getBean(RecentResults.class);
			store.remember("m", List.of(image("before")), 5);
			redis.pause();
			try {
				long start = System.nanoTime();
				for (int i = 0; i < 6; i++) {
					store.remember("m", List.of(image("during-" + i)), 5);
				}
				// Six uploads, each held only for the write bound.
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
				assertThatThrownBy(store::newestFirst).isInstanceOf(RecentResultsUnavailableException.class)
					.hasMessageContaining("history store (Redis) cannot be reached");
				assertThat(client.getBean(HistoryHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
			}
			finally {
				redis.resume();
			}
			store.remember("m", List.of(image("after")), 5);
			// The writes that had not begun within their bound were dropped, not
			// kept for later: at most the one already sent to the hung Redis lands.
			List<String> shown = store.newestFirst().stream().map(RecentResult::filename).toList();
			assertThat(shown.get(0)).isEqualTo("after");
			assertThat(shown.get(shown.size() - 1)).isEqualTo("before");
			assertThat(shown).hasSizeLessThanOrEqualTo(3);
			assertThat(client.getBean(MeterRegistry.class)
				.counter("classifier.history.writes", "outcome", "dropped")
				.count()).isGreaterThanOrEqualTo(5);
		}
	}

	@Test
	void aRedisThatIsGoneFailsAtOnceAndTheHistoryResumesWhenItIsBack() throws Exception {
		writer(0).remember("m", List.of(image("before")), 5);
		redis.kill();
		try {
			long start = System.nanoTime();
			writer(0).remember("m", List.of(image("lost")), 5);
			assertThatThrownBy(reader()::newestFirst).isInstanceOf(RecentResultsUnavailableException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			assertThat(CLIENTS_STARTED.get(0).getBean(HistoryHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN);
		}
		finally {
			redis.startAgain();
		}
		// Every client (instance) writes again on its own within 15 s.
		awaitEachClientStores(Duration.ofSeconds(15));
		assertThat(CLIENTS_STARTED.get(0).getBean(HistoryHealthIndicator.class).health().getStatus())
			.isEqualTo(Status.UP);
		MeterRegistry meters = CLIENTS_STARTED.get(0).getBean(MeterRegistry.class);
		assertThat(meters.counter("classifier.history.writes", "outcome", "failed").count()).isPositive();
	}

	@Test
	void aTlsRedisWithASelfSignedCertificateAsHerokusIsUsedOnlyWithoutPeerVerification() throws Exception {
		try (RedisServer tls = RedisServer.startWithTls()) {
			try (ConfigurableApplicationContext client = context("spring.data.redis.url=" + tls.url(),
					"classifier.history.verify-peer=false")) {
				RecentResults store = client.getBean(RecentResults.class);
				long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
				List<String> shown = List.of();
				while (shown.isEmpty() && System.nanoTime() < deadline) {
					store.remember("m", List.of(image("over-tls")), 5);
					try {
						shown = store.newestFirst().stream().map(RecentResult::filename).toList();
					}
					catch (RecentResultsUnavailableException ex) {
						Thread.sleep(200);
					}
				}
				assertThat(shown).first().isEqualTo("over-tls");
			}
			try (ConfigurableApplicationContext verifying = context("spring.data.redis.url=" + tls.url())) {
				RecentResults store = verifying.getBean(RecentResults.class);
				store.remember("m", List.of(image("refused")), 5);
				// Refused for its certificate, as a verifying client must.
				assertThatThrownBy(store::newestFirst).isInstanceOf(RecentResultsUnavailableException.class)
					.hasStackTraceContaining("SSLHandshakeException");
			}
		}
	}

	@Test
	void withoutAUrlOrOnTheCommandLineNothingConnects() {
		runner().run(context -> {
			assertThat(context).hasSingleBean(MemoryHistory.class).doesNotHaveBean(RedisConnectionFactory.class);
		});
		runner().withPropertyValues("spring.data.redis.url=" + redis.url(), "spring.profiles.active=cli")
			.run(context -> assertThat(context).hasSingleBean(MemoryHistory.class)
				.doesNotHaveBean(RedisConnectionFactory.class));
	}

	private static ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withUserConfiguration(HistoryConfiguration.class);
	}

	private static ConfigurableApplicationContext context(String... properties) {
		return RedisClients.context(properties);
	}

	private static ImageOutcome.Classified noisyImage(String name) {
		byte[] pixels = new byte[480 * 480 * 3];
		new Random(7).nextBytes(pixels);
		Thumbnail thumbnail = Thumbnail.of(new DecodedImage(480, 480, 3, pixels, 480, 480, ImageFormat.PNG));
		return new ImageOutcome.Classified(name, 480, 480, image(name).predictions(), thumbnail);
	}

}
