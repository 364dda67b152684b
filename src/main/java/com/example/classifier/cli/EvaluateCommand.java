package com.example.classifier.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.Prediction;
import com.example.classifier.cli.ExpectedLabels.Row;
import com.example.classifier.cli.ImageFiles.ImageFile;
import com.example.classifier.model.ServedModel;

/** {@code evaluate [--model NAME] [--min-top1 X] [LABELS.tsv] DIR} */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Classifies the files a labels file lists and prints how often the model agrees with the "
						+ "expected class: top-1 and top-5 agreement, the mismatches and the throughput.",
				"Without LABELS.tsv, DIR has one subfolder per class, named for the class its images are "
						+ "(the layout train reads), and per-class figures are printed too.",
				"LABELS.tsv is tab-separated with a header naming a 'file' column and the expected class "
						+ "(top1_index, index, label or class), or plain 'file<TAB>label' lines; a label is a class "
						+ "index or a label name. File names are relative to DIR." })
final class EvaluateCommand implements Callable<Integer> {

	private final PrintStream out;

	private final PrintStream err;

	@Mixin
	EngineOptions engine;

	@Option(names = "--min-top1", paramLabel = "X",
			description = "exit with status 1 when top-1 agreement is below X (a fraction, 0 to 1): a CI gate")
	Double minTop1;

	@Option(names = { "-q", "--quiet" }, description = "no progress bar")
	boolean quiet;

	@Parameters(arity = "1..2", paramLabel = "[LABELS.tsv] DIR",
			description = "the expected class of each file (optional), and the folder of the files")
	List<Path> arguments;

	private Path labels;

	private Path dir;

	EvaluateCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	/** What the evaluation counted, as the command reports it. */
	private static final class Totals {

		private int classified;

		private int failed;

		private int top1;

		private int topK;

	}

	private record Mismatch(Row row, int expected, ImageOutcome.Classified result) {
	}

