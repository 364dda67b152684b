package com.example.classifier.image;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The image formats the service decodes, recognised from the first bytes of the file: the file name and the
 * declared content type are chosen by the client and prove nothing.
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
	 * Why a file that is not one of our formats was refused, in the user's terms. Never quotes the content.
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
		String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1)
			.toLowerCase(Locale.ROOT);
		if (head.contains("<svg")) {
			return ImageRejectedException.unsupported("SVG is not supported: vector images must be rasterised first");
		}
		if (head.contains("<html") || head.contains("<!doctype html") || head.contains("<head") || head.contains("<body")) {
			return ImageRejectedException.unsupported("not an image: looks like HTML");
		}
		if (looksLikeText(bytes)) {
			return ImageRejectedException.unsupported("not an image: looks like text");
		}
		return ImageRejectedException.unsupported("not a supported image: the file is not JPEG, PNG, GIF, WebP or BMP");
	}

	private static boolean looksLikeText(byte[] bytes) {
		int n = Math.min(bytes.length, 1024);
		int printable = 0;
		for (int i = 0; i < n; i++) {
			int b = bytes[i] & 0xFF;
			if (b == '\n' || b == '\r' || b == '\t' || (b >= 0x20 && b != 0x7F)) {
				printable++;
			}
		}
		return n > 0 && printable >= n * 0.95;
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
