package com.example.classifier.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
import com.example.classifier.support.SharedData.BadFile;
import com.example.classifier.support.SharedData.ExpectedImage;

/**
 * Every file of images/edge, large and bad through the page's form (no script), as their
 * EXPECTED.tsv say.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImagesThroughThePageTests {

	private static final Pattern FIRST_LABEL = Pattern.compile("class=\"prediction-label[^\"]*\">([^<]*)<");

	@LocalServerPort
	int port;

	@Autowired
	ModelRegistry models;

	static List<ExpectedImage> validImages() {
		return SharedData.expectedEdgeAndLargeImages();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validImages")
	void validImageShowsItsExpectedTopClass(ExpectedImage image) {
		Response page = new ApiClient(port).predict("/", List.of(Part.of(image.path())), Map.of());
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		Matcher label = FIRST_LABEL.matcher(page.text());
		assertThat(label.find()).as("a top class on the page for %s", image.file()).isTrue();
		if (image.top1() >= 0) {
			String expectedLabel = models.get(null).labels().get(image.top1());
			assertThat(HtmlUtils.htmlUnescape(label.group(1))).isEqualTo(expectedLabel);
		}
	}

	@Test
	void truncatedJpegIsClassifiedFromWhatDecodes() {
		Response page = new ApiClient(port).predict("/",
				List.of(Part.of(SharedData.images("bad").resolve("truncated.jpg"))), Map.of());
		assertThat(page.status()).isEqualTo(200);
		assertThat(FIRST_LABEL.matcher(page.text()).find()).as("a top class on the page").isTrue();
	}

	static List<BadFile> badFiles() {
		return SharedData.badFiles();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badFiles")
	void badFileIsRefusedOnThePageWithTheSameMessage(BadFile bad) {
		Response page = new ApiClient(port).predict("/", List.of(Part.of(bad.path())), Map.of());
		assertThat(page.status()).isEqualTo(bad.status());
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(HtmlUtils.htmlUnescape(page.text())).contains(bad.message()).doesNotContain("Exception");
	}

}
