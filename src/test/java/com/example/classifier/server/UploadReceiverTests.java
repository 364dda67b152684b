package com.example.classifier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.SharedData;

/**
 * Upload bodies are received without a thread: clients that send slowly or stall hold no
 * thread (the server has only eight here), beyond a bound they are refused at once, too
 * slow they are answered 408, and every file they left is deleted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "classifier.load=mobilenet_v2", "server.tomcat.threads.max=8",
				"classifier.uploads.max-receiving=20", "classifier.uploads.grace=3s" })
class UploadReceiverTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ServletContext servletContext;

	final List<Socket> stalled = new ArrayList<>();

	/** An upload that announces 100 kB and sends a few bytes of it. */
	Socket stalledUpload() throws IOException {
		Socket socket = new Socket("localhost", port);
		socket.setSoTimeout(15_000);
		String body = "--B\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n"
				+ "Content-Type: image/jpeg\r\n\r\nxx";
		String head = "POST /api/predictions HTTP/1.1\r\nHost: localhost\r\n"
				+ "Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 100000\r\n\r\n";
		socket.getOutputStream().write((head + body).getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	@AfterEach
	void closeStalled() throws Exception {
		for (Socket socket : stalled) {
			socket.close();
		}
		stalled.clear();
		waitForNoneReceiving();
	}

	@Test
	void stalledUploadsHoldNoThreadSoPagesHealthAndOtherUploadsAreAnswered() throws Exception {
		// Twice as many stalled uploads as the server has threads: read with
		// blocking reads, they took them all.
		for (int i = 0; i < 16; i++) {
			stalled.add(stalledUpload());
		}
		waitUntilReceiving(16);

		ApiClient api = new ApiClient(port);
		assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(api.get("/").status()).isEqualTo(200);
		Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
		ApiClient.Response answer = api.predict(List.of(photo), Map.of());
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).contains("tiger cat");
	}

	@Test
	void uploadsBeyondTheBoundAreRefusedAtOnceAndTheirPlacesComeBack() throws Exception {
		for (int i = 0; i < 20; i++) {
			stalled.add(stalledUpload());
		}
		waitUntilReceiving(20);
		try (Socket refused = stalledUpload()) {
			// Read to the end: the answer comes, and the connection is closed
			// without waiting for the body.
			assertThat(readToEnd(refused.getInputStream())).startsWith("HTTP/1.1 503")
				.contains("Retry-After: 1")
				.contains("the server is receiving 20 uploads, the most it takes at once");
		}
		for (Socket socket : stalled) {
			socket.close();
		}
		stalled.clear();
		waitForNoneReceiving();

		ApiClient api = new ApiClient(port);
		Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
		assertThat(api.predict(List.of(photo), Map.of()).status()).isEqualTo(200);
		// Uploads to routes that take none are answered for what they are.
		assertThat(api.predict("/api/models", List.of(photo), Map.of()).status()).isEqualTo(405);
		assertThat(api.predict("/api/nothing-here", List.of(photo), Map.of()).status()).isEqualTo(404);
	}

	@Test
	void anUploadTricklingBelowTheMinimumRateIsAnswered408AndClosed() throws Exception {
		double before = meters.counter("classifier.uploads.too.slow").count();
		try (Socket trickling = stalledUpload()) {
			Thread sender = new Thread(() -> trickle(trickling));
			sender.start();
			String answer = readToEnd(trickling.getInputStream());
			sender.join(15_000);
			assertThat(answer).startsWith("HTTP/1.1 408")
				.contains("Connection: close")
				.contains("the upload arrived too slowly")
				.contains("after its first 3 s an upload must arrive at 500 bytes per second or more");
		}
		assertThat(meters.counter("classifier.uploads.too.slow").count()).isEqualTo(before + 1);
	}

	@Test
	void everyReceivedBodyIsDeletedOnceAnswered() throws Exception {
		ApiClient api = new ApiClient(port);
		Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
		assertThat(api.predict(List.of(photo), Map.of()).status()).isEqualTo(200);
		stalled.add(stalledUpload());
		waitUntilReceiving(1);
		stalled.get(0).close();
		waitForNoneReceiving();

		assertThat(meters.get("classifier.uploads.held").gauge().value()).isZero();
		Path temp = ((File) servletContext.getAttribute(ServletContext.TEMPDIR)).toPath();
		try (Stream<Path> left = Files.list(temp)) {
			assertThat(left.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.startsWith("upload-"));
		}
	}

	@Test
	void formFieldsLargerThanTheServerReadsIntoMemoryAreRefusedUnread() {
		// Each field is read whole into a string: beyond Tomcat's form limit (2
		// MB), four such uploads at once ended a 160 MB heap before this limit
		// was applied to received bodies too.
		ApiClient api = new ApiClient(port);
		Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
		ApiClient.Response refused = api.predict(List.of(photo), Map.of("model", "m".repeat(3_000_000)));
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.body().get("title").asText()).isEqualTo("Form fields too large");
		assertThat(refused.body().get("detail").asText())
			.startsWith("the form's fields (all but the files) take more than 2 MB");
		assertThat(refused.text()).hasSizeLessThan(1000);
	}

	/**
	 * One byte every 200 ms (5 bytes a second, a hundredth of the minimum), until the
	 * server closes.
	 */
	private static void trickle(Socket socket) {
		try {
			OutputStream out = socket.getOutputStream();
			for (int i = 0; i < 100; i++) {
				out.write('y');
				out.flush();
				Thread.sleep(200);
			}
		}
		catch (IOException | InterruptedException ex) {
			// closed by the server
		}
	}

	private void waitUntilReceiving(int count) throws InterruptedException {
		for (int i = 0; i < 100 && receiving() < count; i++) {
			Thread.sleep(100);
		}
		assertThat(receiving()).isEqualTo(count);
	}

	private void waitForNoneReceiving() throws InterruptedException {
		for (int i = 0; i < 100 && receiving() > 0; i++) {
			Thread.sleep(100);
		}
		assertThat(receiving()).isZero();
	}

	private double receiving() {
		return meters.get("classifier.uploads.receiving").gauge().value();
	}

	private static String readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		in.transferTo(bytes);
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
