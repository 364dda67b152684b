package com.example.classifier.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.util.HtmlUtils;

import com.example.classifier.model.ModelRegistry;
import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;

/** Every file of images/edge, large and bad through the page's form (no script), as their EXPECTED.tsv say. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImagesThroughThePageTests {

	private static final Pattern TOP1 = Pattern.compile("top-1 (\\d+) ");

	private static final Pattern FIRST_LABEL = Pattern.compile("class=\"prediction-label[^\"]*\">([^<]*)<");

	@LocalServerPort
	int port;

	@Autowired
	ModelRegistry models;

	static Stream<Arguments> validImages() {
		return Stream.of("edge", "large").flatMap(folder -> SharedData.tsv(SharedData.images(folder).resolve("EXPECTED.tsv"))
			.stream()
			.map(row -> Arguments.of(folder + "/" + row[0], row[1])));
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("validImages")
	void validImageShowsItsExpectedTopClass(String file, String expected) {
		Response page = new ApiClient(port).predict("/", List.of(Part.of(SharedData.images("").resolve(file))), Map.of());
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		Matcher label = FIRST_LABEL.matcher(page.text());
		assertThat(label.find()).as("a top class on the page for %s", file).isTrue();
		Matcher top1 = TOP1.matcher(expected);
		if (top1.lookingAt()) {
			String expectedLabel = models.get(null).labels().get(Integer.parseInt(top1.group(1)));
			assertThat(HtmlUtils.htmlUnescape(label.group(1))).isEqualTo(expectedLabel);
		}
	}

	static Stream<Arguments> badFiles() {
		return Stream.of(Arguments.of("empty.jpg", 400, "empty file"),
				Arguments.of("text.jpg", 415, "not an image: looks like text"),
				Arguments.of("html.png", 415, "not an image: looks like HTML"),
				Arguments.of("vector.svg", 415, "SVG is not supported"),
				Arguments.of("header_only.jpg", 400, "the JPEG file cannot be decoded"),
				Arguments.of("bomb_30000x30000.png", 413, "image is 30000x30000 = 900 megapixels, the limit is 60 megapixels"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badFiles")
	void badFileIsRefusedOnThePageWithTheSameMessage(String file, int status, String message) {
		Response page = new ApiClient(port).predict("/", List.of(Part.of(SharedData.images("bad").resolve(file))), Map.of());
		assertThat(page.status()).isEqualTo(status);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(HtmlUtils.htmlUnescape(page.text())).contains(message).doesNotContain("Exception");
	}
}
