package com.example.classifier.image;

/**
 * Phones store pixels as the sensor saw them and record the rotation in EXIF: the upright
 * image is what the person saw, so that is what gets classified.
 *
 * <p>
 * Only the orientation is read, from the first directory of the EXIF's TIFF structure
 * that the format's structural pass located, within those bytes: no other tag, no maker
 * notes, no XMP (parsing all metadata cost more than decoding small photos, and a library
 * asked for a PNG's EXIF allocated whatever size the chunk declared).
 */
final class ExifOrientation {

	private static final int TAG_ORIENTATION = 0x0112;

	private static final int TYPE_SHORT = 3;

	private ExifOrientation() {
	}

	/** The EXIF orientation (1 to 8) of a file, 1 when absent or unreadable. */
	static int read(byte[] bytes, ImageFormat format) {
		try {
			return read(bytes, ImageHeader.read(bytes, format));
		}
		catch (ImageRejectedException ex) {
			return 1;
		}
	}

	/**
	 * The EXIF orientation (1 to 8) found where the header says the EXIF is; 1 when
	 * absent or unreadable.
	 */
	static int read(byte[] bytes, ImageHeader header) {
		int start = header.exifOffset();
		int end = start + header.exifLength();
		if (start < 0 || end > bytes.length || header.exifLength() < 8) {
			return 1;
		}
		boolean little = bytes[start] == 'I' && bytes[start + 1] == 'I';
		if (!little && !(bytes[start] == 'M' && bytes[start + 1] == 'M') || u16(bytes, start + 2, little) != 42) {
			return 1;
		}
		long directory = start + u32(bytes, start + 4, little);
		if (directory + 2 > end) {
			return 1;
		}
		int entries = u16(bytes, (int) directory, little);
		for (int i = 0; i < entries; i++) {
			int entry = (int) directory + 2 + 12 * i;
			if (entry + 12 > end) {
				return 1;
			}
			if (u16(bytes, entry, little) == TAG_ORIENTATION) {
				int orientation = u16(bytes, entry + 8, little);
				boolean valid = u16(bytes, entry + 2, little) == TYPE_SHORT && orientation >= 1 && orientation <= 8;
				return valid ? orientation : 1;
			}
		}
		return 1;
	}

	private static int u16(byte[] b, int pos, boolean little) {
		int first = b[pos] & 0xFF;
		int second = b[pos + 1] & 0xFF;
		return little ? first | second << 8 : first << 8 | second;
	}

	private static long u32(byte[] b, int pos, boolean little) {
		long high = u16(b, little ? pos + 2 : pos, little);
		long low = u16(b, little ? pos : pos + 2, little);
		return high << 16 | low;
	}

	/** The upright image, as PIL's {@code ImageOps.exif_transpose} would make it. */
	static DecodedImage apply(int orientation, DecodedImage image) {
		if (orientation <= 1 || orientation > 8) {
			return image;
		}
		int w = image.width();
		int h = image.height();
		int c = image.channels();
		boolean swaps = orientation >= 5;
		int outW = swaps ? h : w;
		int outH = swaps ? w : h;
		byte[] src = image.pixels();
		byte[] out = new byte[src.length];
		int o = 0;
		for (int y = 0; y < outH; y++) {
			for (int x = 0; x < outW; x++) {
				int sx;
				int sy;
				switch (orientation) {
					case 2 -> {
						sx = w - 1 - x;
						sy = y;
					}
					case 3 -> {
						sx = w - 1 - x;
						sy = h - 1 - y;
					}
					case 4 -> {
						sx = x;
						sy = h - 1 - y;
					}
					case 5 -> {
						sx = y;
						sy = x;
					}
					case 6 -> {
						sx = y;
						sy = h - 1 - x;
					}
					case 7 -> {
						sx = w - 1 - y;
						sy = h - 1 - x;
					}
					default -> {
						sx = w - 1 - y;
						sy = x;
					} // 8
				}
				System.arraycopy(src, (sy * w + sx) * c, out, o, c);
				o += c;
			}
		}
		int origW = swaps ? image.originalHeight() : image.originalWidth();
		int origH = swaps ? image.originalWidth() : image.originalHeight();
		return new DecodedImage(outW, outH, c, out, origW, origH, image.format());
	}

}
