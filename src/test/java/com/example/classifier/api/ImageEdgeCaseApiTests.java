package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
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
import com.example.classifier.support.ProgressiveJpeg;
import com.example.classifier.support.SharedData;
import com.example.classifier.support.SharedData.BadFile;
import com.example.classifier.support.SharedData.ExpectedImage;

/**
 * Every file of images/edge, large and bad through the API, as their EXPECTED.tsv files
 * say.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageEdgeCaseApiTests {

	@LocalServerPort
	int port;

	static List<ExpectedImage> validImages() {
		return SharedData.expectedEdgeAndLargeImages();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validImages")
	void validImageGetsItsExpectedTopClass(ExpectedImage image) {
		Response response = new ApiClient(port).predict(List.of(Part.of(image.path())), Map.of());
		assertThat(response.status()).as("%s: %s", image.file(), response.body()).isEqualTo(200);
		JsonNode result = response.body().get("results").get(0);
		assertThat(result.get("predictions")).hasSize(5);
		if (image.top1() >= 0) {
			assertThat(result.get("predictions").get(0).get("index").asInt()).as(image.file()).isEqualTo(image.top1());
		}
	}

	@Test
	void exifOrientationIsAppliedSoTheSizeIsUpright() {
		Path edge = SharedData.images("edge");
		JsonNode rotated = new ApiClient(port).predict(List.of(Part.of(edge.resolve("cat_exif_rotated.jpg"))), Map.of())
			.body()
			.get("results")
			.get(0);
		JsonNode upright = new ApiClient(port).predict(List.of(Part.of(edge.resolve("cat.bmp"))), Map.of())
			.body()
			.get("results")
			.get(0);
		assertThat(rotated.get("width").asInt()).isEqualTo(upright.get("width").asInt());
		assertThat(rotated.get("height").asInt()).isEqualTo(upright.get("height").asInt());
	}

	static List<BadFile> badFiles() {
		return SharedData.badFiles();
	}

	@Test
	void everyFileOfBadIsTested() {
		List<String> tested = new ArrayList<>(badFiles().stream().map(BadFile::file).toList());
		tested.add("truncated.jpg");
		assertThat(SharedData.tsv(SharedData.images("bad").resolve("EXPECTED.tsv")).stream().map(row -> row[0]))
			.containsExactlyInAnyOrderElementsOf(tested);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badFiles")
	void badFileIsRefusedClearly(BadFile bad) {
		Response response = new ApiClient(port).predict(List.of(Part.of(bad.path())), Map.of());
		assertThat(response.status()).isEqualTo(bad.status());
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("status").asInt()).isEqualTo(bad.status());
		assertThat(response.body().get("title").asText()).isNotBlank();
		assertThat(response.body().get("detail").asText()).startsWith(bad.file() + ": " + bad.message())
			.doesNotContain("Exception");
	}

	@Test
	void aJpegWithHundredsOfScansIsRefusedBeforeItCostsSecondsOfCpu() {
		byte[] bomb = ProgressiveJpeg.withExtraScans(4000, 3000, 1000);
		long start = System.nanoTime();
		Response response = new ApiClient(port).predict(List.of(new Part("scans.jpg", bomb)), Map.of());
		long millis = (System.nanoTime() - start) / 1_000_000;
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asText())
			.startsWith("scans.jpg: the JPEG file has 1010 scans, the limit is 64");
		// Decoded, its 1,010 scans would take about 20 s of CPU here (19 ms
		// each at 12 megapixels).
		assertThat(millis).as("answered without decoding").isLessThan(5_000);
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
		badFiles().forEach(bad -> api.predict(List.of(Part.of(bad.path())), Map.of()));
		assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
		Response cat = api.predict(List.of(Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"))), Map.of());
		assertThat(cat.body().get("results").get(0).get("predictions").get(0).get("index").asInt()).isEqualTo(282);
	}

}
