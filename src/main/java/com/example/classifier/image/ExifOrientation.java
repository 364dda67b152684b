package com.example.classifier.image;

import java.io.ByteArrayInputStream;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;

/**
 * Phones store pixels as the sensor saw them and record the rotation in EXIF: the upright image is what the
 * person saw, so that is what gets classified.
 */
final class ExifOrientation {

	private ExifOrientation() {
	}

	/** The EXIF orientation (1 to 8), 1 when absent or unreadable. */
	static int read(byte[] bytes) {
		try {
			Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
			for (ExifIFD0Directory directory : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
				Integer orientation = directory.getInteger(ExifIFD0Directory.TAG_ORIENTATION);
				if (orientation != null && orientation >= 1 && orientation <= 8) {
					return orientation;
				}
			}
		}
		catch (Exception | StackOverflowError ex) {
			// Metadata is optional: a file whose metadata cannot be read is shown as stored.
		}
		return 1;
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
					case 2 -> { sx = w - 1 - x; sy = y; }
					case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
					case 4 -> { sx = x; sy = h - 1 - y; }
					case 5 -> { sx = y; sy = x; }
					case 6 -> { sx = y; sy = h - 1 - x; }
					case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
					default -> { sx = w - 1 - y; sy = x; } // 8
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
