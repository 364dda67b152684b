package com.example.classifier.model;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One DJL model folder: {@code <name>/<name>.pt} or {@code <name>/<name>.onnx},
 * {@code synset.txt}, and an optional DJL Serving style {@code serving.properties}.
 *
 * @param name the folder's name, which is the model's
 * @param path the folder
 * @param weights the weights file in it
 */
record ModelFolder(String name, Path path, Path weights) {

	/**
	 * The model folders under {@code dir}, by name; only those named in {@code only}
	 * unless it is empty.
	 */
	static List<ModelFolder> under(Path dir, List<String> only) {
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(dir)) {
			return entries.filter(Files::isDirectory)
				.filter(folder -> only.isEmpty() || only.contains(folder.getFileName().toString()))
				.sorted()
				.flatMap(folder -> of(folder).stream())
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list models in " + dir + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The model folder at {@code folder}, if it holds weights: TorchScript, ONNX, or a
	 * classifier trained here ({@link TrainedClassifier}).
	 */
	static Optional<ModelFolder> of(Path folder) {
		String name = folder.getFileName().toString();
		if (name.startsWith(".")) {
			// where training writes a model before moving it into place
			return Optional.empty();
		}
		return Stream.of(".pt", ".onnx")
			.map(ext -> folder.resolve(name + ext))
			.filter(Files::isRegularFile)
			.findFirst()
			.or(() -> TrainedClassifier.weightsIn(folder, name))
			.map(weights -> new ModelFolder(name, folder, weights));
	}

	/** The engine its weights are for, unless its settings name one. */
	String engine(ModelSettings settings) {
		if (settings.engine() != null) {
			return settings.engine();
		}
		return weights.toString().endsWith(".onnx") ? "OnnxRuntime" : "PyTorch";
	}

	/** Whether it holds a classifier trained here rather than an exported model. */
	boolean trained() {
		return weights.getFileName().toString().endsWith(".params");
	}

	List<String> labels() throws IOException {
		return Synset.read(path.resolve("synset.txt"));
	}

	/**
	 * Its settings: the app's configuration over its serving.properties over the
	 * defaults.
	 */
	ModelSettings settings(ModelProperties properties) throws IOException {
		return properties.models()
			.getOrDefault(name, ModelSettings.NONE)
			.over(servingProperties())
			.over(properties.defaults())
			.over(ModelSettings.BUILT_IN);
	}

	private ModelSettings servingProperties() throws IOException {
		Path file = path.resolve("serving.properties");
		if (!Files.isRegularFile(file)) {
			return ModelSettings.NONE;
		}
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			properties.load(reader);
		}
		return ModelSettings.fromServingProperties(properties);
	}

}
