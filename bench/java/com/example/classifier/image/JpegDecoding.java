package com.example.classifier.image;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;

import org.springframework.util.unit.DataSize;

import com.example.classifier.image.ImageLimits.JpegDecoder;
import com.example.classifier.inference.TensorBatch;
import com.example.classifier.model.ModelLoader;
import com.example.classifier.tensor.Preprocessing;

/**
 * JPEG decoding before (the JDK's decoder, subsampled above 8 megapixels) and after
 * (libjpeg-turbo, DCT-scaled above 8 megapixels), side by side in one run: CPU per decode
 * and per preprocessing of the shared camera-sized JPEGs and of the 20 photos, and what
 * each does to the model's answer. Run by {@code bench/jpeg-decoding.sh}; not a test.
 *
 * <p>
 * Fidelity: the 20 photos against torchvision's top five ({@code EXPECTED.tsv}); every
 * JPEG at each DCT scale against its own full-scale libjpeg-turbo decode (the pixels PIL
 * decodes), over all 1000 probabilities, to show where scaling starts to move answers.
 */
public final class JpegDecoding {

	private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private JpegDecoding() {
	}

	public static void main(String[] args) throws Exception {
		Locale.setDefault(Locale.ROOT);
		Path shared = Path.of(args.length > 0 ? args[0] : "../shared");
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
		TurboJpeg turbo = TurboJpeg.installed()
			.orElseThrow(() -> new IllegalStateException("libjpeg-turbo is not installed (apt-get install libturbojpeg0)"));
		ImageDecoder jdk = decoder(JpegDecoder.JDK);
		ImageDecoder libjpegTurbo = decoder(JpegDecoder.LIBJPEG_TURBO);
		Preprocessing preprocessing = new Preprocessing(256, 224, new float[] { 0.485f, 0.456f, 0.406f },
				new float[] { 0.229f, 0.224f, 0.225f }, false);
		Path large = shared.resolve("images/large");
		List<Path> cameraSized = List.of(large.resolve("dog_4032x3024.jpg"), large.resolve("coffee_4032x3024.jpg"),
				large.resolve("cat_8000x6000.jpg"), shared.resolve("images/photos/caffe_cat.jpg"));

		System.out.printf("## CPU per decode and per preprocessing (median of %d, one thread)%n%n", rounds);
		System.out.println("| image | file | before: JDK | decoded to | after: libjpeg-turbo | decoded to | after/before "
				+ "| preprocessing before | after |");
		System.out.println("| --- | ---: | ---: | --- | ---: | --- | ---: | ---: | ---: |");
		for (Path file : cameraSized) {
			byte[] bytes = Files.readAllBytes(file);
			Cost before = cost(jdk, preprocessing, bytes, rounds);
			Cost after = cost(libjpegTurbo, preprocessing, bytes, rounds);
			System.out.printf("| %s | %d KB | %.1f ms | %s | %.1f ms | %s | %.2f | %.1f ms | %.1f ms |%n",
					file.getFileName(), bytes.length >> 10, before.decodeMs, before.size, after.decodeMs, after.size,
					after.decodeMs / before.decodeMs, before.preprocessMs, after.preprocessMs);
		}

		try (ZooModel<TensorBatch, float[][]> model = ModelLoader.loadWeights(shared.resolve("models/mobilenet_v2"),
				"mobilenet_v2", "PyTorch", 1); Predictor<TensorBatch, float[][]> predictor = model.newPredictor()) {
			System.out.printf("%n## The 20 photos against torchvision's top five (EXPECTED.tsv, four decimals)%n%n");
			double[] worst = new double[2];
			for (String line : Files.readAllLines(shared.resolve("images/photos/EXPECTED.tsv")).subList(1, 21)) {
				String[] fields = line.split("\t");
				byte[] bytes = Files.readAllBytes(shared.resolve("images/photos").resolve(fields[0]));
				int[] indices = Arrays.stream(fields[4].split(",")).mapToInt(Integer::parseInt).toArray();
				double[] expected = Arrays.stream(fields[5].split(",")).mapToDouble(Double::parseDouble).toArray();
				ImageDecoder[] decoders = { jdk, libjpegTurbo };
				for (int d = 0; d < 2; d++) {
					float[] p = classify(predictor, preprocessing, decoders[d].decode(bytes.clone(), 256));
					for (int k = 0; k < 5; k++) {
						worst[d] = Math.max(worst[d], Math.abs(p[indices[k]] - expected[k]));
					}
				}
			}
			System.out.printf("largest difference of a top-5 probability: before (JDK) %.5f, after (libjpeg-turbo) "
					+ "%.5f%n", worst[0], worst[1]);

			System.out.printf("%n## Each DCT scale against the same file decoded at full scale by libjpeg-turbo%n%n");
			System.out.println("Largest difference over all 1000 probabilities, and whether the top-1 stays; scales "
					+ "that keep a short side of at least 256 only.");
			System.out.println();
			List<Path> jpegs = new ArrayList<>(cameraSized.subList(0, 3));
			try (var photos = Files.list(shared.resolve("images/photos"))) {
				photos.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(jpegs::add);
			}
			Map<String, double[]> worstByScale = new LinkedHashMap<>();
			for (Path file : jpegs) {
				byte[] bytes = Files.readAllBytes(file);
				DecodedImage reference = decodeAt(turbo, bytes, JpegScale.FULL);
				if (reference == null || Math.min(reference.width(), reference.height()) < 2 * 256 * 7 / 8) {
					continue;
				}
				float[] full = classify(predictor, preprocessing, reference);
				StringBuilder row = new StringBuilder("| " + file.getFileName() + " | " + reference.width() + "x"
						+ reference.height() + " |");
				for (JpegScale scale : turbo.scales()) {
					if (scale.equals(JpegScale.FULL) || Math.min(scale.scaled(reference.width()),
							scale.scaled(reference.height())) < 256) {
						continue;
					}
					float[] p = classify(predictor, preprocessing, decodeAt(turbo, bytes, scale));
					double diff = 0;
					for (int i = 0; i < p.length; i++) {
						diff = Math.max(diff, Math.abs(p[i] - full[i]));
					}
					boolean sameTop = argmax(p) == argmax(full);
					row.append(String.format(" %s: %.4f%s |", scale, diff, sameTop ? "" : " (top-1 changes)"));
					worstByScale.computeIfAbsent(scale.toString(), s -> new double[1])[0] = Math
						.max(worstByScale.get(scale.toString())[0], diff);
				}
				System.out.println(row);
			}
			System.out.println();
			System.out.println("Largest difference at each scale, over every file it applied to: " + worstByScale
				.entrySet()
				.stream()
				.map(e -> String.format("%s %.4f", e.getKey(), e.getValue()[0]))
				.reduce((a, b) -> a + ", " + b)
				.orElse("none"));
		}
	}

