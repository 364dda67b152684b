package com.example.classifier.training;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The training report written into the model folder ({@value #FILE}): what it was trained
 * on and how, each epoch's figures, and the confusion matrix on validation.
 */
final class TrainingReport {

	static final String FILE = "training-report.md";

	private TrainingReport() {
	}

	static String markdown(TrainingRequest request, Path backbone, TrainedModel model) {
		TrainingSettings settings = request.settings();
		StringBuilder md = new StringBuilder();
		line(md, "# Model %s", request.name());
		line(md, "");
		line(md, "Trained %s by `train`: a linear head on the frozen backbone `%s`.",
				Instant.now().truncatedTo(ChronoUnit.SECONDS), backbone.getFileName());
		line(md, "");
		line(md, "- training images: `%s`", request.data());
		line(md, "- validation: %s",
				request.validation() != null ? "`" + request.validation() + "`" : String.format(Locale.ROOT,
						"%.0f%% of each class held out (seed %d)", settings.validationSplit() * 100, settings.seed()));
		line(md, "- epochs: %d of at most %d (stopping after %d without a lower validation loss); weights of epoch %d kept",
				model.epochs().size(), settings.epochs(), settings.patience(), model.bestEpoch());
		line(md, "- batch %d, Adam learning rate %s, weight decay %s, augmentation %s, seed %d", settings.batchSize(),
				settings.learningRate(), settings.weightDecay(), settings.augment() ? "random crop and flip" : "none",
				settings.seed());
		line(md, "- time: %.1f s for the features, %.1f s for training", model.featureTime().toMillis() / 1e3,
				model.trainingTime().toMillis() / 1e3);
		line(md, "- validation top-1: %.4f", model.validationAccuracy());
		line(md, "");
		line(md, "## Classes");
		line(md, "");
		line(md, "| index | class | training images | validation images |");
		line(md, "| --- | --- | --- | --- |");
		for (int c = 0; c < model.classes().size(); c++) {
			line(md, "| %d | %s | %d | %d |", c, model.classes().get(c), model.trainImages()[c],
					model.validationImages()[c]);
		}
		if (!model.skipped().isEmpty()) {
			line(md, "");
			line(md, "## Skipped files (%d)", model.skipped().size());
			line(md, "");
			model.skipped().forEach(file -> line(md, "- %s", file));
		}
		line(md, "");
		line(md, "## Epochs");
		line(md, "");
		line(md, "| epoch | loss | accuracy | validation loss | validation accuracy |");
		line(md, "| --- | --- | --- | --- | --- |");
		for (EpochResult epoch : model.epochs()) {
			line(md, "| %d%s | %.4f | %.4f | %.4f | %.4f |", epoch.epoch(),
					epoch.epoch() == model.bestEpoch() ? " (kept)" : "", epoch.trainLoss(), epoch.trainAccuracy(),
					epoch.validationLoss(), epoch.validationAccuracy());
		}
		line(md, "");
		line(md, "## Confusion matrix on validation");
		line(md, "");
		line(md, "Rows: the true class; columns: the predicted one.");
		line(md, "");
		List<String> classes = model.classes();
		md.append("| true \\ predicted |");
		classes.forEach(name -> md.append(' ').append(name).append(" |"));
		md.append(" recall |\n|---|");
		classes.forEach(name -> md.append("---|"));
		md.append("---|\n");
		int[][] confusion = model.confusion();
		for (int i = 0; i < classes.size(); i++) {
			md.append("| ").append(classes.get(i)).append(" |");
			int total = 0;
			for (int j = 0; j < classes.size(); j++) {
				md.append(' ').append(confusion[i][j]).append(" |");
				total += confusion[i][j];
			}
			md.append(String.format(Locale.ROOT, " %.4f |%n",
					total == 0 ? Double.NaN : (double) confusion[i][i] / total));
		}
		return md.toString();
	}

	private static void line(StringBuilder md, String format, Object... args) {
		md.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
