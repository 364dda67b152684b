package com.example.classifier.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential: thousands of bodies, well-formed and damaged, each read by
 * {@link WellFormedMultipart} and by Tomcat's own parser. Whatever the fast path accepts,
 * Tomcat's parser accepts with the same items (names, file names, types, headers, bytes);
 * everything else it leaves to Tomcat's parser. Every well-formed body without a limit in
 * the way takes the fast path, so it is the one that serves.
 */
class WellFormedMultipartTests {

	private static final String BOUNDARY_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=?";

	@TempDir
	Path dir;

	@Test
	void whatTheFastPathAcceptsTomcatsParserReadsTheSameAndWellFormedBodiesTakeIt() throws Exception {
		Random random = new Random(20261205L);
		int accepted = 0;
		int wellFormedAccepted = 0;
		int wellFormed = 0;
		for (int i = 0; i < 3000; i++) {
			String boundary = boundary(random);
			byte[] body = body(random, boundary);
			boolean damaged = i % 3 == 2;
			if (damaged) {
				body = damage(random, body);
			}
			// Limits often within reach, so that both meet them.
			boolean limited = i % 5 == 4;
			FileUpload upload = upload(limited ? random.nextInt(2000) : -1, limited ? 1 + random.nextInt(4) : -1);
			String contentType = "multipart/form-data; boundary=" + boundary;
			Path file = Files.write(dir.resolve("body-" + i), body);
			List<FileItem> fast = WellFormedMultipart.parse(upload, file, body.length, contentType, "UTF-8");
			List<FileItem> tomcat;
			try {
				tomcat = upload.parseRequest(context(body, contentType));
			}
			catch (FileUploadException | IllegalStateException ex) {
				tomcat = null;
			}
			if (fast != null) {
				accepted++;
				assertThat(tomcat).as("case %d: Tomcat's parser refused what the fast path read", i).isNotNull();
				assertSameItems(i, fast, tomcat);
			}
			if (!damaged && !limited) {
				wellFormed++;
				wellFormedAccepted += fast != null ? 1 : 0;
				assertThat(fast).as("case %d: a well-formed body left to Tomcat's parser", i).isNotNull();
			}
			Files.delete(file);
		}
		System.out.printf("multipart: %d bodies, %d read by the fast path (%d of %d well-formed ones)%n", 3000,
				accepted, wellFormedAccepted, wellFormed);
		assertThat(accepted).isGreaterThan(wellFormed);
	}

	@Test
	void aPreambleANestedMixedPartAndAnEarlyEndGoToTomcatsParser() throws Exception {
		String boundary = "b0undary";
		String part = "--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n\r\n" + "xyz\r\n--"
				+ boundary + "--\r\n";
		assertThat(fast(part, boundary)).hasSize(1);
		assertThat(fast("preamble\r\n" + part, boundary)).isNull();
		assertThat(fast(part.substring(0, part.length() - 12), boundary)).isNull();
		assertThat(fast(
				"--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"\r\n"
						+ "Content-Type: multipart/mixed; boundary=inner\r\n\r\n--inner--\r\n--" + boundary + "--",
				boundary))
			.isNull();
	}

	@Test
	void withoutAPartHeaderLimitTheFastPathStillReadsTheBody() throws Exception {
		String boundary = "b0undary";
		byte[] body = ("--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"a.jpg\"\r\n\r\n" + "xyz\r\n--"
				+ boundary + "--\r\n")
			.getBytes(StandardCharsets.UTF_8);
		FileUpload unlimited = upload(-1, -1);
		unlimited.setPartHeaderSizeMax(-1);
		Path file = Files.write(dir.resolve("unlimited"), body);
		List<FileItem> fast = WellFormedMultipart.parse(unlimited, file, body.length,
				"multipart/form-data; boundary=" + boundary, "UTF-8");
		assertThat(fast).hasSize(1);
		assertSameItems(0, fast, unlimited.parseRequest(context(body, "multipart/form-data; boundary=" + boundary)));
	}

	private List<FileItem> fast(String body, String boundary) throws IOException {
		Path file = Files.write(dir.resolve("one"), body.getBytes(StandardCharsets.UTF_8));
		return WellFormedMultipart.parse(upload(-1, -1), file, Files.size(file),
				"multipart/form-data; boundary=" + boundary, null);
	}

	private FileUpload upload(long fileSizeMax, long fileCountMax) {
		DiskFileItemFactory factory = new DiskFileItemFactory();
		factory.setRepository(dir.toFile());
		factory.setSizeThreshold(0);
		FileUpload upload = new FileUpload();
		upload.setFileItemFactory(factory);
		upload.setFileSizeMax(fileSizeMax);
		upload.setFileCountMax(fileCountMax);
		upload.setPartHeaderSizeMax(512);
		return upload;
	}

	private static UploadContext context(byte[] body, String contentType) {
		return new UploadContext() {
			@Override
			public long contentLength() {
				return body.length;
			}

			@Override
			public String getCharacterEncoding() {
				return "UTF-8";
			}

			@Override
			public String getContentType() {
				return contentType;
			}

			@Override
			public InputStream getInputStream() {
				return new ByteArrayInputStream(body);
			}
		};
	}

