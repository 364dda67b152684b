package com.example.classifier.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClient.RequestHeadersSpec.ConvertibleClientHttpResponse;

/** Real HTTP to the running app, answers as JSON whatever their status. */
public final class ApiClient {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final RestClient client;

	/**
	 * @param bytes the body as it came (a binary answer)
	 */
	public record Response(int status, String contentType, JsonNode body, HttpHeaders headers, String text,
			byte[] bytes) {
	}

	public record Part(String filename, byte[] bytes) {

		public static Part of(Path file) {
			return new Part(file.getFileName().toString(), SharedData.read(file));
		}
	}

	public ApiClient(int port) {
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory();
		factory.setReadTimeout(Duration.ofSeconds(30));
		this.client = RestClient.builder().baseUrl("http://localhost:" + port).requestFactory(factory).build();
	}

	public Response predict(List<Part> images, Map<String, String> fields) {
		return predict("/api/predictions", images, fields);
	}

	public Response predict(String path, List<Part> images, Map<String, String> fields) {
		return predict(path, images, fields, Map.of());
	}

	/**
	 * An upload with these request headers too (a browser's Origin or Sec-Fetch-Site, an
	 * Accept).
	 */
	public Response predict(String path, List<Part> images, Map<String, String> fields, Map<String, String> headers) {
		return upload(path, "images", images, fields, headers);
	}

	/** {@code POST /api/explanations}: the files as parts named {@code image}. */
	public Response explain(List<Part> images, Map<String, String> fields) {
		return upload("/api/explanations", "image", images, fields, Map.of());
	}

	private Response upload(String path, String partName, List<Part> images, Map<String, String> fields,
			Map<String, String> headers) {
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		for (Part image : images) {
			form.add(partName, new ByteArrayResource(image.bytes()) {
				@Override
				public String getFilename() {
					return image.filename();
				}
			});
		}
		fields.forEach(form::add);
		return client.post()
			.uri(path)
			.headers(sent -> headers.forEach(sent::set))
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(form)
			.exchange(ApiClient::read);
	}

	/**
	 * Any method with a raw body (an image as it is, a JSON inference request), these
	 * headers, no Content-Type unless given.
	 */
	public Response send(String method, String path, byte[] body, Map<String, String> headers) {
		return client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.headers(sent -> headers.forEach(sent::set))
			.body(body)
			.exchange(ApiClient::read);
	}

	/** A multipart form of these file parts, each under its own part name. */
	public Response form(String path, Map<String, List<Part>> files) {
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		files.forEach((name, parts) -> parts.forEach(part -> form.add(name, new ByteArrayResource(part.bytes()) {
			@Override
			public String getFilename() {
				return part.filename();
			}
		})));
		return client.post().uri(path).contentType(MediaType.MULTIPART_FORM_DATA).body(form).exchange(ApiClient::read);
	}

	public Response get(String path) {
		return get(path, Map.of());
	}

	public Response get(String path, Map<String, String> headers) {
		return client.get().uri(path).headers(sent -> headers.forEach(sent::set)).exchange(ApiClient::read);
	}

	private static Response read(HttpRequest request, ConvertibleClientHttpResponse response) throws IOException {
		byte[] body = response.getBody().readAllBytes();
		MediaType type = response.getHeaders().getContentType();
		JsonNode json = type != null && type.toString().contains("json") && body.length > 0 ? JSON.readTree(body)
				: null;
		return new Response(response.getStatusCode().value(), type == null ? "" : type.toString(), json,
				response.getHeaders(), new String(body, java.nio.charset.StandardCharsets.UTF_8), body);
	}

}
