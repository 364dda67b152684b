package com.example.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.health.Status;
import org.springframework.util.unit.DataSize;

import com.example.classifier.engine.EngineSetup;
import com.example.classifier.engine.LibtorchLogLevel;
import com.example.classifier.engine.EngineProperties;
import com.example.classifier.classification.Prediction;
import com.example.classifier.image.ImageDecoder;
import com.example.classifier.image.ImageLimits;
import com.example.classifier.support.SharedData;
import com.example.classifier.tensor.Preprocessing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Adding a model is adding a folder: weights, synset.txt and, for what is not
 * ImageNet-like, a serving.properties or a few lines of the app's configuration, which
 * wins. Readiness follows the default model's workers.
 */
class ModelRegistryTests {

	private static final Path MNIST = SharedData.root().resolve("models/vit_mnist");

	@TempDir
	Path modelsDir;

	@Test
	void aNewFolderIsServedWithItsServingPropertiesUnderTheAppsConfiguration() throws Exception {
		// as DJL Serving reads it: MNIST's preprocessing, the engine, one worker
		digitsFolder("digits", "engine=PyTorch\nmaxWorkers=1\n");
		Path broken = Files.createDirectories(modelsDir.resolve("broken"));
		Files.writeString(broken.resolve("broken.pt"), "not a TorchScript archive");
		Files.writeString(broken.resolve("synset.txt"), "a\nb\n");
		Path noSynset = Files.createDirectories(modelsDir.resolve("nosynset"));
		Files.copy(MNIST.resolve("vit_mnist.pt"), noSynset.resolve("nosynset.pt"));
		Files.createDirectories(modelsDir.resolve("notes"));

		ModelSettings appConfiguration = new ModelSettings(null, null, null, null, null, null, null, null, 2, null,
				null);
		ModelRegistry registry = new ModelRegistry(properties(Map.of("digits", appConfiguration)), loader());
		try {
			assertThat(registry.all()).extracting(ServedModel::name).containsExactly("digits");
			assertThat(registry.failures()).containsOnlyKeys("broken", "nosynset")
				.containsEntry("nosynset", "synset.txt is missing");
			// Shown to anyone by /api/models and readiness: the engine's words,
			// not the server's paths.
			assertThat(registry.failures().get("broken")).contains("zip archive").doesNotContain(modelsDir.toString());
			ServedModel served = registry.get(null);
			assertThat(served.preprocessing())
				.isEqualTo(new Preprocessing(28, 28, new float[] { 0.1307f }, new float[] { 0.3081f }, true));
			assertThat(served.description().inputShape()).containsExactly(1, 1, 28, 28);
			assertThat(workers("digits")).as("workers: the app's configuration over maxWorkers=1").isEqualTo(2);

			ImageDecoder decoder = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(5),
					DataSize.ofMegabytes(64), DataSize.ofMegabytes(256)));
			try (Stream<Path> files = Files.list(SharedData.images("mnist"))) {
				for (Path digit : files.filter(file -> file.toString().endsWith(".png")).sorted().toList()) {
					float[] input = served.preprocessing().toTensor(decoder.decode(SharedData.read(digit), 28));
					float[] probabilities = served.submit(input).get();
					String expected = digit.getFileName().toString().replaceAll("\\D", "");
					String top = Prediction.top(probabilities, served.labels(), 1).get(0).label();
					assertThat(top).as(digit.getFileName().toString()).isEqualTo(expected);
				}
			}

