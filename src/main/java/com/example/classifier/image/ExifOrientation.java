package com.example.classifier.image;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngChunk;
import com.drew.imaging.png.PngChunkReader;
import com.drew.imaging.png.PngChunkType;
import com.drew.lang.ByteArrayReader;
import com.drew.lang.StreamReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;

/**
 * Phones store pixels as the sensor saw them and record the rotation in EXIF: the upright image is what the
 * person saw, so that is what gets classified.
 */
final class ExifOrientation {

	private ExifOrientation() {
	}

	/** The EXIF orientation (1 to 8), 1 when absent or unreadable. */
	static int read(byte[] bytes, ImageFormat format) {
		try {
			for (ExifIFD0Directory directory : exif(bytes, format).getDirectoriesOfType(ExifIFD0Directory.class)) {
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

	/**
	 * Only the EXIF of JPEG and PNG files, where phones and editors put the orientation: reading all metadata also
	 * parsed XMP with an XML parser, which cost more CPU than decoding small photos and kept the JIT busy for minutes.
	 */
	private static Metadata exif(byte[] bytes, ImageFormat format) throws Exception {
		return switch (format) {
			case JPEG -> JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new ExifReader()));
			case PNG -> {
				Metadata metadata = new Metadata();
				Iterable<PngChunk> chunks = new PngChunkReader()
					.extract(new StreamReader(new ByteArrayInputStream(bytes)), Set.of(PngChunkType.eXIf));
				for (PngChunk chunk : chunks) {
					new ExifReader().extract(new ByteArrayReader(chunk.getBytes()), metadata);
				}
				yield metadata;
			}
			default -> ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
		};
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
