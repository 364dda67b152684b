package com.example.classifier.explanation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

import com.example.classifier.image.DecodedImage;
import com.example.classifier.tensor.Preprocessing.ModelView;

/**
 * The picture a person looks at: the image (at most {@value #MAX_SIDE} pixels a side),
 * the heat laid over it from transparent to yellow to red, smoothly between cell centres,
 * and a dashed outline round the part the model saw.
 */
final class HeatmapImage {

	static final int MAX_SIDE = 512;

	private HeatmapImage() {
	}

	/** A PNG of the image with the grid's heat over it. */
	static byte[] png(DecodedImage image, double[][] grid, ModelView view) {
		double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(image.width(), image.height()));
		int w = Math.max(1, (int) Math.round(image.width() * scale));
		int h = Math.max(1, (int) Math.round(image.height() * scale));
		double max = 0;
		for (double[] row : grid) {
			for (double v : row) {
				max = Math.max(max, v);
			}
		}
		BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		byte[] pixels = image.pixels();
		int channels = image.channels();
		int rows = grid.length;
		int cols = grid[0].length;
		for (int y = 0; y < h; y++) {
			int sy = Math.min(image.height() - 1, (int) ((y + 0.5) / scale));
			double gy = (y + 0.5) / h * rows - 0.5;
			for (int x = 0; x < w; x++) {
				int sx = Math.min(image.width() - 1, (int) ((x + 0.5) / scale));
				int p = (sy * image.width() + sx) * channels;
				int r = pixels[p] & 0xFF;
				int g = pixels[channels == 1 ? p : p + 1] & 0xFF;
				int b = pixels[channels == 1 ? p : p + 2] & 0xFF;
				double heat = max > 0 ? interpolate(grid, gy, (x + 0.5) / w * cols - 0.5) / max : 0;
				if (heat > 0) {
					int colour = colour(heat);
					double alpha = 0.65 * Math.sqrt(heat);
					r = blend(r, colour >> 16 & 0xFF, alpha);
					g = blend(g, colour >> 8 & 0xFF, alpha);
					b = blend(b, colour & 0xFF, alpha);
				}
				out.setRGB(x, y, r << 16 | g << 8 | b);
			}
		}
		Graphics2D graphics = out.createGraphics();
		graphics.setColor(Color.WHITE);
		graphics.setStroke(
				new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 4f }, 0f));
		graphics.drawRect((int) Math.round(view.left() * w), (int) Math.round(view.top() * h),
				(int) Math.round(view.width() * w) - 1, (int) Math.round(view.height() * h) - 1);
		graphics.dispose();
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ImageIO.write(out, "png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return png.toByteArray();
	}

	/** Bilinear between cell centres, clamped at the edges. */
	private static double interpolate(double[][] grid, double gy, double gx) {
		int rows = grid.length;
		int cols = grid[0].length;
		double y = Math.max(0, Math.min(rows - 1, gy));
		double x = Math.max(0, Math.min(cols - 1, gx));
		int y0 = (int) y;
		int x0 = (int) x;
		int y1 = Math.min(rows - 1, y0 + 1);
		int x1 = Math.min(cols - 1, x0 + 1);
		double fy = y - y0;
		double fx = x - x0;
		return grid[y0][x0] * (1 - fx) * (1 - fy) + grid[y0][x1] * fx * (1 - fy) + grid[y1][x0] * (1 - fx) * fy
				+ grid[y1][x1] * fx * fy;
	}

	/** Yellow (little) to red (most). */
	private static int colour(double heat) {
		int green = (int) Math.round(230 * (1 - heat));
		return 255 << 16 | green << 8 | 40;
	}

	private static int blend(int base, int over, double alpha) {
		return (int) Math.round(base * (1 - alpha) + over * alpha);
	}

}
