package com.example.classifier.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

/**
 * Trains one linear layer on backbone features with DJL's training API (PyTorch engine):
 * softmax cross-entropy, Adam, mini-batches in an order drawn from the seed. Keeps the
 * weights of the epoch with the lowest validation loss and stops once it has not improved
 * for {@code patience} epochs.
 */
final class HeadTrainer implements AutoCloseable {

	private final Model model;

	private final int classes;

	private final TrainingSettings settings;

	private List<float[]> best;

	private int bestEpoch;

	HeadTrainer(int classes, TrainingSettings settings) {
		this.classes = classes;
		this.settings = settings;
		this.model = Model.newInstance("head", Device.cpu(), "PyTorch");
		model.setBlock(Linear.builder().setUnits(classes).build());
	}

	/**
	 * Trains on one epoch's training features at a time ({@code epochFeatures}, new
	 * copies each epoch when augmenting) and validates on fixed features.
	 * @param epochs reports each epoch's figures as it ends
	 * @return every epoch's figures; the head holds the best epoch's weights
	 */
	List<EpochResult> train(EpochFeatures epochFeatures, int[] trainLabels, float[][] validation,
			int[] validationLabels, Consumer<EpochResult> epochs) {
		// The head's first weights and the batches' order follow from the seed.
		Engine.getEngine("PyTorch").setRandomSeed((int) settings.seed());
		Random order = new Random(settings.seed());
		DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
			.optOptimizer(Optimizer.adam()
				.optLearningRateTracker(Tracker.fixed(settings.learningRate()))
				.optWeightDecays(settings.weightDecay())
				.build())
			.optDevices(new Device[] { Device.cpu() });
		List<EpochResult> results = new ArrayList<>();
		double bestLoss = Double.POSITIVE_INFINITY;
		try (Trainer trainer = model.newTrainer(config)) {
			int features = validation.length > 0 ? validation[0].length : 0;
			for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
				float[][] train = epochFeatures.forEpoch(epoch);
				if (epoch == 1) {
					trainer.initialize(new Shape(1, train[0].length));
				}
				double[] trained = trainEpoch(trainer, train, trainLabels, order);
				double[] validated = validation.length == 0 ? new double[] { Double.NaN, Double.NaN }
						: evaluate(trainer, validation, validationLabels);
				EpochResult result = new EpochResult(epoch, trained[0], trained[1], validated[0], validated[1]);
				results.add(result);
				epochs.accept(result);
				if (validated[0] < bestLoss - 1e-4 || best == null) {
					bestLoss = Math.min(bestLoss, validated[0]);
					best = weights();
					bestEpoch = epoch;
				}
				else if (epoch - bestEpoch >= settings.patience()) {
					break;
				}
			}
			restore(best);
		}
		return results;
	}

	/** The epoch whose weights the head holds. */
	int bestEpoch() {
		return bestEpoch;
	}

	/** The trained layer, for saving behind the backbone. */
	Block block() {
		return model.getBlock();
	}

	/** Class probabilities' raw scores for features, one row per image. */
	float[][] scores(float[][] features) {
		try (NDManager manager = model.getNDManager().newSubManager()) {
			NDArray out = model.getBlock()
				.forward(new ParameterStore(manager, false), new NDList(manager.create(features)), false)
				.singletonOrThrow();
			float[] flat = out.toFloatArray();
			float[][] rows = new float[features.length][classes];
			for (int r = 0; r < rows.length; r++) {
				System.arraycopy(flat, r * classes, rows[r], 0, classes);
			}
			return rows;
		}
	}

	private double[] trainEpoch(Trainer trainer, float[][] features, int[] labels, Random order) {
		int[] permutation = permutation(features.length, order);
		double loss = 0;
		int correct = 0;
		for (int start = 0; start < permutation.length; start += settings.batchSize()) {
			int end = Math.min(permutation.length, start + settings.batchSize());
			try (NDManager manager = trainer.getManager().newSubManager()) {
				float[][] x = new float[end - start][];
				float[] y = new float[end - start];
				for (int i = start; i < end; i++) {
					x[i - start] = features[permutation[i]];
					y[i - start] = labels[permutation[i]];
				}
				NDArray labelArray = manager.create(y);
				try (GradientCollector collector = trainer.newGradientCollector()) {
					NDList scores = trainer.forward(new NDList(manager.create(x)));
					NDArray batchLoss = trainer.getLoss().evaluate(new NDList(labelArray), scores);
					collector.backward(batchLoss);
					loss += batchLoss.getFloat() * (end - start);
					correct += correct(scores.singletonOrThrow(), labelArray);
				}
				trainer.step();
			}
		}
		return new double[] { loss / features.length, (double) correct / features.length };
	}

	private static double[] evaluate(Trainer trainer, float[][] features, int[] labels) {
		try (NDManager manager = trainer.getManager().newSubManager()) {
			float[] y = new float[labels.length];
			for (int i = 0; i < y.length; i++) {
				y[i] = labels[i];
			}
			NDArray labelArray = manager.create(y);
			NDList scores = trainer.evaluate(new NDList(manager.create(features)));
			double loss = trainer.getLoss().evaluate(new NDList(labelArray), scores).getFloat();
			return new double[] { loss, (double) correct(scores.singletonOrThrow(), labelArray) / labels.length };
		}
	}

	private static int correct(NDArray scores, NDArray labels) {
		return (int) scores.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
	}

	private static int[] permutation(int n, Random random) {
		int[] permutation = new int[n];
		for (int i = 0; i < n; i++) {
			permutation[i] = i;
		}
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = permutation[i];
			permutation[i] = permutation[j];
			permutation[j] = swap;
		}
		return permutation;
	}

	private List<float[]> weights() {
		List<float[]> values = new ArrayList<>();
		for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
			values.add(parameter.getValue().getArray().toFloatArray());
		}
		return values;
	}

	private void restore(List<float[]> values) {
		int i = 0;
		for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
			NDArray array = parameter.getValue().getArray();
			array.set(values.get(i++));
		}
	}

	@Override
	public void close() {
		model.close();
	}

	/** The training images' features for one epoch. */
	@FunctionalInterface
	interface EpochFeatures {

		float[][] forEpoch(int epoch);

	}

}
