package com.example.classifier.image;

/**
 * 8-bit pixels, upright (EXIF orientation applied), interleaved: one byte a pixel for
 * grayscale, three (R, G, B) for colour, as PIL's {@code convert("L")} or
 * {@code convert("RGB")} would hold them.
 *
 * @param width width of {@code pixels}
 * @param height height of {@code pixels}
 * @param channels 1 (grayscale) or 3 (RGB)
 * @param pixels row-major, {@code width * height * channels} bytes
 * @param originalWidth the image's own width, upright; larger than {@code width} when
 * decoded subsampled
 * @param originalHeight the image's own height, upright
 * @param format the format recognised from the bytes
 */
public record DecodedImage(int width, int height, int channels, byte[] pixels, int originalWidth, int originalHeight,
		ImageFormat format) {

	public DecodedImage {
		if (channels != 1 && channels != 3) {
			throw new IllegalArgumentException("channels must be 1 or 3, was " + channels);
		}
		if (pixels.length != width * height * channels) {
			throw new IllegalArgumentException("pixels do not match " + width + "x" + height + "x" + channels);
		}
	}
}
