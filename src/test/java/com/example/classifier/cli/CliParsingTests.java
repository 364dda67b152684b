package com.example.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.classifier.cli.ExpectedLabels.Row;
import com.example.classifier.cli.ImageFiles.ImageFile;

/**
 * The command line's own parsing, without a model: labels files, folder walking,
 * arguments.
 */
class CliParsingTests {

	private static final List<String> LABELS = List.of("tench, Tinca tinca", "goldfish, Carassius auratus",
			"Egyptian cat");

	@Test
	void readsTheExpectedTsvOfThePhotosByTop1Index() {
		Path expected = Path.of(System.getProperty("shared.dir", "../shared"), "images/photos/EXPECTED.tsv");
		List<Row> rows = ExpectedLabels.read(expected);
		assertThat(rows).hasSize(20);
		assertThat(rows.get(0).file()).isEqualTo("androiddemo_helloworld_image.jpg");
		assertThat(rows.get(0).expected()).isEqualTo("248");
	}

	@Test
	void readsPlainFileLabelLinesWithoutHeader(@TempDir Path dir) throws Exception {
		Path tsv = Files.writeString(dir.resolve("l.tsv"), "a.jpg\t2\r\n\n# comment\nb.jpg\tgoldfish\n");
		assertThat(ExpectedLabels.read(tsv)).extracting(Row::file, Row::expected)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("a.jpg", "2"),
					org.assertj.core.groups.Tuple.tuple("b.jpg", "goldfish"));
	}

	@Test
	void readsAHeaderWithALabelColumn(@TempDir Path dir) throws Exception {
		Path tsv = Files.writeString(dir.resolve("l.tsv"), "notes\tfile\tlabel\nx\ta.jpg\tEgyptian cat\n");
		assertThat(ExpectedLabels.read(tsv)).extracting(Row::file, Row::expected)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("a.jpg", "Egyptian cat"));
	}

	@Test
	void refusesALineWithoutLabel(@TempDir Path dir) throws Exception {
		Path tsv = Files.writeString(dir.resolve("l.tsv"), "a.jpg\t1\nb.jpg\n");
		assertThatThrownBy(() -> ExpectedLabels.read(tsv)).isInstanceOf(CliException.class)
			.hasMessageContaining("line 2");
	}

	@Test
	void resolvesIndexesAndLabelNames() {
		assertThat(ExpectedLabels.resolve("2", LABELS)).isEqualTo(2);
		assertThat(ExpectedLabels.resolve("3", LABELS)).isEqualTo(-1);
		assertThat(ExpectedLabels.resolve("egyptian CAT", LABELS)).isEqualTo(2);
		assertThat(ExpectedLabels.resolve("n01443537 goldfish, Carassius auratus", LABELS)).isEqualTo(1);
		assertThat(ExpectedLabels.resolve("tench", LABELS)).isEqualTo(0);
		assertThat(ExpectedLabels.resolve("dog", LABELS)).isEqualTo(-1);
	}

	@Test
	void walksFoldersSortedRecursivelySkippingHiddenAndNonImageFiles(@TempDir Path dir) throws Exception {
		Files.createDirectories(dir.resolve("sub"));
		Files.createDirectories(dir.resolve(".git"));
		for (String name : List.of("b.JPG", "a.png", "sub/c.webp", "notes.txt", "EXPECTED.tsv", ".hidden.jpg",
				".git/d.jpg", "noext")) {
			Files.writeString(dir.resolve(name), "x");
		}
		ImageFiles.Found found = ImageFiles.expand(List.of(dir, dir.resolve("notes.txt"), dir.resolve("missing.jpg")));
		assertThat(found.files()).extracting(ImageFile::name)
			.containsExactly(dir.resolve("a.png").toString(), dir.resolve("b.JPG").toString(),
					dir.resolve("sub/c.webp").toString(), dir.resolve("notes.txt").toString());
		assertThat(found.missing()).extracting(ImageFiles.Missing::argument)
			.containsExactly(dir.resolve("missing.jpg").toString());
	}

	@Test
	void aFolderNamedThroughALinkIsWalkedAndLinksInsideItAreNot(@TempDir Path dir) throws Exception {
		Path photos = Files.createDirectories(dir.resolve("photos"));
		Files.writeString(photos.resolve("a.jpg"), "x");
		Files.createSymbolicLink(photos.resolve("b.jpg"), photos.resolve("a.jpg"));
		Files.createSymbolicLink(photos.resolve("loop"), photos);
		Path link = Files.createSymbolicLink(dir.resolve("linked"), photos);
		ImageFiles.Found found = ImageFiles.expand(List.of(link));
		assertThat(found.files()).extracting(ImageFile::name)
			.containsExactly(link.resolve("a.jpg").toString(), link.resolve("b.jpg").toString());
		assertThat(found.missing()).isEmpty();
	}

	@Test
	void anUnreadableFolderIsReportedAndTheRestIsStillFoundAndAHiddenOneIsSkipped(@TempDir Path dir) throws Exception {
		assumeFalse("root".equals(System.getProperty("user.name")), "root reads every folder");
		Path locked = Files.createDirectories(dir.resolve("locked"));
		Path hiddenLocked = Files.createDirectories(dir.resolve(".private"));
		Files.writeString(dir.resolve("a.jpg"), "x");
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
		Files.setPosixFilePermissions(hiddenLocked, PosixFilePermissions.fromString("---------"));
		try {
			ImageFiles.Found found = ImageFiles.expand(List.of(dir));
			assertThat(found.files()).extracting(ImageFile::name).containsExactly(dir.resolve("a.jpg").toString());
			assertThat(found.missing()).extracting(ImageFiles.Missing::argument, ImageFiles.Missing::reason)
				.containsExactly(tuple(locked.toString(), "permission denied"));
		}
		finally {
			Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
			Files.setPosixFilePermissions(hiddenLocked, PosixFilePermissions.fromString("rwx------"));
		}
	}

	@Test
	void dispatchesOnlyItsCommands() {
		assertThat(Cli.handles(new String[] { "classify", "x" })).isTrue();
		assertThat(Cli.handles(new String[] { "evaluate" })).isTrue();
		assertThat(Cli.handles(new String[] { "--help" })).as("--help prints the usage, not a server log").isTrue();
		assertThat(Cli.handles(new String[] { "--version" })).isTrue();
		assertThat(Cli.handles(new String[] { "--server.port=8081" })).isFalse();
		assertThat(Cli.handles(new String[0])).isFalse();
	}

	@Test
	void wrongArgumentsExitWithUsageStatusWithoutStartingAnything() {
		assertThat(Cli.run("classify")).isEqualTo(Cli.EXIT_USAGE);
		assertThat(Cli.run("classify", "--format", "xml", "a.jpg")).isEqualTo(Cli.EXIT_USAGE);
		assertThat(Cli.run("evaluate", "--min-top1", "2", "l.tsv", ".")).isEqualTo(Cli.EXIT_USAGE);
		assertThat(Cli.run("classify", "--help")).isEqualTo(Cli.EXIT_OK);
		assertThat(Cli.run("train", "data")).as("no --name").isEqualTo(Cli.EXIT_USAGE);
		assertThat(Cli.run("train", "--name", "x", "--split", "1", "data")).isEqualTo(Cli.EXIT_USAGE);
		assertThat(Cli.run("train", "--name", "x", "--epochs", "0", "data")).isEqualTo(Cli.EXIT_USAGE);
		assertThat(Cli.run("evaluate", "a", "b", "c")).as("at most a labels file and a folder")
			.isEqualTo(Cli.EXIT_USAGE);
		assertThat(Cli.run("train", "--help")).isEqualTo(Cli.EXIT_OK);
	}

	@Test
	void classFoldersAreExpectedClassesByNameEvenWhenNamedWithDigits(@TempDir Path dir) throws Exception {
		for (String digit : List.of("1", "10", "2")) {
			Files.createDirectories(dir.resolve(digit));
			Files.writeString(dir.resolve(digit).resolve("a.png"), "");
		}
		assertThat(ExpectedLabels.fromClassFolders(dir)).extracting(Row::file, Row::expected)
			.containsExactly(tuple(Path.of("1", "a.png").toString(), "1"),
					tuple(Path.of("10", "a.png").toString(), "10"), tuple(Path.of("2", "a.png").toString(), "2"));
		List<String> labels = List.of("1", "10", "2");
		assertThat(ExpectedLabels.resolveName("10", labels)).isEqualTo(1);
		assertThat(ExpectedLabels.resolveName("2", labels)).isEqualTo(2);
		assertThat(ExpectedLabels.resolve("2", labels)).as("a labels file's number is an index").isEqualTo(2);
		assertThat(ExpectedLabels.resolve("1", labels)).isEqualTo(1);
		assertThat(ExpectedLabels.resolveName("1", labels)).isZero();
	}

}
