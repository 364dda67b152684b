package com.example.classifier.image;

/**
 * A scaling factor libjpeg-turbo decodes a JPEG at, in its DCT domain: each 8x8 block
 * straight to {@code 8 * num / denom} pixels a side, at a fraction of a full decode's
 * work.
 *
 * @param num numerator
 * @param denom denominator
 */
record JpegScale(int num, int denom) {

	static final JpegScale FULL = new JpegScale(1, 1);

	/** A side at this scale, rounded up as libjpeg does ({@code TJSCALED}). */
	int scaled(int side) {
		return (int) (((long) side * num + denom - 1) / denom);
	}

	double factor() {
		return (double) num / denom;
	}

	@Override
	public String toString() {
		return num + "/" + denom;
	}
}
