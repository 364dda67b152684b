package com.example.classifier.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;

import com.example.classifier.tensor.Preprocessing;

/**
 * How one model is served; every field may be left out, and is then taken from the layer
 * below (app configuration over the model folder's serving.properties over the defaults).
 *
 * @param engine "PyTorch" or "OnnxRuntime"; by default from the weights' file extension
 * @param resize short side after resizing (torchvision {@code Resize})
 * @param crop side of the center crop (torchvision {@code CenterCrop}); also the model's
 * input size
 * @param mean per channel, after scaling pixels to [0, 1]
 * @param std per channel
 * @param grayscale one gray channel instead of RGB
 * @param batchSize most images run together; 1 for a model that cannot take a batch
 * @param maxBatchDelay longest wait for a batch to fill while more images are on their
 * way
 * @param workers inference threads, each with its own predictor
 * @param queueSize images waiting for inference before requests are refused with 503
 * @param threads intra-op threads of an OnnxRuntime model
 */
public record ModelSettings(String engine, Integer resize, Integer crop, List<Float> mean, List<Float> std,
		Boolean grayscale, Integer batchSize, Duration maxBatchDelay, Integer workers, Integer queueSize,
		Integer threads) {

	/**
	 * What a model gets when nothing is configured: ImageNet preprocessing, batches of up
	 * to 8.
	 */
	public static final ModelSettings BUILT_IN = new ModelSettings(null, 256, 224, List.of(0.485f, 0.456f, 0.406f),
			List.of(0.229f, 0.224f, 0.225f), false, 8, Duration.ofMillis(10), 1, 64, 1);

	static final ModelSettings NONE = new ModelSettings(null, null, null, null, null, null, null, null, null, null,
			null);

	/** How its inputs are made; every preprocessing field must be set. */
	public Preprocessing preprocessing() {
		return new Preprocessing(resize, crop, floats(mean), floats(std), Boolean.TRUE.equals(grayscale));
	}

	private static float[] floats(List<Float> values) {
		float[] array = new float[values.size()];
		for (int i = 0; i < array.length; i++) {
			array[i] = values.get(i);
		}
		return array;
	}

	/** These settings, with the gaps filled from {@code below}. */
	ModelSettings over(ModelSettings below) {
		if (below == null) {
			return this;
		}
		return new ModelSettings(pick(engine, below.engine), pick(resize, below.resize), pick(crop, below.crop),
				pick(mean, below.mean), pick(std, below.std), pick(grayscale, below.grayscale),
				pick(batchSize, below.batchSize), pick(maxBatchDelay, below.maxBatchDelay),
				pick(workers, below.workers), pick(queueSize, below.queueSize), pick(threads, below.threads));
	}

	private static <T> T pick(T mine, T theirs) {
		return mine != null ? mine : theirs;
	}

	/**
	 * Settings from a DJL Serving style {@code serving.properties}: {@code engine},
	 * {@code batch_size}, {@code max_batch_delay} (ms), {@code maxWorkers},
	 * {@code job_queue_size}, and for preprocessing {@code resize}, {@code crop},
	 * {@code mean}, {@code std} (comma separated) and {@code flag=grayscale}.
	 */
	static ModelSettings fromServingProperties(Properties p) {
		Function<String, Integer> integer = key -> p.containsKey(key) ? Integer.valueOf(p.getProperty(key).trim())
				: null;
		Function<String, List<Float>> floats = key -> p.containsKey(key)
				? Arrays.stream(p.getProperty(key).split(",")).map(s -> Float.valueOf(s.trim())).toList() : null;
		String flag = p.getProperty("flag");
		return new ModelSettings(p.getProperty("engine"), integer.apply("resize"), integer.apply("crop"),
				floats.apply("mean"), floats.apply("std"),
				flag == null ? null : "grayscale".equalsIgnoreCase(flag.trim()), integer.apply("batch_size"),
				p.containsKey("max_batch_delay") ? Duration.ofMillis(integer.apply("max_batch_delay")) : null,
				integer.apply("maxWorkers"), integer.apply("job_queue_size"),
				integer.apply("option.intraOpNumThreads"));
	}
}
