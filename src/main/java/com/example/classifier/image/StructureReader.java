package com.example.classifier.image;

import java.util.Locale;

import com.example.classifier.image.ImageRejectedException.Reason;

/**
 * Bounds-checked reads of a file's structure: a length or offset that points past the
 * bytes actually there is a damaged file, refused in the user's terms before any decoder
 * is asked to trust it.
 */
final class StructureReader {

	private final byte[] bytes;

	private final String format;

	StructureReader(byte[] bytes, String format) {
		this.bytes = bytes;
		this.format = format;
	}

	int length() {
		return bytes.length;
	}

	int u8(int pos) {
		require(pos, 1);
		return bytes[pos] & 0xFF;
	}

	int u16be(int pos) {
		require(pos, 2);
		return ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
	}

	int u16le(int pos) {
		require(pos, 2);
		return (bytes[pos] & 0xFF) | ((bytes[pos + 1] & 0xFF) << 8);
	}

	int u24le(int pos) {
		require(pos, 3);
		return (bytes[pos] & 0xFF) | ((bytes[pos + 1] & 0xFF) << 8) | ((bytes[pos + 2] & 0xFF) << 16);
	}

	long u32be(int pos) {
		require(pos, 4);
		return ((long) (bytes[pos] & 0xFF) << 24) | ((bytes[pos + 1] & 0xFF) << 16) | ((bytes[pos + 2] & 0xFF) << 8)
				| (bytes[pos + 3] & 0xFF);
	}

	long u32le(int pos) {
		require(pos, 4);
		return (bytes[pos] & 0xFF) | ((bytes[pos + 1] & 0xFF) << 8) | ((bytes[pos + 2] & 0xFF) << 16)
				| ((long) (bytes[pos + 3] & 0xFF) << 24);
	}

	int s32le(int pos) {
		return (int) u32le(pos);
	}

	boolean matches(int pos, String ascii) {
		if (pos < 0 || pos + ascii.length() > bytes.length) {
			return false;
		}
		for (int i = 0; i < ascii.length(); i++) {
			if (bytes[pos + i] != (byte) ascii.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * @throws ImageRejectedException unless {@code count} bytes are there at {@code pos}
	 */
	void require(long pos, long count) {
		if (pos < 0 || count < 0 || pos + count > bytes.length) {
			throw damaged("it ends before its structure does");
		}
	}

	ImageRejectedException damaged(String why) {
		return new ImageRejectedException(Reason.UNDECODABLE, "the " + format + " file is damaged: " + why);
	}

	ImageRejectedException tooComplex(String what, long count, long limit) {
		return new ImageRejectedException(Reason.UNDECODABLE,
				String.format(Locale.ROOT, "the %s file has %,d %s, the limit is %,d", format, count, what, limit));
	}

	ImageRejectedException unsupported(String what) {
		return ImageRejectedException.unsupported(what);
	}

}
