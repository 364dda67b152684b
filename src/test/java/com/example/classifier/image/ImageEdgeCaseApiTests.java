package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;

/** Every file of images/edge, large and bad through the API, as their EXPECTED.tsv files say. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageEdgeCaseApiTests {

	private static final Pattern TOP1 = Pattern.compile("top-1 (\\d+) ");

	@LocalServerPort
	int port;

	static Stream<Arguments> validImages() {
		return Stream.of("edge", "large").flatMap(folder -> SharedData.tsv(SharedData.images(folder).resolve("EXPECTED.tsv"))
			.stream()
			.map(row -> Arguments.of(folder + "/" + row[0], row[1])));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("validImages")
	void validImageGetsItsExpectedTopClass(String file, String expected) {
		Response response = new ApiClient(port).predict(List.of(Part.of(SharedData.images("").resolve(file))), Map.of());
		assertThat(response.status()).as("%s: %s", file, response.body()).isEqualTo(200);
		JsonNode result = response.body().get("results").get(0);
		assertThat(result.get("predictions")).hasSize(5);
		Matcher top1 = TOP1.matcher(expected);
		if (top1.lookingAt()) {
			assertThat(result.get("predictions").get(0).get("index").asInt()).as(file)
				.isEqualTo(Integer.parseInt(top1.group(1)));
		}
	}

	@Test
	void exifOrientationIsAppliedSoTheSizeIsUpright() {
		Path edge = SharedData.images("edge");
		JsonNode rotated = new ApiClient(port).predict(List.of(Part.of(edge.resolve("cat_exif_rotated.jpg"))), Map.of())
			.body().get("results").get(0);
		JsonNode upright = new ApiClient(port).predict(List.of(Part.of(edge.resolve("cat.bmp"))), Map.of())
			.body().get("results").get(0);
		assertThat(rotated.get("width").asInt()).isEqualTo(upright.get("width").asInt());
		assertThat(rotated.get("height").asInt()).isEqualTo(upright.get("height").asInt());
	}

	static Stream<Arguments> badFiles() {
		return Stream.of(Arguments.of("empty.jpg", 400, "empty.jpg: empty file"),
				Arguments.of("text.jpg", 415, "text.jpg: not an image: looks like text"),
				Arguments.of("html.png", 415, "html.png: not an image: looks like HTML"),
				Arguments.of("vector.svg", 415, "vector.svg: SVG is not supported"),
				Arguments.of("header_only.jpg", 400, "header_only.jpg: the JPEG file cannot be decoded"),
				Arguments.of("bomb_30000x30000.png", 413,
						"bomb_30000x30000.png: image is 30000x30000 = 900 megapixels, the limit is 60 megapixels"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badFiles")
	void badFileIsRefusedClearly(String file, int status, String detail) {
		Response response = new ApiClient(port).predict(List.of(Part.of(SharedData.images("bad").resolve(file))), Map.of());
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("status").asInt()).isEqualTo(status);
		assertThat(response.body().get("title").asText()).isNotBlank();
		assertThat(response.body().get("detail").asText()).startsWith(detail).doesNotContain("Exception");
	}

	@Test
	void truncatedJpegIsClassifiedFromWhatDecodes() {
		Response response = new ApiClient(port)
			.predict(List.of(Part.of(SharedData.images("bad").resolve("truncated.jpg"))), Map.of());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().get("results").get(0).get("predictions")).hasSize(5);
	}

	@Test
	void theServerIsHealthyAfterTheBadFiles() {
		ApiClient api = new ApiClient(port);
		badFiles().forEach(arguments -> api.predict(
				List.of(Part.of(SharedData.images("bad").resolve((String) arguments.get()[0]))), Map.of()));
		assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
		Response cat = api.predict(List.of(Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"))), Map.of());
		assertThat(cat.body().get("results").get(0).get("predictions").get(0).get("index").asInt()).isEqualTo(282);
	}
}
