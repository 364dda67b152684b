package com.example.classifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shared test material beside the project: ../shared/images (see its README) and ../shared/models. */
public final class SharedData {

	private SharedData() {
	}

	public static Path root() {
		return Path.of(System.getProperty("shared.dir", "../shared")).toAbsolutePath().normalize();
	}

	public static Path images(String folder) {
		return root().resolve("images").resolve(folder);
	}

	public static byte[] read(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One row of photos/EXPECTED.tsv: torchvision's top-5 for mobilenet_v2. */
	public record ExpectedPhoto(String file, int[] top5, double[] probabilities) {

		public Path path() {
			return images("photos").resolve(file);
		}
	}

	public static List<ExpectedPhoto> expectedPhotos() {
		List<String[]> rows = tsv(images("photos").resolve("EXPECTED.tsv"));
		List<ExpectedPhoto> photos = new ArrayList<>();
		for (String[] row : rows) {
			photos.add(new ExpectedPhoto(row[0], Arrays.stream(row[4].split(",")).mapToInt(Integer::parseInt).toArray(),
					Arrays.stream(row[5].split(",")).mapToDouble(Double::parseDouble).toArray()));
		}
		return photos;
	}

	/** The rows of a TSV file, header skipped. */
	public static List<String[]> tsv(Path file) {
		try {
			return Files.readAllLines(file).stream().skip(1).filter(line -> !line.isBlank()).map(line -> line.split("\t")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
