package com.example.classifier.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import com.example.classifier.engine.EngineSetup;
import com.example.classifier.engine.EngineProperties;
import com.example.classifier.engine.LibtorchLogLevel;
import com.example.classifier.image.DecodedImage;
import com.example.classifier.image.ImageDecoder;
import com.example.classifier.image.ImageLimits;
import com.example.classifier.inference.BatchBuffer;
import com.example.classifier.inference.TensorBatch;
import com.example.classifier.model.ModelLoader;
import com.example.classifier.tensor.Preprocessing;

/**
 * The in-process side of {@code bench/run.sh}: what the machine can do for one model with
 * no HTTP at all, using the app's own decoder, preprocessing and translator.
 *
 * <ol>
 * <li>{@code engine-bN}: the engine alone, one thread calling {@code predict} on ready
 * tensors, batches of N;</li>
 * <li>{@code single}: decode + preprocess + one batch-1 inference, one image at a time on
 * one thread (the latency floor of one request);</li>
 * <li>{@code pipeline-bN}: decode + preprocess on {@code decode-threads} threads feeding
 * the model's {@code workers} inference threads that run batches of N (the best batch
 * size of step 1, and the app's configured one when it differs): the throughput ceiling
 * of the same cores and the same threads, with no HTTP.</li>
 * </ol>
 *
 * Not a test: run it with {@code bench/run.sh}. Each result is one line
 * {@code RESULT <engine> <case> <requests/s> <images/s> <p50 ms> <p99 ms> <errors> <CPU ms per image>}
 * (CPU time of the whole process, robust to a machine shared with others where wall-clock
 * figures are not).
 *
 * <p>
 * Arguments: {@code modelsDir photosDir model seconds [--property=value ...]}. The thread
 * settings are the app's own: {@code classifier.pytorch-threads},
 * {@code classifier.models.<model>.threads} (or {@code classifier.defaults.threads}, else
 * 2) and {@code classifier.requests.decode-threads}, read from the
 * {@code application.yaml} on the class path, with the same {@code --property=value}
 * overrides the app takes. System property {@code bench.batches} (default
 * {@code 1,2,4,8}) lists the batch sizes tried; {@code bench.engineOnly} stops after the
 * engine alone ({@code bench/engine-options.sh}).
 */
public final class EngineBench {

	private EngineBench() {
	}

