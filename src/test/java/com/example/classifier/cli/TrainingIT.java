package com.example.classifier.cli;

import static com.example.classifier.cli.CommandLineIT.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.classifier.cli.CommandLineIT.Run;

/**
 * {@code train} and {@code evaluate} as a user runs them ({@code java -jar}): real
 * datasets, the real backbone, the model folder loaded back by {@code evaluate}; and
 * every kind of bad data refused with a clear message, a non-zero exit and nothing
 * written.
 */
class TrainingIT {

	private static final Path SHARED = Path.of(System.getProperty("shared.dir", "../shared")).toAbsolutePath();

	private static final Path BACKBONE = SHARED.resolve("backbones/mobilenet_v2_embedding");

	private static final Path HANDS = SHARED.resolve("datasets/rock_paper_scissors");

	private static final Path INSECTS = SHARED.resolve("datasets/hymenoptera");

	private static final Pattern TOP1 = Pattern.compile("top-1\\s+(\\d+)/(\\d+) = ([0-9.]+)");

	@TempDir
	Path work;

	@Test
	void handsTrainedOnTrainScoreAtLeast095OnValAndTheSameSeedGivesTheSameModel() throws Exception {
		Path models = Files.createDirectories(work.resolve("models"));
		Run first = train(models, "hands", HANDS.resolve("train"), "--seed", "7");
		assertThat(first.exit()).as(first.stderr()).isZero();
		assertThat(first.stdout()).contains("classes     paper, rock, scissors")
			.contains("images      144 training, 36 validation, 0 skipped")
			.containsPattern("epoch +1/30  loss \\d\\.\\d{4}  accuracy \\d\\.\\d{4}  validation loss \\d\\.\\d{4}  "
					+ "validation accuracy \\d\\.\\d{4}");
		Path folder = models.resolve("hands");
		assertThat(folder.resolve("synset.txt")).hasContent("paper\nrock\nscissors");
		assertThat(folder.resolve("hands-0000.params")).isRegularFile();
		assertThat(Files.readString(folder.resolve("serving.properties"))).contains("resize=256", "crop=224",
				"batch_size=2");
		assertThat(Files.readString(folder.resolve("training-report.md"))).contains("## Confusion matrix on validation")
			.contains("| paper | rock | scissors |");

		Run evaluation = cli("evaluate", "--model", "hands", "--models-dir", models.toString(),
				HANDS.resolve("val").toString());
		assertThat(evaluation.exit()).as(evaluation.stderr()).isZero();
		assertThat(top1(evaluation.stdout())).as(evaluation.stdout()).isGreaterThanOrEqualTo(0.95);
		assertThat(evaluation.stdout()).contains("per class")
			.containsPattern("paper +25 +\\d+ +\\d\\.\\d{4} +\\d\\.\\d{4}")
			.containsPattern("scissors +25 +\\d+");

		Path again = Files.createDirectories(work.resolve("again"));
		Run second = train(again, "hands", HANDS.resolve("train"), "--seed", "7");
		assertThat(second.exit()).as(second.stderr()).isZero();
		assertThat(figures(second.stdout())).as("the same seed, the same epochs and confusion matrix")
			.isEqualTo(figures(first.stdout()));
		Run evaluatedAgain = cli("evaluate", "--model", "hands", "--models-dir", again.toString(),
				HANDS.resolve("val").toString());
		assertThat(evaluatedAgain.stdout().replaceAll("throughput.*\n", ""))
			.isEqualTo(evaluation.stdout().replaceAll("throughput.*\n", ""));
	}

