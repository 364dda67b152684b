package com.example.classifier.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.springframework.stereotype.Component;

import com.example.classifier.engine.EngineSetup;
import com.example.classifier.image.ImageDecoder;
import com.example.classifier.model.ModelName;
import com.example.classifier.model.ModelProperties;
import com.example.classifier.model.ModelSettings;
import com.example.classifier.model.TrainedClassifier;
import com.example.classifier.tensor.Preprocessing;
import com.example.classifier.training.LabelledImages.LabelledImage;

/**
 * A training run from folders of labelled images to a model folder the server loads like
 * any other: checks the data, computes the backbone's features (once, unless augmenting),
 * trains the head, and writes backbone and head, labels, preprocessing and a report.
 */
@Component
public class ClassifierTraining {

	/**
	 * The backbone's preprocessing, which the trained model keeps: mobilenet_v2's, a
	 * model folder's by default (ImageNet's).
	 */
	static final Preprocessing IMAGENET = ModelSettings.BUILT_IN.preprocessing();

	/** Batches of 2 served the trained model fastest (docs/TRAINING.md). */
	private static final int SERVING_BATCH = 2;

	private final ImageDecoder decoder;

	private final TrainingProperties properties;

	private final Path modelsDir;

	/**
	 * @param engines set up before the backbone starts the engine (it reads its settings
	 * once)
	 */
	ClassifierTraining(ImageDecoder decoder, TrainingProperties properties, ModelProperties models,
			EngineSetup engines) {
		this.decoder = decoder;
		this.properties = properties;
		this.modelsDir = Path.of(models.modelsDir()).toAbsolutePath().normalize();
	}

	/**
	 * The backbone a run uses: the one asked for, or the configured one.
	 * @param requested a run's own backbone folder, or null
	 */
	public Path backbone(Path requested) {
		return requested != null ? requested.toAbsolutePath().normalize() : properties.backboneFolder(modelsDir);
	}

	/**
	 * Trains and writes a model.
	 * @throws TrainingDataException if the data or options cannot make a model; nothing
	 * is written
	 * @throws IOException if the model folder cannot be written; nothing is left of it
	 */
	public TrainedModel train(TrainingRequest request, TrainingProgress progress) throws IOException {
		if (!ModelName.isPlain(request.name())) {
			throw new TrainingDataException(ModelName.rule() + ", got '" + request.name() + "'");
		}
		ModelFolderWriter.refuseExisting(modelsDir.resolve(request.name()), request.replace());
		LabelledImages train = LabelledImages.read(request.data());
		LabelledImages validation = request.validation() == null ? null : LabelledImages.read(request.validation());
		if (validation != null && !validation.classes().equals(train.classes())) {
			throw new TrainingDataException("the validation folder's classes " + validation.classes()
					+ " are not the training folder's " + train.classes());
		}
		TrainingSettings settings = request.settings();
		Path backboneFolder = backbone(request.backbone());
		try (FeatureExtractor backbone = FeatureExtractor.load(backboneFolder, IMAGENET, properties.backboneBatch())) {
			TrainingImages images = new TrainingImages(decoder, backbone, request.maxFileBytes());
			List<String> skipped = new ArrayList<>();
			long start = System.nanoTime();
			Features all = features(images, train, request.data(), progress, skipped);
			Features held;
			Features kept;
			if (validation != null) {
				held = features(images, validation, request.validation(), progress, skipped);
				kept = all;
				requireImages(kept, train.classes(), 1, "training");
				requireImages(held, train.classes(), 1, "validation");
			}
			else {
				requireImages(all, train.classes(), 2, "training (at least two, one to hold out for validation)");
				Features[] split = all.split(train.classes().size(), settings.validationSplit(),
						new Random(settings.seed()));
				kept = split[0];
				held = split[1];
			}
			Duration featureTime = Duration.ofNanos(System.nanoTime() - start);
			start = System.nanoTime();
			try (HeadTrainer head = new HeadTrainer(train.classes().size(), settings)) {
				Random augment = new Random(settings.seed() + 1);
				List<EpochResult> epochs = head.train(
						epoch -> !settings.augment() ? kept.features()
								: augmented(images, kept, epoch, settings.epochs(), augment, progress),
						kept.labels(), held.features(), held.labels(),
						result -> progress.epoch(result, settings.epochs()));
				if (epochs.size() < settings.epochs()) {
					progress.note("stopped early after epoch " + epochs.size()
							+ ": validation loss no lower since epoch " + head.bestEpoch());
				}
				int[][] confusion = confusion(head.scores(held.features()), held.labels(), train.classes().size());
				Duration trainingTime = Duration.ofNanos(System.nanoTime() - start);
				TrainedModel[] made = new TrainedModel[1];
				ModelFolderWriter.write(modelsDir, request.name(), request.replace(), temporary -> {
					TrainedClassifier.save(TrainedClassifier.compose(backbone.block(), head.block(),
							IMAGENET.inputShape(), backbone.manager()), temporary, request.name());
					Files.write(temporary.resolve("synset.txt"), train.classes(), StandardCharsets.UTF_8);
					Files.writeString(temporary.resolve("serving.properties"), servingProperties(backboneFolder),
							StandardCharsets.UTF_8);
					made[0] = new TrainedModel(modelsDir.resolve(request.name()), train.classes(),
							kept.counts(train.classes().size()), held.counts(train.classes().size()), skipped, epochs,
							head.bestEpoch(), confusion, featureTime, trainingTime);
					Files.writeString(temporary.resolve(TrainingReport.FILE),
							TrainingReport.markdown(request, backboneFolder, made[0]), StandardCharsets.UTF_8);
				});
				return made[0];
			}
		}
	}

