package com.example.classifier.image;

/**
 * The structural pass of a GIF, up to its first image (the one decoded): every block and
 * sub-block against the bytes there, and bounds on the extensions before the image
 * (comments, XMP and other application data), which the JDK's reader joins sub-block by
 * sub-block while reading the header, copying all it has joined each time (quadratic in
 * their number, docs/HOSTILE-UPLOADS.md). At most {@link #MAX_EXTENSION_SUB_BLOCKS} of at
 * most {@link #MAX_EXTENSION_BYTES} in all, that copying stays under about 128 MB.
 */
final class GifStructure {

	/**
	 * Sub-blocks of the extensions before the first image: real files have a few, XMP
	 * some hundreds.
	 */
	static final int MAX_EXTENSION_SUB_BLOCKS = 4096;

	/** Bytes of extension data before the first image. */
	static final int MAX_EXTENSION_BYTES = 64 * 1024;

	private GifStructure() {
	}

	static ImageHeader read(byte[] gif) {
		StructureReader in = new StructureReader(gif, "GIF");
		int packed = in.u8(10);
		int pos = 13 + colourTableBytes(packed);
		int subBlocks = 0;
		int extensionBytes = 0;
		while (true) {
			int block = in.u8(pos);
			if (block == 0x21) {
				pos += 2;
				while (true) {
					int size = in.u8(pos);
					pos++;
					if (size == 0) {
						break;
					}
					if (++subBlocks > MAX_EXTENSION_SUB_BLOCKS) {
						throw in.tooComplex("extension blocks before its first image", subBlocks,
								MAX_EXTENSION_SUB_BLOCKS);
					}
					in.require(pos, size);
					extensionBytes += size;
					if (extensionBytes > MAX_EXTENSION_BYTES) {
						throw in.tooComplex("bytes of metadata before its first image", extensionBytes,
								MAX_EXTENSION_BYTES);
					}
					pos += size;
				}
			}
			else if (block == 0x2C) {
				int width = in.u16le(pos + 5);
				int height = in.u16le(pos + 7);
				if (width == 0 || height == 0) {
					throw in.damaged("its first image has no size");
				}
				int codeSize = in.u8(pos + 10 + colourTableBytes(in.u8(pos + 9)));
				if (codeSize < 1 || codeSize > 11) {
					throw in.damaged("its first image has an impossible code size");
				}
				return ImageHeader.of(width, height);
			}
			else if (block == 0x3B) {
				throw in.damaged("it has no image");
			}
			else {
				throw in.damaged("it has an unknown block");
			}
		}
	}

	private static int colourTableBytes(int packed) {
		return (packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0;
	}

}
