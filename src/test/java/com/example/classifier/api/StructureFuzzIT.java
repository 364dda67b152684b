package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import com.example.classifier.support.ContainerFlagsApp;
import com.example.classifier.support.RawHttp;
import com.example.classifier.support.RawHttp.Answer;
import com.example.classifier.support.RawHttp.Part;
import com.example.classifier.support.StructureFuzzer;

/**
 * Structure-aware hostile files ({@link StructureFuzzer}, seeded) sent by four clients,
 * through each route that takes an image in turn, to the packaged app under the container
 * image's JVM flags, for a bounded time: no 5xx, the JVM alive, no answer over 20 s, and
 * anonymous memory growing over the idle app's by no more than its whole heap (committed
 * heap is resident only once touched, so the idle figure holds little of it), the
 * decoders' native budget and what glibc may keep of it.
 */
class StructureFuzzIT {

	private static final Duration BUDGET = Duration.ofSeconds(90);

	/**
	 * Beside the heap's own growth: the image's {@code decode-native-memory}, glibc's
	 * trim threshold (freed memory it may keep), and 40 MB for code, metaspace and thread
	 * stacks.
	 */
	private static long nativeGrowthBoundMegabytes() {
		String decoders = ContainerFlagsApp.imageEnvironment().get("CLASSIFIER_IMAGES_DECODENATIVEMEMORY");
		return DataSize.parse(decoders).toMegabytes() + 64 + 40;
	}

	/**
	 * A heap figure of the app, in bytes, from its own metrics (all heap pools together).
	 */
	private static long heap(ContainerFlagsApp app, String metric) throws Exception {
		Answer answer = RawHttp.get(app.port(), "/actuator/metrics/" + metric + "?tag=area:heap",
				Duration.ofSeconds(10));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body())
			.get("measurements")
			.get(0)
			.get("value")
			.asLong();
	}

	/**
	 * Case by case, each route that takes an image: the app's form, TorchServe's raw
	 * body, the Open Inference Protocol's base64 BYTES.
	 */
	private static Answer send(int port, int i, byte[] file) {
		return switch (i % 3) {
			case 0 -> RawHttp.post(port, "/api/predictions", List.of(Part.file("images", "fuzz", file)),
					Duration.ofSeconds(60));
			case 1 -> RawHttp.send(port, "PUT", "/predictions/mobilenet_v2", "application/octet-stream", file,
					Duration.ofSeconds(60));
			default -> RawHttp.send(port, "POST", "/v2/models/mobilenet_v2/infer", "application/json",
					("{\"inputs\": [{\"name\": \"fuzz\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\""
							+ java.util.Base64.getEncoder().encodeToString(file) + "\"]}]}")
						.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					Duration.ofSeconds(60));
		};
	}

	@Test
	void structureAwareHostileFilesNeverHarmTheServer() throws Exception {
		StructureFuzzer fuzzer = new StructureFuzzer(20261201L);
		int cases = 3000;
		try (ContainerFlagsApp app = ContainerFlagsApp.start()) {
			RawHttp.post(app.port(), "/api/predictions",
					List.of(Part.file("images", "warm-up.jpg", java.nio.file.Files.readAllBytes(
							com.example.classifier.support.SharedData.images("photos").resolve("serve_kitten.jpg")))),
					Duration.ofSeconds(60));
			// The JPEG cases go to libjpeg-turbo, inside the app's JVM.
			Answer health = RawHttp.get(app.port(), "/actuator/health/readiness", Duration.ofSeconds(10));
			assertThat(health.body()).contains("\"jpegDecoder\":\"libjpeg-turbo");
			long idleAnonymous = app.anonymousMegabytes();
			long heapMb = heap(app, "jvm.memory.max") >> 20;
			ExecutorService clients = Executors.newFixedThreadPool(4);
			AtomicInteger next = new AtomicInteger();
			AtomicLong slowest = new AtomicLong();
			AtomicLong peakAnonymous = new AtomicLong();
			List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
			int[] statuses = new int[6];
			long end = System.nanoTime() + BUDGET.toNanos();
			List<Future<?>> running = new ArrayList<>();
			for (int c = 0; c < 4; c++) {
				running.add(clients.submit(() -> {
					int i;
					while (System.nanoTime() < end && (i = next.getAndIncrement()) < cases && app.alive()) {
						StructureFuzzer.Case fuzzCase = fuzzer.next();
						Answer answer = send(app.port(), i, fuzzCase.bytes());
						slowest.accumulateAndGet(answer.took().toMillis(), Math::max);
						synchronized (statuses) {
							statuses[answer.status() / 100]++;
						}
						if (answer.status() >= 500 || answer.status() == 0 || answer.took().toSeconds() >= 20) {
							failures.add("case " + i + " (" + fuzzCase.description() + "): " + answer.status()
									+ " after " + answer.took().toMillis() + " ms: " + answer.body());
						}
						peakAnonymous.accumulateAndGet(app.anonymousMegabytes(), Math::max);
					}
				}));
			}
			for (Future<?> client : running) {
				client.get();
			}
			clients.shutdown();
			System.out.printf(
					"structure fuzz: %d cases, 2xx %d, 4xx %d, 5xx %d, none %d; slowest %d ms; peak anonymous "
							+ "memory %d MB (idle %d MB, heap up to %d MB)%n",
					next.get(), statuses[2], statuses[4], statuses[5], statuses[0], slowest.get(), peakAnonymous.get(),
					idleAnonymous, heapMb);
			assertThat(app.alive()).as("the JVM is alive:\n" + app.logTail()).isTrue();
			assertThat(failures).isEmpty();
			assertThat(statuses[2]).as("some cases are still valid images").isPositive();
			assertThat(statuses[4]).isPositive();
			assertThat(peakAnonymous.get() - idleAnonymous).as("growth of anonymous MB, the heap up to " + heapMb)
				.isLessThan(heapMb + nativeGrowthBoundMegabytes());
			assertThat(app.readiness(Duration.ofSeconds(5))).isEqualTo(200);
		}
	}

}
