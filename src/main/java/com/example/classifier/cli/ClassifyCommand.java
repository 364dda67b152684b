package com.example.classifier.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.cli.ImageFiles.Found;
import com.example.classifier.cli.ImageFiles.ImageFile;
import com.example.classifier.model.ServedModel;

/** {@code classify [--model NAME] [--top-k K] [--format table|json|tsv] FILE|DIR...} */
@Command(name = "classify", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Classifies image files, as POST /api/predictions does, and prints each file's top classes "
						+ "on stdout. Directories are walked recursively, in sorted order, taking files with an image "
						+ "extension and skipping hidden ones.",
				"Files that cannot be classified are reported on stderr, one a line (file: reason), and the others "
						+ "are still classified; the exit status is then 1." })
final class ClassifyCommand implements Callable<Integer> {

	private final PrintStream out;

	private final PrintStream err;

	@Mixin
	EngineOptions engine;

	@Option(names = { "-k", "--top-k" }, paramLabel = "K", defaultValue = "" + ClassificationService.TOP_K,
			description = "classes per image, highest first; all of them for a model with fewer "
					+ "(default: ${DEFAULT-VALUE})")
	int topK;

	@Option(names = { "-f", "--format" }, paramLabel = "FORMAT", defaultValue = "table",
			description = "table, json (the API's answer) or tsv (default: ${DEFAULT-VALUE})")
	OutputFormat format;

	@Option(names = { "-q", "--quiet" }, description = "no progress bar and no summary on stderr")
	boolean quiet;

	@Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "image files and folders of images")
	List<Path> paths;

	ClassifyCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	@Override
	public Integer call() {
		int inFlight = engine.inFlight();
		Found found = ImageFiles.expand(paths);
		found.missing().forEach(missing -> err.println(missing.argument() + ": " + missing.reason()));
		List<ImageFile> files = found.files();
		if (files.isEmpty()) {
			err.println("error: no image files to classify in " + paths);
			return Cli.EXIT_FAILURES;
		}
		try (EngineContext context = EngineContext.start(engine.model, engine.modelsDir)) {
			ServedModel model = context.model();
			if (topK < 1) {
				throw new CliException(Cli.EXIT_USAGE, "--top-k must be at least 1, got " + topK);
			}
			ClassificationService classifier = context.classifier();
			List<ImageUpload> uploads = FileUploads.of(files, Limits.maxFileBytes(context.environment()));
			Progress progress = new Progress(err, files.size(), !quiet && Progress.wanted(files.size()));
			AtomicInteger failed = new AtomicInteger(found.missing().size());
			AtomicInteger classified = new AtomicInteger();
			long start = System.nanoTime();
			try (OutputFormat.Writer writer = format.writer(out, model.name(),
					files.stream().map(ImageFile::name).toList())) {
				AtomicInteger position = new AtomicInteger();
				classifier.classifyAll(uploads, model.name(), topK, inFlight * classifier.maxImages(), outcome -> {
					String name = files.get(position.getAndIncrement()).name();
					if (outcome instanceof ImageOutcome.Classified result) {
						classified.incrementAndGet();
						progress.above(() -> writer.write(FileUploads.named(result, name)));
					}
					else {
						failed.incrementAndGet();
						progress.above(() -> err.println(name + ": " + ((ImageOutcome.Refused) outcome).message()));
					}
					progress.advance(1, outcome instanceof ImageOutcome.Refused ? 1 : 0);
				});
			}
			progress.finish();
			double seconds = (System.nanoTime() - start) / 1e9;
			if (!quiet) {
				err.printf(Locale.ROOT, "classified %d of %d files with %s in %.2f s (%.1f images/s)%s%n",
						classified.get(), files.size() + found.missing().size(), model.name(), seconds,
						classified.get() / seconds, failed.get() > 0 ? "; " + failed.get() + " failed" : "");
			}
			return failed.get() > 0 ? Cli.EXIT_FAILURES : Cli.EXIT_OK;
		}
	}

}
