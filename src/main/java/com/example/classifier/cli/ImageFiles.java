package com.example.classifier.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files a command is given: files as named, directories walked recursively in sorted order, skipping hidden
 * files and folders, and files whose extension is not an image's (a README or a labels TSV beside the photos).
 * A file named explicitly is always tried, whatever its name.
 */
final class ImageFiles {

	/** Extensions taken from directories: the formats decoded, and image formats refused with a clear reason. */
	static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "bmp",
			"dib", "tif", "tiff", "heic", "heif", "avif", "svg");

	/** One file to classify, with the name it is shown under (the path as the user named it). */
	record ImageFile(Path path, String name) {
	}

	/** A command-line argument that names nothing readable. */
	record Missing(String argument, String reason) {
	}

	record Found(List<ImageFile> files, List<Missing> missing) {
	}

	private ImageFiles() {
	}

	static Found expand(List<Path> arguments) {
		List<ImageFile> files = new ArrayList<>();
		List<Missing> missing = new ArrayList<>();
		for (Path argument : arguments) {
			if (Files.isDirectory(argument)) {
				files.addAll(walk(argument));
			}
			else if (Files.exists(argument)) {
				files.add(new ImageFile(argument, argument.toString()));
			}
			else {
				missing.add(new Missing(argument.toString(), "no such file or directory"));
			}
		}
		return new Found(files, missing);
	}

	private static List<ImageFile> walk(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			return paths.filter(path -> !path.equals(dir))
				.filter(path -> !hidden(dir.relativize(path)))
				.filter(Files::isRegularFile)
				.filter(ImageFiles::imageExtension)
				.sorted()
				.map(path -> new ImageFile(path, path.toString()))
				.toList();
		}
		catch (IOException | UncheckedIOException ex) {
			throw new CliException(Cli.EXIT_USAGE, "cannot list " + dir + ": " + ex.getMessage());
		}
	}

	private static boolean hidden(Path relative) {
		for (Path part : relative) {
			if (part.toString().startsWith(".")) {
				return true;
			}
		}
		return false;
	}

	static boolean imageExtension(Path path) {
		String name = path.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}
}
