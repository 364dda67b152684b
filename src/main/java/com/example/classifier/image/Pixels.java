package com.example.classifier.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * 8-bit gray or RGB bytes from whatever ImageIO decoded, the way PIL's
 * {@code convert("RGB")} makes them: alpha dropped (not composited), palette looked up,
 * 16-bit samples reduced to their high byte. Samples are read from the raster:
 * {@code BufferedImage.getRGB} would apply a gamma to gray images (gray 159 becomes 207)
 * and is ten times slower.
 */
final class Pixels {

	private Pixels() {
	}

	record Extracted(int channels, byte[] pixels) {
	}

	static Extracted of(BufferedImage image) {
		ColorModel model = image.getColorModel();
		Raster raster = image.getRaster();
		if (model instanceof IndexColorModel palette) {
			return fromPalette(raster, palette);
		}
		int colorSpace = model.getColorSpace().getType();
		boolean plainComponents = model instanceof ComponentColorModel || model instanceof DirectColorModel;
		if (plainComponents && colorSpace == ColorSpace.TYPE_GRAY && model.getNumColorComponents() == 1) {
			return new Extracted(1, samples(raster, 1, model.getComponentSize(0)));
		}
		if (plainComponents && model.getColorSpace().isCS_sRGB() && model.getNumColorComponents() == 3
				&& !model.isAlphaPremultiplied()) {
			return new Extracted(3, samples(raster, 3, model.getComponentSize(0)));
		}
		// Anything else (another colour space, premultiplied alpha): let Java2D
		// convert it to sRGB first.
		BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
		rgb.getGraphics().drawImage(image, 0, 0, null);
		return new Extracted(3, samples(rgb.getRaster(), 3, 8));
	}

	private static Extracted fromPalette(Raster raster, IndexColorModel palette) {
		int w = raster.getWidth();
		int h = raster.getHeight();
		byte[] out = new byte[w * h * 3];
		int[] row = new int[w];
		int o = 0;
		for (int y = 0; y < h; y++) {
			raster.getSamples(0, y, w, 1, 0, row);
			for (int x = 0; x < w; x++) {
				int argb = palette.getRGB(row[x]);
				out[o++] = (byte) (argb >> 16);
				out[o++] = (byte) (argb >> 8);
				out[o++] = (byte) argb;
			}
		}
		return new Extracted(3, out);
	}

	/** The first {@code channels} bands of each pixel, as 8-bit samples. */
	private static byte[] samples(Raster raster, int channels, int bits) {
		int w = raster.getWidth();
		int h = raster.getHeight();
		byte[] out = new byte[w * h * channels];
		if (bits == 8 && raster.getDataBuffer() instanceof DataBufferByte buffer
				&& raster.getSampleModel() instanceof ComponentSampleModel layout
				&& raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0) {
			byte[] data = buffer.getData();
			int pixelStride = layout.getPixelStride();
			int scanlineStride = layout.getScanlineStride();
			int[] bandOffsets = layout.getBandOffsets();
			int o = 0;
			if (channels == 3) {
				// The usual case (JPEG, PNG, WebP decode to BGR or RGB bytes):
				// offsets in locals, a third of the time.
				int r = bandOffsets[0];
				int g = bandOffsets[1];
				int b = bandOffsets[2];
				for (int y = 0; y < h; y++) {
					for (int x = 0, p = y * scanlineStride; x < w; x++, p += pixelStride) {
						out[o++] = data[p + r];
						out[o++] = data[p + g];
						out[o++] = data[p + b];
					}
				}
				return out;
			}
			for (int y = 0; y < h; y++) {
				int rowStart = y * scanlineStride;
				for (int x = 0; x < w; x++) {
					int p = rowStart + x * pixelStride;
					for (int c = 0; c < channels; c++) {
						out[o++] = data[p + bandOffsets[c]];
					}
				}
			}
			return out;
		}
		int bands = raster.getNumBands();
		int[] row = new int[w * bands];
		int max = (1 << bits) - 1;
		int o = 0;
		for (int y = 0; y < h; y++) {
			raster.getPixels(0, y, w, 1, row);
			for (int x = 0; x < w; x++) {
				for (int c = 0; c < channels; c++) {
					int v = row[x * bands + c];
					out[o++] = (byte) (bits == 8 ? v : bits == 16 ? v >>> 8 : (v * 255 + max / 2) / max);
				}
			}
		}
		return out;
	}

}
