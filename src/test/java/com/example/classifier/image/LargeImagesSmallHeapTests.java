package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.sun.management.ThreadMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;

/**
 * Large uploads at once in a JVM held to {@code -Xmx512m} (surefire runs this class in
 * its own JVM, execution "small-heap"): 48-megapixel JPEGs, which decoded at full size
 * would need 144 MB of pixels each, and more bytes of uploads than the heap can hold.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "classifier.load=mobilenet_v2")
class LargeImagesSmallHeapTests {

	@LocalServerPort
	int port;

	@Test
	void eightConcurrent48MegapixelUploadsSucceedIn512MegabytesOfHeap() throws Exception {
		long maxHeap = Runtime.getRuntime().maxMemory();
		assertThat(maxHeap).as("this test must run with -Xmx512m").isLessThanOrEqualTo(512L * 1024 * 1024);
		Part photo = Part.of(SharedData.images("large").resolve("cat_8000x6000.jpg"));
		ApiClient api = new ApiClient(port);
		// What the decode threads allocate, counted by the JVM per thread:
		// unlike the heap's peak, which holds whatever garbage the collector
		// has not yet reclaimed, it does not depend on when the collector runs.
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		Map<Long, Long> before = decodeThreadAllocations(threads);
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Response>> responses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				responses.add(clients.submit(() -> api.predict(List.of(photo), Map.of())));
			}
			for (Future<Response> future : responses) {
				Response response = future.get();
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body().get("results").get(0).get("width").asInt()).isEqualTo(8000);
				assertThat(response.body().get("results").get(0).get("predictions").get(0).get("index").asInt())
					.isEqualTo(285);
			}
		}
		finally {
			clients.shutdownNow();
		}
		long allocated = 0;
		for (Map.Entry<Long, Long> thread : decodeThreadAllocations(threads).entrySet()) {
			allocated += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
		}
		long fullSize = 8000L * 6000 * 3;
		System.out.printf("eight concurrent 48-megapixel uploads: the decode threads allocated %d MB (%d MB per image; "
				+ "full-size pixels: %d MB each)%n", allocated >> 20, (allocated / 8) >> 20, fullSize >> 20);
		// Decoded at full size, each image would allocate its 144 MB of pixels
		// (and a copy), whatever the heap.
		assertThat(allocated / 8).as("bytes the decode threads allocated per image").isLessThan(fullSize / 4);
	}

	/** Bytes allocated so far by each live decode thread, by thread id. */
	private static Map<Long, Long> decodeThreadAllocations(ThreadMXBean threads) {
		Map<Long, Long> allocations = new HashMap<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().matches("decode-[0-9]+")) {
				allocations.put(thread.getId(), threads.getThreadAllocatedBytes(thread.getId()));
			}
		}
		return allocations;
	}

	/**
	 * Twelve requests of three 19 MB files (684 MB of uploads, more than the heap) at
	 * once: the files wait in the servlet container's temporary files and are read by the
	 * decode threads, two at a time. Read when each request arrived, they ran the heap
	 * out (and a container with {@code -XX:+ExitOnOutOfMemoryError} out of the JVM).
	 */
	@Test
	void moreUploadedBytesThanTheHeapHoldsAreClassifiedWithoutRunningItOut(@TempDir Path dir) throws Exception {
		long maxHeap = Runtime.getRuntime().maxMemory();
		assertThat(maxHeap).as("this test must run with -Xmx512m").isLessThanOrEqualTo(512L * 1024 * 1024);
		// The 48-megapixel JPEG padded to 19 MB (decoders stop at its end
		// marker): the largest files the limits allow three of in one request.
		List<Path> files = new ArrayList<>();
		for (String name : List.of("a.jpg", "b.jpg", "c.jpg")) {
			Path file = Files.copy(SharedData.images("large").resolve("cat_8000x6000.jpg"), dir.resolve(name));
			try (RandomAccessFile padded = new RandomAccessFile(file.toFile(), "rw")) {
				padded.setLength(19_000_000);
			}
			files.add(file);
		}
		int requests = 12;
		assertThat(requests * 3 * 19_000_000L).isGreaterThan(maxHeap);
		HttpClient http = HttpClient.newHttpClient();
		List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			responses.add(http.sendAsync(streamedUpload(files), HttpResponse.BodyHandlers.ofString()));
		}
		for (CompletableFuture<HttpResponse<String>> future : responses) {
			HttpResponse<String> response = future.get(5, TimeUnit.MINUTES);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode results = new ObjectMapper().readTree(response.body()).get("results");
			assertThat(results).hasSize(3);
			for (JsonNode result : results) {
				assertThat(result.get("predictions").get(0).get("index").asInt()).isEqualTo(285);
			}
		}
	}

	/**
	 * A multipart request whose files are streamed from disk, so that the test itself
	 * holds none of them.
	 */
	private HttpRequest streamedUpload(List<Path> files) throws IOException {
		String boundary = "----upload" + System.nanoTime();
		List<HttpRequest.BodyPublisher> body = new ArrayList<>();
		for (Path file : files) {
			body.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; "
					+ "name=\"images\"; filename=\"" + file.getFileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n"));
			body.add(HttpRequest.BodyPublishers.ofFile(file));
			body.add(HttpRequest.BodyPublishers.ofString("\r\n"));
		}
		body.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/predictions"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.concat(body.toArray(HttpRequest.BodyPublisher[]::new)))
			.build();
	}

}
