package com.example.classifier.classification;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.example.classifier.image.DecodePool;
import com.example.classifier.image.DecodedImage;
import com.example.classifier.image.ImageDecoder;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.image.Thumbnail;
import com.example.classifier.inference.Arrival;
import com.example.classifier.model.ServedModel;

/**
 * One image's way through the path: on a decode thread, bytes to decoded image to tensor,
 * into the model's queue; then its probabilities to the top-k classes.
 */
final class ImagePreparation {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final ImageDecoder decoder;

	private final DecodePool pool;

	private final MeterRegistry meters;

	ImagePreparation(ImageDecoder decoder, DecodePool pool, MeterRegistry meters) {
		this.decoder = decoder;
		this.pool = pool;
		this.meters = meters;
	}

	/**
	 * The image's outcome, once classified; completed exceptionally with an
	 * {@link ImageRejectedException} for a refused image.
	 * @param abandoned set once the request is answered: an image still waiting for a
	 * decode thread is skipped
	 * @throws java.util.concurrent.RejectedExecutionException when the decode queue is
	 * full
	 */
	CompletableFuture<ImageOutcome> submit(ServedModel model, ImageUpload upload, int topK, boolean thumbnail,
			AtomicBoolean abandoned, Arrival arrival) {
		return pool.submit(() -> prepare(model, upload, thumbnail, abandoned, arrival))
			.thenCompose(prepared -> prepared.probabilities()
				.thenApply(p -> (ImageOutcome) prepared.classified(Prediction.top(p, model.labels(), topK))));
	}

	/**
	 * What an image waiting for its answer keeps: its size and thumbnail, not its decoded
	 * pixels.
	 */
	private record Prepared(String filename, int width, int height, Thumbnail thumbnail,
			CompletableFuture<float[]> probabilities) {

		ImageOutcome.Classified classified(List<Prediction> predictions) {
			return new ImageOutcome.Classified(filename, width, height, predictions, thumbnail);
		}
	}

	/**
	 * The CPU an image took to decode and preprocess, per model and format: what a large
	 * photo costs beside a small one, whatever else the machine runs.
	 */
	private void recordCpu(ServedModel model, DecodedImage image, long cpuNanos) {
		Timer.builder("classifier.preparation.cpu")
			.description("CPU time of one image's decoding and preprocessing, on its decode thread")
			.tag("model", model.name())
			.tag("format", image.format().name())
			.register(meters)
			.record(cpuNanos, TimeUnit.NANOSECONDS);
	}

	private Prepared prepare(ServedModel model, ImageUpload upload, boolean thumbnail, AtomicBoolean abandoned,
			Arrival arrival) {
		PreparedImage prepared;
		try {
			if (abandoned.get()) {
				throw new CancellationException("the request was answered before this image was decoded");
			}
			prepared = decodeAndPreprocess(model, upload);
		}
		finally {
			// Before it is queued, or refused: a worker holding a partial batch stops
			// waiting for it at once.
			arrival.arrived();
		}
		DecodedImage image = prepared.image();
		CompletableFuture<float[]> probabilities = model.submit(prepared.tensor());
		// The thumbnail is made while the engine runs, not before the image is queued.
		return new Prepared(upload.filename(), image.originalWidth(), image.originalHeight(),
				thumbnail ? Thumbnail.of(image) : null, probabilities);
	}

	/**
	 * Bytes to decoded image to the model's input, on the calling (decode) thread, with
	 * the CPU it took recorded.
	 */
	PreparedImage decodeAndPreprocess(ServedModel model, ImageUpload upload) {
		long cpuStart = THREADS.getCurrentThreadCpuTime();
		DecodedImage image = decoder.decode(read(upload), model.preprocessing().resize());
		float[] tensor = model.preprocessing().toTensor(image);
		recordCpu(model, image, THREADS.getCurrentThreadCpuTime() - cpuStart);
		return new PreparedImage(model, image, tensor);
	}

	private static byte[] read(ImageUpload upload) {
		try {
			return upload.content().read();
		}
		catch (IOException ex) {
			// The client's upload ended early, or its temporary file is gone with a
			// request that timed out.
			throw new ImageRejectedException(ImageRejectedException.Reason.UNDECODABLE, "the upload could not be read");
		}
	}

	/**
	 * A failed image's outcome: refused for a rejection, else the failure itself, thrown.
	 */
	static ImageOutcome refusedOrThrow(Throwable cause, String filename) {
		if (cause instanceof ImageRejectedException rejected) {
			return new ImageOutcome.Refused(filename, rejected);
		}
		if (cause instanceof RuntimeException runtime) {
			throw runtime;
		}
		throw new IllegalStateException("classification of " + filename + " failed", cause);
	}

}
