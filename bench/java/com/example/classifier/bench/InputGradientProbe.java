package com.example.classifier.bench;

import java.nio.file.Path;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * Can DJL give the gradient of a class's probability with respect to the input image
 * through a TorchScript model (what Integrated Gradients needs)? Tries it in inference
 * mode and in training mode and prints what happens. Not a test; docs/EXPLANATIONS.md
 * quotes a run.
 *
 * <p>
 * {@code java -cp ... com.example.classifier.bench.InputGradientProbe ../shared/models/mobilenet_v2}
 */
public final class InputGradientProbe {

	private InputGradientProbe() {
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("ai.djl.offline", "true");
		Path folder = Path.of(args.length > 0 ? args[0] : "../shared/models/mobilenet_v2");
		for (boolean training : new boolean[] { false, true }) {
			try (Model model = Model.newInstance(folder.getFileName().toString(), "PyTorch")) {
				model.load(folder, folder.getFileName().toString());
				try (NDManager manager = model.getNDManager().newSubManager()) {
					NDArray input = manager.randomUniform(-1, 1, new Shape(1, 3, 224, 224));
					input.setRequiresGradient(true);
					try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
						NDList out = model.getBlock()
							.forward(new ParameterStore(manager, false), new NDList(input), training);
						collector.backward(out.singletonOrThrow().softmax(1).get(":, 0").sum());
						System.out.printf("training=%s: gradient %s%n", training, input.getGradient().getShape());
					}
					catch (RuntimeException ex) {
						String message = String.valueOf(ex.getMessage());
						System.out.printf("training=%s: %s: %s%n", training, ex.getClass().getSimpleName(),
								message.lines().findFirst().orElse(""));
					}
				}
			}
		}
	}

}
