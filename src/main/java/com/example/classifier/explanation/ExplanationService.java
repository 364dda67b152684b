package com.example.classifier.explanation;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.InvalidRequestException;
import com.example.classifier.classification.Prediction;
import com.example.classifier.classification.PreparedImage;
import com.example.classifier.image.DecodedImage;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.Answers;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.ModelUse;
import com.example.classifier.model.ServedModel;
import com.example.classifier.tensor.Preprocessing;
import com.example.classifier.tensor.Preprocessing.ModelView;

/**
 * Explains one image's class by occlusion: the same decoding and preprocessing as
 * classification, then the covered copies through the model's own queue in the lane
 * behind every upload, a few at a time so that an explanation holds little memory; at
 * most {@code maxConcurrent} explanations at once.
 */
@Service
@EnableConfigurationProperties(ExplanationProperties.class)
public class ExplanationService {

	/** The method, as the answer names it. */
	public static final String METHOD = "occlusion";

	/** Covered copies in flight per explanation: its memory, and a full batch or two. */
	private static final int IN_FLIGHT = 8;

	private final ModelRegistry models;

	private final ClassificationService classifier;

	private final ExplanationProperties properties;

	private final Semaphore running;

	private final Occlusion occlusion;

	public ExplanationService(ModelRegistry models, ClassificationService classifier, ExplanationProperties properties,
			MeterRegistry meters) {
		this.models = models;
		this.classifier = classifier;
		this.properties = properties;
		this.running = new Semaphore(properties.maxConcurrent());
		this.occlusion = new Occlusion(properties.grid(), properties.window());
		Gauge
			.builder("classifier.explanations.running", running, s -> properties.maxConcurrent() - s.availablePermits())
			.description("Explanations being computed")
			.register(meters);
	}

	/** Forward passes one explanation takes. */
	public int passes() {
		return occlusion.positions() + 1;
	}

	/**
	 * Explains why the model gives class {@code index} (its top class when null) for the
	 * image.
	 * @param model a model name, or null for the default model
	 * @throws InvalidRequestException for an index outside the model's classes
	 * @throws ImageRejectedException for an image that is refused, as classification
	 * refuses it
	 * @throws ExplanationsBusyException when as many explanations as allowed are running
	 * @throws ServerBusyException when the model's queue is full or too slow
	 * @throws com.example.classifier.model.UnknownModelException for a model this server
	 * does not serve
	 */
	public Explanation explain(ImageUpload upload, String model, Integer index) {
		try (ModelUse use = models.use(model)) {
			return explainWith(upload, use.model(), index);
		}
	}

	private Explanation explainWith(ImageUpload upload, ServedModel served, Integer index) {
		if (index != null && (index < 0 || index >= served.classes())) {
			throw new InvalidRequestException("Invalid index", "index must be between 0 and " + (served.classes() - 1)
					+ " for model " + served.name() + " (its classes), got " + index);
		}
		if (!running.tryAcquire()) {
			throw new ExplanationsBusyException(properties.maxConcurrent());
		}
		try {
			return explain(upload, served, index);
		}
		finally {
			running.release();
		}
	}

	private Explanation explain(ImageUpload upload, ServedModel served, Integer index) {
		long deadline = System.nanoTime() + properties.timeout().toNanos();
		Preprocessing preprocessing = served.preprocessing();
		// Decoded on the decode threads, under their deadline and budgets.
		PreparedImage prepared = classifier.prepareFor(upload, served);
		DecodedImage image = prepared.image();
		float[] input = prepared.tensor();
		float[] probabilities = await(served.submitBackground(input), deadline);
		int explained = index != null ? index : Prediction.top(probabilities, served.labels(), 1).get(0).index();
		double[] covered = new double[occlusion.positions()];
		List<CompletableFuture<float[]>> inFlight = new ArrayList<>();
		try {
			for (int start = 0; start < covered.length; start += IN_FLIGHT) {
				int end = Math.min(covered.length, start + IN_FLIGHT);
				for (int position = start; position < end; position++) {
					inFlight.add(served.submitBackground(occlusion.covered(input, preprocessing.channels(), position)));
				}
				for (int position = start; position < end; position++) {
					covered[position] = await(inFlight.get(position - start), deadline)[explained];
				}
				inFlight.clear();
			}
		}
		finally {
			// Given up (timed out, refused): the copies still queued are not run.
			inFlight.forEach(pass -> pass.cancel(false));
		}
		double[][] viewHeat = occlusion.heat(probabilities[explained], covered);
		ModelView view = preprocessing.modelView(image.width(), image.height());
		int[] shape = ImageGrid.shape(image.width(), image.height(), properties.cellsOnLongSide());
		double[][] values = ImageGrid.overImage(viewHeat, view, shape[0], shape[1]);
		byte[] png = HeatmapImage.png(image, values, view);
		return new Explanation(served.name(), upload.filename(), image.originalWidth(), image.originalHeight(),
				explained, served.labels().get(explained), probabilities[explained], METHOD,
				new Explanation.Grid(shape[0], shape[1], values),
				"data:image/png;base64," + Base64.getEncoder().encodeToString(png));
	}

	private float[] await(CompletableFuture<float[]> answer, long deadline) {
		return Answers.await(answer, deadline, properties.timeout());
	}

}
