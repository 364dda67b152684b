package com.example.classifier.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.health.Status;
import org.springframework.util.unit.DataSize;

import com.example.classifier.engine.EngineSetup;
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
		Path digits = Files.createDirectories(modelsDir.resolve("digits"));
		Files.copy(MNIST.resolve("vit_mnist.pt"), digits.resolve("digits.pt"));
		Files.copy(MNIST.resolve("synset.txt"), digits.resolve("synset.txt"));
		Files.writeString(digits.resolve("serving.properties"), """
				# as DJL Serving reads it, with the preprocessing of MNIST
				engine=PyTorch
				resize=28
				crop=28
				flag=grayscale
				mean=0.1307
				std=0.3081
				batch_size=1
				maxWorkers=1
				""");
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

	private ModelProperties properties(Map<String, ModelSettings> models) {
		return new ModelProperties(modelsDir.toString(), "digits", List.of(), ModelSettings.NONE, models);
	}

	private static ModelLoader loader() {
		return new ModelLoader(new EngineSetup(new EngineProperties(1, false, Duration.ZERO)),
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
