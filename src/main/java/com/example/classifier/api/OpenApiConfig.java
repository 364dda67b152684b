package com.example.classifier.api;

import java.util.List;
import java.util.Locale;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import com.example.classifier.classification.ClassificationProperties;
import com.example.classifier.image.ImageLimits;
import com.example.classifier.model.ModelProperties;
import com.example.classifier.engine.VersionInfo;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;

/**
 * The OpenAPI 3 description of the JSON API ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}). The controllers' annotations say what each endpoint does and
 * which errors it answers; this adds what they share: every error is an RFC 9457 problem
 * ({@code application/problem+json}), a server failure is a 500 problem on every
 * endpoint, and the limits are the configured ones.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

	static final String PROBLEM = "Problem";

	static final String TORCHSERVE_ERROR = "TorchServeError";

	static final String INFERENCE_ERROR = "InferenceError";

	/**
	 * A health route's not-ready answer is its own JSON ({"status": "Unhealthy"},
	 * {"ready": false}).
	 */
	private static boolean isHealthAnswer(String path, String code) {
		return (path.equals("/ping") || path.endsWith("/ready")) && (code.equals("503") || code.equals("400"));
	}

	private static Schema<?> torchServeErrorSchema() {
		return new ObjectSchema().description("An error as TorchServe writes it")
			.addProperty("code", new IntegerSchema().description("the HTTP status").example(404))
			.addProperty("type", new StringSchema().example("ModelNotFoundException"))
			.addProperty("message", new StringSchema().description("what to do, in the app's words"));
	}

	private static Schema<?> inferenceErrorSchema() {
		return new ObjectSchema().description("An error as the Open Inference Protocol writes it")
			.addProperty("error", new StringSchema().description("what to do, in the app's words"));
	}

	@Bean
	OpenAPI classifierOpenApi(ClassificationProperties requests, ImageLimits images, MultipartProperties multipart,
			ModelProperties models, VersionInfo versions) {
		String limits = String.format(Locale.ROOT,
				"Limits: %d images per request, %d MB per file and %d MB per request, %.0f megapixels per image.",
				requests.maxImages(), multipart.getMaxFileSize().toMegabytes(),
				multipart.getMaxRequestSize().toMegabytes(), images.maxPixels() / 1e6);
		// Relative: "Try it out" then calls the host the page came from, also
		// behind an HTTPS proxy (Heroku).
		return new OpenAPI().servers(List.of(new Server().url("/").description("this server")))
			.info(new Info().title("Image classifier API")
				.version(versions.getApp())
				.description("Classifies images with PyTorch and ONNX models served through DJL. The default model is "
						+ models.defaultModel() + "; GET /api/models lists the others.\n\n" + limits
						+ "\n\nErrors are `application/problem+json` (RFC 9457) with `status`, `title` and a `detail` "
						+ "a person can act on: 4xx for the client's mistakes, 503 with `Retry-After` when busy."));
	}

	/**
	 * Every error response of the API, declared by an annotation or not, is a problem; a
	 * 500 is on every endpoint. (The Problem schema is added here, after the generated
	 * schemas, which would replace it if set earlier.)
	 */
	@Bean
	OpenApiCustomizer problemResponses() {
		return openApi -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas(PROBLEM, problemSchema());
			openApi.getComponents().addSchemas(TORCHSERVE_ERROR, torchServeErrorSchema());
			openApi.getComponents().addSchemas(INFERENCE_ERROR, inferenceErrorSchema());
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
				// Each protocol's errors in its own shape.
				String schema = path.startsWith("/v2") ? INFERENCE_ERROR
						: path.startsWith("/predictions") || path.equals("/ping") ? TORCHSERVE_ERROR : PROBLEM;
				String type = schema.equals(PROBLEM) ? MediaType.APPLICATION_PROBLEM_JSON_VALUE
						: MediaType.APPLICATION_JSON_VALUE;
				ApiResponses responses = operation.getResponses() != null ? operation.getResponses()
						: new ApiResponses();
				operation.setResponses(responses);
				responses.computeIfAbsent("500", code -> new ApiResponse()
					.description("The server failed to answer; the error is logged and the request can be retried."));
				responses.forEach((code, response) -> {
					if ((code.startsWith("4") || code.startsWith("5")) && !isHealthAnswer(path, code)) {
						response
							.setContent(new Content().addMediaType(type, new io.swagger.v3.oas.models.media.MediaType()
								.schema(new Schema<>().$ref("#/components/schemas/" + schema))));
					}
					if (code.equals("503")) {
						response.addHeaderObject(HttpHeaders.RETRY_AFTER,
								new Header().description("seconds to wait before trying again")
									.schema(new IntegerSchema()));
					}
				});
			}));
		};
	}

	/**
	 * POST /api/predictions takes one image as the raw body too (a second handler,
	 * hidden): the same operation with two more content types.
	 */
	@Bean
	OpenApiCustomizer rawBody() {
		return openApi -> {
			PathItem predictions = openApi.getPaths() != null ? openApi.getPaths().get("/api/predictions") : null;
			if (predictions == null || predictions.getPost() == null
					|| predictions.getPost().getRequestBody() == null) {
				return;
			}
			Content content = predictions.getPost().getRequestBody().getContent();
			for (String type : List.of("image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE)) {
				content.addMediaType(type, new io.swagger.v3.oas.models.media.MediaType()
					.schema(new StringSchema().format("binary").description("one image file, as it is")));
			}
			predictions.getPost()
				.description(predictions.getPost().getDescription() + " One image can also be sent as the whole "
						+ "body (Content-Type image/* or application/octet-stream; model, topK and filename in the "
						+ "query): the same answer, without building or parsing a form.");
		};
	}

	/**
	 * The upload's limits as the schema of its form: the images field is required, with
	 * the configured count.
	 */
	@Bean
	OpenApiCustomizer uploadLimits(ClassificationProperties requests) {
		return openApi -> {
			PathItem predictions = openApi.getPaths() != null ? openApi.getPaths().get("/api/predictions") : null;
			if (predictions == null || predictions.getPost() == null
					|| predictions.getPost().getRequestBody() == null) {
				return;
			}
			io.swagger.v3.oas.models.media.MediaType form = predictions.getPost()
				.getRequestBody()
				.getContent()
				.get(MediaType.MULTIPART_FORM_DATA_VALUE);
			if (form != null && form.getSchema() != null && form.getSchema().getProperties() != null) {
				Schema<?> images = (Schema<?>) form.getSchema().getProperties().get("images");
				if (images != null) {
					images.minItems(1).maxItems(requests.maxImages());
					form.getSchema().required(List.of("images"));
				}
			}
			predictions.getPost().getRequestBody().required(true);
		};
	}

	private static Schema<?> problemSchema() {
		return new ObjectSchema().description("An RFC 9457 problem detail")
			.addProperty("type", new StringSchema().format("uri").example("about:blank"))
			.addProperty("title", new StringSchema().description("the kind of problem").example("Too many images"))
			.addProperty("status", new IntegerSchema().description("the HTTP status").example(400))
			.addProperty("detail",
					new StringSchema().description("what went wrong, in terms a person can act on")
						.example("at most 3 images per request, got 4"))
			.addProperty("instance", new StringSchema().format("uri").example("/api/predictions"))
			.addProperty("retryAfterSeconds", new IntegerSchema().description("on 503: when to try again"))
			.required(List.of("type", "title", "status", "detail"));
	}

}
