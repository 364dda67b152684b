package com.example.classifier.inference;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.example.classifier.support.ProcessStatus;
import com.example.classifier.support.SharedData;

/**
 * 2,000 requests through the PyTorch model: every native array is closed, so the process's resident memory levels
 * off instead of growing with the number of requests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class NativeMemoryTests {

	@LocalServerPort
	int port;

	@Test
	void residentMemoryStaysFlatOverTwoThousandRequests() throws Exception {
		ApiClient api = new ApiClient(port);
		Part photo = Part.of(SharedData.images("photos").resolve("serve_wf_cat.jpg"));
		List<Long> rss = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 5; round++) {
				List<Future<Integer>> statuses = new ArrayList<>();
				for (int i = 0; i < 400; i++) {
					statuses.add(clients.submit(() -> api.predict(List.of(photo), Map.of()).status()));
				}
				for (Future<Integer> status : statuses) {
					assertThat(status.get()).isEqualTo(200);
				}
				System.gc();
				rss.add(ProcessStatus.kilobytes("VmRSS"));
			}
		}
		finally {
			clients.shutdownNow();
		}
		System.out.println("resident memory (kB) after each 400 requests: " + rss);
		// The first rounds fill the allocator's arenas and the engine's caches; after that, no growth with the
		// number of requests. Leaking one input tensor (600 kB) a request would add 240 MB a round, one output
		// (4 kB) 1.6 MB a round; one-off steps of a few MB (a new thread's stack and buffers) are no leak.
		long growth = rss.get(4) - rss.get(2);
		assertThat(growth).as("RSS growth from 1200 to 2000 requests, kB: %s", rss).isLessThan(48 * 1024);
	}
}
