package com.example.classifier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.example.classifier.support.ContainerFlagsApp;
import com.example.classifier.support.RawHttp;
import com.example.classifier.support.RawHttp.Answer;
import com.example.classifier.support.RawHttp.Part;
import com.example.classifier.support.SharedData;

/**
 * Issue 15's slow clients against the packaged app with the container image's settings:
 * 250 clients declaring large bodies they trickle one byte every 5 s (half on
 * {@code GET /}, half on a {@code text/plain} POST that is refused) and 150 uploads
 * trickling the same way, each reconnecting whenever the server drops it, for 60 s
 * ({@code -Dslow-clients.seconds}). Throughout, the home page and readiness answer within
 * 5 s and other uploads are classified, with fewer threads (50) than slow uploads.
 */
class SlowClientsIT {

	private static final Duration PAGE_BOUND = Duration.ofSeconds(5);

	private static ContainerFlagsApp app;

	@BeforeAll
	static void start() throws Exception {
		// Fewer threads than slow uploads: were any of them to hold a thread
		// while its body arrives, pages and uploads would wait for one (the
		// mechanism under test, not the machine's speed, decides the outcome).
		app = ContainerFlagsApp.start("--server.tomcat.threads.max=50");
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
	}

	/**
	 * A client that sends its head, then one byte of its body per tick, and starts again
	 * when dropped.
	 */
	final class SlowClient {

		private final String head;

		private Socket socket;

		SlowClient(String head) {
			this.head = head;
		}

		void tick() {
			try {
				if (socket == null) {
					socket = new Socket();
					socket.connect(new InetSocketAddress("localhost", app.port()), 2_000);
					socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
				}
				OutputStream out = socket.getOutputStream();
				out.write('y');
				out.flush();
			}
			catch (IOException ex) {
				dropped.incrementAndGet();
				close();
			}
		}

		void close() {
			try {
				if (socket != null) {
					socket.close();
				}
			}
			catch (IOException ex) {
				// gone already
			}
			socket = null;
		}

	}

	final AtomicInteger dropped = new AtomicInteger();

	@Test
	void pagesHealthAndUploadsAreAnsweredWhile400ClientsTrickle() throws Exception {
		List<SlowClient> clients = new ArrayList<>();
		for (int i = 0; i < 125; i++) {
			clients.add(new SlowClient("GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n\r\n"));
			clients
				.add(new SlowClient("POST /api/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\n"
						+ "Content-Length: 100000000\r\n\r\n"));
		}
		for (int i = 0; i < 150; i++) {
			clients.add(new SlowClient("POST /api/predictions HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Type: multipart/form-data; boundary=B\r\nContent-Length: 1000000\r\n\r\n"
					+ "--B\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n"
					+ "Content-Type: image/jpeg\r\n\r\n"));
		}
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		trickle.scheduleWithFixedDelay(() -> clients.forEach(SlowClient::tick), 0, 5, TimeUnit.SECONDS);

		byte[] photo = Files.readAllBytes(SharedData.images("photos").resolve("serve_kitten.jpg"));
		long seconds = Long.getLong("slow-clients.seconds", 60);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<String> failures = new ArrayList<>();
		Duration slowestPage = Duration.ZERO;
		int uploads = 0;
		int mostReceiving = 0;
		try {
			while (System.nanoTime() < end) {
				for (String path : List.of("/", "/actuator/health/readiness")) {
					Answer answer = RawHttp.get(app.port(), path, PAGE_BOUND);
					slowestPage = answer.took().compareTo(slowestPage) > 0 ? answer.took() : slowestPage;
					if (answer.status() != 200 || answer.took().compareTo(PAGE_BOUND) > 0) {
						failures.add(path + ": " + answer.status() + " in " + answer.took().toMillis() + " ms");
					}
				}
				Answer upload = RawHttp.post(app.port(), "/api/predictions",
						List.of(Part.file("images", "serve_kitten.jpg", photo)), Duration.ofSeconds(20));
				uploads++;
				if (upload.status() != 200 || !upload.body().contains("\"predictions\"")) {
					failures.add("upload: " + upload.status() + " " + upload.body());
				}
				mostReceiving = Math.max(mostReceiving, receiving());
				Thread.sleep(500);
			}
		}
		finally {
			trickle.shutdownNow();
			trickle.awaitTermination(10, TimeUnit.SECONDS);
			clients.forEach(SlowClient::close);
		}

		System.out.printf(
				"slow clients: %d uploads classified, slowest page %d ms, up to %d uploads being received, "
						+ "%d drops and reconnections%n",
				uploads, slowestPage.toMillis(), mostReceiving, dropped.get());
		assertThat(app.alive()).as("the JVM is alive").isTrue();
		assertThat(failures).as("pages, readiness and uploads during the attack").isEmpty();
		// The attack was in effect: the slow uploads were being received, and
		// the slow bodies were dropped.
		assertThat(mostReceiving).isGreaterThanOrEqualTo(100);
		assertThat(dropped.get()).isGreaterThanOrEqualTo(250);
	}

	private static int receiving() {
		Matcher gauge = Pattern.compile("(?m)^classifier_uploads_receiving\\{[^}]*\\} ([0-9.]+)")
			.matcher(RawHttp.get(app.port(), "/actuator/prometheus", PAGE_BOUND).body());
		return gauge.find() ? (int) Double.parseDouble(gauge.group(1)) : -1;
	}

}