			ModelsHealthIndicator health = new ModelsHealthIndicator(registry);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(health.health().getDetails()).containsEntry("digits", "PyTorch, ready")
				.containsEntry("nosynset", "not loaded: synset.txt is missing");
			served.close();
			assertThat(health.health().getStatus()).as("the default model has no worker left").isEqualTo(Status.DOWN);
			assertThat(health.health().getDetails()).containsEntry("digits", "PyTorch, no inference worker running");
		}
		finally {
			registry.destroy();
		}
	}

	@Test
	void withoutItsDefaultModelTheAppDoesNotStartAndSaysWhereItLooked() throws IOException {
		Files.createDirectories(modelsDir.resolve("empty"));
		assertThatThrownBy(() -> new ModelRegistry(properties(Map.of()), loader()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("The default model 'digits' is not loaded")
			.hasMessageContaining(modelsDir.resolve("digits").resolve("digits.pt").toString())
			.hasMessageContaining("Set MODELS_DIR");
	}

	@Test
	void modelsReplacedOrUnloadedAtRunTimeFinishTheRequestsUsingThemAndFailedLoadsChangeNothing() throws Exception {
		digitsFolder("digits", "");
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ModelRegistry registry = new ModelRegistry(properties(Map.of()), new ModelLoader(
				new EngineSetup(new EngineProperties(1, false, Duration.ZERO, LibtorchLogLevel.ERROR)), meters));
		try {
			assertThat(registry.serves("more")).isFalse();
			digitsFolder("more", "");
			assertThat(registry.load("more").classes()).isEqualTo(10);
			assertThat(registry.all()).extracting(ServedModel::name).containsExactly("digits", "more");
			assertThat(meters.find("classifier.queue.depth").tag("model", "more").gauge()).isNotNull();

			// a request in flight holds the model it started on
			ModelUse inFlight = registry.use("more");
			ServedModel old = inFlight.model();
			registry.load("more");
			ServedModel current = registry.get("more");
			assertThat(current).isNotSameAs(old);
			assertThat(old.serving()).as("replaced, but still in use").isTrue();
			assertThat(old.submit(new float[28 * 28]).get(30, TimeUnit.SECONDS)).hasSize(10);
			inFlight.close();
			awaitClosed(old);

			// a folder that fails to load leaves the model served as it was
			Files.writeString(modelsDir.resolve("more/more.pt"), "no longer TorchScript");
			assertThatThrownBy(() -> registry.load("more")).isInstanceOf(ModelChangeRefusedException.class)
				.hasMessageContaining("model 'more' could not be loaded")
				.hasMessageNotContaining(modelsDir.toString())
				.extracting(ex -> ((ModelChangeRefusedException) ex).reason())
				.isEqualTo(ModelChangeRefusedException.Reason.LOAD_FAILED);
			assertThat(registry.get("more")).isSameAs(current);
			assertThat(current.serving()).isTrue();
			assertThat(meters.find("classifier.queue.depth").tag("model", "more").gauge()).isNotNull();

			ModelUse unloading = registry.use("more");
			registry.unload("more");
			assertThat(registry.serves("more")).isFalse();
			assertThatThrownBy(() -> registry.get("more")).isInstanceOf(UnknownModelException.class);
			assertThat(unloading.model().submit(new float[28 * 28]).get(30, TimeUnit.SECONDS))
				.as("finishes on the unloaded model")
				.hasSize(10);
			assertThat(meters.getMeters()).noneMatch(meter -> "more".equals(meter.getId().getTag("model")));
			unloading.close();
			awaitClosed(current);

			assertThat(reason(() -> registry.unload("digits")))
				.isEqualTo(ModelChangeRefusedException.Reason.DEFAULT_MODEL);
			assertThat(reason(() -> registry.unload("more"))).isEqualTo(ModelChangeRefusedException.Reason.NOT_SERVED);
			assertThat(reason(() -> registry.load("../digits")))
				.isEqualTo(ModelChangeRefusedException.Reason.NOT_A_NAME);
			assertThat(reason(() -> registry.load("absent")))
				.isEqualTo(ModelChangeRefusedException.Reason.NO_SUCH_FOLDER);
			assertThat(registry.all()).extracting(ServedModel::name).containsExactly("digits");
			assertThat(registry.get("digits").serving()).isTrue();
		}
		finally {
			registry.destroy();
		}
	}

	/**
	 * A retired model is closed on a thread of its own once its last user is done: its
	 * workers stop.
	 */
	private static void awaitClosed(ServedModel model) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (model.serving() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(model.serving()).as("closed with its last request").isFalse();
	}

	private static ModelChangeRefusedException.Reason reason(Runnable change) {
		try {
			change.run();
		}
		catch (ModelChangeRefusedException ex) {
			return ex.reason();
		}
		throw new AssertionError("not refused");
	}

	/**
	 * vit_mnist under another name, with MNIST's preprocessing and these more settings.
	 */
	private void digitsFolder(String name, String moreProperties) throws IOException {
		Path folder = Files.createDirectories(modelsDir.resolve(name));
		Files.copy(MNIST.resolve("vit_mnist.pt"), folder.resolve(name + ".pt"));
		Files.copy(MNIST.resolve("synset.txt"), folder.resolve("synset.txt"));
		Files.writeString(folder.resolve("serving.properties"), """
				resize=28
				crop=28
				flag=grayscale
				mean=0.1307
				std=0.3081
				batch_size=1
				""" + moreProperties);
	}

	private ModelProperties properties(Map<String, ModelSettings> models) {
		return new ModelProperties(modelsDir.toString(), null, "digits", List.of(), ModelSettings.NONE, models);
	}

	private static ModelLoader loader() {
		return new ModelLoader(new EngineSetup(new EngineProperties(1, false, Duration.ZERO, LibtorchLogLevel.ERROR)),
				new SimpleMeterRegistry());
	}

	/** The inference threads of a model, by their names. */
	private static long workers(String model) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(t -> t.getName().startsWith("infer-" + model + "-"))
			.count();
	}

}
