package com.example.classifier.tensor;

import java.util.Arrays;

import com.example.classifier.image.DecodedImage;

/**
 * Step two of every image's path: a decoded image to the model's input tensor, exactly as
 * torchvision's {@code Resize(resize)} (short side, PIL bilinear with antialias),
 * {@code CenterCrop(crop)}, {@code ToTensor()} and {@code Normalize(mean, std)} make it
 * from a PIL image in mode "RGB" (or "L" for a grayscale model).
 *
 * @param resize the short side after resizing
 * @param crop the side of the square center crop, at most {@code resize}
 * @param mean per channel, subtracted after scaling to [0, 1]
 * @param std per channel, divided by after subtracting the mean
 * @param grayscale whether the model takes one gray channel (PIL's {@code convert("L")})
 * instead of RGB
 */
public record Preprocessing(int resize, int crop, float[] mean, float[] std, boolean grayscale) {

	public Preprocessing {
		int channels = grayscale ? 1 : 3;
		if (resize < 1 || crop < 1 || crop > resize) {
			throw new IllegalArgumentException("need 1 <= crop <= resize, got resize " + resize + ", crop " + crop);
		}
		if (mean.length != channels || std.length != channels) {
			throw new IllegalArgumentException("mean and std need " + channels + " values each");
		}
	}

	public int channels() {
		return grayscale ? 1 : 3;
	}

	/** The shape of one input, channels first. */
	public long[] inputShape() {
		return new long[] { channels(), crop, crop };
	}

	/** The shape of one input as text, for messages: {@code 3 x 224 x 224}. */
	public String shapeText() {
		return channels() + " x " + crop + " x " + crop;
	}

	public int tensorSize() {
		return channels() * crop * crop;
	}

	/** The model's input, channels first, {@link #tensorSize()} floats. */
	public float[] toTensor(DecodedImage image) {
		byte[] pixels = image.pixels();
		int channels = image.channels();
		if (grayscale && channels == 3) {
			pixels = luminance(pixels);
			channels = 1;
		}
		int w = image.width();
		int h = image.height();
		Window window = window(w, h);
		byte[] cropped = PilResize.resizeWindow(pixels, w, h, channels, window.resizedWidth(), window.resizedHeight(),
				window.left(), window.top(), crop, crop);
		return normalize(cropped, channels);
	}

	/**
	 * The part of an image the model sees, as fractions of its width and height: the
	 * center crop after the resize.
	 */
	public ModelView modelView(int width, int height) {
		Window window = window(width, height);
		return new ModelView((double) window.left() / window.resizedWidth(),
				(double) window.top() / window.resizedHeight(), (double) crop / window.resizedWidth(),
				(double) crop / window.resizedHeight());
	}

	/**
	 * The part of an image the model sees, as fractions of the image's width and height.
	 *
	 * @param left where it starts across
	 * @param top where it starts down
	 * @param width its width
	 * @param height its height
	 */
	public record ModelView(double left, double top, double width, double height) {
	}

	/** The resized size and where the crop starts in it. */
	private record Window(int resizedWidth, int resizedHeight, int left, int top) {
	}

	private Window window(int w, int h) {
		// torchvision's _compute_resized_output_size: the long side is
		// truncated, not rounded.
		int resizedW;
		int resizedH;
		if (w <= h) {
			resizedW = resize;
			resizedH = (int) ((double) ((long) resize * h) / w);
		}
		else {
			resizedH = resize;
			resizedW = (int) ((double) ((long) resize * w) / h);
		}
		// torchvision's center_crop: Python's round(), which rounds halves to
		// even, like Math.rint.
		int top = (int) Math.rint((resizedH - crop) / 2.0);
		int left = (int) Math.rint((resizedW - crop) / 2.0);
		return new Window(resizedW, resizedH, left, top);
	}

	private float[] normalize(byte[] cropped, int sourceChannels) {
		int plane = crop * crop;
		int channels = channels();
		float[] tensor = new float[channels * plane];
		for (int c = 0; c < channels; c++) {
			// A gray image given to a colour model has R = G = B, as PIL's
			// convert("RGB") makes it.
			int sourceChannel = sourceChannels == 1 ? 0 : c;
			// The 256 possible values of this channel, computed once: the same
			// floats, no division per sample.
			float[] values = new float[256];
			for (int b = 0; b < 256; b++) {
				values[b] = (b / 255f - mean[c]) / std[c];
			}
			for (int i = 0, p = sourceChannel, t = c * plane; i < plane; i++, p += sourceChannels, t++) {
				tensor[t] = values[cropped[p] & 0xFF];
			}
		}
		return tensor;
	}

	/** PIL's RGB to L: ITU-R 601-2 luma in 16-bit fixed point, rounded. */
	private static byte[] luminance(byte[] rgb) {
		byte[] gray = new byte[rgb.length / 3];
		for (int i = 0, p = 0; i < gray.length; i++, p += 3) {
			int r = rgb[p] & 0xFF;
			int g = rgb[p + 1] & 0xFF;
			int b = rgb[p + 2] & 0xFF;
			gray[i] = (byte) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
		}
		return gray;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Preprocessing p && resize == p.resize && crop == p.crop && grayscale == p.grayscale
				&& Arrays.equals(mean, p.mean) && Arrays.equals(std, p.std);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Arrays.hashCode(mean) + Arrays.hashCode(std)) + resize * 7 + crop + (grayscale ? 1 : 0);
	}

	@Override
	public String toString() {
		return "Preprocessing[resize=" + resize + ", crop=" + crop + ", mean=" + Arrays.toString(mean) + ", std="
				+ Arrays.toString(std) + ", grayscale=" + grayscale + "]";
	}
}
