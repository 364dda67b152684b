package com.example.classifier.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.example.classifier.model.Synset;
import com.example.classifier.training.LabelledImages;
import com.example.classifier.training.TrainingDataException;

/**
 * The expected class of each file, from a tab-separated file: either with a header naming
 * a {@code file} column and an expected-class column ({@code top1_index}, as in the
 * photos' EXPECTED.tsv, or {@code index}, {@code label}, {@code class}, {@code expected},
 * {@code top1_label}; otherwise the column after {@code file}), or without a header as
 * {@code file<TAB>label}. A label is a class index or a label name of the model.
 */
final class ExpectedLabels {

	private static final List<String> CLASS_COLUMNS = List.of("top1_index", "index", "label", "class", "expected",
			"top1_label");

	/**
	 * One line of the file: the file's name (relative to the image folder) and its
	 * expected class, as written.
	 */
	record Row(int line, String file, String expected) {
	}

	private ExpectedLabels() {
	}

	static List<Row> read(Path tsv) {
		List<String> lines;
		try {
			lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new CliException(Cli.EXIT_USAGE, "cannot read " + tsv + ": " + ex.getMessage());
		}
		int fileColumn = 0;
		int classColumn = 1;
		int first = 0;
		while (first < lines.size() && skip(lines.get(first))) {
			first++;
		}
		if (first < lines.size()) {
			List<String> header = List.of(lines.get(first).split("\t", -1))
				.stream()
				.map(h -> h.strip().toLowerCase(Locale.ROOT))
				.toList();
			if (header.contains("file")) {
				fileColumn = header.indexOf("file");
				classColumn = CLASS_COLUMNS.stream()
					.filter(header::contains)
					.findFirst()
					.map(header::indexOf)
					.orElse(fileColumn + 1);
				if (classColumn >= header.size()) {
					throw new CliException(Cli.EXIT_USAGE, tsv + ": the header has no expected-class column after "
							+ "'file' (one of " + String.join(", ", CLASS_COLUMNS) + ")");
				}
				first++;
			}
		}
		List<Row> rows = new ArrayList<>();
		for (int i = first; i < lines.size(); i++) {
			String line = lines.get(i);
			if (skip(line)) {
				continue;
			}
			String[] fields = line.split("\t", -1);
			if (fields.length <= Math.max(fileColumn, classColumn) || fields[fileColumn].isBlank()
					|| fields[classColumn].isBlank()) {
				throw new CliException(Cli.EXIT_USAGE,
						tsv + " line " + (i + 1) + ": expected a file and its class separated by a tab");
			}
			rows.add(new Row(i + 1, fields[fileColumn].strip(), fields[classColumn].strip()));
		}
		if (rows.isEmpty()) {
			throw new CliException(Cli.EXIT_USAGE, tsv + " lists no file");
		}
		return rows;
	}

	/**
	 * The expected class of each image in a folder of class folders: its folder's name.
	 * @throws CliException if it is not a folder of class folders with images
	 */
	static List<Row> fromClassFolders(Path dir) {
		LabelledImages images;
		try {
			images = LabelledImages.readForEvaluation(dir);
		}
		catch (TrainingDataException ex) {
			throw new CliException(Cli.EXIT_USAGE,
					ex.getMessage() + " (or give a labels file: evaluate LABELS.tsv DIR)");
		}
		return images.images()
			.stream()
			.map(image -> new Row(0, image.shownAs(dir), images.classes().get(image.label())))
			.toList();
	}

	private static boolean skip(String line) {
		return line.isBlank() || line.startsWith("#");
	}

	/**
	 * The model's class index for an expected class: a number is an index; a name is
	 * matched, ignoring case and any leading WordNet id, against the whole label or one
	 * of its comma-separated names.
	 * @return the index, or -1 if the model has no such class
	 */
	static int resolve(String expected, List<String> labels) {
		if (expected.matches("\\d{1,9}")) {
			int index = Integer.parseInt(expected);
			return index < labels.size() ? index : -1;
		}
		return resolveName(expected, labels);
	}

	/**
	 * The model's class index for a class name, never read as an index (a class folder
	 * named {@code 1} is the class labelled {@code 1}), matched as {@link #resolve}
	 * matches names.
	 * @return the index, or -1 if the model has no such class
	 */
	static int resolveName(String expected, List<String> labels) {
		String wanted = Synset.label(expected);
		for (int i = 0; i < labels.size(); i++) {
			if (labels.get(i).equalsIgnoreCase(wanted)) {
				return i;
			}
		}
		for (int i = 0; i < labels.size(); i++) {
			for (String name : labels.get(i).split(",")) {
				if (name.strip().equalsIgnoreCase(wanted)) {
					return i;
				}
			}
		}
		return -1;
	}

}
