package com.example.classifier.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.springframework.http.ProblemDetail;

import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.Prediction;
import com.example.classifier.explanation.Explanation;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.model.ModelDescription;

/**
 * What the templates show, already formatted: the templates only print text (escaped) and
 * never decide on types.
 */
final class PageViews {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private PageViews() {
	}

	/** A served model as the pages describe it. */
	record ModelView(String name, String engine, int classes, String input, String batch, boolean isDefault) {

		static ModelView of(ModelDescription model, String defaultModel) {
			long[] shape = model.inputShape();
			String input = shape[1] + " × " + shape[2] + " × " + shape[3] + (shape[1] == 1 ? " (grayscale)" : " (RGB)");
			String batch = shape[0] == -1 ? "up to " + model.batchSize() : "1";
			return new ModelView(model.name(), model.engine(), model.classes(), input, batch,
					model.name().equals(defaultModel));
		}

		/** The text of the model's option in the form. */
		public String option() {
			return name + " (" + engine + ", " + classes + " classes)" + (isDefault ? " - default" : "");
		}
	}

	/**
	 * One labelled bar: the label, the probability as text, and the bar's width in whole
	 * percent.
	 */
	record Bar(int index, String label, String percent, int width) {

		static Bar of(Prediction prediction) {
			double p = Math.max(0, Math.min(1, prediction.probability()));
			return new Bar(prediction.index(), prediction.label(), PageViews.percent(p), (int) Math.round(p * 100));
		}
	}

	/** One image of the upload just made: its bars, or why it was refused. */
	record OutcomeView(String filename, boolean classified, int width, int height, String thumbnail, List<Bar> bars,
			String message, String keptId) {

		/**
		 * @param keptId the id its "Why?" links name, or null when it is not kept
		 */
		static OutcomeView of(ImageOutcome outcome, String keptId) {
			if (outcome instanceof ImageOutcome.Classified image) {
				return new OutcomeView(image.filename(), true, image.width(), image.height(),
						image.thumbnail().dataUri(),
						image.predictions().stream().limit(ClassificationService.TOP_K).map(Bar::of).toList(), null,
						keptId);
			}
			ImageOutcome.Refused refused = (ImageOutcome.Refused) outcome;
			return new OutcomeView(refused.filename(), false, 0, 0, null, List.of(), refused.message(), null);
		}
	}

	/** The answer to the upload just made. */
	record ResultView(String model, String took, List<OutcomeView> outcomes) {

		/**
		 * @param keptIds each image's id among the kept images (null for one not kept),
		 * in upload order
		 */
		static ResultView of(Classification classification, List<String> keptIds) {
			List<OutcomeView> outcomes = new java.util.ArrayList<>();
			for (int i = 0; i < classification.outcomes().size(); i++) {
				outcomes
					.add(OutcomeView.of(classification.outcomes().get(i), i < keptIds.size() ? keptIds.get(i) : null));
			}
			return new ResultView(classification.model(), duration(classification.took()), outcomes);
		}
	}

	/**
	 * An explanation, as the Why? page shows it.
	 *
	 * @param alt what the overlay shows, in words, for people who cannot see it
	 */
	record WhyView(String filename, String model, int index, String label, String percent, String heatmap, String alt,
			String method, int passes) {

		static WhyView of(Explanation explanation, int passes) {
			String percent = PageViews.percent(explanation.probability());
			return new WhyView(explanation.filename(), explanation.model(), explanation.index(), explanation.label(),
					percent, explanation.heatmap(),
					"Heatmap over " + explanation.filename() + ": the parts of the image that made "
							+ explanation.model() + " say " + explanation.label() + " (" + percent
							+ ") are colored, red the most, yellow less; the dashed frame marks the part the model "
							+ "looks at.",
					explanation.method(), passes);
		}
	}

	/** One of the recent results on the home page. */
	record RecentView(String filename, String thumbnail, String topLabel, String topPercent, String model,
			String timeIso, String timeText) {

		static RecentView of(RecentResult result) {
			Prediction top = result.top();
			Instant time = result.time();
			return new RecentView(result.filename(), result.thumbnail().dataUri(), top.label(),
					PageViews.percent(top.probability()), result.model(), DateTimeFormatter.ISO_INSTANT.format(time),
					TIME.format(time));
		}
	}

	/** A refusal of the whole upload, as Problems describes it. */
	record ErrorView(int status, String title, String detail) {

		static ErrorView of(ProblemDetail problem) {
			return new ErrorView(problem.getStatus(), problem.getTitle(), problem.getDetail());
		}
	}

	static String percent(double probability) {
		return String.format(Locale.ROOT, "%.1f%%", probability * 100);
	}

	static String duration(Duration took) {
		long millis = took.toMillis();
		return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
	}

}
