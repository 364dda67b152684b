package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.ImageMutator;
import com.example.classifier.support.SharedData;

/**
 * Damaged uploads over real HTTP, four clients at once: never a 5xx, never a hang, and
 * the server healthy after.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DamagedUploadsApiTests {

	@LocalServerPort
	int port;

	@Test
	void damagedUploadsGetAnAnswerAndLeaveTheServerHealthy() throws Exception {
		ImageMutator mutator = new ImageMutator(42L);
		List<ImageMutator.Mutant> cases = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			cases.add(mutator.next());
		}
		ApiClient api = new ApiClient(port);
		AtomicLong slowest = new AtomicLong();
		int ok = 0;
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < cases.size(); i++) {
				ImageMutator.Mutant mutant = cases.get(i);
				// The ONNX copy answers fastest; the decoding, the part under
				// test, is the same for every model.
				String model = i % 4 == 0 ? "mobilenet_v2" : "mobilenet_v2_onnx";
				statuses.add(clients.submit(() -> {
					long start = System.nanoTime();
					Response response = api.predict(List.of(new Part("mutant.bin", mutant.bytes())),
							Map.of("model", model));
					slowest.accumulateAndGet(System.nanoTime() - start, Math::max);
					assertThat(response.status()).as(mutant.description()).isLessThan(500);
					if (response.status() != 200) {
						assertThat(response.contentType()).as(mutant.description())
							.startsWith("application/problem+json");
						assertThat(response.body().get("detail").asText()).doesNotContain("Exception");
					}
					return response.status();
				}));
			}
			for (Future<Integer> status : statuses) {
				ok += status.get() == 200 ? 1 : 0;
			}
			System.out.printf("damaged uploads: %d classified, %d refused, slowest answer %d ms%n", ok,
					cases.size() - ok, slowest.get() / 1_000_000);
		}
		finally {
			clients.shutdownNow();
		}
		// Seeded: the same cases every run (about half survive their damage).
		// Every one is named mutant.bin, so each one classified was recognised
		// from its bytes.
		assertThat(ok).as("damaged uploads still classified").isGreaterThan(cases.size() / 4);
		assertThat(Duration.ofNanos(slowest.get())).isLessThan(Duration.ofSeconds(8));
		assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
		Response cat = api.predict(List.of(Part.of(SharedData.images("photos").resolve("caffe_cat.jpg"))), Map.of());
		assertThat(cat.body().get("results").get(0).get("predictions").get(0).get("index").asInt()).isEqualTo(282);
	}

}
