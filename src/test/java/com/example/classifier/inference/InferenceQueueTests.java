package com.example.classifier.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.repository.zoo.ZooModel;
import com.example.classifier.model.ModelLoader;
import com.example.classifier.support.SharedData;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Dynamic batching on the real model: batches form, answers stay with their images, a
 * full queue refuses.
 */
class InferenceQueueTests {

	private static final long[] SHAPE = { 3, 224, 224 };

	private static ZooModel<TensorBatch, float[][]> model;

	@BeforeAll
	static void load() throws Exception {
		System.setProperty("ai.djl.offline", "true");
		model = ModelLoader.loadWeights(SharedData.root().resolve("models/mobilenet_v2"), "mobilenet_v2", "PyTorch", 1);
	}

	@AfterAll
	static void close() {
		model.close();
	}

	private static float[] randomInput(Random random) {
		float[] input = new float[3 * 224 * 224];
		for (int i = 0; i < input.length; i++) {
			input[i] = random.nextFloat() * 3 - 0.5f;
		}
		return input;
	}

	@Test
	void announcedImagesRunTogetherAndEachGetsItsOwnAnswer() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Random random = new Random(7);
		List<float[]> inputs = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			inputs.add(randomInput(random));
		}
		List<float[]> alone = new ArrayList<>();
		try (InferenceQueue single = new InferenceQueue("single", model, SHAPE,
				new QueueSettings(1, Duration.ZERO, 1, 16), meters)) {
			for (float[] input : inputs) {
				alone.add(single.submit(input).get(10, TimeUnit.SECONDS));
			}
		}
		try (InferenceQueue batched = new InferenceQueue("batched", model, SHAPE,
				new QueueSettings(4, Duration.ofSeconds(2), 1, 16), meters)) {
			List<CompletableFuture<float[]>> answers = new ArrayList<>();
			try (Arrival arrival = batched.expect(8)) {
				for (float[] input : inputs) {
					answers.add(batched.submit(input));
					arrival.arrived();
				}
			}
			for (int i = 0; i < 8; i++) {
				float[] probabilities = answers.get(i).get(10, TimeUnit.SECONDS);
				assertThat(probabilities).hasSize(1000);
				for (int c = 0; c < 1000; c++) {
					assertThat(probabilities[c]).isCloseTo(alone.get(i)[c],
							org.assertj.core.api.Assertions.within(1e-4f));
				}
			}
		}
		DistributionSummary batchSizes = meters.get("classifier.batch.size").tag("model", "batched").summary();
		assertThat(batchSizes.max()).isGreaterThan(1);
		assertThat(batchSizes.totalAmount()).isEqualTo(8);
	}

	@Test
	void aLoneImageDoesNotWaitForCompanyThatIsNotComing() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		// A batch delay far longer than the wait below: it must not apply when
		// nothing else is announced.
		try (InferenceQueue queue = new InferenceQueue("lone", model, SHAPE,
				new QueueSettings(8, Duration.ofSeconds(30), 1, 16), meters)) {
			// Well under the delay, with room for a cold engine's first call.
			assertThat(queue.submit(randomInput(new Random(1))).get(20, TimeUnit.SECONDS)).hasSize(1000);
		}
	}

	@Test
	void aFullQueueRefusesInsteadOfWaiting() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		try (InferenceQueue queue = new InferenceQueue("full", model, SHAPE, new QueueSettings(1, Duration.ZERO, 1, 2),
				meters)) {
			float[] input = randomInput(new Random(2));
			assertThatThrownBy(() -> {
				for (int i = 0; i < 1000; i++) {
					queue.submit(input);
				}
			}).isInstanceOf(ServerBusyException.class)
				.hasMessage("model full has 2 images waiting, the most it queues; retry in 1 s")
				.satisfies(
						busy -> assertThat(((ServerBusyException) busy).retryAfter()).isEqualTo(Duration.ofSeconds(1)));
		}
	}

	@Test
	void aWrongSizedInputIsRefused() {
		try (InferenceQueue queue = new InferenceQueue("size", model, SHAPE, new QueueSettings(1, Duration.ZERO, 1, 2),
				new SimpleMeterRegistry())) {
			assertThatThrownBy(() -> queue.submit(new float[3])).isInstanceOf(IllegalArgumentException.class);
		}
	}

	@Test
	void withNoWorkerLeftImagesAreRefusedAtOnceInsteadOfWaitingForever() throws Exception {
		@SuppressWarnings("unchecked")
		ZooModel<TensorBatch, float[][]> broken = mock(ZooModel.class);
		given(broken.newPredictor()).willThrow(new IllegalStateException("the engine is gone"));
		try (InferenceQueue queue = new InferenceQueue("broken", broken, SHAPE,
				new QueueSettings(1, Duration.ZERO, 2, 4), new SimpleMeterRegistry())) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (queue.liveWorkers() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(queue.liveWorkers()).isZero();
			assertThatThrownBy(() -> queue.submit(randomInput(new Random(3)))).isInstanceOf(NoWorkerException.class)
				.hasMessage("model broken is shut down or has no inference worker left");
		}
	}

	@Test
	void anImageQueuedBehindBackgroundWorkRunsBeforeItAndNeverInItsBatches() throws Exception {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		Random random = new Random(11);
		float[] input = randomInput(random);
		try (InferenceQueue queue = new InferenceQueue("lanes", model, SHAPE,
				new QueueSettings(2, Duration.ofMillis(50), 1, 64), meters)) {
			float[] alone = queue.submit(input).get(10, TimeUnit.SECONDS);
			List<CompletableFuture<float[]>> background = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				background.add(queue.submitBackground(randomInput(random)));
			}
			long doneBefore = background.stream().filter(CompletableFuture::isDone).count();
			float[] image = queue.submit(input).get(10, TimeUnit.SECONDS);
			long doneWith = background.stream().filter(CompletableFuture::isDone).count();
			// Without the lanes the image would wait for all 30 (15 batches). With them:
			// the batch running when it came, and at most one batch on each side of the
			// two counts (2 inputs each).
			assertThat(doneWith - doneBefore).as("background inputs answered around the image").isLessThanOrEqualTo(6);
			assertThat(image).hasSize(1000);
			assertThat(alone).hasSize(1000);
			for (CompletableFuture<float[]> answer : background) {
				assertThat(answer.get(30, TimeUnit.SECONDS)).hasSize(1000);
			}
		}
	}

}
