package com.example.classifier.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The files a command is given: files as named, directories walked recursively in sorted
 * order, skipping hidden files and folders, and files whose extension is not an image's
 * (a README or a labels TSV beside the photos). A file named explicitly is always tried,
 * whatever its name. What cannot be read is reported, one line each, and counts as
 * failed; the rest is still classified.
 */
final class ImageFiles {

	/**
	 * Extensions taken from directories: the formats decoded, and image formats refused
	 * with a clear reason.
	 */
	static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "jpe", "jfif", "png", "gif", "webp", "bmp", "dib",
			"tif", "tiff", "heic", "heif", "avif", "svg");

	/**
	 * One file to classify, with the name it is shown under (the path as the user named
	 * it).
	 */
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
				walk(argument, files, missing);
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

	/**
	 * The image files under a directory, sorted, shown under the path as given. A
	 * directory named through a link is followed; links inside it are not (no loops). A
	 * folder that cannot be read is reported and the walk goes on.
	 */
	private static void walk(Path dir, List<ImageFile> files, List<Missing> missing) {
		Path root;
		try {
			root = dir.toRealPath();
		}
		catch (IOException ex) {
			missing.add(new Missing(dir.toString(), "cannot be read"));
			return;
		}
		List<Path> found = new ArrayList<>();
		try {
			Files.walkFileTree(root, new SimpleFileVisitor<>() {
				/** A path under the real folder, as the user named the folder. */
				private Path shown(Path path) {
					return dir.resolve(root.relativize(path));
				}

				@Override
				public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
					return folder.equals(root) || !hidden(folder) ? FileVisitResult.CONTINUE
							: FileVisitResult.SKIP_SUBTREE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					boolean regular = attributes.isRegularFile()
							|| attributes.isSymbolicLink() && Files.isRegularFile(file);
					if (regular && !hidden(file) && imageExtension(file)) {
						found.add(shown(file));
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					if (!file.equals(root) && hidden(file)) {
						// skipped anyway, readable or not
						return FileVisitResult.CONTINUE;
					}
					String reason = ex instanceof AccessDeniedException ? "permission denied" : "cannot be read";
					missing.add(new Missing(shown(file).toString(), reason));
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			missing.add(new Missing(dir.toString(), "cannot be read"));
		}
		found.stream().sorted().forEach(path -> files.add(new ImageFile(path, path.toString())));
	}

	private static boolean hidden(Path path) {
		return path.getFileName() != null && path.getFileName().toString().startsWith(".");
	}

	static boolean imageExtension(Path path) {
		String name = path.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

}
