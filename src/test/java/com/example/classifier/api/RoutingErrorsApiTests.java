package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests that no route takes (a wrong method, a wrong content type, an unknown path)
 * are refused before any controller runs: programs still get problem+json saying what to
 * do, browsers the error page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoutingErrorsApiTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	HttpResponse<String> send(String method, String path, String contentType, String accept) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, contentType == null ? BodyPublishers.noBody() : BodyPublishers.ofString("{}"))
			.header("Accept", accept);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

	static JsonNode problem(HttpResponse<String> response) throws Exception {
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		return new ObjectMapper().readTree(response.body());
	}

	@Test
	void aWrongMethodSaysWhichOneTheRouteTakes() throws Exception {
		HttpResponse<String> response = send("GET", "/api/predictions", null, "application/json");
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		JsonNode problem = problem(response);
		assertThat(problem.get("status").asInt()).isEqualTo(405);
		assertThat(problem.get("detail").asText()).isEqualTo("GET is not allowed on /api/predictions; it takes POST");
	}

	@Test
	void jsonInsteadOfAnUploadSaysToSendMultipart() throws Exception {
		HttpResponse<String> response = send("POST", "/api/predictions", "application/json", "*/*");
		assertThat(response.statusCode()).isEqualTo(415);
		// The types in Spring's order, which varies.
		assertThat(problem(response).get("detail").asText())
			.startsWith("Content-Type application/json is not accepted on /api/predictions; it takes ")
			.contains("multipart/form-data", "image/*", "application/octet-stream");
	}

	@Test
	void anUnknownPathPointsToTheApiDescription() throws Exception {
		HttpResponse<String> response = send("GET", "/api/nothing-here", null, "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		JsonNode problem = problem(response);
		assertThat(problem.get("title").asText()).isEqualTo("Not Found");
		assertThat(problem.get("detail").asText())
			.isEqualTo("there is nothing at /api/nothing-here; the API is described at /v3/api-docs");
		assertThat(problem.get("instance").asText()).isEqualTo("/api/nothing-here");
	}

	@Test
	void aBrowserGetsThePageNotJson() throws Exception {
		HttpResponse<String> response = send("GET", "/no-such-page", null, "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("navbar");
	}

	@Test
	void anAcceptHeaderWithoutJsonIsToldWhatTheRouteAnswers() throws Exception {
		HttpResponse<String> response = send("GET", "/api/models", null, "application/xml");
		assertThat(response.statusCode()).isEqualTo(406);
		assertThat(problem(response).get("detail").asText()).isEqualTo("/api/models answers application/json "
				+ "(and errors as application/problem+json), which the request's Accept header does not allow");
	}

	@Test
	void theErrorPathAskedForDirectlyIsNotAServerError() throws Exception {
		HttpResponse<String> json = send("GET", "/error", null, "application/json");
		assertThat(json.statusCode()).isEqualTo(404);
		assertThat(problem(json).get("detail").asText())
			.isEqualTo("there is nothing at /error; the API is described at /v3/api-docs");
		HttpResponse<String> page = send("GET", "/error", null, "text/html");
		assertThat(page.statusCode()).isEqualTo(404);
		assertThat(page.body()).contains("There is no page at this address.");
	}

	@Test
	void aBrowserSendingTheWrongMethodIsNotToldToRetry() throws Exception {
		HttpResponse<String> page = send("PUT", "/", null, "text/html");
		assertThat(page.statusCode()).isEqualTo(405);
		assertThat(page.body()).contains("This address does not take this kind of request.").doesNotContain("retried");
	}

}