	public static void main(String[] args) throws Exception {
		Locale.setDefault(Locale.ROOT);
		Path modelsDir = Path.of(args[0]);
		Path photosDir = Path.of(args[1]);
		String name = args[2];
		double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 8;
		Properties config = appConfig(Arrays.copyOfRange(args, Math.min(4, args.length), args.length));
		int cores = Runtime.getRuntime().availableProcessors();
		int pytorchThreads = orCores(config.getProperty("classifier.pytorch-threads"), cores);
		int onnxThreads = Integer.parseInt(config.getProperty("classifier.models." + name + ".threads",
				config.getProperty("classifier.defaults.threads", "2")));
		int decodeThreads = orCores(config.getProperty("classifier.requests.decode-threads"), cores);
		int workers = Integer.parseInt(config.getProperty("classifier.models." + name + ".workers",
				config.getProperty("classifier.defaults.workers", "1")));
		// The batch size the app serves this model with: the pipeline runs at
		// it too, so that the in-process figure is the better of the engine's
		// best batch and the app's own.
		int configuredBatch = Integer.parseInt(config.getProperty("classifier.models." + name + ".batch-size",
				config.getProperty("classifier.defaults.batch-size", "8")));
		int[] batches = Arrays.stream(System.getProperty("bench.batches", "1,2,4,8").split(","))
			.mapToInt(s -> Integer.parseInt(s.trim()))
			.toArray();
		// As the app does it, before the engine starts.
		EngineSetup.configure(new EngineProperties(pytorchThreads,
				Boolean.parseBoolean(config.getProperty("classifier.reuse-native-memory", "true")), Duration.ZERO,
				LibtorchLogLevel.ERROR));

		Path folder = modelsDir.resolve(name);
		boolean onnx = Files.exists(folder.resolve(name + ".onnx"));
		String engine = onnx ? "OnnxRuntime" : "PyTorch";
		Preprocessing preprocessing = new Preprocessing(256, 224, new float[] { 0.485f, 0.456f, 0.406f },
				new float[] { 0.229f, 0.224f, 0.225f }, false);
		ImageDecoder decoder = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(10),
				DataSize.ofBytes(0), DataSize.ofMegabytes(256)));
		List<byte[]> photos = new ArrayList<>();
		try (Stream<Path> files = Files.list(photosDir)) {
			for (Path p : files.filter(f -> f.toString().matches("(?i).*\\.(jpe?g|png|webp)$")).sorted().toList()) {
				photos.add(Files.readAllBytes(p));
			}
		}
		List<float[]> tensors = new ArrayList<>();
		for (byte[] photo : photos) {
			tensors.add(preprocessing.toTensor(decoder.decode(photo, preprocessing.resize())));
		}
		System.out.printf(
				"# %s (%s): %d photos, pytorch threads %d, onnx threads %d, decode threads %d, inference"
						+ " workers %d, %.0f s per case%n",
				name, engine, photos.size(), pytorchThreads, onnxThreads, decodeThreads, workers, seconds);

		long loadStart = System.nanoTime();
		try (ZooModel<TensorBatch, float[][]> model = ModelLoader.loadWeights(folder, name, engine, onnxThreads);
				Predictor<TensorBatch, float[][]> predictor = model.newPredictor()) {
			predictor.predict(TensorBatch.of(1, preprocessing.inputShape(), tensors.get(0)));
			// Loading and the first call, where a graph optimizer spends its time.
			System.out.printf("FIRST %d%n", (System.nanoTime() - loadStart) / 1_000_000);
			Cases cases = new Cases(engine, model, predictor, decoder, preprocessing, photos, tensors, decodeThreads,
					workers, seconds);
			int best = cases.best(batches);
			System.out.printf("BEST %s %d%n", engine, best);
			if (Boolean.getBoolean("bench.engineOnly")) {
				return;
			}
			if (!Boolean.getBoolean("bench.commands")) {
				cases.single();
				cases.pipeline(best);
				return;
			}
			// Driven by bench/run.sh, which interleaves these cases with the
			// HTTP ones so that each pair is measured side by side: one command
			// a line ("single", "pipeline", "engine N", "quit"), "DONE" after
			// each. "pipeline" alone runs at the best batch and, if it differs,
			// at the app's configured one.
			System.out.println("READY");
			System.out.flush();
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String line;
			while ((line = commands.readLine()) != null && !line.equals("quit")) {
				String[] words = line.trim().split("\\s+");
				switch (words[0]) {
					case "single" -> cases.single();
					case "pipeline" -> {
						if (words.length > 1) {
							cases.pipeline(Integer.parseInt(words[1]));
						}
						else {
							cases.pipeline(best);
							if (configuredBatch != best) {
								cases.pipeline(configuredBatch);
							}
						}
					}
					case "engine" -> cases.engine(Integer.parseInt(words[1]));
					default -> System.out.println("# unknown command " + line);
				}
				System.out.println("DONE");
				System.out.flush();
			}
		}
	}

	private record Cases(String engine, ZooModel<TensorBatch, float[][]> model,
			Predictor<TensorBatch, float[][]> predictor, ImageDecoder decoder, Preprocessing preprocessing,
			List<byte[]> photos, List<float[]> tensors, int decodeThreads, int workers, double seconds) {

		/** Step 1 for every batch size: the batch size with the most images/s. */
		int best(int[] batches) throws Exception {
			int bestBatch = 1;
			double bestRate = 0;
			for (int b : batches) {
				double rate = engine(b);
				if (rate > bestRate) {
					bestRate = rate;
					bestBatch = b;
				}
			}
			return bestBatch;
		}

		/** The engine alone, batches of {@code b}: images/s. */
		double engine(int b) throws Exception {
			BatchBuffer input = new BatchBuffer(preprocessing.inputShape(), b);
			for (int i = 0; i < b; i++) {
				input.put(i, tensors.get(i % tensors.size()));
			}
			TensorBatch batch = input.batch(b);
			Stats stats = new Stats();
			timed(seconds / 4, seconds, () -> {
				long t = System.nanoTime();
				predictor.predict(batch);
				return System.nanoTime() - t;
			}, b, stats);
			stats.print(engine, "engine-b" + b);
			return stats.imagesPerSecond();
		}

		/** Step 2: decode, preprocess, batch of one, one image at a time. */
		void single() throws Exception {
			BatchBuffer input = new BatchBuffer(preprocessing.inputShape(), 1);
			AtomicInteger next = new AtomicInteger();
			Stats single = new Stats();
			timed(seconds / 4, seconds, () -> {
				long t = System.nanoTime();
				byte[] photo = photos.get(Math.floorMod(next.getAndIncrement(), photos.size()));
				DecodedImage image = decoder.decode(photo, preprocessing.resize());
				input.put(0, preprocessing.toTensor(image));
				predictor.predict(input.batch(1));
				return System.nanoTime() - t;
			}, 1, single);
			single.print(engine, "single");
		}

		void pipeline(int batchSize) throws Exception {
			EngineBench.pipeline(engine, model, decoder, preprocessing, photos, decodeThreads, workers, batchSize,
					seconds);
		}
	}

	/**
	 * The app's application.yaml, flattened, with {@code --key=value} arguments over it.
	 */
	private static Properties appConfig(String[] overrides) {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application.yaml"));
		Properties properties = yaml.getObject();
		for (String arg : overrides) {
			if (arg.startsWith("--") && arg.contains("=")) {
				properties.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
		return properties;
	}

	private static int orCores(String value, int cores) {
		int n = value == null ? 0 : Integer.parseInt(value.trim());
		return n > 0 ? n : cores;
	}

	private interface Call {

		long run() throws Exception;

	}

	/**
	 * Calls repeatedly: {@code warm} seconds unrecorded, then {@code seconds} recorded.
	 */
	private static void timed(double warm, double seconds, Call call, int imagesPerCall, Stats stats) throws Exception {
		long end = System.nanoTime() + (long) (warm * 1e9);
		while (System.nanoTime() < end) {
			call.run();
		}
		long start = System.nanoTime();
		stats.cpuStart = cpuNanos();
		end = start + (long) (seconds * 1e9);
		long now;
		do {
			stats.add(call.run(), imagesPerCall);
			now = System.nanoTime();
		}
		while (now < end);
		stats.elapsed = now - start;
		stats.cpuEnd = cpuNanos();
	}

	private record Ready(long startedAt, float[] tensor) {
	}

	/**
	 * Decode threads feeding {@code workers} inference threads (each with its own
	 * predictor, as the app's queue has them) that run batches of exactly
	 * {@code batchSize}. Latency: from the start of an image's decode to the end of its
	 * batch.
	 */
	private static void pipeline(String engine, ZooModel<TensorBatch, float[][]> model, ImageDecoder decoder,
			Preprocessing preprocessing, List<byte[]> photos, int decodeThreads, int workers, int batchSize,
			double seconds) throws Exception {
		BlockingQueue<Ready> ready = new ArrayBlockingQueue<>(Math.max(2 * batchSize * workers, 2 * decodeThreads));
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger next = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		for (int d = 0; d < decodeThreads; d++) {
			threads.add(new Thread(() -> {
				try {
					while (running.get()) {
						long t = System.nanoTime();
						byte[] photo = photos.get(Math.floorMod(next.getAndIncrement(), photos.size()));
						float[] tensor = preprocessing.toTensor(decoder.decode(photo, preprocessing.resize()));
						ready.put(new Ready(t, tensor));
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}, "bench-decode-" + d));
		}
		long[] shape = preprocessing.inputShape();
		Stats stats = new Stats();
		long begin = System.nanoTime();
		long start = begin + (long) (seconds / 4 * 1e9);
		long end = start + (long) (seconds * 1e9);
		for (int w = 0; w < workers; w++) {
			threads.add(new Thread(() -> {
				List<Ready> batch = new ArrayList<>(batchSize);
				BatchBuffer input = new BatchBuffer(shape, batchSize);
				try (Predictor<TensorBatch, float[][]> predictor = model.newPredictor()) {
					while (running.get()) {
						batch.clear();
						batch.add(ready.take());
						ready.drainTo(batch, batchSize - 1);
						while (batch.size() < batchSize) {
							batch.add(ready.take());
						}
						for (int i = 0; i < batch.size(); i++) {
							input.put(i, batch.get(i).tensor());
						}
						predictor.predict(input.batch(batch.size()));
						long now = System.nanoTime();
						if (now >= start && now < end) {
							synchronized (stats) {
								for (Ready r : batch) {
									stats.add(now - r.startedAt(), 1);
								}
							}
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				catch (Exception ex) {
					ex.printStackTrace();
				}
			}, "bench-infer-" + w));
		}
		threads.forEach(thread -> {
			thread.setDaemon(true);
			thread.start();
		});
		Thread.sleep(Math.max(0, (start - System.nanoTime()) / 1_000_000));
		stats.cpuStart = cpuNanos();
		Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
		stats.cpuEnd = cpuNanos();
		running.set(false);
		threads.forEach(Thread::interrupt);
		for (Thread thread : threads) {
			thread.join(10_000);
		}
		synchronized (stats) {
			stats.elapsed = end - start;
			stats.print(engine, "pipeline-b" + batchSize + (workers > 1 ? "-w" + workers : ""));
		}
	}

	/**
	 * CPU time of this whole process (every thread, the engine's native ones included).
	 */
	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/** Latencies of calls, and how many images they handled. */
	private static final class Stats {

		private long[] nanos = new long[1024];

		private int count;

		private long images;

		long elapsed;

		long cpuStart;

		long cpuEnd;

		void add(long latency, int imagesInCall) {
			if (count == nanos.length) {
				nanos = Arrays.copyOf(nanos, count * 2);
			}
			nanos[count++] = latency;
			images += imagesInCall;
		}

		double imagesPerSecond() {
			return images / (elapsed / 1e9);
		}

		double percentile(double p) {
			long[] sorted = Arrays.copyOf(nanos, count);
			Arrays.sort(sorted);
			int index = (int) Math.ceil(p / 100.0 * count) - 1;
			return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
		}

		/**
		 * Requests are calls here: one per image, except for the engine alone where a
		 * call is a batch.
		 */
		void print(String engine, String name) {
			double rps = count / (elapsed / 1e9);
			System.out.printf("RESULT %s %s %.1f %.1f %.2f %.2f 0 %.2f%n", engine, name, rps, imagesPerSecond(),
					percentile(50), percentile(99), (cpuEnd - cpuStart) / 1e6 / images);
			System.out.flush();
		}

	}

}