	@Test
	void antsAndBeesTrainedOnTrainScoreAtLeast095OnValWithAFolderNameWithASpaceAndParentheses() throws Exception {
		Path models = Files.createDirectories(work.resolve("models"));
		Run run = train(models, "insects", INSECTS.resolve("train"));
		assertThat(run.exit()).as(run.stderr()).isZero();
		Run evaluation = cli("evaluate", "--model", "insects", "--models-dir", models.toString(),
				INSECTS.resolve("val").toString());
		assertThat(evaluation.exit()).as(evaluation.stderr()).isZero();
		assertThat(top1(evaluation.stdout())).as(evaluation.stdout()).isGreaterThanOrEqualTo(0.95);
		// val/ants/F.pergan.28(f).jpg and train/ants/ant photos.jpg come with the data
		assertThat(evaluation.stdout()).containsPattern("ants +47 ").containsPattern("bees +56 ");
	}

	@Test
	void theBackboneComesFromBesideTheModelsFolderOrFromTheEnvironmentAndAugmentationWorks() throws Exception {
		Path data = smallDataset("small", "train", 8);
		Path root = Files.createDirectories(work.resolve("deploy"));
		Path models = Files.createDirectories(root.resolve("models"));
		Files.createDirectories(root.resolve("backbones"));
		Files.createSymbolicLink(root.resolve("backbones/mobilenet_v2_embedding"), BACKBONE);
		Run beside = cli("train", "--name", "beside", "--models-dir", models.toString(), "--epochs", "2", "--augment",
				data.toString());
		assertThat(beside.exit()).as(beside.stderr()).isZero();
		assertThat(beside.stderr()).contains("with the backbone " + root.resolve("backbones/mobilenet_v2_embedding"));
		assertThat(Files.readString(models.resolve("beside/training-report.md")))
			.contains("augmentation random crop and flip");

		Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
		Run missing = cli("train", "--name", "nobackbone", "--models-dir", elsewhere.toString(), data.toString());
		assertThat(missing.exit()).isEqualTo(2);
		assertThat(missing.stderr()).contains("no backbone at " + work.resolve("backbones/mobilenet_v2_embedding"))
			.contains("CLASSIFIER_TRAINING_BACKBONE");
		assertThat(entries(elsewhere)).isEmpty();

		Run fromEnvironment = cli(Map.of("CLASSIFIER_TRAINING_BACKBONE", BACKBONE.toString()), "train", "--name",
				"configured", "--models-dir", elsewhere.toString(), "--epochs", "2", data.toString());
		assertThat(fromEnvironment.exit()).as(fromEnvironment.stderr()).isZero();
		assertThat(entries(elsewhere)).containsExactly("configured");
	}

	@Test
	void fewerThanTwoClassesOrAnEmptyClassIsRefusedAndNothingIsWritten() throws Exception {
		Path models = Files.createDirectories(work.resolve("models"));
		Path one = work.resolve("one");
		copy(HANDS.resolve("train/rock"), one.resolve("rock"), 3);
		Run oneClass = train(models, "one", one);
		assertThat(oneClass.exit()).isEqualTo(2);
		assertThat(oneClass.stderr()).contains("found 1 class folder (rock)")
			.contains("a classifier needs at least two")
			.contains("no model was written");

		Path flat = work.resolve("flat");
		copy(HANDS.resolve("train/rock"), flat, 3);
		assertThat(train(models, "flat", flat).stderr()).contains("found 0 class folders");

		Path empty = smallDataset("empty", "train", 3);
		Files.createDirectories(empty.resolve("lizard"));
		Files.createDirectories(empty.resolve("spock/.thumbnails"));
		Files.writeString(empty.resolve("spock/.DS_Store"), "hidden files are not images of the class");
		Run emptyClass = train(models, "empty", empty);
		assertThat(emptyClass.exit()).isEqualTo(2);
		assertThat(emptyClass.stderr()).contains("class folders lizard, spock have no image");
		assertThat(entries(models)).isEmpty();
	}

