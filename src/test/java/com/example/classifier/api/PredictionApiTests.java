package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.classification.RecentResults;
import com.example.classifier.history.MemoryHistory;
import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;
import com.example.classifier.support.SharedData.ExpectedPhoto;

/** The JSON API over real HTTP, on the real models and the shared photos. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PredictionApiTests {

	@LocalServerPort
	int port;

	ApiClient api() {
		return new ApiClient(port);
	}

	static List<ExpectedPhoto> photos() {
		return SharedData.expectedPhotos();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("photos")
	void photoGetsTorchvisionTop5(ExpectedPhoto photo) {
		Response response = api().predict(List.of(Part.of(photo.path())), Map.of());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().get("model").asText()).isEqualTo("mobilenet_v2");
		JsonNode predictions = response.body().get("results").get(0).get("predictions");
		assertThat(predictions).hasSize(5);
		for (int i = 0; i < 5; i++) {
			assertThat(predictions.get(i).get("index").asInt()).as("rank %d of %s", i + 1, photo.file())
				.isEqualTo(photo.top5()[i]);
			// EXPECTED.tsv is rounded to four decimals: ours agree to the fourth decimal.
			assertThat(predictions.get(i).get("probability").asDouble()).as("probability %d of %s", i + 1, photo.file())
				.isCloseTo(photo.probabilities()[i], within(0.0001));
		}
	}

	@Test
	void photosResultCarriesFileNameSizeAndLabels() {
		Response response = api().predict(List.of(Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"))),
				Map.of("topK", "3"));
		JsonNode result = response.body().get("results").get(0);
		assertThat(result.get("filename").asText()).isEqualTo("caffe_cat.jpg");
		assertThat(result.get("width").asInt()).isEqualTo(480);
		assertThat(result.get("height").asInt()).isEqualTo(360);
		assertThat(result.get("predictions")).hasSize(3);
		assertThat(result.get("predictions").get(0).get("label").asText()).isEqualTo("tiger cat");
	}

	static Stream<Path> digits() throws Exception {
		return Files.list(SharedData.images("mnist")).filter(p -> p.toString().endsWith(".png")).sorted();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("digits")
	void vitMnistReadsEachDigit(Path digit) {
		String expected = digit.getFileName().toString().replaceAll("\\D", "");
		Response response = api().predict(List.of(Part.of(digit)), Map.of("model", "vit_mnist"));
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().get("model").asText()).isEqualTo("vit_mnist");
		JsonNode top = response.body().get("results").get(0).get("predictions").get(0);
		assertThat(top.get("label").asText()).isEqualTo(expected);
		assertThat(top.get("index").asInt()).isEqualTo(Integer.parseInt(expected));
	}

	@Test
	void onnxCopyAgreesWithPyTorchOnEveryPhotoAndInt8DiffersOnlyWhereQuantisationShows() {
		Map<String, Integer> onnxMismatches = new LinkedHashMap<>();
		Map<String, String> int8Mismatches = new LinkedHashMap<>();
		for (ExpectedPhoto photo : photos()) {
			List<Part> image = List.of(Part.of(photo.path()));
			JsonNode reference = predictions(api().predict(image, Map.of("model", "mobilenet_v2", "topK", "3")));
			JsonNode onnx = top(api().predict(image, Map.of("model", "mobilenet_v2_onnx")));
			JsonNode int8 = predictions(api().predict(image, Map.of("model", "mobilenet_v2_int8", "topK", "3")));
			if (onnx.get("index").asInt() != reference.get(0).get("index").asInt()) {
				onnxMismatches.put(photo.file(), onnx.get("index").asInt());
			}
			// The same float weights on another engine: same probabilities, to
			// float rounding.
			assertThat(onnx.get("probability").asDouble()).isCloseTo(reference.get(0).get("probability").asDouble(),
					within(0.001));
			if (int8.get(0).get("index").asInt() != reference.get(0).get("index").asInt()) {
				int8Mismatches.put(photo.file(),
						int8.get(0).get("label").asText() + " instead of " + reference.get(0).get("label").asText());
				// A close call swapped, not another answer: int8's class is
				// among the float model's top three, and the float model's
				// class is int8's second.
				assertThat(indexes(reference)).as(photo.file()).contains(int8.get(0).get("index").asInt());
				assertThat(int8.get(1).get("index").asInt()).as(photo.file())
					.isEqualTo(reference.get(0).get("index").asInt());
			}
		}
		assertThat(onnxMismatches).as("ONNX top-1 differing from PyTorch").isEmpty();
		// The int8 model is the original quantised network; mobilenet_v2 is its
		// weights rebuilt as float, so 8-bit activations move close calls.
		// Which ones depends on the CPU's quantised kernels: on one machine
		// djl_mountains.jpg (alp 0.56 / valley 0.43) and serve_dog.jpg (golden
		// retriever 0.42 / kuvasz 0.35); on an AVX2-only EPYC serve_dog.jpg and
		// the two husky photos (Eskimo dog 0.35 / malamute 0.35), with alp and
		// valley tied at 0.499. At most three of the twenty, each a close call
		// (checked above).
		System.out.println("int8 top-1 differing from float: " + int8Mismatches);
		assertThat(int8Mismatches).as("int8 top-1 differing from float").hasSizeBetween(1, 3);
	}

	private static JsonNode predictions(Response response) {
		assertThat(response.status()).isEqualTo(200);
		return response.body().get("results").get(0).get("predictions");
	}

	private static List<Integer> indexes(JsonNode predictions) {
		List<Integer> indexes = new java.util.ArrayList<>();
		predictions.forEach(prediction -> indexes.add(prediction.get("index").asInt()));
		return indexes;
	}

	private static JsonNode top(Response response) {
		assertThat(response.status()).isEqualTo(200);
		return response.body().get("results").get(0).get("predictions").get(0);
	}

	@Test
	void fortyRequestsFromEightThreadsAreAllRightAndRecentHoldsFive() throws Exception {
		List<ExpectedPhoto> photos = photos();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> answers = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				ExpectedPhoto photo = photos.get(i % photos.size());
				// Names no other test sends: the recent five must come from
				// these requests.
				String name = "concurrent-" + i + "-" + photo.file();
				Callable<String> request = () -> {
					Response response = api().predict(List.of(new Part(name, SharedData.read(photo.path()))), Map.of());
					assertThat(response.status()).isEqualTo(200);
					assertThat(top(response).get("index").asInt()).as(photo.file()).isEqualTo(photo.top5()[0]);
					return name;
				};
				answers.add(clients.submit(request));
			}
			Set<String> sent = new HashSet<>();
			for (Future<String> answer : answers) {
				sent.add(answer.get());
			}
			JsonNode recent = api().get("/api/predictions/recent").body().get("results");
			assertThat(recent).hasSize(5);
			Set<String> shown = new HashSet<>();
			Instant newer = Instant.MAX;
			for (JsonNode entry : recent) {
				assertThat(sent).contains(entry.get("filename").asText());
				assertThat(shown.add(entry.get("filename").asText())).as("each result once").isTrue();
				assertThat(entry.get("model").asText()).isEqualTo("mobilenet_v2");
				Instant time = Instant.parse(entry.get("time").asText());
				assertThat(time).as("newest first").isBeforeOrEqualTo(newer);
				newer = time;
			}
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void recentIsNewestFirstAndARefusedRequestChangesNothing() {
		Path photos = SharedData.images("photos");
		api().predict(List.of(Part.of(photos.resolve("serve_dog.jpg"))), Map.of());
		api().predict(List.of(Part.of(photos.resolve("serve_kitten.jpg")), Part.of(photos.resolve("djl_kitten.jpg"))),
				Map.of("model", "mobilenet_v2_onnx"));
		JsonNode before = api().get("/api/predictions/recent").body();

		Response refused = api().predict(List.of(Part.of(photos.resolve("caffe_cat.jpg")),
				Part.of(SharedData.images("bad").resolve("text.jpg"))), Map.of());
		assertThat(refused.status()).isEqualTo(415);
		assertThat(refused.body().get("detail").asText()).isEqualTo("text.jpg: not an image: looks like text");

		JsonNode after = api().get("/api/predictions/recent").body();
		assertThat(after).isEqualTo(before);
		JsonNode results = after.get("results");
		// Newest request first, and its images in the order they were sent.
		assertThat(results.get(0).get("filename").asText()).isEqualTo("serve_kitten.jpg");
		assertThat(results.get(0).get("model").asText()).isEqualTo("mobilenet_v2_onnx");
		assertThat(results.get(1).get("filename").asText()).isEqualTo("djl_kitten.jpg");
		assertThat(results.get(2).get("filename").asText()).isEqualTo("serve_dog.jpg");
		assertThat(results.get(0).get("predictions")).hasSize(5);
		assertThat(results.get(0).has("thumbnail")).isFalse();
	}

	@Test
	void fourImagesAreRefused() {
		Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
		Response response = api().predict(List.of(photo, photo, photo, photo), Map.of());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("title").asText()).isEqualTo("Too many images");
		assertThat(response.body().get("detail").asText()).isEqualTo("at most 3 images per request, got 4");
	}

	@Test
	void threeImagesAreClassifiedInOrder() {
		Path photos = SharedData.images("photos");
		Response response = api().predict(List.of(Part.of(photos.resolve("serve_dog.jpg")),
				Part.of(photos.resolve("skimage_coffee.png")), Part.of(photos.resolve("caffe_cat.jpg"))), Map.of());
		assertThat(response.status()).isEqualTo(200);
		JsonNode results = response.body().get("results");
		assertThat(results).hasSize(3);
		assertThat(results.get(0).get("filename").asText()).isEqualTo("serve_dog.jpg");
		assertThat(results.get(1).get("filename").asText()).isEqualTo("skimage_coffee.png");
		assertThat(results.get(1).get("predictions").get(0).get("index").asInt()).isEqualTo(967);
		assertThat(results.get(2).get("predictions").get(0).get("index").asInt()).isEqualTo(282);
	}

	@Test
	void noImageUnknownModelAndBadTopKAreClientErrors() {
		Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
		Response none = api().predict(List.of(), Map.of("model", "mobilenet_v2"));
		assertThat(none.status()).isEqualTo(400);
		assertThat(none.body().get("detail").asText()).contains("no image");

		Response unknown = api().predict(List.of(photo), Map.of("model", "resnet9000"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.body().get("detail").asText()).contains("resnet9000").contains("mobilenet_v2");

		Response badTopK = api().predict(List.of(photo), Map.of("topK", "0"));
		assertThat(badTopK.status()).isEqualTo(400);
		assertThat(badTopK.body().get("detail").asText())
			.isEqualTo("topK must be between 1 and 1000 for model mobilenet_v2, got 0");

		Response notANumber = api().predict(List.of(photo), Map.of("topK", "five"));
		assertThat(notANumber.status()).isEqualTo(400);
		assertThat(notANumber.contentType()).startsWith("application/problem+json");
	}

	/** One image as the whole body: the form's answer, and the form's refusals. */
	@Test
	void oneImageAsTheBodyGetsTheFormsAnswerAndRefusals() {
		byte[] cat = SharedData.read(SharedData.images("photos").resolve("caffe_cat.jpg"));
		Response form = api().predict(List.of(new Part("cat.jpg", cat)), Map.of("topK", "3"));
		Response raw = api().send("POST", "/api/predictions?topK=3&filename=cat.jpg", cat,
				Map.of("Content-Type", "image/jpeg"));
		assertThat(raw.status()).isEqualTo(200);
		assertThat(raw.body()).isEqualTo(form.body());
		Response octets = api().send("POST", "/api/predictions?model=mobilenet_v2_onnx", cat,
				Map.of("Content-Type", "application/octet-stream"));
		assertThat(octets.body().get("model").asText()).isEqualTo("mobilenet_v2_onnx");
		assertThat(octets.body().at("/results/0/filename").asText()).isEqualTo("image");
		assertProblem(api().send("POST", "/api/predictions", new byte[0], Map.of("Content-Type", "image/jpeg")), 400,
				"the request body is empty");
		assertProblem(
				api().send("POST", "/api/predictions", "plain text".getBytes(), Map.of("Content-Type", "image/png")),
				415, "not an image");
		assertProblem(api().send("POST", "/api/predictions?model=resnet", cat, Map.of("Content-Type", "image/jpeg")),
				404, "no model named 'resnet'");
		assertProblem(api().send("POST", "/api/predictions?topK=0", cat, Map.of("Content-Type", "image/jpeg")), 400,
				"topK must be between 1 and 1000");
		assertProblem(api().send("POST", "/api/predictions", new byte[26 * 1024 * 1024],
				Map.of("Content-Type", "image/jpeg")), 413, "limit of 25 MB per file");
	}

	private static void assertProblem(Response response, int status, String detail) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asText()).contains(detail);
	}

	/**
	 * Without a Redis URL nothing of Redis is configured: the history is in memory, and
	 * no health component reports a Redis nobody asked for.
	 */
	@Test
	void withoutARedisUrlTheHistoryIsInMemoryAndNothingConnects(@Autowired ApplicationContext context) {
		assertThat(context.getBean(RecentResults.class)).isInstanceOf(MemoryHistory.class);
		assertThat(context.getBeanNamesForType(RedisConnectionFactory.class)).isEmpty();
		JsonNode components = api().get("/actuator/health").body().get("components");
		assertThat(components.has("redis")).isFalse();
		assertThat(components.has("history")).isFalse();
	}

	@Test
	void prometheusShowsRequestQueueBatchAndInferenceMetricsPerModel() {
		api().predict(List.of(Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"))),
				Map.of("model", "mobilenet_v2_onnx"));
		Response metrics = api().get("/actuator/prometheus");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.contentType()).startsWith("text/plain");
		for (String series : List.of("classifier_request_time_seconds_count", "classifier_queue_time_seconds_count",
				"classifier_inference_time_seconds_count", "classifier_batch_size_count")) {
			assertThat(count(metrics.text(), series, "mobilenet_v2_onnx")).as(series).isGreaterThanOrEqualTo(1);
		}
		assertThat(count(metrics.text(), "classifier_queue_depth", "mobilenet_v2")).as("images waiting").isZero();
	}

	/**
	 * The value of a series of the Prometheus text format for one model, or -1 when it is
	 * not there.
	 */
	private static double count(String exposition, String series, String model) {
		return exposition.lines()
			.filter(line -> line.startsWith(series + "{") && line.contains("model=\"" + model + "\""))
			.mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(-1);
	}

	@Test
	void modelsVersionAndReadinessDescribeTheServer() {
		JsonNode models = api().get("/api/models").body();
		assertThat(models.get("defaultModel").asText()).isEqualTo("mobilenet_v2");
		Map<String, JsonNode> byName = new LinkedHashMap<>();
		models.get("models").forEach(m -> byName.put(m.get("name").asText(), m));
		assertThat(byName).containsOnlyKeys("mobilenet_v2", "mobilenet_v2_int8", "mobilenet_v2_onnx", "vit_mnist");
		assertThat(byName.get("mobilenet_v2").get("engine").asText()).isEqualTo("PyTorch");
		assertThat(byName.get("mobilenet_v2").get("isDefault").asBoolean()).isTrue();
		assertThat(byName.get("mobilenet_v2_onnx").get("engine").asText()).isEqualTo("OnnxRuntime");
		assertThat(byName.get("vit_mnist").get("classes").asInt()).isEqualTo(10);
		// vit_mnist mixes the images of a batch: found at start, and served one
		// image at a time.
		assertThat(byName.get("vit_mnist").get("inputShape").toString()).isEqualTo("[1,1,28,28]");
		assertThat(byName.get("mobilenet_v2").get("inputShape").toString()).isEqualTo("[-1,3,224,224]");
		assertThat(byName.get("mobilenet_v2_int8").get("inputShape").toString()).isEqualTo("[1,3,224,224]");

		JsonNode version = api().get("/api/version").body();
		assertThat(version.get("app").asText()).isEqualTo("1.0.0");
		assertThat(version.get("djl").asText()).isEqualTo("0.35.1");
		assertThat(version.get("engines").get("PyTorch").asText()).isEqualTo("2.7.1");
		assertThat(version.get("engines").get("OnnxRuntime").asText()).startsWith("1.");

		Response readiness = api().get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.body().get("status").asText()).isEqualTo("UP");
		assertThat(readiness.body().get("components").get("models").get("details").get("mobilenet_v2").asText())
			.isEqualTo("PyTorch, ready");
		assertThat(api().get("/actuator/health/liveness").status()).isEqualTo(200);
	}

}
