package com.example.classifier.classification;

import java.io.IOException;

/**
 * One file as a client sent it. The name is the client's and only ever shown (escaped),
 * never used as a path.
 *
 * <p>
 * The content is read when a decode thread takes the image, not when the request arrives:
 * files above the multipart threshold stay in the servlet container's temporary files
 * until then, so the heap holds the bytes of as many uploads as there are decode threads,
 * however many requests are waiting.
 *
 * @param filename the client's file name, cleaned for display
 * @param content reads the bytes; called once, on a decode thread
 */
public record ImageUpload(String filename, Content content) {

	/** The bytes of an upload, read when they are needed. */
	@FunctionalInterface
	public interface Content {

		byte[] read() throws IOException;

	}

	public ImageUpload {
		filename = cleanName(filename);
	}

	/** An upload whose bytes are already in memory. */
	public static ImageUpload of(String filename, byte[] bytes) {
		return new ImageUpload(filename, () -> bytes);
	}

	/**
	 * The last path segment, without control characters, invisible format characters
	 * (bidirectional overrides, which could show "gpj.exe" as "exe.jpg", zero-width
	 * spaces and joiners, byte order marks) and line or paragraph separators, at most 200
	 * characters; "image" when none is left.
	 */
	public static String cleanName(String name) {
		if (name == null) {
			return "image";
		}
		String last = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		String clean = last.codePoints()
			.filter(ImageUpload::visible)
			.limit(200)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString()
			.strip();
		return clean.isEmpty() ? "image" : clean;
	}

	private static boolean visible(int c) {
		int type = Character.getType(c);
		return type != Character.CONTROL && type != Character.FORMAT && type != Character.LINE_SEPARATOR
				&& type != Character.PARAGRAPH_SEPARATOR && type != Character.UNASSIGNED
				&& type != Character.PRIVATE_USE && type != Character.SURROGATE;
	}
}
