package com.example.classifier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;

/**
 * What the server answers at its edges, for every route: Tomcat's own errors, cross-site
 * posts, security headers, content negotiation, what the metrics show anyone, and
 * requests answered before their body was read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "classifier.load=mobilenet_v2")
class HttpEdgesTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterFilter exceptionNamesHidden;

	final Part cat = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));

	final Part dog = Part.of(SharedData.images("photos").resolve("serve_dog.jpg"));

	@Test
	void aRequestTomcatCannotParseIsAnsweredAsAProblem() throws IOException {
		String answer = raw("GET /?a=| HTTP/1.1\r\nHost: localhost\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 400")
			.contains("Content-Type: application/problem+json")
			.contains("\"detail\":\"the request is not valid HTTP")
			.doesNotContain("<html");
	}

	@Test
	void aPostThatABrowserSaysCameFromAnotherSiteIsRefusedAndLeavesTheHistoryAlone() {
		ApiClient api = new ApiClient(port);
		String recentBefore = api.get("/api/predictions/recent").text();
		for (Map<String, String> crossSite : List.of(Map.of("Sec-Fetch-Site", "cross-site"),
				Map.of("Sec-Fetch-Site", "same-site"), Map.of("Origin", "https://attacker.example"))) {
			Response refused = api.predict("/api/predictions", List.of(cat), Map.of(), crossSite);
			assertThat(refused.status()).as(crossSite.toString()).isEqualTo(403);
			assertThat(refused.body().get("detail").asText())
				.startsWith("the browser says another site sent this request");
			Response page = api.predict("/", List.of(cat), Map.of(), crossSite);
			assertThat(page.status()).isEqualTo(403);
			assertThat(page.text()).contains("the browser says another site sent this request", "<form");
		}
		assertThat(api.get("/api/predictions/recent").text()).isEqualTo(recentBefore);
		// Routes of neither the API nor the page (static files, unknown paths)
		// refuse it too.
		for (String path : List.of("/favicon.svg", "/no-such-thing")) {
			assertThat(api.predict(path, List.of(cat), Map.of(), Map.of("Sec-Fetch-Site", "cross-site")).status())
				.as(path)
				.isEqualTo(403);
		}

		// The page's own form, a browser's direct upload, and programs (which
		// send neither header) are served.
		assertThat(api.predict("/", List.of(cat), Map.of(), Map.of("Sec-Fetch-Site", "same-origin")).status())
			.isEqualTo(200);
		assertThat(api.predict("/api/predictions", List.of(cat), Map.of(), Map.of("Origin", "http://localhost:" + port))
			.status()).isEqualTo(200);
		// Behind a proxy that rewrites Host and says so.
		assertThat(api
			.predict("/api/predictions", List.of(cat), Map.of(),
					Map.of("Origin", "https://classify.example", "X-Forwarded-Host", "classify.example"))
			.status()).isEqualTo(200);
		assertThat(api.predict(List.of(cat), Map.of()).status()).isEqualTo(200);
	}

	@Test
	void everyAnswerForbidsSniffingAndFraming() {
		ApiClient api = new ApiClient(port);
		for (String path : List.of("/", "/api/models", "/api/nothing-here", "/actuator/health",
				"/swagger-ui/index.html", "/v3/api-docs")) {
			Response answer = api.get(path);
			assertThat(answer.headers().getFirst("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
			assertThat(answer.headers().getFirst("Content-Security-Policy")).as(path)
				.contains("default-src 'self'", "frame-ancestors 'none'");
		}
	}

	@Test
	void aClientAcceptingOnlyProblemDetailsGetsItsAnswerInJson() {
		ApiClient api = new ApiClient(port);
		Map<String, String> accept = Map.of("Accept", "application/problem+json");
		Response models = api.get("/api/models", accept);
		assertThat(models.status()).isEqualTo(200);
		assertThat(models.contentType()).startsWith("application/json");
		Response classified = api.predict("/api/predictions", List.of(cat), Map.of(), accept);
		assertThat(classified.status()).isEqualTo(200);
		assertThat(classified.contentType()).startsWith("application/json");
		Response refused = api.predict("/api/predictions", List.of(cat), Map.of("model", "nope"), accept);
		assertThat(refused.status()).isEqualTo(404);
		assertThat(refused.contentType()).startsWith("application/problem+json");
	}

	@Test
	void metricsShowNoPathNoDiskAndNoClassName() {
		String metrics = new ApiClient(port).get("/actuator/prometheus").text();
		assertThat(metrics).doesNotContain("disk_free", "disk_total", System.getProperty("user.dir"));
		assertThat(new ApiClient(port).get("/actuator/metrics/disk.free").status()).isEqualTo(404);

		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.config().meterFilter(exceptionNamesHidden);
		Timer failed = registry.timer("http.server.requests", "exception", "UnknownModelException", "error",
				"UnknownModelException", "status", "404");
		Timer fine = registry.timer("http.server.requests", "exception", "none", "status", "200");
		assertThat(failed.getId().getTag("exception")).isEqualTo("thrown");
		assertThat(failed.getId().getTag("error")).isEqualTo("thrown");
		assertThat(failed.getId().getTag("status")).isEqualTo("404");
		assertThat(fine.getId().getTag("exception")).isEqualTo("none");
	}

	@Test
	void aRequestsImagesAreRememberedInTheOrderTheyWereSent() {
		ApiClient api = new ApiClient(port);
		Part first = new Part("first-" + System.nanoTime() + ".jpg", cat.bytes());
		Part second = new Part("second-" + System.nanoTime() + ".jpg", dog.bytes());
		assertThat(api.predict(List.of(first, second), Map.of()).status()).isEqualTo(200);
		var recent = api.get("/api/predictions/recent").body().get("results");
		assertThat(recent.get(0).get("filename").asText()).isEqualTo(first.filename());
		assertThat(recent.get(1).get("filename").asText()).isEqualTo(second.filename());
	}

	@Test
	void aGetAnsweredBeforeItsDeclaredBodyKeepsItsAnswerWholeAndIsClosed() throws IOException {
		String answer = raw("GET /api/models HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n\r\nabc");
		assertThat(answer).startsWith("HTTP/1.1 200")
			.contains("\"defaultModel\"")
			.doesNotContain("Internal Server Error", "\"status\":500");
	}

	/** Sends the bytes and reads the answer until the server closes the connection. */
	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			socket.getInputStream().transferTo(answer);
			return answer.toString(StandardCharsets.UTF_8);
		}
	}

}
