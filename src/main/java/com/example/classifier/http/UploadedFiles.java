package com.example.classifier.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.springframework.web.multipart.MultipartFile;

import com.example.classifier.classification.ImageUpload;

/**
 * The files of a multipart request as uploads, read only when a decode thread takes them.
 */
public final class UploadedFiles {

	private UploadedFiles() {
	}

	/**
	 * The files of a multipart request (page or API); a part without a file (a form sent
	 * with nothing chosen) is skipped, so that it counts as no image rather than as an
	 * empty one.
	 */
	public static List<ImageUpload> of(List<MultipartFile> parts) {
		if (parts == null) {
			return List.of();
		}
		return parts.stream()
			.filter(part -> !(part.isEmpty()
					&& (part.getOriginalFilename() == null || part.getOriginalFilename().isEmpty())))
			.map(part -> new ImageUpload(part.getOriginalFilename(), () -> readExactly(part)))
			.toList();
	}

	/**
	 * The part's bytes in one array of its size: {@code getBytes} grows a buffer by
	 * doubling and copies it once more, several times the file's size in heap.
	 */
	private static byte[] readExactly(MultipartFile part) throws IOException {
		long size = part.getSize();
		if (size > Integer.MAX_VALUE - 8) {
			throw new IOException("part too large");
		}
		try (InputStream in = part.getInputStream()) {
			return readExactly(in, (int) size);
		}
	}

	/**
	 * Exactly {@code length} bytes of a received upload (a part, a whole body), in one
	 * array of that size and in reads of 256 kB: a file channel reads through a temporary
	 * direct buffer the size of the read, which each thread keeps (19 MB per decode
	 * thread for the largest uploads, outside the heap and any budget).
	 * @throws IOException if the stream ends first
	 */
	public static byte[] readExactly(InputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		for (int read = 0; read < length;) {
			int n = in.read(bytes, read, Math.min(256 * 1024, length - read));
			if (n < 0) {
				throw new IOException("the upload is shorter than its length");
			}
			read += n;
		}
		return bytes;
	}

}
