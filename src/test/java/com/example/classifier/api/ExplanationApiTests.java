package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;

/**
 * {@code POST /api/explanations} over real HTTP on the real models: the class, its
 * probability as classification gives it, the grid over the whole image (zero outside the
 * model's view), the heatmap as a PNG; every refusal as problem+json; beyond the
 * explanations allowed at once, 503 with Retry-After.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "classifier.explanations.max-concurrent=1")
class ExplanationApiTests {

	@LocalServerPort
	int port;

	private final Part cat = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));

	@Test
	void explainsThePhotosTopClassWithAGridOverTheWholeImageAndAHeatmap() throws Exception {
		Response response = new ApiClient(port).explain(List.of(cat), Map.of());
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		JsonNode body = response.body();
		assertThat(body.get("model").asText()).isEqualTo("mobilenet_v2");
		assertThat(body.get("filename").asText()).isEqualTo("caffe_cat.jpg");
		assertThat(body.get("width").asInt()).isEqualTo(480);
		assertThat(body.get("height").asInt()).isEqualTo(360);
		assertThat(body.get("index").asInt()).isEqualTo(282);
		assertThat(body.get("label").asText()).isEqualTo("tiger cat");
		// The probability classification gives (EXPECTED.tsv, four decimals).
		assertThat(body.get("probability").asDouble()).isCloseTo(0.3116, within(0.0001));
		assertThat(body.get("method").asText()).isEqualTo("occlusion");
		JsonNode grid = body.get("grid");
		assertThat(grid.get("rows").asInt()).isEqualTo(12);
		assertThat(grid.get("cols").asInt()).isEqualTo(16);
		JsonNode values = grid.get("values");
		assertThat(values).hasSize(12);
		double total = 0;
		for (JsonNode row : values) {
			assertThat(row).hasSize(16);
			for (JsonNode value : row) {
				assertThat(value.asDouble()).isGreaterThanOrEqualTo(0);
				total += value.asDouble();
			}
			// The model sees the center 315 of 480 columns: the first and last
			// cells (30 pixels each) are outside its view.
			assertThat(row.get(0).asDouble()).isZero();
			assertThat(row.get(15).asDouble()).isZero();
		}
		assertThat(total).isPositive();
		String heatmap = body.get("heatmap").asText();
		assertThat(heatmap).startsWith("data:image/png;base64,");
		BufferedImage picture = ImageIO.read(new ByteArrayInputStream(
				Base64.getDecoder().decode(heatmap.substring("data:image/png;base64,".length()))));
		assertThat(picture.getWidth()).isEqualTo(480);
		assertThat(picture.getHeight()).isEqualTo(360);
	}

	@Test
	void explainsAnyClassAskedForAndWorksOnEveryEngine() {
		Response tabby = new ApiClient(port).explain(List.of(cat), Map.of("index", "281"));
		assertThat(tabby.status()).as(tabby.text()).isEqualTo(200);
		assertThat(tabby.body().get("label").asText()).isEqualTo("tabby, tabby cat");
		assertThat(tabby.body().get("probability").asDouble()).isCloseTo(0.1549, within(0.0001));
		Response onnx = new ApiClient(port).explain(List.of(cat), Map.of("model", "mobilenet_v2_onnx"));
		assertThat(onnx.status()).as(onnx.text()).isEqualTo(200);
		assertThat(onnx.body().get("model").asText()).isEqualTo("mobilenet_v2_onnx");
		assertThat(onnx.body().get("index").asInt()).isEqualTo(282);
	}

	@Test
	void badRequestsGetTheirProblemInTheUsersTerms() {
		ApiClient api = new ApiClient(port);
		assertProblem(api.explain(List.of(), Map.of()), 400, "send one image file");
		assertProblem(api.explain(List.of(cat, cat), Map.of()), 400, "one image per explanation, got 2");
		assertProblem(api.explain(List.of(cat), Map.of("index", "1000")), 400,
				"index must be between 0 and 999 for model mobilenet_v2");
		assertProblem(api.explain(List.of(cat), Map.of("index", "-1")), 400, "index must be between 0 and 999");
		assertProblem(api.explain(List.of(cat), Map.of("index", "tiger")), 400, "index must be a whole number");
		assertProblem(api.explain(List.of(cat), Map.of("model", "nope")), 404, "nope");
		assertProblem(api.explain(List.of(new Part("notes.txt", "just text".getBytes())), Map.of()), 415, "");
		assertProblem(api.explain(List.of(new Part("empty.jpg", new byte[0])), Map.of()), 400, "empty");
	}

	@Test
	void beyondTheExplanationsAllowedAtOnceTheAnswerIs503WithRetryAfter() throws Exception {
		// One allowed here: while the first runs, the second is refused, not queued.
		List<Response> refused = new ArrayList<>();
		CompletableFuture<Response> first = CompletableFuture
			.supplyAsync(() -> new ApiClient(port).explain(List.of(cat), Map.of()));
		while (!first.isDone() && refused.isEmpty()) {
			// Once the first is being computed (the server's own gauge says so).
			JsonNode running = new ApiClient(port).get("/actuator/metrics/classifier.explanations.running").body();
			if (running.get("measurements").get(0).get("value").asDouble() < 1) {
				continue;
			}
			Response second = new ApiClient(port).explain(List.of(cat), Map.of("model", "mobilenet_v2_onnx"));
			if (second.status() == 503) {
				refused.add(second);
			}
		}
		assertThat(first.get().status()).isEqualTo(200);
		assertThat(refused).as("a second explanation while the first ran").isNotEmpty();
		Response busy = refused.get(0);
		assertThat(busy.contentType()).startsWith("application/problem+json");
		assertThat(busy.headers().getFirst("Retry-After")).isEqualTo("5");
		assertThat(busy.body().get("detail").asText()).contains("classification is not affected");
		// Classification is not held by it.
		assertThat(new ApiClient(port).predict(List.of(cat), Map.of()).status()).isEqualTo(200);
	}

	private static void assertProblem(Response response, int status, String detail) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asText()).contains(detail);
	}

}
