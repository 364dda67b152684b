package com.example.classifier.torchserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;
import com.example.classifier.support.SharedData.ExpectedPhoto;

/**
 * TorchServe's inference API as its documentation's curl examples call it (pytorch/serve
 * docs/inference_api.md: {@code curl http://localhost:8080/ping},
 * {@code curl http://localhost:8080/predictions/resnet-18 -T kitten_small.jpg}, and
 * {@code -F "data=@kitten_small.jpg"}), on the real models and the shared photos.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TorchServeApiTests {

	@LocalServerPort
	int port;

	ApiClient api() {
		return new ApiClient(port);
	}

	static List<ExpectedPhoto> photos() {
		return SharedData.expectedPhotos();
	}

	@Test
	void pingIsHealthyWhenReady() {
		Response ping = api().get("/ping");
		assertThat(ping.status()).isEqualTo(200);
		assertThat(ping.body().get("status").asText()).isEqualTo("Healthy");
	}

	/** {@code curl -T}: a PUT of the raw file, no Content-Type of its own. */
	@ParameterizedTest(name = "{0}")
	@MethodSource("photos")
	void eachPhotoAsTheBodyGetsTorchvisionsTopFiveAsLabelsToProbabilities(ExpectedPhoto expected) {
		Response response = api().send("PUT", "/predictions/mobilenet_v2", SharedData.photo(expected.file()), Map.of());
		assertThat(response.status()).isEqualTo(200);
		List<String> labels = new ArrayList<>();
		List<Double> probabilities = new ArrayList<>();
		for (Iterator<Map.Entry<String, JsonNode>> fields = response.body().fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			labels.add(field.getKey());
			probabilities.add(field.getValue().asDouble());
		}
		assertThat(labels).hasSize(5);
		for (int i = 0; i < 5; i++) {
			assertThat(probabilities.get(i)).as("probability %d of %s", i + 1, expected.file())
				.isCloseTo(expected.probabilities()[i], within(0.0001));
		}
		assertThat(probabilities).isSortedAccordingTo((a, b) -> Double.compare(b, a));
	}

	@Test
	void theDocumentedFormsAllAnswerTheSame() {
		byte[] kitten = SharedData.photo("caffe_cat.jpg");
		Response put = api().send("PUT", "/predictions/mobilenet_v2", kitten, Map.of());
		Response post = api().send("POST", "/predictions/mobilenet_v2", kitten, Map.of("Content-Type", "image/jpeg"));
		Response form = api().form("/predictions/mobilenet_v2",
				Map.of("data", List.of(new Part("kitten_small.jpg", kitten))));
		Response versioned = api().send("PUT", "/predictions/mobilenet_v2/1.0", kitten, Map.of());
		// What curl --data-binary sends without a Content-Type of its own.
		Response curlDefault = api().send("POST", "/predictions/mobilenet_v2", kitten,
				Map.of("Content-Type", "application/x-www-form-urlencoded"));
		for (Response response : List.of(put, post, form, versioned, curlDefault)) {
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(put.body());
		}
		assertThat(put.body().fieldNames().next()).isEqualTo("tiger cat");
		// Through the same path as every upload: the recent results show them (a raw
		// body has no file name: "data", as TorchServe calls its input).
		List<String> recent = new ArrayList<>();
		api().get("/api/predictions/recent").body().get("results").forEach(r -> recent.add(r.get("filename").asText()));
		assertThat(recent).startsWith("data", "data", "kitten_small.jpg", "data", "data");
	}

	@Test
	void badInputGetsTorchServesErrorShapeWithTheAppsStatuses() {
		byte[] kitten = SharedData.photo("caffe_cat.jpg");
		assertError(api().send("PUT", "/predictions/nope", kitten, Map.of()), 404, "ModelNotFoundException",
				"no model named 'nope'");
		assertError(api().send("PUT", "/predictions/mobilenet_v2/2.0", kitten, Map.of()), 404,
				"ModelVersionNotFoundException", "version 1.0 only");
		assertError(api().send("POST", "/predictions/mobilenet_v2", new byte[0], Map.of()), 400, "BadRequestException",
				"body is empty");
		assertError(api().send("PUT", "/predictions/mobilenet_v2", "not an image".getBytes(), Map.of()), 415,
				"UnsupportedMediaTypeException", "not an image: looks like text");
		assertError(api().send("PUT", "/predictions/mobilenet_v2", java.util.Arrays.copyOf(kitten, 300), Map.of()), 400,
				"BadRequestException", "data: ");
		assertError(
				api().form("/predictions/mobilenet_v2",
						Map.of("data", List.of(new Part("a.jpg", kitten), new Part("b.jpg", kitten)))),
				400, "BadRequestException", "one image per request");
		assertError(api().form("/predictions/mobilenet_v2", Map.of("file", List.of(new Part("a.jpg", kitten)))), 400,
				"BadRequestException", "no part named data");
		assertError(api().send("PUT", "/predictions/mobilenet_v2", new byte[26 * 1024 * 1024], Map.of()), 413,
				"RequestEntityTooLargeException", "25 MB");
		assertError(api().get("/predictions/mobilenet_v2"), 405, "MethodNotAllowedException", "GET is not allowed");
	}

	private static void assertError(Response response, int status, String type, String message) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.body().get("code").asInt()).isEqualTo(status);
		assertThat(response.body().get("type").asText()).isEqualTo(type);
		assertThat(response.body().get("message").asText()).contains(message);
		assertThat(response.text()).doesNotContain("Exception:", "at com.", "java.");
	}

}
