package com.example.classifier.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;

/**
 * A classifier trained here: a frozen TorchScript backbone followed by one linear layer,
 * saved together in DJL's own format as {@code <name>-0000.params} (the backbone's
 * TorchScript module inside it), so that one folder holds all of it. DJL rebuilds the
 * block through this factory and then reads the parameters into it.
 */
public final class TrainedClassifier implements BlockFactory {

	private static final long serialVersionUID = 1L;

	private static final Pattern PARAMS = Pattern.compile("-\\d{4}\\.params");

	private final int classes;

	public TrainedClassifier(int classes) {
		this.classes = classes;
	}

	/**
	 * The backbone and the trained head as one block, ready to save with {@link #save}.
	 * @param backbone the TorchScript feature extractor
	 * @param head the trained linear layer on its features
	 * @param inputShape one image's input, channels first
	 * @param manager where arrays made while describing the block go
	 */
	public static Block compose(Block backbone, Block head, long[] inputShape, NDManager manager) {
		SequentialBlock block = new SequentialBlock().add(backbone).add(head);
		// Sets the block's input description; every parameter is already initialized.
		block.initialize(manager, DataType.FLOAT32, new Shape(1, inputShape[0], inputShape[1], inputShape[2]));
		return block;
	}

	/**
	 * Writes the block as a model folder's weights: {@code <folder>/<name>-0000.params}.
	 */
	public static void save(Block block, Path folder, String name) throws IOException {
		// The model does not own the block's arrays: closing it leaves them to their
		// makers.
		try (Model model = Model.newInstance(name, "PyTorch")) {
			model.setBlock(block);
			model.setProperty("Epoch", "0");
			model.save(folder, name);
		}
	}

	/**
	 * The weights of a trained classifier in a model folder, if that is what it holds.
	 */
	static Optional<Path> weightsIn(Path folder, String name) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(file -> {
				String fileName = file.getFileName().toString();
				return fileName.startsWith(name) && PARAMS.matcher(fileName.substring(name.length())).matches();
			}).sorted().reduce((first, last) -> last);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	@Override
	public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
		return new SequentialBlock().add(new PtSymbolBlock((PtNDManager) model.getNDManager()))
			.add(Linear.builder().setUnits(classes).build());
	}

}
