package com.example.classifier.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.example.classifier.classification.ImageUpload;
import com.example.classifier.cli.ImageFiles.Found;
import com.example.classifier.cli.ImageFiles.ImageFile;
import com.example.classifier.explanation.Explanation;
import com.example.classifier.explanation.ExplanationService;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.model.ServedModel;

/** {@code explain [--model NAME] [--index CLASS] [--output DIR] FILE|DIR...} */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Explains each image's class, as POST /api/explanations does, and writes the heatmap (the "
				+ "image with the heat over it) as a PNG: next to each file as NAME.heatmap.png, or into --output. "
				+ "Prints each file's class, its probability and the PNG written.",
				"Files that cannot be explained are reported on stderr (file: reason) and the others are still "
						+ "explained; the exit status is then 1." })
final class ExplainCommand implements Callable<Integer> {

	private final PrintStream out;

	private final PrintStream err;

	@Mixin
	EngineOptions engine;

	@Option(names = { "-i", "--index" }, paramLabel = "CLASS",
			description = "the class to explain, from 0 (default: each image's top class)")
	Integer index;

	@Option(names = { "-o", "--output" }, paramLabel = "DIR",
			description = "folder for the heatmaps (default: next to each image)")
	Path output;

	@Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "image files and folders of images")
	List<Path> paths;

	private final Set<Path> written = new HashSet<>();

	ExplainCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() {
		Found found = ImageFiles.expand(paths);
		found.missing().forEach(missing -> err.println(missing.argument() + ": " + missing.reason()));
		if (found.files().isEmpty()) {
			err.println("error: no image files to explain in " + paths);
			return Cli.EXIT_FAILURES;
		}
		int failed = found.missing().size();
		try (EngineContext context = EngineContext.start(engine.model, engine.modelsDir)) {
			ServedModel model = context.model();
			if (index != null && (index < 0 || index >= model.classes())) {
				throw new CliException(Cli.EXIT_USAGE, "--index must be between 0 and " + (model.classes() - 1)
						+ " for model " + model.name() + ", got " + index);
			}
			ExplanationService explanations = context.explanations();
			List<ImageUpload> uploads = FileUploads.of(found.files(), Limits.maxFileBytes(context.environment()));
			for (int i = 0; i < uploads.size(); i++) {
				ImageFile file = found.files().get(i);
				try {
					Explanation explained = explanations.explain(uploads.get(i), model.name(), index);
					Path png = heatmapPath(file);
					Files.createDirectories(png.toAbsolutePath().getParent());
					Files.write(png, explained.heatmapPng());
					out.printf(Locale.ROOT, "%s: %s (%.1f%%) -> %s%n", file.name(), explained.label(),
							100 * explained.probability(), png);
				}
				catch (ImageRejectedException | ServerBusyException ex) {
					failed++;
					err.println(file.name() + ": " + ex.getMessage());
				}
				catch (IOException ex) {
					failed++;
					err.println(file.name() + ": the heatmap cannot be written: " + ex.getMessage());
				}
			}
		}
		return failed > 0 ? Cli.EXIT_FAILURES : Cli.EXIT_OK;
	}

	/**
	 * NAME.heatmap.png next to the file, or in --output; NAME-2.heatmap.png and so on for
	 * another file of the same name without its extension (a.jpg and a.png, or the same
	 * name in two folders into one --output).
	 */
	private Path heatmapPath(ImageFile file) {
		String fileName = file.path().getFileName().toString();
		int dot = fileName.lastIndexOf('.');
		String stem = dot > 0 ? fileName.substring(0, dot) : fileName;
		Path folder = output != null ? output : file.path().toAbsolutePath().getParent();
		Path path = folder.resolve(stem + ".heatmap.png");
		for (int n = 2; !written.add(path.toAbsolutePath().normalize()); n++) {
			path = folder.resolve(stem + "-" + n + ".heatmap.png");
		}
		return output != null ? path : file.path().resolveSibling(path.getFileName());
	}

}
