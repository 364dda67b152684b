package com.example.classifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shared test material beside the project: ../shared/images (see its README) and
 * ../shared/models.
 */
public final class SharedData {

	private SharedData() {
	}

	public static Path root() {
		return Path.of(System.getProperty("shared.dir", "../shared")).toAbsolutePath().normalize();
	}

	public static Path images(String folder) {
		return root().resolve("images").resolve(folder);
	}

	/** The bytes of one of the shared photos ({@code images/photos}). */
	public static byte[] photo(String name) {
		return read(images("photos").resolve(name));
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

	/**
	 * A valid file of images/edge or images/large and what its EXPECTED.tsv says.
	 *
	 * @param top1 the expected top-1 index of mobilenet_v2, or -1 where any class will do
	 */
	public record ExpectedImage(String file, String expected, int top1) {

		public Path path() {
			return images("").resolve(file);
		}

		@Override
		public String toString() {
			return file + ": " + expected;
		}
	}

	public static List<ExpectedImage> expectedEdgeAndLargeImages() {
		Pattern top1 = Pattern.compile("top-1 (\\d+) ");
		List<ExpectedImage> images = new ArrayList<>();
		for (String folder : List.of("edge", "large")) {
			for (String[] row : tsv(images(folder).resolve("EXPECTED.tsv"))) {
				Matcher matcher = top1.matcher(row[1]);
				images.add(new ExpectedImage(folder + "/" + row[0], row[1],
						matcher.lookingAt() ? Integer.parseInt(matcher.group(1)) : -1));
			}
		}
		return images;
	}

	/**
	 * A file of images/bad that must be refused, and how: the status and the message, in
	 * the user's terms.
	 */
	public record BadFile(String file, int status, String message) {

		public Path path() {
			return images("bad").resolve(file);
		}

		@Override
		public String toString() {
			return file;
		}
	}

	/**
	 * The refused files of images/bad; truncated.jpg is not among them: it is classified
	 * from what decodes.
	 */
	public static List<BadFile> badFiles() {
		return List.of(new BadFile("empty.jpg", 400, "empty file"),
				new BadFile("text.jpg", 415, "not an image: looks like text"),
				new BadFile("html.png", 415, "not an image: looks like HTML"),
				new BadFile("vector.svg", 415, "SVG is not supported"),
				new BadFile("header_only.jpg", 400, "the JPEG file cannot be decoded"),
				new BadFile("bomb_30000x30000.png", 413,
						"image is 30000x30000 = 900 megapixels, the limit is 60 megapixels"));
	}

	/** The rows of a TSV file, header skipped. */
	public static List<String[]> tsv(Path file) {
		try {
			return Files.readAllLines(file)
				.stream()
				.skip(1)
				.filter(line -> !line.isBlank())
				.map(line -> line.split("\t"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
