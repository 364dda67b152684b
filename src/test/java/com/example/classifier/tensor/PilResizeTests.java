package com.example.classifier.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Properties of the resize that hold whatever the loops look like inside: the end-to-end
 * tests compare whole outputs with torchvision's, these pin the window arithmetic and the
 * per-layout loops (RGB, gray, any other).
 */
class PilResizeTests {

	private final Random random = new Random(7);

	@Test
	void aPlainImageStaysPlainAtEverySize() {
		for (int channels : new int[] { 1, 3, 4 }) {
			byte[] src = new byte[37 * 23 * channels];
			for (int i = 0; i < src.length; i++) {
				src[i] = (byte) (10 + 40 * (i % channels));
			}
			byte[] out = PilResize.resizeWindow(src, 37, 23, channels, 11, 70, 0, 0, 11, 70);
			for (int i = 0; i < out.length; i++) {
				assertThat(out[i] & 0xFF).as("channel %d", i % channels).isEqualTo(10 + 40 * (i % channels));
			}
		}
	}

	@Test
	void aWindowIsTheSamePixelsAsCroppingTheWholeResize() {
		for (int channels : new int[] { 1, 3, 4 }) {
			for (int trial = 0; trial < 50; trial++) {
				int w = 1 + random.nextInt(120);
				int h = 1 + random.nextInt(120);
				int rw = 1 + random.nextInt(2 * w);
				int rh = 1 + random.nextInt(2 * h);
				byte[] src = randomBytes(w * h * channels);
				byte[] whole = PilResize.resizeWindow(src, w, h, channels, rw, rh, 0, 0, rw, rh);
				int ow = 1 + random.nextInt(rw);
				int oh = 1 + random.nextInt(rh);
				int left = random.nextInt(rw - ow + 1);
				int top = random.nextInt(rh - oh + 1);
				byte[] window = PilResize.resizeWindow(src, w, h, channels, rw, rh, left, top, ow, oh);
				for (int y = 0; y < oh; y++) {
					byte[] expectedRow = Arrays.copyOfRange(whole, ((top + y) * rw + left) * channels,
							((top + y) * rw + left + ow) * channels);
					byte[] row = Arrays.copyOfRange(window, y * ow * channels, (y + 1) * ow * channels);
					assertThat(row)
						.as("%dx%dx%d to %dx%d, row %d of window %d,%d %dx%d", w, h, channels, rw, rh, y, left, top, ow,
								oh)
						.isEqualTo(expectedRow);
				}
			}
		}
	}

	@Test
	void eachChannelIsResizedOnItsOwn() {
		// An RGB image made of three gray ones resizes to the three gray
		// results: no channel leaks into another.
		for (int trial = 0; trial < 50; trial++) {
			int w = 1 + random.nextInt(200);
			int h = 1 + random.nextInt(200);
			int rw = 1 + random.nextInt(300);
			int rh = 1 + random.nextInt(300);
			byte[][] planes = { randomBytes(w * h), randomBytes(w * h), randomBytes(w * h) };
			byte[] rgb = new byte[w * h * 3];
			for (int i = 0; i < w * h; i++) {
				for (int c = 0; c < 3; c++) {
					rgb[i * 3 + c] = planes[c][i];
				}
			}
			byte[] resized = PilResize.resizeWindow(rgb, w, h, 3, rw, rh, 0, 0, rw, rh);
			for (int c = 0; c < 3; c++) {
				byte[] gray = PilResize.resizeWindow(planes[c], w, h, 1, rw, rh, 0, 0, rw, rh);
				for (int i = 0; i < rw * rh; i++) {
					assertThat(resized[i * 3 + c]).as("channel %d of pixel %d, %dx%d to %dx%d", c, i, w, h, rw, rh)
						.isEqualTo(gray[i]);
				}
			}
		}
	}

	@Test
	void halvingWeighsTheNearestThreePixelsAsPillowDoes() {
		// Pillow's precompute_coeffs, worked by hand for 4 pixels to 2: output
		// 0 is centred on source x = 1.0 and takes pixels 0, 1, 2 with triangle
		// weights 0.75, 0.75, 0.25 (sum 1.75); output 1, centred on 3.0, takes
		// pixels 1, 2, 3 with 0.25, 0.75, 0.75. So (0*3 + 100*3 + 200) / 7 =
		// 71.4 and (100 + 200*3 + 40*3) / 7 = 117.1.
		byte[] out = PilResize.resizeWindow(new byte[] { 0, 100, (byte) 200, 40 }, 4, 1, 1, 2, 1, 0, 0, 2, 1);
		assertThat(out[0] & 0xFF).isEqualTo(71);
		assertThat(out[1] & 0xFF).isEqualTo(117);
	}

	@Test
	void aThinStripCostsOnlyWhatItsWindowNeeds() {
		// 65500x1 is a valid image of 65,500 pixels; Resize(256) makes it
		// 16,768,000 x 256, of which the crop needs 224 columns. Coefficient
		// tables for every resized column took 330 MB and ran the server out of
		// heap.
		byte[] strip = new byte[65500 * 3];
		Arrays.fill(strip, (byte) 77);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		byte[] out = PilResize.resizeWindow(strip, 65500, 1, 3, 16_768_000, 256, (16_768_000 - 224) / 2, 16, 224, 224);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(allocated).as("bytes allocated").isLessThan(10_000_000);
		for (byte b : out) {
			assertThat(b).isEqualTo((byte) 77);
		}
	}

	private byte[] randomBytes(int n) {
		byte[] bytes = new byte[n];
		random.nextBytes(bytes);
		return bytes;
	}

}
