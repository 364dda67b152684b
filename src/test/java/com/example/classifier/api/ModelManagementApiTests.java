package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;
import com.example.classifier.training.ClassifierTraining;
import com.example.classifier.training.TrainingProgress;
import com.example.classifier.training.TrainingRequest;
import com.example.classifier.training.TrainingSettings;

/**
 * A model trained here is loaded into the running server over HTTP with the admin token,
 * classifies, shows in /api/models, health and metrics, and is unloaded again; requests
 * in flight while it is reloaded and unloaded all get their answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "classifier.admin.token=" + ModelManagementApiTests.TOKEN)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelManagementApiTests {

	static final String TOKEN = "correct horse battery staple";

	private static final Path HANDS = SharedData.root().resolve("datasets/rock_paper_scissors");

	private static final Path MODELS = models();

	@LocalServerPort
	int port;

	@Autowired
	ClassifierTraining training;

	@DynamicPropertySource
	static void modelsDir(DynamicPropertyRegistry registry) {
		registry.add("classifier.models-dir", MODELS::toString);
	}

	private static Path models() {
		try {
			Path dir = Files.createTempDirectory("managed-models");
			Files.createSymbolicLink(dir.resolve("mobilenet_v2"), SharedData.root().resolve("models/mobilenet_v2"));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@BeforeAll
	void trainHands() throws IOException {
		List<String> steps = new ArrayList<>();
		AtomicInteger images = new AtomicInteger();
		training.train(new TrainingRequest(HANDS.resolve("train"), null, "hands", false,
				SharedData.root().resolve("backbones/mobilenet_v2_embedding"), 20_000_000,
				TrainingSettings.of(30, 5, 0.2, false, 1)), new TrainingProgress() {
					@Override
					public void started(String step, int total) {
						steps.add(step);
					}

					@Override
					public void advanced(int done) {
						images.addAndGet(done);
					}
				});
		// Without augmentation each image goes through the backbone once, whatever the
		// epochs.
		assertThat(steps).containsExactly("features of train");
		assertThat(images.get()).isEqualTo(180);
	}

	@AfterAll
	void removeModels() throws IOException {
		try (Stream<Path> walk = Files.walk(MODELS)) {
			walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
	}

	@Test
	void aTrainedModelIsLoadedServedAndUnloadedOnlyWithTheToken() throws IOException {
		ApiClient api = new ApiClient(port);
		Map<String, String> admin = Map.of("Authorization", "Bearer " + TOKEN);

		Response noToken = api.send("POST", "/api/models/hands", new byte[0], Map.of());
		assertThat(noToken.status()).isEqualTo(401);
		assertThat(noToken.contentType()).startsWith("application/problem+json");
		assertThat(noToken.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
		assertThat(noToken.body().path("detail").asText()).contains("Authorization: Bearer");
		Response wrong = api.send("POST", "/api/models/hands", new byte[0],
				Map.of("Authorization", "Bearer correct horse"));
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.body().path("title").asText()).isEqualTo("Wrong admin token");
		assertThat(api.get("/api/models").text()).doesNotContain("hands");

		Response loaded = api.send("POST", "/api/models/hands", new byte[0], admin);
		assertThat(loaded.status()).isEqualTo(201);
		assertThat(loaded.body().path("classes").asInt()).isEqualTo(3);
		assertThat(api.get("/api/models").body().path("models").findValuesAsText("name")).contains("mobilenet_v2",
				"hands");
		assertThat(api.get("/actuator/health/readiness").text()).contains("hands");
		assertThat(api.get("/actuator/prometheus").text())
			.containsPattern("classifier_queue_depth\\{[^}]*model=\"hands\"");
		assertThat(api.get("/").text()).as("the page offers it").contains("hands");

		for (String hand : List.of("paper", "rock", "scissors")) {
			Response answer = api.predict(List.of(Part.of(firstImage(HANDS.resolve("val").resolve(hand)))),
					Map.of("model", "hands"));
			assertThat(answer.status()).isEqualTo(200);
			JsonNodes.assertTop(answer, hand);
		}

		assertThat(api.send("POST", "/api/models/hands", new byte[0], admin).status()).as("reloaded").isEqualTo(200);
		Path broken = Files.createDirectories(MODELS.resolve("broken"));
		Files.writeString(broken.resolve("broken.pt"), "not TorchScript");
		Files.writeString(broken.resolve("synset.txt"), "a\nb\n");
		String before = api.get("/api/models").text();
		Response failed = api.send("POST", "/api/models/broken", new byte[0], admin);
		assertThat(failed.status()).isEqualTo(422);
		assertThat(failed.body().path("detail").asText()).startsWith("model 'broken' could not be loaded")
			.doesNotContain(MODELS.toString());
		assertThat(api.get("/api/models").text()).as("the server as it was").isEqualTo(before);
		Response badName = api.send("POST", "/api/models/-x", new byte[0], admin);
		assertThat(badName.status()).isEqualTo(400);
		assertThat(badName.body().path("detail").asText()).contains("a model name is a plain folder name");
		assertThat(api.send("POST", "/api/models/nothing", new byte[0], admin).status()).isEqualTo(404);
		assertThat(api.send("DELETE", "/api/models/mobilenet_v2", new byte[0], admin).status()).isEqualTo(409);
		assertThat(api.send("DELETE", "/api/models/hands", new byte[0], Map.of()).status()).isEqualTo(401);

		assertThat(api.send("DELETE", "/api/models/hands", new byte[0], admin).status()).isEqualTo(204);
		assertThat(api.get("/api/models").text()).doesNotContain("hands");
		assertThat(api.get("/actuator/prometheus").text()).doesNotContain("model=\"hands\"");
		Response gone = api.predict(List.of(Part.of(firstImage(HANDS.resolve("val/rock")))), Map.of("model", "hands"));
		assertThat(gone.status()).isEqualTo(404);
		assertThat(api.send("DELETE", "/api/models/hands", new byte[0], admin).status()).isEqualTo(404);
	}

	/**
	 * The Open Inference route bounds a request's numbers by the model's own tensor: a
	 * model loaded later with larger inputs than any served at start takes its full
	 * tensors.
	 */
	@Test
	void aModelLoadedLaterWithLargerInputsTakesItsTensorsOverOpenInference() throws IOException {
		Path large = Files.createDirectories(MODELS.resolve("mobilenet_448"));
		Path weights = SharedData.root().resolve("models/mobilenet_v2");
		Files.createSymbolicLink(large.resolve("mobilenet_448.pt"), weights.resolve("mobilenet_v2.pt"));
		Files.copy(weights.resolve("synset.txt"), large.resolve("synset.txt"));
		Files.writeString(large.resolve("serving.properties"), "resize=512\ncrop=448\nbatch_size=1\n");
		ApiClient api = new ApiClient(port);
		Map<String, String> admin = Map.of("Authorization", "Bearer " + TOKEN);
		assertThat(api.send("POST", "/api/models/mobilenet_448", new byte[0], admin).status()).isEqualTo(201);
		try {
			// 602,112 numbers: more than the 3 images of 3 x 224 x 224 the models at
			// start take
			String zeros = "0,".repeat(3 * 448 * 448 - 1) + "0";
			byte[] request = ("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3, 448, 448], \"datatype\": "
					+ "\"FP32\", \"data\": [" + zeros + "]}]}")
				.getBytes(StandardCharsets.UTF_8);
			Response answer = api.send("POST", "/v2/models/mobilenet_448/infer", request,
					Map.of("Content-Type", "application/json"));
			assertThat(answer.status()).as(answer.text()).isEqualTo(200);
			assertThat(answer.body().at("/outputs/0/shape").toString()).isEqualTo("[1,1000]");
			Response tooMany = api.send("POST", "/v2/models/mobilenet_v2/infer", request,
					Map.of("Content-Type", "application/json"));
			assertThat(tooMany.status()).as("mobilenet_v2 keeps its own bound").isEqualTo(400);
			assertThat(tooMany.body().path("error").asText()).contains("more than 451584 numbers");
		}
		finally {
			assertThat(api.send("DELETE", "/api/models/mobilenet_448", new byte[0], admin).status()).isEqualTo(204);
		}
	}

	@Test
	void requestsInFlightWhileTheModelIsReloadedAndUnloadedAllGetTheirAnswer() throws Exception {
		ApiClient api = new ApiClient(port);
		Map<String, String> admin = Map.of("Authorization", "Bearer " + TOKEN);
		assertThat(api.send("POST", "/api/models/hands", new byte[0], admin).status()).isIn(200, 201);
		List<Part> images = new ArrayList<>();
		for (String hand : List.of("paper", "rock", "scissors")) {
			images.add(Part.of(firstImage(HANDS.resolve("val").resolve(hand))));
		}
		AtomicBoolean unloading = new AtomicBoolean();
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			List<Future<List<Integer>>> statuses = new ArrayList<>();
			for (int c = 0; c < 6; c++) {
				statuses.add(clients.submit(() -> {
					List<Integer> seen = new ArrayList<>();
					// Each client keeps a request in flight until the model is gone (or
					// the test has failed long before).
					long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
					while (System.nanoTime() < giveUp) {
						int status = api.predict(images, Map.of("model", "hands")).status();
						seen.add(status);
						if (status == 404) {
							assertThat(unloading.get()).as("404 only once unloaded").isTrue();
							return seen;
						}
					}
					throw new AssertionError("the model was never unloaded: " + seen);
				}));
			}
			for (int reload = 0; reload < 3; reload++) {
				Thread.sleep(300);
				assertThat(api.send("POST", "/api/models/hands", new byte[0], admin).status()).isEqualTo(200);
			}
			Thread.sleep(300);
			unloading.set(true);
			assertThat(api.send("DELETE", "/api/models/hands", new byte[0], admin).status()).isEqualTo(204);
			int answered = 0;
			for (Future<List<Integer>> client : statuses) {
				List<Integer> seen = client.get();
				assertThat(seen.subList(0, seen.size() - 1)).as("every request before the unload answered")
					.containsOnly(200);
				answered += seen.size() - 1;
			}
			assertThat(answered).as("requests were in flight through the changes").isGreaterThan(6);
			// Requests that ended on the unloaded model recorded their times; its meters
			// go
			// once it is closed, on a thread of its own.
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (api.get("/actuator/prometheus").text().contains("model=\"hands\"") && System.nanoTime() < deadline) {
				Thread.sleep(100);
			}
			assertThat(api.get("/actuator/prometheus").text()).doesNotContain("model=\"hands\"");
		}
		finally {
			clients.shutdownNow();
		}
	}

	private static Path firstImage(Path dir) {
		try (Stream<Path> files = Files.list(dir)) {
			return files.sorted().findFirst().orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Assertions on an answer's predictions. */
	private static final class JsonNodes {

		static void assertTop(Response answer, String label) {
			assertThat(answer.body().path("results").path(0).path("predictions").path(0).path("label").asText())
				.as(answer.text())
				.isEqualTo(label);
			assertThat(answer.body().path("results").path(0).path("predictions")).as("all three classes").hasSize(3);
		}

	}

}
