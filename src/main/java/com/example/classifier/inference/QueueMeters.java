package com.example.classifier.inference;

import java.util.List;
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

	private static final String DEPTH = "classifier.queue.depth";

	private static final String NATIVE_ARRAYS = "classifier.native.arrays";

	private final Timer queueTime;

	private final Timer inferenceTime;

	private final DistributionSummary batchSizes;

	private final String model;

	private final BlockingQueue<?> queue;

	private final ZooModel<?, ?> weights;

	private final MeterRegistry meters;

	QueueMeters(String model, BlockingQueue<?> queue, ZooModel<?, ?> weights, MeterRegistry meters) {
		this.model = model;
		this.queue = queue;
		this.weights = weights;
		this.meters = meters;
		// A model loaded again under the same name shares these with the one it
		// replaces (same name and tags): counts go on.
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
		publishGauges();
	}

	/**
	 * Points the model's gauges at this queue, in place of those of any model loaded
	 * before under its name.
	 */
	void publishGauges() {
		for (String gauge : List.of(DEPTH, NATIVE_ARRAYS)) {
			Gauge old = meters.find(gauge).tag("model", model).gauge();
			if (old != null) {
				meters.remove(old);
			}
		}
		Gauge.builder(DEPTH, queue, BlockingQueue::size)
			.description("Images waiting for inference")
			.tag("model", model)
			.register(meters);
		// Every native array DJL holds for this model, calls in flight
		// included: constant when idle, so a leak shows as growth.
		Gauge.builder(NATIVE_ARRAYS, weights, QueueMeters::managedArrays)
			.description("Native arrays held for the model, calls in flight included")
			.tag("model", model)
			.register(meters);
	}

	/** Removes every meter of the app tagged with that model. */
	static void remove(MeterRegistry meters, String model) {
		List.copyOf(meters.getMeters())
			.stream()
			.filter(meter -> model.equals(meter.getId().getTag("model"))
					&& meter.getId().getName().startsWith("classifier."))
			.forEach(meters::remove);
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