	private static String servingProperties(Path backbone) {
		return String.join("\n",
				"# Trained by image-classifier's train command: a head on the backbone " + backbone.getFileName(),
				"engine=PyTorch", "resize=" + IMAGENET.resize(), "crop=" + IMAGENET.crop(),
				"mean=" + floats(IMAGENET.mean()), "std=" + floats(IMAGENET.std()),
				"# the backbone is fastest in small batches (docs/TRAINING.md)", "batch_size=" + SERVING_BATCH, "");
	}

	private static String floats(float[] values) {
		List<String> text = new ArrayList<>();
		for (float value : values) {
			text.add(Float.toString(value));
		}
		return String.join(",", text);
	}

	private static Features features(TrainingImages images, LabelledImages data, Path dir, TrainingProgress progress,
			List<String> skipped) {
		progress.started("features of " + dir.getFileName(), data.images().size());
		float[][] features = images.features(data.images(), null, progress::advanced, (image, reason) -> {
			String shown = image.shownAs(dir);
			skipped.add(shown + ": " + reason);
			progress.skipped(shown, reason);
		});
		return Features.of(data.images(), features);
	}

	private static float[][] augmented(TrainingImages images, Features kept, int epoch, int epochs, Random random,
			TrainingProgress progress) {
		progress.started("epoch " + epoch + "/" + epochs + " augmented features", kept.images().size());
		return images.features(kept.images(), random, progress::advanced, (image, reason) -> {
			throw new TrainingDataException(
					image.file() + " changed while training: it decoded before, and now " + reason);
		});
	}

	private static void requireImages(Features features, List<String> classes, int least, String what) {
		int[] counts = features.counts(classes.size());
		List<String> few = new ArrayList<>();
		for (int c = 0; c < classes.size(); c++) {
			if (counts[c] < least) {
				few.add(classes.get(c) + " (" + counts[c] + ")");
			}
		}
		if (!few.isEmpty()) {
			throw new TrainingDataException("too few images left for " + what + " in: " + String.join(", ", few)
					+ "; every class needs at least " + least + " image" + (least > 1 ? "s" : "") + " we can decode");
		}
	}

	private static int[][] confusion(float[][] scores, int[] labels, int classes) {
		int[][] confusion = new int[classes][classes];
		for (int i = 0; i < labels.length; i++) {
			int predicted = 0;
			for (int c = 1; c < classes; c++) {
				if (scores[i][c] > scores[i][predicted]) {
					predicted = c;
				}
			}
			confusion[labels[i]][predicted]++;
		}
		return confusion;
	}

	/** Decoded images' features, with their labels. */
	record Features(List<LabelledImage> images, float[][] features, int[] labels) {

		/** The images that decoded, with their features. */
		static Features of(List<LabelledImage> images, float[][] features) {
			List<LabelledImage> kept = new ArrayList<>();
			List<float[]> rows = new ArrayList<>();
			for (int i = 0; i < images.size(); i++) {
				if (features[i] != null) {
					kept.add(images.get(i));
					rows.add(features[i]);
				}
			}
			return new Features(kept, rows.toArray(float[][]::new),
					kept.stream().mapToInt(LabelledImage::label).toArray());
		}

		int[] counts(int classes) {
			int[] counts = new int[classes];
			for (int label : labels) {
				counts[label]++;
			}
			return counts;
		}

		/**
		 * Training and validation parts: {@code fraction} of each class (at least one
		 * image, never all) held out, drawn with {@code random}.
		 */
		Features[] split(int classes, double fraction, Random random) {
			List<Integer> train = new ArrayList<>();
			List<Integer> held = new ArrayList<>();
			for (int c = 0; c < classes; c++) {
				List<Integer> members = new ArrayList<>();
				for (int i = 0; i < labels.length; i++) {
					if (labels[i] == c) {
						members.add(i);
					}
				}
				Collections.shuffle(members, random);
				int out = (int) Math.max(1, Math.min(members.size() - 1, Math.round(members.size() * fraction)));
				held.addAll(members.subList(0, out));
				train.addAll(members.subList(out, members.size()));
			}
			train.sort(null);
			held.sort(null);
			return new Features[] { select(train), select(held) };
		}

		private Features select(List<Integer> indices) {
			return new Features(indices.stream().map(images::get).toList(),
					indices.stream().map(i -> features[i]).toArray(float[][]::new),
					indices.stream().mapToInt(i -> labels[i]).toArray());
		}

	}

}
