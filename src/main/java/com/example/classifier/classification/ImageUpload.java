package com.example.classifier.classification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.springframework.web.multipart.MultipartFile;

/**
 * One file as a client sent it. The name is the client's and only ever shown (escaped), never used as a path.
 */
public record ImageUpload(String filename, byte[] bytes) {

	public ImageUpload {
		filename = cleanName(filename);
	}

	/**
	 * The files of a multipart request (page or API); a part without a file (a form sent with nothing chosen) is
	 * skipped, so that it counts as no image rather than as an empty one.
	 */
	public static List<ImageUpload> fromParts(List<MultipartFile> parts) {
		if (parts == null) {
			return List.of();
		}
		return parts.stream()
			.filter(part -> !(part.isEmpty() && (part.getOriginalFilename() == null || part.getOriginalFilename().isEmpty())))
			.map(part -> {
				try {
					return new ImageUpload(part.getOriginalFilename(), part.getBytes());
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			})
			.toList();
	}

	/** The last path segment, without control characters, at most 200 characters; "image" when none is left. */
	static String cleanName(String name) {
		if (name == null) {
			return "image";
		}
		String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		String clean = last.codePoints()
			.filter(c -> !Character.isISOControl(c))
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		if (clean.length() > 200) {
			clean = clean.substring(0, 200);
		}
		return clean.isEmpty() ? "image" : clean;
	}
}
