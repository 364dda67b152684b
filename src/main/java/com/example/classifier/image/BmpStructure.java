package com.example.classifier.image;

/**
 * The structural pass of a BMP: a header of a known kind, a compression the app decodes
 * itself (a BMP that embeds a JPEG or a PNG is refused: the JDK's reader allocates the
 * declared size of the embedded file before reading any of it, 2 GB from a 121-byte
 * file), and every declared size and offset (pixels, palette, colour profile) against the
 * bytes there.
 */
final class BmpStructure {

	private static final int BI_RLE8 = 1;

	private static final int BI_RLE4 = 2;

	private static final int BI_JPEG = 4;

	private static final int BI_PNG = 5;

	private static final long PROFILE_LINKED = 0x4C494E4BL;

	private static final long PROFILE_EMBEDDED = 0x4D424544L;

	private BmpStructure() {
	}

	static ImageHeader read(byte[] bmp) {
		StructureReader in = new StructureReader(bmp, "BMP");
		long dataOffset = in.u32le(10);
		long headerSize = in.u32le(14);
		int width;
		int height;
		int bitsPerPixel;
		int compression = 0;
		if (headerSize == 12) {
			width = in.u16le(18);
			height = in.u16le(20);
			bitsPerPixel = in.u16le(24);
		}
		else if (headerSize == 40 || headerSize == 52 || headerSize == 56 || headerSize == 64 || headerSize == 108
				|| headerSize == 124) {
			in.require(14, headerSize);
			width = in.s32le(18);
			height = Math.abs(in.s32le(22)); // negative: stored top down
			bitsPerPixel = in.u16le(28);
			compression = (int) in.u32le(30);
			long imageSize = in.u32le(34);
			long coloursUsed = in.u32le(46);
			if (compression == BI_JPEG || compression == BI_PNG) {
				throw in.unsupported("a BMP that wraps a JPEG or PNG is not supported: send the JPEG or PNG itself");
			}
			if (compression != 0 && compression != BI_RLE8 && compression != BI_RLE4 && compression != 3
					&& compression != 6) {
				throw in.damaged("it declares an unknown compression");
			}
			if ((compression == BI_RLE8 || compression == BI_RLE4) && dataOffset + imageSize > bmp.length) {
				throw in.damaged("its pixel data is shorter than its header says");
			}
			if (coloursUsed > 256) {
				throw in.damaged("its palette has more than 256 colours");
			}
			if (headerSize == 124) {
				long colourSpace = in.u32le(14 + 56);
				if (colourSpace == PROFILE_LINKED || colourSpace == PROFILE_EMBEDDED) {
					in.require(14 + in.u32le(14 + 112), in.u32le(14 + 116));
				}
			}
		}
		else {
			throw in.damaged("its header is of an unknown kind");
		}
		if (width <= 0 || height <= 0) {
			throw in.damaged("its header gives no valid size");
		}
		if (bitsPerPixel != 1 && bitsPerPixel != 4 && bitsPerPixel != 8 && bitsPerPixel != 16 && bitsPerPixel != 24
				&& bitsPerPixel != 32) {
			throw in.damaged("it declares " + bitsPerPixel + " bits per pixel");
		}
		if (dataOffset >= bmp.length) {
			throw in.damaged("its pixel data starts after the end of the file");
		}
		// Run-length BMPs are decoded whole, one byte a pixel, before any subsampling.
		long fullSize = compression == BI_RLE8 || compression == BI_RLE4 ? (long) width * height : 0;
		return ImageHeader.of(width, height).withCost(fullSize, 0);
	}

}
