package com.example.classifier.training;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Images labelled by folder, as torchvision's {@code ImageFolder} reads them: one
 * subfolder per class, named for it, classes in name order. Every file in a class folder
 * (at any depth) is one of its images; hidden files and folders are left out.
 *
 * @param classes the class names, in order; a class's index is its position
 * @param images every image with its class index, class by class, in file name order
 */
public record LabelledImages(List<String> classes, List<LabelledImage> images) {

	/** One image file and the index of its class. */
	public record LabelledImage(Path file, int label) {

		/** Its path below the dataset folder, as messages show it. */
		public String shownAs(Path dataset) {
			return dataset.relativize(file).toString();
		}

	}

	/**
	 * The labelled images of a folder.
	 * @throws TrainingDataException if it is not a folder of at least two classes, each
	 * with at least one file
	 */
	public static LabelledImages read(Path dir) {
		return read(dir, 2);
	}

	/**
	 * Labelled images to evaluate a model on: one class folder is enough.
	 * @throws TrainingDataException if it is not a folder of class folders with images
	 */
	public static LabelledImages readForEvaluation(Path dir) {
		return read(dir, 1);
	}

	private static LabelledImages read(Path dir, int leastClasses) {
		if (!Files.isDirectory(dir)) {
			throw new TrainingDataException(dir + ": not a folder (expected one subfolder per class)");
		}
		List<Path> classFolders;
		try (Stream<Path> entries = Files.list(dir)) {
			classFolders = entries.filter(Files::isDirectory).filter(path -> !hidden(path)).sorted().toList();
		}
		catch (IOException ex) {
			throw new TrainingDataException(dir + ": cannot be read (" + ex.getMessage() + ")");
		}
		if (classFolders.size() < leastClasses) {
			throw new TrainingDataException(dir + ": found " + classFolders.size()
					+ (classFolders.size() == 1 ? " class folder (" + classFolders.get(0).getFileName() + ")"
							: " class folders")
					+ (leastClasses > 1 ? "; a classifier needs at least two" : "; expected")
					+ ", one subfolder per class with its images in it");
		}
		List<String> classes = new ArrayList<>();
		List<LabelledImage> images = new ArrayList<>();
		List<String> empty = new ArrayList<>();
		for (Path folder : classFolders) {
			List<Path> files = files(folder);
			if (files.isEmpty()) {
				empty.add(folder.getFileName().toString());
			}
			int label = classes.size();
			classes.add(folder.getFileName().toString());
			files.forEach(file -> images.add(new LabelledImage(file, label)));
		}
		if (!empty.isEmpty()) {
			throw new TrainingDataException(
					dir + ": class folder" + (empty.size() > 1 ? "s " : " ") + String.join(", ", empty)
							+ (empty.size() > 1 ? " have" : " has") + " no image; every class needs images");
		}
		return new LabelledImages(List.copyOf(classes), List.copyOf(images));
	}

	private static List<Path> files(Path folder) {
		List<Path> files = new ArrayList<>();
		try {
			Files.walkFileTree(folder, new SimpleFileVisitor<>() {
				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
					return dir.equals(folder) || !hidden(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
					if (attributes.isRegularFile() && !hidden(file)) {
						files.add(file);
					}
					return FileVisitResult.CONTINUE;
				}
			});
		}
		catch (IOException ex) {
			throw new TrainingDataException(folder + ": cannot be read (" + ex.getMessage() + ")");
		}
		files.sort(null);
		return files;
	}

	private static boolean hidden(Path path) {
		return path.getFileName().toString().startsWith(".");
	}

}
