package com.example.classifier.classification;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import com.example.classifier.image.DecodePool;
import com.example.classifier.image.ImageDecoder;
import com.example.classifier.image.ImageLimits;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.Answers;
import com.example.classifier.inference.Arrival;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.ModelUse;
import com.example.classifier.model.ServedModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The one path every image takes, whether it comes from the page, the API or the command
 * line: bytes, checked and decoded image ({@link ImageDecoder}), tensor
 * ({@link com.example.classifier.tensor.Preprocessing}), batched inference
 * ({@link com.example.classifier.inference.InferenceQueue}), top-k result
 * ({@link Prediction#top}), recent results ({@link RecentResults}).
 *
 * <p>
 * Decoding and preprocessing run on a bounded pool, in parallel with inference, each
 * image under the decode deadline ({@link DecodePool}).
 */
@Service
public class ClassificationService implements DisposableBean {

	/**
	 * The classes an image gets unless a client asks for another number, and those the
	 * recent results keep.
	 */
	public static final int TOP_K = 5;

	private final ModelRegistry models;

	private final RecentResults recent;

	private final ClassificationProperties properties;

	private final DecodePool decodePool;

	private final ImagePreparation images;

	private final MeterRegistry meters;

	public ClassificationService(ModelRegistry models, ImageDecoder decoder, RecentResults recent,
			ClassificationProperties properties, ImageLimits limits, MeterRegistry meters) {
		this.models = models;
		this.recent = recent;
		this.properties = properties;
		this.meters = meters;
		int threads = properties.decodeThreads() > 0 ? properties.decodeThreads()
				: Runtime.getRuntime().availableProcessors();
		this.decodePool = new DecodePool(threads, properties.decodeQueue(), limits.decodeTimeout());
		this.images = new ImagePreparation(decoder, decodePool, meters);
		decodePool.bindTo(meters);
	}

	/** The decode threads, for readiness. */
	DecodePool decodePool() {
		return decodePool;
	}

	public int maxImages() {
		return properties.maxImages();
	}

	/**
	 * Classifies the images of one request and remembers the classified ones among the
	 * recent results.
	 * @param model a model name, or null for the default model
	 * @param allOrNothing refuse the whole request (and remember nothing) if any image is
	 * refused; otherwise each refused image gets its own outcome beside the others
	 * @throws InvalidRequestException for no image, too many, or a bad {@code topK}
	 * @throws ImageRejectedException for a refused image, when {@code allOrNothing}
	 * @throws com.example.classifier.model.UnknownModelException for a model this server
	 * does not serve
	 * @throws ServerBusyException when the queues are full
	 */
	public Classification classify(List<ImageUpload> uploads, String model, int topK, boolean allOrNothing) {
		try (ModelUse use = models.use(model)) {
			return classifyOn(uploads, use.model(), topK, allOrNothing);
		}
	}

	/**
	 * {@link #classify(List, String, int, boolean)} on a model the caller already uses
	 * (its labels and its answers stay one model's, whatever is loaded meanwhile).
	 */
	public Classification classifyOn(List<ImageUpload> uploads, ServedModel served, int topK, boolean allOrNothing) {
		Classification classification = run(uploads, served, topK, allOrNothing, true);
		recent.remember(classification.model(), classification.classified(), TOP_K);
		return classification;
	}

	/**
	 * As {@link #classify}, without remembering anything or making thumbnails: for the
	 * command line.
	 */
	public Classification classifyWithoutRemembering(List<ImageUpload> uploads, String model, int topK,
			boolean allOrNothing) {
		try (ModelUse use = models.use(model)) {
			return run(uploads, use.model(), topK, allOrNothing, false);
		}
	}

	/**
	 * Classifies any number of images without remembering them, at most {@code inFlight}
	 * at once so that the queues never refuse them: for the command line. Each image's
	 * outcome reaches {@code outcomes} in upload order, on the calling thread.
	 * @throws InvalidRequestException for a bad {@code topK}
	 * @throws RuntimeException when the model cannot answer (no worker left)
	 */
	public void classifyAll(List<ImageUpload> uploads, String model, int topK, int inFlight,
			Consumer<ImageOutcome> outcomes) {
		try (ModelUse use = models.use(model)) {
			ServedModel served = use.model();
			int classes = topK(topK, served);
			int slots = Math.min(inFlight, Math.min(properties.decodeQueue(), served.queueCapacity()));
			new ImageStream(images, served, classes, slots).classify(uploads, outcomes);
		}
	}

	/**
	 * Tensors already preprocessed for the model (what Triton's and KServe's clients
	 * send) straight into its queue, batched with the images: each one's probabilities,
	 * in order. Nothing is remembered (there is no picture to show).
	 * @throws InvalidRequestException for no tensor, too many, or one of the wrong size
	 * @throws ServerBusyException when the queue is full or the answers take too long
	 */
	public List<float[]> infer(List<float[]> tensors, String model) {
		try (ModelUse use = models.use(model)) {
			return inferOn(tensors, use.model());
		}
	}

	/**
	 * {@link #infer(List, String)} on a model the caller already uses.
	 */
	public List<float[]> inferOn(List<float[]> tensors, ServedModel served) {
		if (tensors.isEmpty()) {
			throw new InvalidRequestException("No image", "no tensor was sent");
		}
		checkCount(tensors.size());
		int size = served.preprocessing().tensorSize();
		for (float[] tensor : tensors) {
			if (tensor.length != size) {
				throw new InvalidRequestException("Wrong tensor size", "each tensor of " + served.name() + " has "
						+ size + " values (" + served.preprocessing().shapeText() + "), got " + tensor.length);
			}
		}
		long start = System.nanoTime();
		List<CompletableFuture<float[]>> answers = new ArrayList<>();
		try (Arrival arrival = served.expect(tensors.size())) {
			for (float[] tensor : tensors) {
				arrival.arrived();
				answers.add(served.submit(tensor));
			}
		}
		long deadline = start + properties.timeout().toNanos();
		List<float[]> probabilities = new ArrayList<>();
		for (CompletableFuture<float[]> answer : answers) {
			probabilities.add(Answers.await(answer, deadline, properties.timeout()));
		}
		recordRequestTime(served, Duration.ofNanos(System.nanoTime() - start));
		return probabilities;
	}

	/**
	 * One image decoded and preprocessed for a model on the decode threads, under their
	 * deadline and memory budgets, as classification does it; not queued for inference.
	 * @param model a model name, or null for the default model
	 * @throws ImageRejectedException for a refused image
	 * @throws ServerBusyException when the decode backlog is full or the answer takes too
	 * long
	 */
	public PreparedImage prepare(ImageUpload upload, String model) {
		try (ModelUse use = models.use(model)) {
			return prepareFor(upload, use.model());
		}
	}

	/**
	 * {@link #prepare(ImageUpload, String)} for a model the caller is already using.
	 */
	public PreparedImage prepareFor(ImageUpload upload, ServedModel served) {
		CompletableFuture<PreparedImage> prepared;
		try {
			prepared = decodePool.submit(() -> images.decodeAndPreprocess(served, upload));
		}
		catch (RejectedExecutionException ex) {
			throw ServerBusyException.decodeBacklog(properties.decodeQueue());
		}
		return Answers.await(prepared, System.nanoTime() + properties.timeout().toNanos(), properties.timeout());
	}

	private Classification run(List<ImageUpload> uploads, ServedModel served, int topK, boolean allOrNothing,
			boolean thumbnails) {
		checkRequest(uploads);
		int classes = topK(topK, served);
		long start = System.nanoTime();
		try (Arrival arrival = served.expect(uploads.size())) {
			return run(uploads, served, classes, allOrNothing, thumbnails, arrival, start);
		}
	}

	private Classification run(List<ImageUpload> uploads, ServedModel served, int topK, boolean allOrNothing,
			boolean thumbnails, Arrival arrival, long start) {
		List<CompletableFuture<ImageOutcome>> outcomes = new ArrayList<>();
		// Set once the request is refused (busy, timed out): its images still
		// waiting for a decode thread are skipped.
		AtomicBoolean abandoned = new AtomicBoolean();
		try {
			for (ImageUpload upload : uploads) {
				outcomes.add(images.submit(served, upload, topK, thumbnails, abandoned, arrival));
			}
		}
		catch (RejectedExecutionException ex) {
			abandoned.set(true);
			throw ServerBusyException.decodeBacklog(properties.decodeQueue());
		}
		List<ImageOutcome> results = new ArrayList<>();
		long deadline = start + properties.timeout().toNanos();
		try {
			for (int i = 0; i < outcomes.size(); i++) {
				results.add(await(outcomes.get(i), uploads.get(i).filename(), deadline));
			}
		}
		catch (RuntimeException ex) {
			abandoned.set(true);
			throw ex;
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		recordRequestTime(served, took);
		if (allOrNothing) {
			results.stream()
				.filter(ImageOutcome.Refused.class::isInstance)
				.map(ImageOutcome.Refused.class::cast)
				.findFirst()
				.ifPresent(refused -> {
					throw refused.refusal().forFile(refused.filename());
				});
		}
		return new Classification(served.name(), results, took);
	}

	private void checkRequest(List<ImageUpload> uploads) {
		if (uploads.isEmpty()) {
			throw new InvalidRequestException("No image", "no image was sent: choose at least one image");
		}
		checkCount(uploads.size());
	}

	private void checkCount(int images) {
		if (images > properties.maxImages()) {
			throw new InvalidRequestException("Too many images",
					"at most " + properties.maxImages() + " images per request, got " + images);
		}
	}

	private void recordRequestTime(ServedModel served, Duration took) {
		Timer.builder("classifier.request.time")
			.description("Time to classify the images of one request, decoding included")
			.tag("model", served.name())
			.register(meters)
			.record(took);
	}

	/**
	 * The classes to answer with: {@code topK}, or every class of a model that has fewer
	 * (a model trained on three classes still answers the default top five).
	 */
	private static int topK(int topK, ServedModel model) {
		if (topK < 1) {
			throw new InvalidRequestException("Invalid topK",
					"topK must be between 1 and " + model.classes() + " for model " + model.name() + ", got " + topK);
		}
		return Math.min(topK, model.classes());
	}

	private ImageOutcome await(CompletableFuture<ImageOutcome> outcome, String filename, long deadline) {
		try {
			return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException | CompletionException ex) {
			return ImagePreparation.refusedOrThrow(ex.getCause(), filename);
		}
		catch (TimeoutException ex) {
			throw ServerBusyException.timedOut(properties.timeout());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	@Override
	public void destroy() {
		decodePool.close();
	}

}
