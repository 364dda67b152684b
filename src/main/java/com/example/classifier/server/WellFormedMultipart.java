package com.example.classifier.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileItemHeaders;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadBase;

/**
 * The parts of a received multipart body that is plainly well-formed, read from its file
 * with the delimiter searched for eight bytes at a time: Tomcat's parser compares every
 * byte of a part against the boundary, about 4 ms of CPU for each megabyte of a phone
 * photo.
 *
 * <p>
 * The items are the ones Tomcat's {@link FileUpload#parseRequest} makes of the same body
 * (the same factory, names, headers and bytes). Anything else is left to Tomcat's parser,
 * for its own answer: a preamble, a nested {@code multipart/mixed}, malformed headers or
 * delimiters, a body that ends early, any limit reached.
 */
final class WellFormedMultipart {

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final byte CR = '\r';

	private static final byte[] HEADER_SEPARATOR = { '\r', '\n', '\r', '\n' };

	/** RFC 2046's longest boundary; browsers and curl stay well below. */
	private static final int MAX_BOUNDARY = 70;

	private static final int WINDOW = 64 * 1024;

	private final FileUpload upload;

	private final InputStream in;

	/** The delimiter between parts: CRLF, two dashes, the boundary. */
	private final byte[] delimiter;

	private final String headerEncoding;

	private final byte[] window = new byte[WINDOW];

	private int pos;

	private int filled;

	private boolean ended;

	private WellFormedMultipart(FileUpload upload, InputStream in, byte[] boundary, String headerEncoding) {
		this.upload = upload;
		this.in = in;
		this.delimiter = new byte[boundary.length + 4];
		this.delimiter[0] = '\r';
		this.delimiter[1] = '\n';
		this.delimiter[2] = '-';
		this.delimiter[3] = '-';
		System.arraycopy(boundary, 0, delimiter, 4, boundary.length);
		this.headerEncoding = headerEncoding;
	}

	/**
	 * The body's items, as Tomcat's parser would make them with the same settings; null
	 * when the body is not plainly well-formed, or reaches a limit (nothing is left
	 * behind then).
	 * @param upload the parser's settings: factory, limits
	 * @param contentType the request's content type
	 * @param headerEncoding the request's character encoding, or null
	 */
	static List<FileItem> parse(FileUpload upload, Path body, long length, String contentType, String headerEncoding)
			throws IOException {
		if (contentType == null || !contentType.toLowerCase(Locale.ENGLISH).startsWith(FileUploadBase.MULTIPART)
				|| upload.getSizeMax() >= 0 && length > upload.getSizeMax()) {
			return null;
		}
		byte[] boundary = upload.getBoundary(contentType);
		if (boundary == null || boundary.length == 0 || boundary.length > MAX_BOUNDARY) {
			return null;
		}
		try (InputStream in = Files.newInputStream(body)) {
			return new WellFormedMultipart(upload, in, boundary, headerEncoding).items();
		}
	}

	private List<FileItem> items() throws IOException {
		List<FileItem> items = new ArrayList<>();
		boolean complete = false;
		try {
			// No preamble: the body starts with the first delimiter, without its CRLF.
			if (!startsWith(delimiter, 2)) {
				return null;
			}
			pos += delimiter.length - 2;
			while (true) {
				if (!fill(2)) {
					return null;
				}
				if (window[pos] == '-' && window[pos + 1] == '-') {
					complete = true;
					return items;
				}
				if (window[pos] != '\r' || window[pos + 1] != '\n') {
					return null;
				}
				pos += 2;
				FileItemHeaders headers = headers();
				if (headers == null) {
					return null;
				}
				String fieldName = upload.getFieldName(headers);
				String contentType = headers.getHeader(FileUploadBase.CONTENT_TYPE);
				if (fieldName == null) {
					if (!copyBody(null, Long.MAX_VALUE)) {
						return null;
					}
					continue;
				}
				if (contentType != null
						&& contentType.toLowerCase(Locale.ENGLISH).startsWith(FileUploadBase.MULTIPART_MIXED)
						|| items.size() == upload.getFileCountMax() || declaredLengthOverLimit(headers)) {
					return null;
				}
				String fileName = upload.getFileName(headers);
				FileItem item = upload.getFileItemFactory()
					.createItem(fieldName, contentType, fileName == null, fileName);
				items.add(item);
				boolean copied;
				try (OutputStream out = item.getOutputStream()) {
					copied = copyBody(out, upload.getFileSizeMax() < 0 ? Long.MAX_VALUE : upload.getFileSizeMax());
				}
				if (!copied) {
					return null;
				}
				item.setHeaders(headers);
			}
		}
		finally {
			if (!complete) {
				for (FileItem item : items) {
					item.delete();
				}
			}
		}
	}

