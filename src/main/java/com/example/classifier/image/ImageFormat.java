package com.example.classifier.image;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats the service decodes, recognised from the first bytes of the file: the
 * file name and the declared content type are chosen by the client and prove nothing.
 */
public enum ImageFormat {

	JPEG("jpeg"), PNG("png"), GIF("gif"), WEBP("webp"), BMP("bmp");

	private final String readerName;

	ImageFormat(String readerName) {
		this.readerName = readerName;
	}

	/** The ImageIO format name whose reader decodes this format. */
	public String readerName() {
		return readerName;
	}

	public static Optional<ImageFormat> sniff(byte[] bytes) {
		if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
			return Optional.of(JPEG);
		}
		if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
			return Optional.of(PNG);
		}
		if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
			return Optional.of(GIF);
		}
		if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
			return Optional.of(WEBP);
		}
		if (startsWith(bytes, 0, 'B', 'M') && bytes.length > 26) {
			return Optional.of(BMP);
		}
		return Optional.empty();
	}

	/**
	 * Why a file that is not one of our formats was refused, in the user's terms. Never
	 * quotes the content.
	 */
	static ImageRejectedException describeUnsupported(byte[] bytes) {
		if (startsWith(bytes, 0, 'I', 'I', '*', 0) || startsWith(bytes, 0, 'M', 'M', 0, '*')) {
			return ImageRejectedException.unsupported("TIFF is not supported");
		}
		if (startsWith(bytes, 4, 'f', 't', 'y', 'p')) {
			return ImageRejectedException.unsupported("HEIC/AVIF is not supported; send JPEG, PNG, GIF, WebP or BMP");
		}
		if (startsWith(bytes, 0, '%', 'P', 'D', 'F')) {
			return ImageRejectedException.unsupported("not an image: looks like a PDF document");
		}
		if (startsWith(bytes, 0, 0x7F, 'E', 'L', 'F') || startsWith(bytes, 0, 'M', 'Z')
				|| startsWith(bytes, 0, 0xCF, 0xFA, 0xED, 0xFE) || startsWith(bytes, 0, 0xCA, 0xFE, 0xBA, 0xBE)) {
			return ImageRejectedException.unsupported("not an image: looks like a program");
		}
		if (startsWith(bytes, 0, 'P', 'K', 3, 4) || startsWith(bytes, 0, 0x1F, 0x8B)
				|| startsWith(bytes, 0, '7', 'z', 0xBC, 0xAF)) {
			return ImageRejectedException.unsupported("not an image: looks like a compressed archive");
		}
		if (endsWith(bytes, "TRUEVISION-XFILE.\0")) {
			return ImageRejectedException.unsupported("TGA is not supported; send JPEG, PNG, GIF, WebP or BMP");
		}
		String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1)
			.toLowerCase(Locale.ROOT);
		if (head.contains("<svg")) {
			return ImageRejectedException.unsupported("SVG is not supported: vector images must be rasterised first");
		}
		if (head.contains("<html") || head.contains("<!doctype html") || head.contains("<head")
				|| head.contains("<body")) {
			return ImageRejectedException.unsupported("not an image: looks like HTML");
		}
		if (looksLikeText(bytes)) {
			return ImageRejectedException.unsupported("not an image: looks like text");
		}
		return ImageRejectedException.unsupported("not a supported image: the file is not JPEG, PNG, GIF, WebP or BMP");
	}

	/**
	 * Text in any encoding people write it in: UTF-8 (or ASCII) whose first kilobyte is
	 * printable, or ISO-8859-1 without a byte of its C1 range. Binary formats (TGA,
	 * executables) have NUL and control bytes early.
	 */
	private static boolean looksLikeText(byte[] bytes) {
		int n = Math.min(bytes.length, 1024);
		if (n == 0) {
			return false;
		}
		String head = decodesAsUtf8(bytes, n) ? new String(bytes, 0, n, StandardCharsets.UTF_8)
				: new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
		long printable = head.codePoints()
			.filter(c -> c == '\n' || c == '\r' || c == '\t' || !(Character.isISOControl(c) || c == 0xFFFD))
			.count();
		return printable >= head.codePoints().count() * 0.95;
	}

	/** Whether the first n bytes are UTF-8, but for a character cut at the end. */
	private static boolean decodesAsUtf8(byte[] bytes, int n) {
		CoderResult result = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(bytes, 0, n), CharBuffer.allocate(n), n == bytes.length);
		return !result.isError();
	}

	private static boolean endsWith(byte[] bytes, String ascii) {
		byte[] tail = ascii.getBytes(StandardCharsets.ISO_8859_1);
		return bytes.length >= tail.length
				&& Arrays.equals(bytes, bytes.length - tail.length, bytes.length, tail, 0, tail.length);
	}

	static boolean startsWith(byte[] bytes, int offset, int... expected) {
		if (bytes.length < offset + expected.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if ((bytes[offset + i] & 0xFF) != expected[i]) {
				return false;
			}
		}
		return true;
	}

}
