package com.example.classifier.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import com.example.classifier.image.DecodedImage;
import com.example.classifier.image.ImageDecoder;
import com.example.classifier.image.ImageBytes;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.tensor.Preprocessing;
import com.example.classifier.training.LabelledImages.LabelledImage;

/**
 * Training images through the same checked decoder as uploads (the same limits, the same
 * pixels), then the backbone's preprocessing, then the backbone: features, a few images
 * at a time, decoded in parallel.
 */
final class TrainingImages {

	private static final int CHUNK = 16;

	private final ImageDecoder decoder;

	private final FeatureExtractor backbone;

	private final long maxFileBytes;

	TrainingImages(ImageDecoder decoder, FeatureExtractor backbone, long maxFileBytes) {
		this.decoder = decoder;
		this.backbone = backbone;
		this.maxFileBytes = maxFileBytes;
	}

	/**
	 * The features of each image, in order; null for an image that cannot be decoded,
	 * which is reported to {@code rejected} with why.
	 * @param augment a random crop and flip per image, from {@code random}; null for none
	 * @param done told how many images each chunk finished
	 */
	float[][] features(List<LabelledImage> images, Random augment, IntConsumer done,
			BiConsumer<LabelledImage, String> rejected) {
		Preprocessing preprocessing = backbone.preprocessing();
		// Drawn up front, in order, so that the run is the same however the threads
		// interleave.
		long[] seeds = augment == null ? null : augment.longs(images.size()).toArray();
		float[][] features = new float[images.size()][];
		for (int start = 0; start < images.size(); start += CHUNK) {
			int from = start;
			int to = Math.min(images.size(), start + CHUNK);
			String[] refusals = new String[to - from];
			float[][] tensors = new float[to - from][];
			IntStream.range(from, to).parallel().forEach(i -> {
				try {
					DecodedImage decoded = decode(images.get(i));
					tensors[i - from] = preprocessing
						.toTensor(seeds == null ? decoded : Augmentation.apply(decoded, new Random(seeds[i])));
				}
				catch (ImageRejectedException ex) {
					refusals[i - from] = ex.getMessage();
				}
			});
			List<float[]> decoded = new ArrayList<>();
			for (int i = from; i < to; i++) {
				if (refusals[i - from] != null) {
					rejected.accept(images.get(i), refusals[i - from]);
				}
				else {
					decoded.add(tensors[i - from]);
				}
			}
			float[][] extracted = backbone.extract(decoded);
			for (int i = from, next = 0; i < to; i++) {
				if (refusals[i - from] == null) {
					features[i] = extracted[next++];
				}
			}
			done.accept(to - from);
		}
		return features;
	}

	private DecodedImage decode(LabelledImage image) {
		return decoder.decode(ImageBytes.ofFile(image.file(), maxFileBytes), backbone.preprocessing().resize());
	}

}
