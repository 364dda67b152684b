package com.example.classifier.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Multipart uploads with the JDK's HTTP client, timed, for tests against an app in
 * another JVM.
 */
public final class RawHttp {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private RawHttp() {
	}

	/** One part of a form: a file when {@code filename} is given, else a field. */
	public record Part(String name, String filename, byte[] bytes) {

		public static Part file(String name, String filename, byte[] bytes) {
			return new Part(name, filename, bytes);
		}

		public static Part field(String name, String value) {
			return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
		}
	}

	/**
	 * An answer (status 0 and the failure as body when there was none) and how long it
	 * took.
	 */
	public record Answer(int status, String body, Duration took) {
	}

	public static Answer post(int port, String path, List<Part> parts, Duration timeout) {
		String boundary = "----raw" + System.nanoTime();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (Part part : parts) {
			String disposition = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
					+ (part.filename() != null
							? "; filename=\"" + part.filename() + "\"\r\nContent-Type: " + "application/octet-stream"
							: "")
					+ "\r\n\r\n";
			body.writeBytes(disposition.getBytes(StandardCharsets.UTF_8));
			body.writeBytes(part.bytes());
			body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(timeout)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		return send(request);
	}

	/**
	 * A multipart upload of one file streamed from disk, so that the test holds none of
	 * it.
	 */
	public static Answer postFile(int port, String path, String filename, Path file, Duration timeout) {
		String boundary = "----raw" + System.nanoTime();
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(timeout)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.concat(
						HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
								+ "name=\"images\"; filename=\"" + filename + "\"\r\n\r\n"),
						HttpRequest.BodyPublishers.ofFile(file),
						HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n")))
				.build();
			return send(request);
		}
		catch (java.io.FileNotFoundException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** A raw body (an image as it is, a JSON request) with this method and type. */
	public static Answer send(int port, String method, String path, String contentType, byte[] body, Duration timeout) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(timeout)
			.header("Content-Type", contentType)
			.method(method, HttpRequest.BodyPublishers.ofByteArray(body))
			.build());
	}

	public static Answer get(int port, String path, Duration timeout) {
		return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(timeout).build());
	}

	private static Answer send(HttpRequest request) {
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
		}
		catch (IOException ex) {
			return new Answer(0, ex.toString(), Duration.ofNanos(System.nanoTime() - start));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(0, ex.toString(), Duration.ofNanos(System.nanoTime() - start));
		}
	}

}
