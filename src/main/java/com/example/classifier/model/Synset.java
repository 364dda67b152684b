package com.example.classifier.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** A model's {@code synset.txt}: one class label per line, in output order. */
public final class Synset {

	/**
	 * ImageNet synsets start with their WordNet id ("n02123159 tiger cat"): people want
	 * the name.
	 */
	private static final Pattern WORDNET_ID = Pattern.compile("^n\\d{8}\\s+");

	private Synset() {
	}

	/** The labels of a synset file, blank lines left out. */
	static List<String> read(Path file) throws IOException {
		return Files.readAllLines(file, StandardCharsets.UTF_8)
			.stream()
			.filter(line -> !line.isBlank())
			.map(Synset::label)
			.toList();
	}

	/**
	 * The label of a synset line, without a leading WordNet id ("n02123159 tiger cat" is
	 * "tiger cat").
	 */
	public static String label(String synsetLine) {
		return WORDNET_ID.matcher(synsetLine.strip()).replaceFirst("").strip();
	}

}
