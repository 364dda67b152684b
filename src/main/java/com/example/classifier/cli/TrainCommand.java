package com.example.classifier.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.example.classifier.training.ClassifierTraining;
import com.example.classifier.training.EpochResult;
import com.example.classifier.training.TrainedModel;
import com.example.classifier.training.TrainingDataException;
import com.example.classifier.training.TrainingProgress;
import com.example.classifier.training.TrainingRequest;
import com.example.classifier.training.TrainingSettings;

/** {@code train --name NAME [options] DIR} */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Trains a classifier on your own labelled images and writes it as a model folder that the server, "
						+ "classify and evaluate load like any other.",
				"DIR has one subfolder per class, named for it, holding that class's images (the layout of "
						+ "torchvision's ImageFolder). A linear head is trained on a frozen backbone's features; each "
						+ "epoch's loss and accuracy are printed, and the model folder gets a training report." })
final class TrainCommand implements Callable<Integer> {

	private final PrintStream out;

	private final PrintStream err;

	@Option(names = { "-n", "--name" }, required = true, paramLabel = "NAME",
			description = "the new model's name: its folder in the models folder")
	String name;

	@Option(names = "--validation", paramLabel = "DIR",
			description = "validation images, with the same class folders (default: hold out --split of DIR)")
	Path validation;

	@Option(names = "--split", paramLabel = "F",
			description = "fraction of each class held out for validation when there is no --validation folder "
					+ "(default: ${DEFAULT-VALUE})")
	double split = TrainingSettings.DEFAULT_SPLIT;

	@Option(names = "--epochs", paramLabel = "N", description = "most epochs (default: ${DEFAULT-VALUE})")
	int epochs = TrainingSettings.DEFAULT_EPOCHS;

	@Option(names = "--patience", paramLabel = "N",
			description = "stop after N epochs without a lower validation loss (default: ${DEFAULT-VALUE})")
	int patience = TrainingSettings.DEFAULT_PATIENCE;

	@Option(names = "--augment",
			description = "a random crop and flip of each training image every epoch (slower: features are "
					+ "computed each epoch instead of once)")
	boolean augment;

	@Option(names = "--seed", paramLabel = "N",
			description = "the same seed and data give the same model (default: ${DEFAULT-VALUE})")
	long seed = TrainingSettings.DEFAULT_SEED;

	@Option(names = "--backbone", paramLabel = "DIR",
			description = "the backbone's model folder (default: CLASSIFIER_TRAINING_BACKBONE, or "
					+ "backbones/mobilenet_v2_embedding beside the models folder)")
	Path backbone;

	@Option(names = "--models-dir", paramLabel = "DIR",
			description = "where the model folder is written (default: MODELS_DIR, or ./models)")
	String modelsDir;

	@Option(names = "--replace", description = "replace an existing model of that name")
	boolean replace;

	@Option(names = { "-q", "--quiet" }, description = "no progress bar")
	boolean quiet;

	@Parameters(index = "0", paramLabel = "DIR", description = "the training images, one subfolder per class")
	Path data;

	TrainCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() {
		TrainingSettings settings;
		try {
			settings = TrainingSettings.of(epochs, patience, split, augment, seed);
		}
		catch (TrainingDataException ex) {
			throw new CliException(Cli.EXIT_USAGE, ex.getMessage());
		}
		try (EngineContext context = EngineContext.startForTraining(modelsDir)) {
			ClassifierTraining training = context.training();
			TrainingRequest request = new TrainingRequest(data, validation, name, replace, backbone,
					Limits.maxFileBytes(context.environment()), settings);
			err.println("training " + name + " on " + data + " with the backbone " + training.backbone(backbone));
			TrainedModel model = training.train(request, new Shown());
			report(model);
			return Cli.EXIT_OK;
		}
		catch (TrainingDataException ex) {
			throw new CliException(Cli.EXIT_USAGE, ex.getMessage() + "; no model was written");
		}
		catch (IOException ex) {
			throw new CliException(Cli.EXIT_FAILURES,
					"the model folder could not be written: " + ex.getMessage() + "; nothing was left of it");
		}
	}

	private void report(TrainedModel model) {
		out.printf(Locale.ROOT, "model       %s%n", name);
		out.printf(Locale.ROOT, "folder      %s%n", model.folder());
		out.printf(Locale.ROOT, "classes     %s%n", String.join(", ", model.classes()));
		out.printf(Locale.ROOT, "images      %d training, %d validation, %d skipped%n", sum(model.trainImages()),
				sum(model.validationImages()), model.skipped().size());
		out.printf(Locale.ROOT, "kept        epoch %d of %d%n", model.bestEpoch(), model.epochs().size());
		out.printf(Locale.ROOT, "validation  top-1 %.4f%n", model.validationAccuracy());
		out.printf(Locale.ROOT, "time        %.1f s features, %.1f s training%n", model.featureTime().toMillis() / 1e3,
				model.trainingTime().toMillis() / 1e3);
		out.println("confusion   (rows: true class, columns: predicted)");
		List<String> classes = model.classes();
		int width = Math.max(6, classes.stream().mapToInt(String::length).max().orElse(0));
		StringBuilder header = new StringBuilder("  " + " ".repeat(width));
		classes.forEach(c -> header.append(' ').append(pad(c, width)));
		out.println(header);
		for (int i = 0; i < classes.size(); i++) {
			StringBuilder row = new StringBuilder("  " + pad(classes.get(i), width));
			for (int j = 0; j < classes.size(); j++) {
				row.append(' ').append(pad(Integer.toString(model.confusion()[i][j]), width));
			}
			out.println(row);
		}
		out.printf("report      %s%n", model.folder().resolve("training-report.md"));
		out.flush();
	}

	private static String pad(String text, int width) {
		return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
	}

	private static int sum(int[] counts) {
		int sum = 0;
		for (int count : counts) {
			sum += count;
		}
		return sum;
	}

	/** Progress bars on stderr, epochs on stdout. */
	private final class Shown implements TrainingProgress {

		private Progress bar;

		@Override
		public void started(String step, int total) {
			finish();
			if (!quiet && Progress.stderrIsTerminal()) {
				err.println(step);
			}
			bar = new Progress(err, total, !quiet && Progress.wanted(total));
		}

		@Override
		public void advanced(int images) {
			bar.advance(images, 0);
		}

		@Override
		public void skipped(String file, String reason) {
			above(() -> err.println("skipped " + file + ": " + reason));
		}

		@Override
		public void epoch(EpochResult result, int epochs) {
			finish();
			out.printf(Locale.ROOT,
					"epoch %3d/%d  loss %.4f  accuracy %.4f  validation loss %.4f  validation accuracy %.4f%n",
					result.epoch(), epochs, result.trainLoss(), result.trainAccuracy(), result.validationLoss(),
					result.validationAccuracy());
			out.flush();
		}

		@Override
		public void note(String line) {
			finish();
			err.println(line);
		}

		private void above(Runnable print) {
			if (bar != null) {
				bar.above(print);
			}
			else {
				print.run();
			}
		}

		private void finish() {
			if (bar != null) {
				bar.finish();
				bar = null;
			}
		}

	}

}
