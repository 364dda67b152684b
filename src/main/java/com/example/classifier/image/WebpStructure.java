package com.example.classifier.image;

/**
 * The structural pass of a WebP: the RIFF container's chunks against the bytes there, a
 * bounded number of chunks (an animation's frames among them), the canvas size from the
 * first chunk, and what TwelveMonkeys' decoder takes whatever the subsampling: the whole
 * image as 32-bit pixels (240 MB for a 60-megapixel canvas, from a 2.4 KB lossless file).
 */
final class WebpStructure {

	/**
	 * Chunks in the container: a still image has up to five, an animation one per frame.
	 */
	static final int MAX_CHUNKS = 1024;

	private WebpStructure() {
	}

	static ImageHeader read(byte[] webp) {
		StructureReader in = new StructureReader(webp, "WebP");
		long riffEnd = 8 + in.u32le(4);
		if (riffEnd > webp.length) {
			throw in.damaged("it is shorter than its header says");
		}
		int width;
		int height;
		int first = 12;
		long firstLength = in.u32le(first + 4);
		in.require(first + 8, firstLength);
		if (in.matches(first, "VP8 ")) {
			if (firstLength < 10 || in.u8(first + 11) != 0x9D || in.u8(first + 12) != 0x01
					|| in.u8(first + 13) != 0x2A) {
				throw in.damaged("its image data has no frame header");
			}
			width = in.u16le(first + 14) & 0x3FFF;
			height = in.u16le(first + 16) & 0x3FFF;
		}
		else if (in.matches(first, "VP8L")) {
			if (firstLength < 5 || in.u8(first + 8) != 0x2F) {
				throw in.damaged("its lossless image data has no header");
			}
			long bits = in.u32le(first + 9);
			width = (int) (bits & 0x3FFF) + 1;
			height = (int) ((bits >> 14) & 0x3FFF) + 1;
		}
		else if (in.matches(first, "VP8X")) {
			if (firstLength < 10) {
				throw in.damaged("its extended header is too short");
			}
			width = in.u24le(first + 12) + 1;
			height = in.u24le(first + 15) + 1;
		}
		else {
			throw in.damaged("its first chunk is not an image");
		}
		if (width == 0 || height == 0) {
			throw in.damaged("its header gives no size");
		}
		int exifOffset = -1;
		int exifLength = 0;
		int chunks = 0;
		int pos = first;
		while (pos + 8 <= riffEnd) {
			if (++chunks > MAX_CHUNKS) {
				throw in.tooComplex("chunks", chunks, MAX_CHUNKS);
			}
			long length = in.u32le(pos + 4);
			if (pos + 8 + length > riffEnd) {
				throw in.damaged("a chunk claims more bytes than the file holds");
			}
			if (in.matches(pos, "EXIF") && exifOffset < 0) {
				// Some writers start the chunk with JPEG's "Exif\0\0", as
				// TwelveMonkeys and PIL accept.
				int skip = length >= 6 && in.matches(pos + 8, "Exif\0\0") ? 6 : 0;
				exifOffset = pos + 8 + skip;
				exifLength = (int) length - skip;
			}
			pos += 8 + (int) length + (int) (length & 1);
		}
		// The decoded image, as 32-bit pixels at full size, and an alpha plane
		// decoded the same way.
		long fullSize = 2L * width * height * 4;
		return ImageHeader.of(width, height).withExif(exifOffset, exifLength).withCost(fullSize, 0);
	}

}
