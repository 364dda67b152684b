package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.servlet.MockMvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OpenAPI description at /v3/api-docs describes every endpoint of SPEC with its
 * errors, and Swagger UI is served.
 */
@SpringBootTest(properties = "classifier.load=mobilenet_v2")
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocsTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	/**
	 * Every endpoint of SPEC's JSON API (and issue 21's explanations, issue 22's model
	 * management), with the error statuses it documents.
	 */
	private static final Map<String, List<String>> ERRORS = Map.of("post /api/predictions",
			List.of("400", "404", "413", "415", "503", "500"), "get /api/predictions/recent", List.of("500"),
			"get /api/models", List.of("500"), "get /api/version", List.of("500"), "post /api/explanations",
			List.of("400", "404", "413", "415", "503", "500"), "post /api/models/{name}",
			List.of("401", "403", "404", "422", "500"), "delete /api/models/{name}",
			List.of("401", "403", "404", "409", "500"));

	@Autowired
	MockMvc mvc;

	@Autowired
	ObjectMapper json;

	JsonNode docs;

	@BeforeAll
	void fetchDocs() throws Exception {
		String body = mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		docs = json.readTree(body);
	}

	@Test
	void describesEveryEndpointOfSpecWithItsErrorsAsProblemJson() {
		assertThat(docs.path("openapi").asText()).startsWith("3.");
		ERRORS.forEach((endpoint, errors) -> {
			String method = endpoint.substring(0, endpoint.indexOf(' '));
			String path = endpoint.substring(endpoint.indexOf(' ') + 1);
			JsonNode operation = docs.path("paths").path(path).path(method);
			assertThat(operation.isObject()).as("%s is described", endpoint).isTrue();
			assertThat(operation.path("summary").asText()).as("%s has a summary", endpoint).isNotBlank();
			JsonNode responses = operation.path("responses");
			if (method.equals("delete")) {
				assertThat(responses.has("204")).as("%s answers 204", endpoint).isTrue();
			}
			else {
				assertThat(responses.path(method.equals("post") && path.contains("{name}") ? "201" : "200")
					.path("content")
					.has("application/json")).as("%s answers application/json", endpoint).isTrue();
			}
			for (String status : errors) {
				JsonNode error = responses.path(status);
				assertThat(error.path("description").asText()).as("%s %s is described", endpoint, status).isNotBlank();
				assertThat(error.path("content").path(PROBLEM_JSON).path("schema").path("$ref").asText())
					.as("%s %s is application/problem+json", endpoint, status)
					.isEqualTo("#/components/schemas/Problem");
			}
		});
		List<String> others = new ArrayList<>();
		docs.path("paths").fieldNames().forEachRemaining(path -> {
			if (!path.startsWith("/api/")) {
				others.add(path);
			}
		});
		assertThat(docs.path("paths").size() - others.size()).as("the JSON API's own paths")
			.isEqualTo(ERRORS.keySet()
				.stream()
				.map(endpoint -> endpoint.substring(endpoint.indexOf(' ')))
				.distinct()
				.count());
		// Besides it, only the protocols of other servers, each with its own error shape.
		assertThat(others).allMatch(path -> path.equals("/ping") || path.startsWith("/predictions/")
				|| path.equals("/v2") || path.startsWith("/v2/"));
		assertThat(docs.at("/paths/~1predictions~1{model}/put/responses/404/content/application~1json/schema/$ref")
			.asText()).isEqualTo("#/components/schemas/TorchServeError");
		assertThat(
				docs.at("/paths/~1v2~1models~1{model}~1infer/post/responses/400/content/application~1json/schema/$ref")
					.asText())
			.isEqualTo("#/components/schemas/InferenceError");
		assertThat(docs.at("/paths/~1api~1predictions/post/requestBody/content").has("image/*")).isTrue();
		assertThat(docs.path("paths")
			.path("/api/predictions")
			.path("post")
			.path("responses")
			.path("503")
			.path("headers")
			.has("Retry-After")).isTrue();
		assertThat(docs.path("info").path("version").asText()).isNotBlank();
	}

	@Test
	void describesTheProblemShape() {
		JsonNode problem = docs.path("components").path("schemas").path("Problem");
		assertThat(problem.path("properties").has("status")).isTrue();
		assertThat(problem.path("properties").has("title")).isTrue();
		assertThat(problem.path("properties").has("detail")).isTrue();
	}

	@Test
	void describesTheMultipartUploadAndItsLimits() {
		JsonNode post = docs.path("paths").path("/api/predictions").path("post");
		JsonNode form = post.path("requestBody").path("content").path("multipart/form-data").path("schema");
		JsonNode images = form.path("properties").path("images");
		assertThat(images.path("type").asText()).isEqualTo("array");
		assertThat(images.path("items").path("format").asText()).isEqualTo("binary");
		assertThat(images.path("minItems").asInt()).isEqualTo(1);
		assertThat(images.path("maxItems").asInt()).isEqualTo(3);
		assertThat(form.path("required").toString()).contains("images");
		assertThat(form.path("properties").path("model").path("type").asText()).isEqualTo("string");
		assertThat(form.path("properties").path("topK").path("type").asText()).isEqualTo("integer");
		assertThat(form.path("properties").path("topK").path("default").asInt()).isEqualTo(5);
		assertThat(docs.path("info").path("description").asText()).contains("3 images per request", "25 MB per file",
				"60 megapixels", "application/problem+json");
		JsonNode result = docs.path("components").path("schemas").path("Classified").path("properties");
		assertThat(result.has("filename") && result.has("width") && result.has("height") && result.has("predictions"))
			.isTrue();
		assertThat(result.has("thumbnail")).as("thumbnails are not part of the API").isFalse();
	}

	@Test
	void servesSwaggerUiFromTheJar() throws Exception {
		mvc.perform(get("/swagger-ui.html"))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl("/swagger-ui/index.html"));
		mvc.perform(get("/swagger-ui/index.html"))
			.andExpect(status().isOk())
			.andExpect(content().string(org.hamcrest.Matchers.containsString("swagger-ui")));
		mvc.perform(get("/swagger-ui/swagger-ui-bundle.js")).andExpect(status().isOk());
		String config = mvc.perform(get("/v3/api-docs/swagger-config"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(json.readTree(config).path("url").asText()).isEqualTo("/v3/api-docs");
	}

}
