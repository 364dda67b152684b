package com.example.classifier.tensor;

/**
 * PIL's bilinear resize with antialias ({@code Image.resize(size, BILINEAR)}), ported from Pillow's
 * {@code Resample.c} operation for operation, fixed-point rounding included: the only way to hand a model the
 * same pixels a Python user hands it. DJL's own resize squashes or truncates and moves top-1 probabilities by
 * up to 0.07.
 *
 * <p>Like Pillow it resamples horizontally into an 8-bit intermediate, then vertically. Unlike Pillow it computes
 * only a window of the output, so resize-then-crop costs what the crop needs.
 */
public final class PilResize {

	private static final int PRECISION_BITS = 32 - 8 - 2;

	private PilResize() {
	}

	/**
	 * The window {@code (left, top, outWidth, outHeight)} of {@code src} resized to {@code resizedWidth x resizedHeight}.
	 *
	 * @param src interleaved 8-bit pixels, {@code channels} bytes each
	 */
	public static byte[] resizeWindow(byte[] src, int width, int height, int channels, int resizedWidth,
			int resizedHeight, int left, int top, int outWidth, int outHeight) {
		if (left < 0 || top < 0 || left + outWidth > resizedWidth || top + outHeight > resizedHeight) {
			throw new IllegalArgumentException("window outside the resized image");
		}
		boolean horizontal = resizedWidth != width;
		boolean vertical = resizedHeight != height;

		// Rows of the source that the vertical pass reads for the window's rows.
		Coefficients rows = vertical ? Coefficients.bilinear(height, resizedHeight) : null;
		int firstRow = top;
		int lastRow = top + outHeight; // exclusive
		if (vertical) {
			firstRow = Integer.MAX_VALUE;
			lastRow = 0;
			for (int y = top; y < top + outHeight; y++) {
				firstRow = Math.min(firstRow, rows.start[y]);
				lastRow = Math.max(lastRow, rows.start[y] + rows.count[y]);
			}
		}

		// Horizontal pass: the window's columns, for the rows needed, into an 8-bit intermediate.
		int rowCount = lastRow - firstRow;
		byte[] mid;
		int midWidth = outWidth;
		if (horizontal) {
			Coefficients cols = Coefficients.bilinear(width, resizedWidth);
			mid = new byte[rowCount * outWidth * channels];
			int[] sums = new int[channels];
			for (int r = 0; r < rowCount; r++) {
				int srcRow = (firstRow + r) * width * channels;
				int midRow = r * outWidth * channels;
				for (int x = 0; x < outWidth; x++) {
					int xx = left + x;
					int start = cols.start[xx];
					int count = cols.count[xx];
					int k = xx * cols.size;
					java.util.Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
					for (int i = 0; i < count; i++) {
						int weight = cols.weights[k + i];
						int p = srcRow + (start + i) * channels;
						for (int c = 0; c < channels; c++) {
							sums[c] += (src[p + c] & 0xFF) * weight;
						}
					}
					int m = midRow + x * channels;
					for (int c = 0; c < channels; c++) {
						mid[m + c] = clip8(sums[c]);
					}
				}
			}
		}
		else {
			// Same width: the intermediate is the source itself, read at the window's columns.
			mid = src;
			midWidth = width;
		}
		int midLeft = horizontal ? 0 : left;
		int midTop = horizontal ? firstRow : 0;

		byte[] out = new byte[outWidth * outHeight * channels];
		if (!vertical) {
			for (int y = 0; y < outHeight; y++) {
				System.arraycopy(mid, (((top + y) - midTop) * midWidth + midLeft) * channels, out,
						y * outWidth * channels, outWidth * channels);
			}
			return out;
		}
		int[] sums = new int[channels];
		for (int y = 0; y < outHeight; y++) {
			int yy = top + y;
			int start = rows.start[yy];
			int count = rows.count[yy];
			int k = yy * rows.size;
			for (int x = 0; x < outWidth; x++) {
				java.util.Arrays.fill(sums, 1 << (PRECISION_BITS - 1));
				for (int i = 0; i < count; i++) {
					int weight = rows.weights[k + i];
					int p = ((start + i - midTop) * midWidth + midLeft + x) * channels;
					for (int c = 0; c < channels; c++) {
						sums[c] += (mid[p + c] & 0xFF) * weight;
					}
				}
				int o = (y * outWidth + x) * channels;
				for (int c = 0; c < channels; c++) {
					out[o + c] = clip8(sums[c]);
				}
			}
		}
		return out;
	}

	private static byte clip8(int value) {
		if (value >= (1 << PRECISION_BITS << 8)) {
			return (byte) 255;
		}
		if (value <= 0) {
			return 0;
		}
		return (byte) (value >> PRECISION_BITS);
	}

	/** Pillow's {@code precompute_coeffs} for the bilinear filter, then {@code normalize_coeffs_8bpc}. */
	private record Coefficients(int size, int[] start, int[] count, int[] weights) {

		static Coefficients bilinear(int inSize, int outSize) {
			double scale = (double) inSize / outSize;
			double filterScale = Math.max(scale, 1.0);
			double support = 1.0 * filterScale;
			int size = (int) Math.ceil(support) * 2 + 1;
			int[] start = new int[outSize];
			int[] count = new int[outSize];
			int[] weights = new int[outSize * size];
			double[] k = new double[size];
			for (int xx = 0; xx < outSize; xx++) {
				double center = (xx + 0.5) * scale;
				double inverseScale = 1.0 / filterScale;
				int xmin = (int) (center - support + 0.5);
				if (xmin < 0) {
					xmin = 0;
				}
				int xmax = (int) (center + support + 0.5);
				if (xmax > inSize) {
					xmax = inSize;
				}
				xmax -= xmin;
				double total = 0.0;
				for (int x = 0; x < xmax; x++) {
					double w = triangle((x + xmin - center + 0.5) * inverseScale);
					k[x] = w;
					total += w;
				}
				for (int x = 0; x < xmax; x++) {
					double w = total != 0.0 ? k[x] / total : k[x];
					weights[xx * size + x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS))
							: (int) (0.5 + w * (1 << PRECISION_BITS));
				}
				start[xx] = xmin;
				count[xx] = xmax;
			}
			return new Coefficients(size, start, count, weights);
		}

		private static double triangle(double x) {
			double a = Math.abs(x);
			return a < 1.0 ? 1.0 - a : 0.0;
		}
	}
}