	private boolean declaredLengthOverLimit(FileItemHeaders headers) {
		if (upload.getFileSizeMax() < 0) {
			return false;
		}
		try {
			return Long.parseLong(headers.getHeader(FileUploadBase.CONTENT_LENGTH)) > upload.getFileSizeMax();
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * A part's headers up to the empty line, matched as Tomcat's parser matches it; null
	 * when they are too long, end early or cannot be parsed.
	 */
	private FileItemHeaders headers() throws IOException {
		int configured = upload.getPartHeaderSizeMax();
		if (configured < -1 || configured == 0) {
			return null;
		}
		// -1: no limit but the body's own size, as for Tomcat's parser.
		int limit = configured == -1 ? Integer.MAX_VALUE - 8 : configured;
		byte[] bytes = new byte[Math.min(limit, 1024)];
		int size = 0;
		int matched = 0;
		while (matched < HEADER_SEPARATOR.length) {
			if (!fill(1) || size == limit) {
				return null;
			}
			byte b = window[pos++];
			matched = b == HEADER_SEPARATOR[matched] ? matched + 1 : 0;
			if (size == bytes.length) {
				bytes = Arrays.copyOf(bytes, (int) Math.min(limit, 2L * bytes.length));
			}
			bytes[size++] = b;
		}
		try {
			return upload.getParsedHeaders(text(bytes, size));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// an unparsable header section, or an encoding that cannot be named
			return null;
		}
	}

	/**
	 * The header section as Tomcat's parser decodes it: in the request's encoding, else
	 * (or when it is unknown) in the platform's default.
	 */
	private String text(byte[] bytes, int size) {
		if (headerEncoding != null) {
			try {
				return new String(bytes, 0, size, headerEncoding);
			}
			catch (UnsupportedEncodingException ex) {
				// the platform's default, below
			}
		}
		return new String(bytes, 0, size, Charset.defaultCharset());
	}

	/**
	 * Copies a part's content up to the next delimiter, then passes over the delimiter.
	 * @return false when the body ends first or the part is longer than {@code max}
	 */
	private boolean copyBody(OutputStream out, long max) throws IOException {
		long copied = 0;
		while (true) {
			int found = find();
			int end = found >= 0 ? found : filled - (delimiter.length - 1);
			if (end > pos) {
				copied += end - pos;
				if (copied > max) {
					return false;
				}
				if (out != null) {
					out.write(window, pos, end - pos);
				}
				pos = end;
			}
			if (found >= 0) {
				pos += delimiter.length;
				return true;
			}
			if (ended) {
				return false;
			}
			refill();
		}
	}

	/**
	 * Where the delimiter starts in the window, at or after {@code pos}; -1 when it is
	 * not wholly there.
	 */
	private int find() {
		int last = filled - delimiter.length;
		int at = pos;
		while (at <= last) {
			at = nextCr(at, last + 1);
			if (at > last) {
				return -1;
			}
			if (Arrays.equals(window, at, at + delimiter.length, delimiter, 0, delimiter.length)) {
				return at;
			}
			at++;
		}
		return -1;
	}

	/** The next CR byte at or after {@code at} and before {@code end}, or {@code end}. */
	private int nextCr(int at, int end) {
		while (at + Long.BYTES <= end) {
			// CR bytes are the zero bytes of the word XOR 0x0D0D...; the lowest flagged
			// byte is the first zero byte.
			long word = (long) LONGS.get(window, at) ^ 0x0D0D0D0D0D0D0D0DL;
			long zeros = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
			if (zeros != 0) {
				return at + (Long.numberOfTrailingZeros(zeros) >>> 3);
			}
			at += Long.BYTES;
		}
		while (at < end && window[at] != CR) {
			at++;
		}
		return at;
	}

	private boolean startsWith(byte[] bytes, int from) throws IOException {
		int n = bytes.length - from;
		return fill(n) && Arrays.equals(window, pos, pos + n, bytes, from, bytes.length);
	}

	/** At least {@code n} bytes in the window from {@code pos}; false at the end. */
	private boolean fill(int n) throws IOException {
		while (filled - pos < n) {
			if (ended) {
				return false;
			}
			refill();
		}
		return true;
	}

	/** Keeps what is left from {@code pos} and reads more after it. */
	private void refill() throws IOException {
		System.arraycopy(window, pos, window, 0, filled - pos);
		filled -= pos;
		pos = 0;
		int read = in.readNBytes(window, filled, window.length - filled);
		filled += read;
		ended = filled < window.length;
	}

}