	private static void assertSameItems(int i, List<FileItem> fast, List<FileItem> tomcat) throws IOException {
		assertThat(fast).as("case %d: items", i).hasSameSizeAs(tomcat);
		for (int k = 0; k < fast.size(); k++) {
			FileItem a = fast.get(k);
			FileItem b = tomcat.get(k);
			String what = "case " + i + ", item " + k;
			assertThat(a.getFieldName()).as(what).isEqualTo(b.getFieldName());
			assertThat(name(a)).as(what).isEqualTo(name(b));
			assertThat(a.getContentType()).as(what).isEqualTo(b.getContentType());
			assertThat(a.isFormField()).as(what).isEqualTo(b.isFormField());
			assertThat(a.get()).as(what).isEqualTo(b.get());
			assertThat(headers(a)).as(what).isEqualTo(headers(b));
		}
	}

	private static String name(FileItem item) {
		try {
			return item.getName();
		}
		catch (RuntimeException ex) {
			return ex.getClass().getName();
		}
	}

	private static List<String> headers(FileItem item) {
		List<String> all = new ArrayList<>();
		for (Iterator<String> names = item.getHeaders().getHeaderNames(); names.hasNext();) {
			String name = names.next();
			item.getHeaders().getHeaders(name).forEachRemaining(value -> all.add(name + ": " + value));
		}
		return all;
	}

	private static String boundary(Random random) {
		StringBuilder boundary = new StringBuilder();
		int length = 1 + random.nextInt(random.nextBoolean() ? 8 : 70);
		for (int i = 0; i < length; i++) {
			boundary.append(BOUNDARY_CHARS.charAt(random.nextInt(BOUNDARY_CHARS.length())));
		}
		return boundary.toString();
	}

	/**
	 * One to five parts, their contents full of CR, LF, dashes and pieces of the
	 * delimiter.
	 */
	private static byte[] body(Random random, String boundary) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int parts = 1 + random.nextInt(5);
		String[] names = { "images", "model", "topK", "naïve name", "a\"b" };
		String[] files = { "cat.jpg", "my photo (1).jpg", "фото.jpg", "", "x;y.png" };
		for (int p = 0; p < parts; p++) {
			out.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
			StringBuilder headers = new StringBuilder("Content-Disposition: form-data; name=\"")
				.append(names[random.nextInt(names.length)].replace("\"", "\\\""))
				.append('"');
			if (random.nextBoolean()) {
				headers.append("; filename=\"").append(files[random.nextInt(files.length)]).append('"');
			}
			headers.append("\r\n");
			if (random.nextBoolean()) {
				headers.append("Content-Type: image/jpeg\r\n");
			}
			if (random.nextInt(8) == 0) {
				headers.append("X-Folded: one\r\n two\r\n");
			}
			out.write((headers + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.write(content(random, boundary));
			out.write("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		out.write(("--" + boundary + "--" + (random.nextBoolean() ? "\r\n" : "")
				+ (random.nextInt(4) == 0 ? "epilogue" : ""))
			.getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	private static byte[] content(Random random, String boundary) {
		String delimiter = "\r\n--" + boundary;
		int length = random.nextInt(4) == 0 ? random.nextInt(200_000) : random.nextInt(300);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		while (out.size() < length) {
			switch (random.nextInt(6)) {
				case 0 -> out.write('\r');
				case 1 -> out.write('\n');
				case 2 -> out.write('-');
				case 3 -> {
					// a piece of the delimiter, never all of it
					String piece = delimiter.substring(0, random.nextInt(delimiter.length()));
					out.writeBytes(piece.getBytes(StandardCharsets.ISO_8859_1));
				}
				default -> {
					byte[] noise = new byte[1 + random.nextInt(64)];
					random.nextBytes(noise);
					out.writeBytes(noise);
				}
			}
		}
		byte[] bytes = out.toByteArray();
		// Random noise may hold the whole delimiter by chance: not a part's content then.
		return new String(bytes, StandardCharsets.ISO_8859_1).contains(delimiter) ? new byte[0] : bytes;
	}

	private static byte[] damage(Random random, byte[] body) {
		byte[] damaged = body.clone();
		switch (random.nextInt(4)) {
			case 0 -> damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
			case 1 -> damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
			case 2 -> {
				int at = random.nextInt(damaged.length);
				byte[] longer = new byte[damaged.length + 1];
				System.arraycopy(damaged, 0, longer, 0, at);
				longer[at] = (byte) "\r\n-".charAt(random.nextInt(3));
				System.arraycopy(damaged, at, longer, at + 1, damaged.length - at);
				damaged = longer;
			}
			default -> {
				int at = Math.min(damaged.length - 1, Math.max(0,
						new String(damaged, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + random.nextInt(3) - 1));
				damaged[at] = 'x';
			}
		}
		return damaged;
	}

}