	@Test
	void filesThatAreNotImagesAreSkippedByNameWithACountWhileEnoughRemain() throws Exception {
		Path data = smallDataset("mixed", "train", 6);
		Files.writeString(data.resolve("rock/notes.txt"), "not an image");
		byte[] png = Files.readAllBytes(firstFile(HANDS.resolve("train/paper")));
		Files.write(data.resolve("paper/cut short.png"), java.util.Arrays.copyOf(png, 300));
		Path models = Files.createDirectories(work.resolve("models"));
		Run run = train(models, "mixed", data, "--epochs", "3");
		assertThat(run.exit()).as(run.stderr()).isZero();
		assertThat(run.stderr()).contains("skipped rock/notes.txt: ").contains("skipped paper/cut short.png: ");
		assertThat(run.stdout()).contains(", 2 skipped");
		assertThat(Files.readString(models.resolve("mixed/training-report.md"))).contains("## Skipped files (2)")
			.contains("- rock/notes.txt: ");

		// a class left with a single image cannot give one to validation as well
		Path bad = smallDataset("bad", "train", 3);
		try (Stream<Path> rocks = Files.list(bad.resolve("rock"))) {
			for (Path rock : rocks.toList()) {
				Files.write(rock, "no longer a PNG".getBytes());
			}
		}
		Files.copy(firstFile(HANDS.resolve("train/rock")), bad.resolve("rock/only one.png"));
		Path clean = Files.createDirectories(work.resolve("clean"));
		Run tooFew = train(clean, "bad", bad);
		assertThat(tooFew.exit()).isEqualTo(2);
		assertThat(tooFew.stderr()).contains("skipped rock/")
			.contains("too few images left for training (at least two, one to hold out for validation) in: rock (1)");
		assertThat(entries(clean)).isEmpty();
	}

	@Test
	void namesThatAreNotPlainFolderNamesAndExistingModelsAreRefusedUnlessReplaced() throws Exception {
		Path data = smallDataset("named", "train", 4);
		Path models = Files.createDirectories(work.resolve("models"));
		for (String name : List.of("../escape", "a/b", ".hidden", "", "with space")) {
			Run run = train(models, name, data);
			assertThat(run.exit()).as(name).isEqualTo(2);
			assertThat(run.stderr()).as(name).contains("a model name is a plain folder name");
		}
		assertThat(entries(work)).doesNotContain("escape");
		assertThat(entries(models)).isEmpty();

		Run unicode = train(models, "ручной_2", data, "--epochs", "2");
		assertThat(unicode.exit()).as(unicode.stderr()).isZero();
		Path params = models.resolve("ручной_2/ручной_2-0000.params");
		long written = Files.getLastModifiedTime(params).toMillis();
		Run again = train(models, "ручной_2", data, "--epochs", "2");
		assertThat(again.exit()).isEqualTo(2);
		assertThat(again.stderr()).contains("a model named 'ручной_2' already exists")
			.contains("pass --replace to overwrite it");
		assertThat(Files.getLastModifiedTime(params).toMillis()).isEqualTo(written);
		Run replaced = train(models, "ручной_2", data, "--epochs", "3", "--replace");
		assertThat(replaced.exit()).as(replaced.stderr()).isZero();
		assertThat(Files.readString(models.resolve("ручной_2/training-report.md"))).contains("of at most 3");
		assertThat(entries(models)).containsExactly("ручной_2");
	}

