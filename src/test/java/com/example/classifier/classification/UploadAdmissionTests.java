package com.example.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.SharedData;

/**
 * Clients that start an upload and then send nothing: beyond the bound they are refused at once and their connection
 * closed, and the server keeps answering everyone else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "classifier.load=mobilenet_v2", "classifier.requests.max-uploads-in-progress=2" })
class UploadAdmissionTests {

	@LocalServerPort
	int port;

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

	@Test
	void stalledUploadsBeyondTheBoundAreRefusedAtOnceAndTheServerKeepsAnswering() throws Exception {
		List<Socket> stalled = new ArrayList<>();
		try {
			stalled.add(stalledUpload());
			stalled.add(stalledUpload());
			Thread.sleep(500);

			try (Socket third = stalledUpload()) {
				long start = System.nanoTime();
				String answer = readToEnd(third.getInputStream());
				long millis = (System.nanoTime() - start) / 1_000_000;
				assertThat(answer).startsWith("HTTP/1.1 503").contains("Retry-After: 1")
					.contains("the server is handling 2 uploads, the most it takes at once");
				// Closed without waiting for the rest of the body (which would take the 20 s connection timeout).
				assertThat(millis).as("ms until the refused connection closed").isLessThan(5_000);
			}
			ApiClient api = new ApiClient(port);
			assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
			assertThat(api.get("/api/models").status()).isEqualTo(200);
			// Uploads to routes that take none are answered for what they are, not counted against the bound.
			Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
			assertThat(api.predict("/api/models", List.of(photo), Map.of()).status()).isEqualTo(405);
			assertThat(api.predict("/api/nothing-here", List.of(photo), Map.of()).status()).isEqualTo(404);
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
		// The stalled uploads' places are given back once their clients are gone.
		ApiClient api = new ApiClient(port);
		Part photo = Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"));
		int status = 0;
		for (int attempt = 0; attempt < 50 && status != 200; attempt++) {
			status = api.predict(List.of(photo), Map.of()).status();
			if (status != 200) {
				Thread.sleep(200);
			}
		}
		assertThat(status).isEqualTo(200);
	}

	private static String readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		in.transferTo(bytes);
		return bytes.toString(StandardCharsets.UTF_8);
	}
}
