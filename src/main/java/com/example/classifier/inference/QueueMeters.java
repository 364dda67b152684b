package com.example.classifier.inference;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.repository.zoo.ZooModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A model queue's metrics, tagged with the model: waits, batch times and sizes, depth,
 * native arrays held.
 */
final class QueueMeters {

	private final Timer queueTime;

	private final Timer inferenceTime;

	private final DistributionSummary batchSizes;

	QueueMeters(String model, BlockingQueue<?> queue, ZooModel<?, ?> weights, MeterRegistry meters) {
		this.queueTime = Timer.builder("classifier.queue.time")
			.description("Time an image waits for inference")
			.tag("model", model)
			.publishPercentileHistogram()
			.register(meters);
		this.inferenceTime = Timer.builder("classifier.inference.time")
			.description("Time the engine takes for a batch")
			.tag("model", model)
			.publishPercentileHistogram()
			.register(meters);
		this.batchSizes = DistributionSummary.builder("classifier.batch.size")
			.description("Images per batch")
			.tag("model", model)
			.register(meters);
		Gauge.builder("classifier.queue.depth", queue, BlockingQueue::size)
			.description("Images waiting for inference")
			.tag("model", model)
			.register(meters);
		// Every native array DJL holds for this model, calls in flight
		// included: constant when idle, so a leak shows as growth.
		Gauge.builder("classifier.native.arrays", weights, QueueMeters::managedArrays)
			.description("Native arrays held for the model, calls in flight included")
			.tag("model", model)
			.register(meters);
	}

	private static double managedArrays(ZooModel<?, ?> weights) {
		return weights.getNDManager() instanceof BaseNDManager manager ? manager.getManagedArrays().size() : Double.NaN;
	}

	/** An image waited this long, in nanoseconds, before its batch started. */
	void queued(long nanos) {
		queueTime.record(nanos, TimeUnit.NANOSECONDS);
	}

	/** A batch of {@code images} ran in this many nanoseconds. */
	void ran(int images, long nanos) {
		inferenceTime.record(nanos, TimeUnit.NANOSECONDS);
		batchSizes.record(images);
	}

}