	@Test
	void fileAndClassNamesInOtherScriptsWithSpacesAndParenthesesWork() throws Exception {
		Path data = work.resolve("names");
		copy(INSECTS.resolve("train/ants"), data.resolve("fourmi (ant)"), 6);
		copy(INSECTS.resolve("train/bees"), data.resolve("蜜蜂 bee"), 6);
		Files.move(firstFile(data.resolve("蜜蜂 bee")), data.resolve("蜜蜂 bee/пчела (1) ✿.jpg"));
		Path models = Files.createDirectories(work.resolve("models"));
		Run run = train(models, "names", data, "--epochs", "2", "--validation", data.toString());
		assertThat(run.exit()).as(run.stderr()).isZero();
		assertThat(run.stdout()).contains("classes     fourmi (ant), 蜜蜂 bee");
		assertThat(models.resolve("names/synset.txt")).hasContent("fourmi (ant)\n蜜蜂 bee");
		Run evaluation = cli("evaluate", "--model", "names", "--models-dir", models.toString(), data.toString());
		assertThat(evaluation.exit()).as(evaluation.stderr()).isZero();
		assertThat(evaluation.stdout()).contains("images      12 (12 classified, 0 failed)").contains("蜜蜂 bee");
		// The folder written and served again answers as the head did right after
		// training.
		Matcher validation = Pattern.compile("validation  top-1 ([0-9.]+)").matcher(run.stdout());
		assertThat(validation.find()).isTrue();
		assertThat(top1(evaluation.stdout())).isEqualTo(Double.parseDouble(validation.group(1)));
	}

	@Test
	void anInterruptedRunLeavesNothingBehind() throws Exception {
		Path models = Files.createDirectories(work.resolve("models"));
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
						"-jar", Path.of(System.getProperty("app.jar", "target/image-classifier-1.0.0.jar")).toString(),
						"train", "--name", "interrupted", "--models-dir", models.toString(), "--backbone",
						BACKBONE.toString(), "--augment", "--epochs", "30", INSECTS.resolve("train").toString()));
		File out = work.resolve("out").toFile();
		Process process = new ProcessBuilder(command).redirectOutput(out)
			.redirectError(work.resolve("err").toFile())
			.start();
		// Interrupted once it has trained an epoch (it would write the model after the
		// last one).
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
		while (!Files.readString(out.toPath()).contains("epoch   1/30") && process.isAlive()
				&& System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		assertThat(Files.readString(out.toPath())).as(Files.readString(work.resolve("err"))).contains("epoch   1/30");
		assertThat(process.isAlive()).as("still training").isTrue();
		process.destroy();
		assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
		assertThat(entries(models)).as("no model folder, no hidden half-written one").isEmpty();
	}

	private Run train(Path models, String name, Path data, String... options) throws Exception {
		List<String> args = new ArrayList<>(
				List.of("train", "--name", name, "--models-dir", models.toString(), "--backbone", BACKBONE.toString()));
		args.addAll(List.of(options));
		args.add(data.toString());
		return cli(args.toArray(String[]::new));
	}

	/** A small copy of the hands' split: {@code perClass} images of each class. */
	private Path smallDataset(String name, String split, int perClass) throws IOException {
		Path data = work.resolve(name);
		for (String hand : List.of("paper", "rock", "scissors")) {
			copy(HANDS.resolve(split).resolve(hand), data.resolve(hand), perClass);
		}
		return data;
	}

	private static void copy(Path from, Path to, int files) throws IOException {
		Files.createDirectories(to);
		try (Stream<Path> list = Files.list(from)) {
			for (Path file : list.sorted().limit(files).toList()) {
				Files.copy(file, to.resolve(file.getFileName().toString()));
			}
		}
	}

	private static Path firstFile(Path dir) throws IOException {
		try (Stream<Path> list = Files.list(dir)) {
			return list.sorted().findFirst().orElseThrow();
		}
	}

	/** Every entry of a folder, hidden ones too. */
	private static List<String> entries(Path dir) throws IOException {
		try (Stream<Path> list = Files.list(dir)) {
			return list.map(path -> path.getFileName().toString()).sorted().toList();
		}
	}

	private static double top1(String stdout) {
		Matcher matcher = TOP1.matcher(stdout);
		assertThat(matcher.find()).as(stdout).isTrue();
		return Double.parseDouble(matcher.group(3));
	}

	/** What a run printed, without what depends on the time or the folder. */
	private static String figures(String stdout) {
		return stdout.lines()
			.filter(line -> !line.startsWith("time") && !line.startsWith("folder") && !line.startsWith("report"))
			.reduce("", (a, b) -> a + b + "\n");
	}

}
