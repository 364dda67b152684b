package com.example.classifier.classification;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.Arrival;
import com.example.classifier.inference.NoWorkerException;
import com.example.classifier.model.ServedModel;

/**
 * Any number of images through the path, a bounded number in flight (each holds a slot
 * until its answer, so that neither the decode queue nor the model's overflows), their
 * outcomes in upload order.
 */
final class ImageStream {

	private final ImagePreparation images;

	private final ServedModel served;

	private final int topK;

	private final Semaphore slots;

	ImageStream(ImagePreparation images, ServedModel served, int topK, int inFlight) {
		this.images = images;
		this.served = served;
		this.topK = topK;
		this.slots = new Semaphore(Math.max(1, inFlight));
	}

	/**
	 * Each image's outcome reaches {@code outcomes} in upload order, on the calling
	 * thread.
	 */
	void classify(List<ImageUpload> uploads, Consumer<ImageOutcome> outcomes) {
		Deque<CompletableFuture<ImageOutcome>> pending = new ArrayDeque<>();
		Deque<String> names = new ArrayDeque<>();
		AtomicBoolean abandoned = new AtomicBoolean();
		try {
			for (ImageUpload upload : uploads) {
				slots.acquireUninterruptibly();
				// Announced once it can be submitted: a partial batch waits only for
				// images on their way.
				Arrival arrival = served.expect(1);
				CompletableFuture<ImageOutcome> outcome = images.submit(served, upload, topK, false, abandoned,
						arrival);
				outcome.whenComplete((done, failure) -> {
					arrival.close();
					slots.release();
				});
				pending.add(outcome);
				names.add(upload.filename());
				while (!pending.isEmpty() && pending.peek().isDone()) {
					outcomes.accept(resolved(pending.poll(), names.poll()));
				}
			}
			while (!pending.isEmpty()) {
				outcomes.accept(resolved(pending.poll(), names.poll()));
			}
		}
		finally {
			abandoned.set(true);
		}
	}

	/**
	 * An image's outcome: a model that cannot answer (no worker left) ends the run, any
	 * other failure is its own.
	 */
	private static ImageOutcome resolved(CompletableFuture<ImageOutcome> outcome, String filename) {
		try {
			return outcome.join();
		}
		catch (CompletionException | CancellationException ex) {
			Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
			if (cause instanceof ImageRejectedException || cause instanceof NoWorkerException) {
				return ImagePreparation.refusedOrThrow(cause, filename);
			}
			String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
			return new ImageOutcome.Refused(filename, new ImageRejectedException(
					ImageRejectedException.Reason.UNDECODABLE, "classification failed: " + reason));
		}
	}

}