	@Override
	public Integer call() {
		if (minTop1 != null && (minTop1 < 0 || minTop1 > 1 || minTop1.isNaN())) {
			throw new CliException(Cli.EXIT_USAGE, "--min-top1 is a fraction between 0 and 1, got " + minTop1);
		}
		int inFlight = engine.inFlight();
		labels = arguments.size() == 2 ? arguments.get(0) : null;
		dir = arguments.get(arguments.size() - 1);
		if (!Files.isDirectory(dir)) {
			throw new CliException(Cli.EXIT_USAGE, dir + ": not a directory");
		}
		List<Row> rows = labels != null ? ExpectedLabels.read(labels) : ExpectedLabels.fromClassFolders(dir);
		try (EngineContext context = EngineContext.start(engine.model, engine.modelsDir)) {
			ServedModel model = context.model();
			Map<String, Row> byName = new HashMap<>();
			List<ImageFile> files = new ArrayList<>();
			for (Row row : rows) {
				ImageFile file = new ImageFile(dir.resolve(row.file()), row.file());
				if (byName.putIfAbsent(file.name(), row) == null) {
					files.add(file);
				}
			}
			int topK = Math.min(ClassificationService.TOP_K, model.classes());
			ClassificationService classifier = context.classifier();
			List<ImageUpload> uploads = FileUploads.of(files, Limits.maxFileBytes(context.environment()));
			Progress progress = new Progress(err, files.size(), !quiet && Progress.wanted(files.size()));
			List<Mismatch> mismatches = new ArrayList<>();
			Totals totals = new Totals();
			// by class index: images expected to be of it, those right, those predicted
			// as it
			Map<Integer, int[]> perClass = new TreeMap<>();
			long start = System.nanoTime();
			AtomicInteger position = new AtomicInteger();
			classifier.classifyAll(uploads, model.name(), topK, inFlight * classifier.maxImages(), outcome -> {
				progress.advance(1, outcome instanceof ImageOutcome.Refused ? 1 : 0);
				String name = files.get(position.getAndIncrement()).name();
				Row row = byName.get(name);
				if (!(outcome instanceof ImageOutcome.Classified classified)) {
					totals.failed++;
					progress.above(() -> err.println(name + ": " + ((ImageOutcome.Refused) outcome).message()));
					return;
				}
				ImageOutcome.Classified result = FileUploads.named(classified, name);
				int expected = labels != null ? ExpectedLabels.resolve(row.expected(), model.labels())
						: ExpectedLabels.resolveName(row.expected(), model.labels());
				if (expected < 0) {
					// Counted once, as failed: an image whose label the model lacks
					// cannot be judged.
					totals.failed++;
					progress.above(() -> err.println(
							result.filename() + ": " + (labels != null ? labels + " line " + row.line() + ": " : "")
									+ "model " + model.name() + " has no class '" + row.expected() + "'"));
					return;
				}
				totals.classified++;
				perClass.computeIfAbsent(expected, c -> new int[3])[0]++;
				perClass.computeIfAbsent(result.top().index(), c -> new int[3])[2]++;
				if (result.top().index() == expected) {
					totals.top1++;
					perClass.get(expected)[1]++;
				}
				else {
					mismatches.add(new Mismatch(row, expected, result));
				}
				if (result.predictions().stream().anyMatch(p -> p.index() == expected)) {
					totals.topK++;
				}
			});
			progress.finish();
			double seconds = (System.nanoTime() - start) / 1e9;
			int total = files.size();
			double top1 = (double) totals.top1 / total;
			out.printf(Locale.ROOT, "model       %s%n", model.name());
			out.printf(Locale.ROOT, "images      %d (%d classified, %d failed)%n", total, totals.classified,
					totals.failed);
			out.printf(Locale.ROOT, "top-1       %d/%d = %.4f%n", totals.top1, total, top1);
			out.printf(Locale.ROOT, "top-%d       %d/%d = %.4f%n", topK, totals.topK, total,
					(double) totals.topK / total);
			out.printf(Locale.ROOT, "throughput  %.1f images/s (%d images in %.2f s, model loading excluded)%n",
					totals.classified / seconds, totals.classified, seconds);
			if (labels == null) {
				printPerClass(perClass, model.labels());
			}
			out.printf(Locale.ROOT, "mismatches  %d%n", mismatches.size());
			for (Mismatch mismatch : mismatches) {
				Prediction top = mismatch.result().top();
				int rank = rank(mismatch.result().predictions(), mismatch.expected());
				out.printf(Locale.ROOT, "  %s: expected %d (%s), got %d (%s) %.4f%s%n", mismatch.row().file(),
						mismatch.expected(), model.labels().get(mismatch.expected()), top.index(), top.label(),
						top.probability(),
						rank > 0 ? "; expected class at rank " + rank : "; expected class not in top-" + topK);
			}
			out.flush();
			int status = totals.failed > 0 ? Cli.EXIT_FAILURES : Cli.EXIT_OK;
			if (minTop1 != null && top1 < minTop1) {
				err.printf(Locale.ROOT, "top-1 agreement %.4f is below --min-top1 %s%n", top1, minTop1);
				status = Cli.EXIT_FAILURES;
			}
			return status;
		}
	}

	/** Each class's images, how many the model got right, its recall and precision. */
	private void printPerClass(Map<Integer, int[]> perClass, List<String> classes) {
		int width = Math.max(10, perClass.keySet().stream().mapToInt(c -> classes.get(c).length()).max().orElse(0));
		out.printf(Locale.ROOT, "per class%n");
		out.printf(Locale.ROOT, "  %-" + width + "s  %6s  %7s  %6s  %9s%n", "class", "images", "correct", "recall",
				"precision");
		perClass.forEach((index, counts) -> {
			if (counts[0] == 0) {
				// predicted, but no image of it was given: its precision is in the
				// others' figures
				return;
			}
			out.printf(Locale.ROOT, "  %-" + width + "s  %6d  %7d  %6.4f  %9s%n", classes.get(index), counts[0],
					counts[1], (double) counts[1] / counts[0],
					counts[2] == 0 ? "-" : String.format(Locale.ROOT, "%.4f", (double) counts[1] / counts[2]));
		});
	}

	private static int rank(List<Prediction> predictions, int index) {
		for (int i = 0; i < predictions.size(); i++) {
			if (predictions.get(i).index() == index) {
				return i + 1;
			}
		}
		return 0;
	}

}
