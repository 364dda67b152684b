package com.example.classifier.image;

/**
 * A JPEG's frame header, checked: its size and the sampling of its components, hence the
 * memory decoding takes.
 *
 * @param width the image's width
 * @param height the image's height
 * @param progressive whether its scans refine the whole image (the decoder then keeps
 * every coefficient)
 * @param coefficientBytes the coefficients of every component, 2 bytes each, as libjpeg
 * keeps them for a multi-scan image
 * @param rowBytes libjpeg's own row buffers: an MCU row of every component, decoded and
 * upsampled
 */
record JpegFrame(int width, int height, boolean progressive, long coefficientBytes, long rowBytes) {

	/**
	 * The frame header: size, components and their sampling, hence the memory decoding
	 * takes.
	 */
	static JpegFrame read(StructureReader in, int marker, int pos, int length) {
		if (marker != 0xC0 && marker != 0xC1 && marker != 0xC2) {
			throw in.unsupported("lossless, hierarchical and arithmetic-coded JPEGs are not supported: "
					+ "save the image as a baseline or progressive JPEG, or as PNG");
		}
		in.require(pos + 4, Math.max(6, length - 2));
		if (in.u8(pos + 4) != 8) {
			throw in.unsupported("JPEGs of 12 bits per sample are not supported: send 8-bit images");
		}
		int height = in.u16be(pos + 5);
		int width = in.u16be(pos + 7);
		int components = in.u8(pos + 9);
		if (width == 0 || height == 0) {
			throw in.damaged("its frame header gives no size");
		}
		if (components != 1 && components != 3 && components != 4 || length < 8 + 3 * components) {
			throw in.damaged("its frame header has " + components + " colour components");
		}
		int maxH = 1;
		int maxV = 1;
		for (int c = 0; c < components; c++) {
			int sampling = in.u8(pos + 11 + 3 * c);
			if ((sampling >> 4) < 1 || (sampling >> 4) > 4 || (sampling & 15) < 1 || (sampling & 15) > 4) {
				throw in.damaged("a colour component has an impossible sampling factor");
			}
			maxH = Math.max(maxH, sampling >> 4);
			maxV = Math.max(maxV, sampling & 15);
		}
		long mcusAcross = (width + 8L * maxH - 1) / (8L * maxH);
		long mcusDown = (height + 8L * maxV - 1) / (8L * maxV);
		long coefficientBytes = 0;
		for (int c = 0; c < components; c++) {
			int sampling = in.u8(pos + 11 + 3 * c);
			coefficientBytes += mcusAcross * (sampling >> 4) * mcusDown * (sampling & 15) * 64 * 2;
		}
		// libjpeg's own row buffers: an MCU row of every component, decoded
		// and upsampled.
		long rowBytes = 2L * width * 8 * maxV * components * 2;
		return new JpegFrame(width, height, marker == 0xC2, coefficientBytes, rowBytes);
	}

}
