package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;

/**
 * Eight 48-megapixel JPEGs at once in a JVM held to {@code -Xmx512m} (surefire runs this class in its own JVM,
 * execution "small-heap"): decoded at full size they would need 8 x 144 MB of pixels; subsampled they fit.
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
		List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter(pool -> pool.getType() == MemoryType.HEAP)
			.toList();
		System.gc();
		heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
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
		long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
		System.out.printf("peak heap during eight concurrent 48-megapixel uploads: %d MB of %d MB%n", peak >> 20,
				maxHeap >> 20);
		assertThat(peak).isLessThan(maxHeap);
	}
}
