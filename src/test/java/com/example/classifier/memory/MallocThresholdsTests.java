package com.example.classifier.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import com.example.classifier.engine.EngineSetup;
import com.example.classifier.engine.LibtorchLogLevel;
import com.example.classifier.engine.EngineProperties;
import com.example.classifier.inference.TensorBatch;
import com.example.classifier.support.ProcessStatus;
import com.example.classifier.support.SharedData;
import com.example.classifier.model.ModelLoader;

/**
 * The real engine on the real model: with glibc's thresholds as {@link MallocThresholds}
 * sets them, an inference call reuses the memory the previous one freed; with small fixed
 * thresholds (as a container might set them) every call faults its activations in again.
 * Page faults are counted on this thread only, from /proc; the test runs alone in its JVM
 * (surefire's {@code page-faults} execution), where no other test's threads trim malloc's
 * memory or take its arena.
 */
class MallocThresholdsTests {

	private static final long[] SHAPE = { 3, 224, 224 };

	private static ZooModel<TensorBatch, float[][]> model;

	@BeforeAll
	static void load() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "counts page faults in Linux's /proc");
		EngineSetup.configure(new EngineProperties(1, true, Duration.ZERO, LibtorchLogLevel.ERROR));
		Path folder = SharedData.root().resolve("models/mobilenet_v2");
		model = ModelLoader.loadWeights(folder, "mobilenet_v2", "PyTorch", 1);
	}

	@AfterAll
	static void close() {
		if (model != null) {
			model.close();
		}
		// Back to what the app runs with, for the tests that share this JVM.
		MallocThresholds.keepFreedBlocks();
	}

	@Test
	void inferenceReusesFreedNativeMemoryOnlyWithTheThresholdsSet() throws Exception {
		assertThat(MallocThresholds.setThresholds(128 * 1024, 128 * 1024)).isTrue();
		long smallThresholds = faultsPerCall();

		assertThat(MallocThresholds.setThresholds(MallocThresholds.MMAP_THRESHOLD, MallocThresholds.TRIM_THRESHOLD))
			.isTrue();
		long keptBlocks = faultsPerCall();
		System.out.printf("page faults per call: %d with 128 KB thresholds, %d with the app's%n", smallThresholds,
				keptBlocks);

		// Measured here: about 38,000 faults per batch of two with 128 KB
		// thresholds (the activations come from fresh mmaps each call), 60-70
		// with the app's (what remains is the output's small buffers), 705 once
		// with a second test run beside this one. The bound is the mechanism's:
		// the activations are not faulted in again, so at most a tenth of the
		// faults remain, whatever else the machine does.
		assertThat(smallThresholds).as("page faults per call with 128 KB thresholds").isGreaterThan(5_000);
		assertThat(keptBlocks).as("page faults per call with the app's thresholds").isLessThan(smallThresholds / 10);
	}

	@Test
	void givesTheKeptMemoryBackWhenAsked() throws Exception {
		assertThat(MallocThresholds.keepFreedBlocks()).isTrue();
		// Several workers' worth of activations at once, all freed when the
		// calls end, then kept by malloc.
		ExecutorService workers = Executors.newFixedThreadPool(4);
		try {
			List<Future<Long>> calls = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				calls.add(workers.submit(MallocThresholdsTests::faultsPerCall));
			}
			for (Future<Long> call : calls) {
				call.get(); // a failed call fails the test
			}
		}
		finally {
			workers.shutdown();
		}
		long kept = ProcessStatus.kilobytes("RssAnon");
		assertThat(MallocThresholds.releaseFreeMemory()).isTrue();
		long released = ProcessStatus.kilobytes("RssAnon");
		System.out.printf("anonymous resident memory: %d kB kept, %d kB after the release%n", kept, released);
		assertThat(released).isLessThan(kept);
	}

	@Test
	void isOnByDefaultOnThisLinux() {
		assertThat(MallocThresholds.keepFreedBlocks()).isTrue();
	}

	/**
	 * Minor page faults of this thread per batch of two, after a few calls to settle: the
	 * fewest of three rounds, as another test's application context in this JVM may give
	 * malloc's free memory back once in the middle of a round.
	 */
	private static long faultsPerCall() throws Exception {
		float[] data = new float[2 * 3 * 224 * 224];
		Random random = new Random(7);
		for (int i = 0; i < data.length; i++) {
			data[i] = random.nextFloat() * 4 - 2;
		}
		TensorBatch batch = TensorBatch.of(2, SHAPE, data);
		try (Predictor<TensorBatch, float[][]> predictor = model.newPredictor()) {
			for (int i = 0; i < 3; i++) {
				predictor.predict(batch);
			}
			long fewest = Long.MAX_VALUE;
			for (int round = 0; round < 3; round++) {
				int calls = 10;
				long before = minorFaults();
				for (int i = 0; i < calls; i++) {
					predictor.predict(batch);
				}
				fewest = Math.min(fewest, (minorFaults() - before) / calls);
			}
			return fewest;
		}
	}

	private static long minorFaults() throws IOException {
		String stat = Files.readString(Path.of("/proc/thread-self/stat"));
		// Fields after the command name in parentheses: state is the 3rd field
		// of the line, minflt the 10th.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[7]);
	}

}
