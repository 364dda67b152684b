package com.example.classifier.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.ContainerFlagsApp;
import com.example.classifier.support.HaProxy;
import com.example.classifier.support.RedisServer;
import com.example.classifier.support.SharedData;

/**
 * Two packaged instances (the image's flags, drain included) sharing one real Redis
 * behind a real HAProxy with the deployment's configuration: one history whichever
 * instance answers, a stop that loses no request, and a Redis that dies and comes back.
 * In order: the later steps stop what the earlier ones use.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralInstancesIT {

	/** The gauge examples/prometheus-adapter-rules.yaml serves to the autoscaler. */
	static final String QUEUE_DEPTH_SERIES = "classifier_queue_depth";

	private static RedisServer redis;

	private static ContainerFlagsApp first;

	private static ContainerFlagsApp second;

	private static HaProxy balancer;

	private static List<Path> photos;

	@BeforeAll
	static void start() throws Exception {
		redis = RedisServer.start();
		Map<String, String> shared = Map.of("REDIS_URL", redis.url());
		first = ContainerFlagsApp.start(shared);
		second = ContainerFlagsApp.start(shared);
		balancer = HaProxy.start(List.of(first.port(), second.port()));
		try (var files = Files.list(SharedData.images("photos"))) {
			photos = files.filter(file -> file.toString().endsWith(".jpg")).sorted().toList();
		}
	}

	@AfterAll
	static void stop() throws Exception {
		for (AutoCloseable running : new AutoCloseable[] { balancer, first, second, redis }) {
			if (running != null) {
				running.close();
			}
		}
	}

	@Test
	@Order(0)
	void theManifestsProbesAndScalingMetricAreTheInstancesOwn() {
		ApiClient direct = new ApiClient(first.port());
		for (String probe : DeploymentRecipesTests.PROBES) {
			assertThat(direct.get(probe).status()).as(probe).isEqualTo(200);
		}
		assertThat(direct.get("/actuator/prometheus").text()).contains(QUEUE_DEPTH_SERIES + "{");
		Response health = direct.get("/actuator/health");
		assertThat(health.body().at("/components/history/status").asText()).isEqualTo("UP");
	}

	@Test
	@Order(1)
	void sequentialUploadsThroughTheBalancerAreTheSameFiveNewestFirstOnEachInstance() {
		ApiClient through = new ApiClient(balancer.port());
		List<String> servedBy = new ArrayList<>();
		List<String> uploaded = new ArrayList<>();
		for (Path photo : photos.subList(0, 7)) {
			Response response = through.predict(List.of(Part.of(photo)), Map.of());
			assertThat(response.status()).isEqualTo(200);
			servedBy.add(response.headers().getFirst("X-Served-By"));
			uploaded.add(photo.getFileName().toString());
		}
		assertThat(servedBy).as("round robin").contains("app1", "app2");
		List<String> newestFirst = new ArrayList<>(uploaded);
		Collections.reverse(newestFirst);
		newestFirst = newestFirst.subList(0, 5);
		for (ContainerFlagsApp instance : List.of(first, second)) {
			assertThat(recentNames(instance)).as("API of the instance on " + instance.port())
				.containsExactlyElementsOf(newestFirst);
			assertThat(homePageNames(instance)).as("home page of the instance on " + instance.port())
				.containsExactlyElementsOf(newestFirst);
		}
	}

	@Test
	@Order(2)
	void uploadsFromEightThreadsAtOnceLeaveOneListNewestFirst() throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<Future<Integer>> answers = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			Path photo = photos.get(i % photos.size());
			String name = "concurrent-" + i + "-" + photo.getFileName();
			names.add(name);
			answers.add(clients.submit(() -> new ApiClient(balancer.port())
				.predict(List.of(new Part(name, SharedData.read(photo))), Map.of())
				.status()));
		}
		for (Future<Integer> answer : answers) {
			assertThat(answer.get()).isEqualTo(200);
		}
		clients.shutdown();
		JsonNode fromFirst = recent(first);
		JsonNode fromSecond = recent(second);
		assertThat(fromFirst).isEqualTo(fromSecond).hasSize(5);
		Instant newer = Instant.MAX;
		for (JsonNode entry : fromFirst) {
			assertThat(names).contains(entry.get("filename").asText());
			Instant time = Instant.parse(entry.get("time").asText());
			assertThat(time).isBeforeOrEqualTo(newer);
			newer = time;
		}
	}

	@Test
	@Order(3)
	void aWhyLinkFromThePageIsFollowedOnEitherInstance() {
		Response page = new ApiClient(balancer.port()).form("/", Map.of("images", List.of(Part.of(photos.get(0)))));
		assertThat(page.status()).isEqualTo(200);
		String why = whyLink(page.text());
		for (ContainerFlagsApp instance : List.of(first, second)) {
			Response explained = new ApiClient(instance.port()).get(why);
			assertThat(explained.status()).as("Why? on the instance on " + instance.port()).isEqualTo(200);
			assertThat(explained.text()).contains("id=\"why-heatmap\"");
		}
	}

	/** The first "Why?" link of a result page. */
	private static String whyLink(String html) {
		Matcher link = Pattern.compile("href=\"(/why\\?image=[0-9a-f]{32}[^\"]*)\"").matcher(html);
		assertThat(link.find()).as("a Why? link in the result").isTrue();
		return link.group(1).replace("&amp;", "&");
	}

	@Test
	@Order(4)
	void aStoppedInstanceLosesNoneOfFortyRequests() throws Exception {
		// A balancer that never retries: only the instance's drain and graceful
		// stop keep every request answered.
		try (HaProxy once = HaProxy.startWithoutRetries(List.of(first.port(), second.port()))) {
			assertThat(fortyRequestsWhileTheSecondStops(once)).hasSize(40).containsOnly(200);
		}
		assertThat(second.awaitExit(Duration.ofSeconds(40))).as("the stopped instance ended").isNotEqualTo(-1);
		assertThat(first.alive()).isTrue();
	}

	private static List<Integer> fortyRequestsWhileTheSecondStops(HaProxy balancer) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(4);
		AtomicInteger done = new AtomicInteger();
		List<Future<Integer>> answers = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			Path photo = photos.get(i % photos.size());
			answers.add(clients.submit(() -> {
				int status;
				try {
					status = new ApiClient(balancer.port()).predict(List.of(Part.of(photo)), Map.of()).status();
				}
				catch (RuntimeException ex) {
					status = 0; // no answer
				}
				done.incrementAndGet();
				return status;
			}));
		}
		while (done.get() < 8) {
			Thread.sleep(10);
		}
		second.terminate();
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> answer : answers) {
			statuses.add(answer.get());
		}
		clients.shutdown();
		return statuses;
	}

	@Test
	@Order(5)
	void withRedisGoneUploadsStillWorkAndTheHistorySaysSoUntilItIsBack() throws Exception {
		ApiClient through = new ApiClient(balancer.port());
		ApiClient direct = new ApiClient(first.port());
		redis.kill();
		try {
			Response upload = through.predict(List.of(Part.of(photos.get(0))), Map.of());
			assertThat(upload.status()).isEqualTo(200);
			assertThat(upload.body().get("results").get(0).get("predictions")).hasSize(5);

			long start = System.nanoTime();
			Response recent = direct.get("/api/predictions/recent");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			assertThat(recent.status()).isEqualTo(503);
			assertThat(recent.contentType()).startsWith("application/problem+json");
			assertThat(recent.body().get("detail").asText()).contains("history store (Redis) cannot be reached");
			assertThat(recent.headers().getFirst("Retry-After")).isNotBlank();

			Response home = direct.get("/");
			assertThat(home.status()).isEqualTo(200);
			assertThat(home.text()).contains("id=\"recent-unavailable\"").contains("id=\"upload-form\"");

			// The page's upload is answered, and its Why? link works on the instance it
			// came to.
			Response page = direct.form("/", Map.of("images", List.of(Part.of(photos.get(2)))));
			assertThat(page.status()).isEqualTo(200);
			assertThat(direct.get(whyLink(page.text())).status()).isEqualTo(200);

			assertThat(direct.get("/actuator/health/readiness").status()).as("still ready").isEqualTo(200);
			Response health = direct.get("/actuator/health");
			assertThat(health.body().at("/components/history/status").asText()).isEqualTo("DOWN");
		}
		finally {
			redis.startAgain();
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		List<String> names = List.of();
		String name = photos.get(1).getFileName().toString();
		while (!names.contains(name) && System.nanoTime() < deadline) {
			Thread.sleep(500);
			through.predict(List.of(Part.of(photos.get(1))), Map.of());
			Response recent = direct.get("/api/predictions/recent");
			names = recent.status() == 200 ? names(recent.body().get("results")) : List.of();
		}
		assertThat(names).as("the history resumed within 15 s, without a restart").contains(name);
		assertThat(direct.get("/actuator/health").body().at("/components/history/status").asText()).isEqualTo("UP");
	}

	private static JsonNode recent(ContainerFlagsApp instance) {
		Response response = new ApiClient(instance.port()).get("/api/predictions/recent");
		assertThat(response.status()).isEqualTo(200);
		return response.body().get("results");
	}

	private static List<String> recentNames(ContainerFlagsApp instance) {
		return names(recent(instance));
	}

	private static List<String> names(JsonNode entries) {
		List<String> names = new ArrayList<>();
		entries.forEach(entry -> names.add(entry.get("filename").asText()));
		return names;
	}

	private static List<String> homePageNames(ContainerFlagsApp instance) {
		String html = new ApiClient(instance.port()).get("/").text();
		Matcher name = Pattern.compile("class=\"h6 text-break mb-1 recent-filename\">([^<]*)<").matcher(html);
		List<String> names = new ArrayList<>();
		while (name.find()) {
			names.add(name.group(1));
		}
		return names;
	}

}
