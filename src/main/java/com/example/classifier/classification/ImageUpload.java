package com.example.classifier.classification;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.web.multipart.MultipartFile;

/**
 * One file as a client sent it. The name is the client's and only ever shown (escaped), never used as a path.
 *
 * <p>The content is read when a decode thread takes the image, not when the request arrives: files above the
 * multipart threshold stay in the servlet container's temporary files until then, so the heap holds the bytes of
 * as many uploads as there are decode threads, however many requests are waiting (with a 160 MB heap, eight
 * requests of 60 MB read up front would not fit).
 *
 * @param filename the client's file name, cleaned for display
 * @param content  reads the bytes; called once, on a decode thread
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
	 * The files of a multipart request (page or API); a part without a file (a form sent with nothing chosen) is
	 * skipped, so that it counts as no image rather than as an empty one.
	 */
	public static List<ImageUpload> fromParts(List<MultipartFile> parts) {
		if (parts == null) {
			return List.of();
		}
		return parts.stream()
			.filter(part -> !(part.isEmpty() && (part.getOriginalFilename() == null || part.getOriginalFilename().isEmpty())))
			.map(part -> new ImageUpload(part.getOriginalFilename(), () -> readExactly(part)))
			.toList();
	}

	/**
	 * The part's bytes in one array of its size: {@code getBytes} grows a buffer by doubling and copies it once more,
	 * which took about 50 MB of heap for a 19 MB file, and two at once ran a 160 MB heap out.
	 */
	private static byte[] readExactly(MultipartFile part) throws IOException {
		long size = part.getSize();
		if (size > Integer.MAX_VALUE - 8) {
			throw new IOException("part too large");
		}
		byte[] bytes = new byte[(int) size];
		try (InputStream in = part.getInputStream()) {
			// In reads of 256 kB: a file channel reads through a temporary direct buffer the size of the read, which
			// each thread keeps (19 MB per decode thread for the largest uploads, outside the heap and any budget).
			for (int read = 0; read < bytes.length;) {
				int n = in.read(bytes, read, Math.min(256 * 1024, bytes.length - read));
				if (n < 0) {
					throw new IOException("part shorter than its size");
				}
				read += n;
			}
		}
		return bytes;
	}

	/**
	 * The last path segment, without control characters, invisible format characters (bidirectional overrides,
	 * which could show "gpj.exe" as "exe.jpg", zero-width spaces and joiners, byte order marks) and line or paragraph
	 * separators, at most 200 characters; "image" when none is left.
	 */
	static String cleanName(String name) {
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
				&& type != Character.PARAGRAPH_SEPARATOR && type != Character.UNASSIGNED && type != Character.PRIVATE_USE
				&& type != Character.SURROGATE;
	}
}
