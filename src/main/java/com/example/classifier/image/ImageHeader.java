package com.example.classifier.image;

/**
 * What the structural pass of a file learned before any decoder sees it: the image's
 * size, where its EXIF is, and what decoding it will take beyond the decoded pixels.
 *
 * @param width the image's width, from the app's own reading of the header
 * @param height the image's height
 * @param exifOffset where the EXIF's TIFF structure starts in the file, or -1 when there
 * is none
 * @param exifLength its length in bytes
 * @param fullSizeBytes heap the decoder allocates at full size whatever the subsampling
 * (WebP's ARGB raster, a PNG reader's row buffers, a run-length BMP's pixels)
 * @param nativeBytes memory outside the heap the decoder allocates (a progressive JPEG's
 * coefficients)
 */
record ImageHeader(int width, int height, int exifOffset, int exifLength, long fullSizeBytes, long nativeBytes) {

	static ImageHeader of(int width, int height) {
		return new ImageHeader(width, height, -1, 0, 0, 0);
	}

	ImageHeader withExif(int offset, int length) {
		return new ImageHeader(width, height, offset, length, fullSizeBytes, nativeBytes);
	}

	ImageHeader withCost(long fullSize, long nativeMemory) {
		return new ImageHeader(width, height, exifOffset, exifLength, fullSize, nativeMemory);
	}

	/**
	 * The structural pass of the file's format: each checks the bytes before any library
	 * reads them.
	 */
	static ImageHeader read(byte[] bytes, ImageFormat format) {
		return switch (format) {
			case JPEG -> JpegStructure.read(bytes);
			case PNG -> PngStructure.read(bytes);
			case GIF -> GifStructure.read(bytes);
			case WEBP -> WebpStructure.read(bytes);
			case BMP -> BmpStructure.read(bytes);
		};
	}
}
