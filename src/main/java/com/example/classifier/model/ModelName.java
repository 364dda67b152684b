package com.example.classifier.model;

import java.util.regex.Pattern;

/**
 * What a model may be called: a plain folder name (letters and digits of any script, then
 * also {@code .}, {@code _} and {@code -}), never a path, never hidden.
 */
public final class ModelName {

	private static final Pattern PLAIN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}._-]{0,63}");

	private ModelName() {
	}

	public static boolean isPlain(String name) {
		return name != null && PLAIN.matcher(name).matches();
	}

	/** Why a name is refused, in a user's words. */
	public static String rule() {
		return "a model name is a plain folder name: up to 64 letters, digits, '.', '_' or '-', "
				+ "starting with a letter or digit";
	}

}
