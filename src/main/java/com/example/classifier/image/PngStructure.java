package com.example.classifier.image;

/**
 * The structural pass of a PNG: every chunk's length against the bytes there, a header
 * first, a bounded number of metadata chunks, and the memory the JDK's reader takes
 * whatever the subsampling: two rows of the image at full width (60,000,000 pixels of
 * 16-bit RGBA in one row would be 960 MB).
 */
final class PngStructure {

	/**
	 * Chunks other than image data: real files have a handful, text-heavy ones a few
	 * dozen.
	 */
	static final int MAX_METADATA_CHUNKS = 1000;

	private PngStructure() {
	}

	static ImageHeader read(byte[] png) {
		StructureReader in = new StructureReader(png, "PNG");
		int pos = 8;
		if (in.u32be(pos) != 13 || !in.matches(pos + 4, "IHDR")) {
			throw in.damaged("it does not start with an image header");
		}
		long width = in.u32be(pos + 8);
		long height = in.u32be(pos + 12);
		int bitDepth = in.u8(pos + 16);
		int colourType = in.u8(pos + 17);
		if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
			throw in.damaged("its header gives no valid size");
		}
		int channels = switch (colourType) {
			case 0, 3 -> 1;
			case 2 -> 3;
			case 4 -> 2;
			case 6 -> 4;
			default -> throw in.damaged("its header gives an unknown colour type");
		};
		int exifOffset = -1;
		int exifLength = 0;
		int metadataChunks = 0;
		while (pos + 12 <= png.length) {
			long length = in.u32be(pos);
			if (length > Integer.MAX_VALUE || pos + 12 + length > png.length) {
				if (length <= Integer.MAX_VALUE && in.matches(pos + 4, "IDAT")) {
					break; // a truncated last image data chunk: left to the decoder,
							// which decodes what is there
				}
				throw in.damaged("a chunk claims more bytes than the file holds");
			}
			if (in.matches(pos + 4, "IEND")) {
				break;
			}
			if (!in.matches(pos + 4, "IDAT") && ++metadataChunks > MAX_METADATA_CHUNKS) {
				throw in.tooComplex("metadata chunks", metadataChunks, MAX_METADATA_CHUNKS);
			}
			if (in.matches(pos + 4, "eXIf") && exifOffset < 0) {
				exifOffset = pos + 8;
				exifLength = (int) length;
			}
			pos += 12 + (int) length;
		}
		long rowBytes = (width * channels * bitDepth + 7) / 8 + 1;
		return ImageHeader.of((int) width, (int) height).withExif(exifOffset, exifLength).withCost(2 * rowBytes, 0);
	}

}
