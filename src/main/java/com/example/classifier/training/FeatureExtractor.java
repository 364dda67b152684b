package com.example.classifier.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import com.example.classifier.inference.TensorBatch;
import com.example.classifier.tensor.Preprocessing;

/**
 * A frozen backbone on the PyTorch engine: preprocessed images in, one feature vector per
 * image out, in inference mode (its batch norms use their stored statistics, as they will
 * when the trained model serves).
 */
final class FeatureExtractor implements AutoCloseable {

	private final ZooModel<TensorBatch, float[][]> model;

	private final Predictor<TensorBatch, float[][]> predictor;

	private final Preprocessing preprocessing;

	private final int features;

	private final int batch;

	private FeatureExtractor(ZooModel<TensorBatch, float[][]> model, Preprocessing preprocessing, int batch) {
		this.model = model;
		this.predictor = model.newPredictor();
		this.preprocessing = preprocessing;
		this.batch = Math.max(1, batch);
		this.features = extract(List.of(new float[preprocessing.tensorSize()]))[0].length;
	}

	/**
	 * Loads the backbone in {@code folder} ({@code <folder name>.pt}).
	 * @param batch images per backbone call
	 * @throws TrainingDataException if there is none, or it cannot be loaded
	 */
	static FeatureExtractor load(Path folder, Preprocessing preprocessing, int batch) {
		String name = folder.getFileName().toString();
		if (!Files.isRegularFile(folder.resolve(name + ".pt"))) {
			throw new TrainingDataException("no backbone at " + folder + " (expected " + name + "/" + name
					+ ".pt there): set classifier.training.backbone (CLASSIFIER_TRAINING_BACKBONE) or --backbone "
					+ "to the backbone's folder");
		}
		Criteria<TensorBatch, float[][]> criteria = Criteria.builder()
			.setTypes(TensorBatch.class, float[][].class)
			.optModelPath(folder)
			.optModelName(name)
			.optEngine("PyTorch")
			.optTranslator(new RawOutput())
			.build();
		ZooModel<TensorBatch, float[][]> model;
		try {
			model = criteria.loadModel();
		}
		catch (IOException | ModelNotFoundException | MalformedModelException ex) {
			throw new TrainingDataException("the backbone at " + folder + " cannot be loaded: " + ex.getMessage());
		}
		try {
			return new FeatureExtractor(model, preprocessing, batch);
		}
		catch (RuntimeException ex) {
			model.close();
			throw new TrainingDataException("the backbone at " + folder + " does not take " + preprocessing.shapeText()
					+ " images: " + ex.getMessage());
		}
	}

	/** Features per image. */
	int features() {
		return features;
	}

	Preprocessing preprocessing() {
		return preprocessing;
	}

	/** The backbone itself, to save with the head trained on it. */
	Block block() {
		return model.getBlock();
	}

	NDManager manager() {
		return model.getNDManager();
	}

	/** The features of preprocessed images, in order. */
	float[][] extract(List<float[]> tensors) {
		List<float[]> out = new ArrayList<>(tensors.size());
		int size = preprocessing.tensorSize();
		for (int start = 0; start < tensors.size(); start += batch) {
			List<float[]> part = tensors.subList(start, Math.min(tensors.size(), start + batch));
			float[] data = new float[part.size() * size];
			for (int i = 0; i < part.size(); i++) {
				System.arraycopy(part.get(i), 0, data, i * size, size);
			}
			try {
				out.addAll(List.of(predictor.predict(TensorBatch.of(part.size(), preprocessing.inputShape(), data))));
			}
			catch (TranslateException ex) {
				throw new IllegalStateException("the backbone failed: " + ex.getMessage(), ex);
			}
		}
		return out.toArray(float[][]::new);
	}

	@Override
	public void close() {
		predictor.close();
		model.close();
	}

	/** The backbone's output as it is: features, not probabilities. */
	private static final class RawOutput implements NoBatchifyTranslator<TensorBatch, float[][]> {

		@Override
		public NDList processInput(TranslatorContext ctx, TensorBatch batch) {
			return new NDList(batch.toArray(ctx.getNDManager()));
		}

		@Override
		public float[][] processOutput(TranslatorContext ctx, NDList list) {
			float[] flat = list.get(0).toFloatArray();
			int rows = (int) list.get(0).getShape().get(0);
			int columns = flat.length / rows;
			float[][] features = new float[rows][];
			for (int r = 0; r < rows; r++) {
				features[r] = Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
			}
			return features;
		}

	}

}
