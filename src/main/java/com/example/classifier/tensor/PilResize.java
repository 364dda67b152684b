package com.example.classifier.tensor;

/**
 * PIL's bilinear resize with antialias ({@code Image.resize(size, BILINEAR)}), ported
 * from Pillow's {@code Resample.c} operation for operation, fixed-point rounding
 * included: the only way to hand a model the same pixels a Python user hands it. DJL's
 * own resize squashes or truncates and moves top-1 probabilities by up to 0.07.
 *
 * <p>
 * Like Pillow it resamples horizontally into an 8-bit intermediate, then vertically.
 * Unlike Pillow it computes only a window of the output, so resize-then-crop costs what
 * the crop needs.
 */
public final class PilResize {

	private static final int PRECISION_BITS = 32 - 8 - 2;

	private PilResize() {
	}

	/**
	 * The window {@code (left, top, outWidth, outHeight)} of {@code src} resized to
	 * {@code resizedWidth x resizedHeight}.
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
		Coefficients rows = vertical ? Coefficients.bilinear(height, resizedHeight, top, outHeight) : null;
		int firstRow = top;
		int lastRow = top + outHeight; // exclusive
		if (vertical) {
			firstRow = Integer.MAX_VALUE;
			lastRow = 0;
			for (int y = 0; y < outHeight; y++) {
				firstRow = Math.min(firstRow, rows.start[y]);
				lastRow = Math.max(lastRow, rows.start[y] + rows.count[y]);
			}
		}

		// Horizontal pass: the window's columns, for the rows needed, into an
		// 8-bit intermediate.
		int rowCount = lastRow - firstRow;
		byte[] mid;
		int midWidth = outWidth;
		if (horizontal) {
			mid = new byte[rowCount * outWidth * channels];
			horizontalPass(src, width, channels, Coefficients.bilinear(width, resizedWidth, left, outWidth), firstRow,
					rowCount, outWidth, mid);
		}
		else {
			// Same width: the intermediate is the source itself, read at the
			// window's columns.
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
		verticalPass(mid, midWidth, midLeft, midTop, channels, rows, outWidth, outHeight, out);
		return out;
	}

	private static void horizontalPass(byte[] src, int width, int channels, Coefficients cols, int firstRow,
			int rowCount, int outWidth, byte[] mid) {
		for (int r = 0; r < rowCount; r++) {
			int srcRow = (firstRow + r) * width * channels;
			int m = r * outWidth * channels;
			for (int x = 0; x < outWidth; x++, m += channels) {
				// The taps of one output pixel are neighbouring pixels of a source row.
				pixel(src, srcRow + cols.start[x] * channels, channels, channels, cols.weights, x * cols.size,
						cols.count[x], mid, m);
			}
		}
	}

	private static void verticalPass(byte[] mid, int midWidth, int midLeft, int midTop, int channels, Coefficients rows,
			int outWidth, int outHeight, byte[] out) {
		int rowStride = midWidth * channels;
		int o = 0;
		for (int y = 0; y < outHeight; y++) {
			int firstTap = ((rows.start[y] - midTop) * midWidth + midLeft) * channels;
			for (int x = 0; x < outWidth; x++, o += channels) {
				// The taps of one output pixel are the same column of
				// neighbouring intermediate rows.
				pixel(mid, firstTap + x * channels, rowStride, channels, rows.weights, y * rows.size, rows.count[y],
						out, o);
			}
		}
	}

	/**
	 * One output pixel: {@code count} taps, {@code stride} bytes apart from {@code p},
	 * weighted by {@code weights[k...]}, written at {@code out[o]}. RGB keeps its three
	 * sums in locals (a loop over a sums array took three times as long); the arithmetic
	 * is Pillow's either way.
	 */
	private static void pixel(byte[] in, int p, int stride, int channels, int[] weights, int k, int count, byte[] out,
			int o) {
		int half = 1 << (PRECISION_BITS - 1);
		if (channels == 3) {
			int s0 = half;
			int s1 = half;
			int s2 = half;
			for (int i = 0; i < count; i++, p += stride) {
				int weight = weights[k + i];
				s0 += (in[p] & 0xFF) * weight;
				s1 += (in[p + 1] & 0xFF) * weight;
				s2 += (in[p + 2] & 0xFF) * weight;
			}
			out[o] = clip8(s0);
			out[o + 1] = clip8(s1);
			out[o + 2] = clip8(s2);
			return;
		}
		for (int c = 0; c < channels; c++) {
			int sum = half;
			for (int i = 0, q = p + c; i < count; i++, q += stride) {
				sum += (in[q] & 0xFF) * weights[k + i];
			}
			out[o + c] = clip8(sum);
		}
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

	/**
	 * Pillow's {@code precompute_coeffs} for the bilinear filter, then
	 * {@code normalize_coeffs_8bpc}, for the outputs {@code first} to
	 * {@code first + outputs - 1} only (index 0 is output {@code first}): a valid 65500x1
	 * image resizes to 16 million columns, and tables for all of them took gigabytes.
	 */
	private record Coefficients(int size, int[] start, int[] count, int[] weights) {

		static Coefficients bilinear(int inSize, int outSize, int first, int outputs) {
			double scale = (double) inSize / outSize;
			double filterScale = Math.max(scale, 1.0);
			double support = 1.0 * filterScale;
			int size = (int) Math.ceil(support) * 2 + 1;
			int[] start = new int[outputs];
			int[] count = new int[outputs];
			int[] weights = new int[outputs * size];
			double[] k = new double[size];
			for (int i = 0; i < outputs; i++) {
				double center = (first + i + 0.5) * scale;
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
					weights[i * size + x] = w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS))
							: (int) (0.5 + w * (1 << PRECISION_BITS));
				}
				start[i] = xmin;
				count[i] = xmax;
			}
			return new Coefficients(size, start, count, weights);
		}

		private static double triangle(double x) {
			double a = Math.abs(x);
			return a < 1.0 ? 1.0 - a : 0.0;
		}
	}

}
