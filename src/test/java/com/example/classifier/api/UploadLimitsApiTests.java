package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;

/**
 * The servlet container's multipart limits answer as problem+json naming the limit, like
 * every other refusal.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UploadLimitsApiTests {

	@LocalServerPort
	int port;

	@Test
	void aFileOverTheFileLimitIs413() {
		Response response = new ApiClient(port).predict(List.of(new Part("huge.jpg", new byte[26 << 20])), Map.of());
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asText())
			.isEqualTo("a file is larger than the limit of 25 MB per file");
	}

	@Test
	void aRequestOverTheRequestLimitIs413() {
		Part big = new Part("big.jpg", new byte[24 << 20]);
		Response response = new ApiClient(port).predict(List.of(big, big, big), Map.of());
		assertThat(response.status()).isEqualTo(413);
		assertThat(response.body().get("detail").asText())
			.isEqualTo("the upload is larger than the limit of 60 MB per request (and 25 MB per file)");
	}

	@Test
	void tooManyPartsIs400() {
		Part tiny = new Part("tiny.jpg", new byte[] { 1 });
		Response response = new ApiClient(port).predict(Collections.nCopies(12, tiny), Map.of());
		assertThat(response.status()).as("%s", response.body()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body().get("detail").asText())
			.isEqualTo("the upload has more than 10 parts: send at most the images, model and topK fields");
	}

	@Test
	void aLongFileNameInAnyScriptIsAccepted() {
		String name = "猫".repeat(190) + ".jpg";
		Part photo = new Part(name, SharedData.read(SharedData.images("photos").resolve("caffe_cat.jpg")));
		Response response = new ApiClient(port).predict(List.of(photo), Map.of());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body().get("results").get(0).get("filename").asText()).isEqualTo(name);
	}

	@Test
	void aFileNameLongerThanThePartHeaderLimitIsNamedAsSuch() {
		Part photo = new Part("a".repeat(5000) + ".jpg", new byte[] { 1 });
		Response response = new ApiClient(port).predict(List.of(photo), Map.of());
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body().get("detail").asText()).isEqualTo("a file's name (with the other headers of its "
				+ "part) is longer than 4 kB: rename the file and send it again");
	}

}