	private static ImageDecoder decoder(JpegDecoder which) {
		return new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(30), DataSize.ofBytes(0),
				DataSize.ofMegabytes(256), which));
	}

	private static DecodedImage decodeAt(TurboJpeg turbo, byte[] bytes, JpegScale scale) {
		try (TurboJpeg.Decompression jpeg = turbo.open(bytes)) {
			if (!jpeg.readHeader() || jpeg.isCmyk()) {
				return null;
			}
			return new DecodedImage(scale.scaled(jpeg.width()), scale.scaled(jpeg.height()), jpeg.channels(),
					jpeg.decode(scale), jpeg.width(), jpeg.height(), ImageFormat.JPEG);
		}
	}

	private record Cost(double decodeMs, double preprocessMs, String size) {
	}

	private static Cost cost(ImageDecoder decoder, Preprocessing preprocessing, byte[] bytes, int rounds) {
		long[] decode = new long[rounds];
		long[] preprocess = new long[rounds];
		DecodedImage image = null;
		for (int r = -3; r < rounds; r++) {
			long start = THREADS.getCurrentThreadCpuTime();
			image = decoder.decode(bytes.clone(), preprocessing.resize());
			long decoded = THREADS.getCurrentThreadCpuTime();
			preprocessing.toTensor(image);
			long done = THREADS.getCurrentThreadCpuTime();
			if (r >= 0) {
				decode[r] = decoded - start;
				preprocess[r] = done - decoded;
			}
		}
		return new Cost(median(decode) / 1e6, median(preprocess) / 1e6, image.width() + "x" + image.height());
	}

	private static float[] classify(Predictor<TensorBatch, float[][]> predictor, Preprocessing preprocessing,
			DecodedImage image) throws Exception {
		return predictor.predict(TensorBatch.of(1, preprocessing.inputShape(), preprocessing.toTensor(image)))[0];
	}

	private static int argmax(float[] p) {
		int best = 0;
		for (int i = 1; i < p.length; i++) {
			best = p[i] > p[best] ? i : best;
		}
		return best;
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
