package com.example.classifier.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A progressive JPEG from the JDK's encoder (10 scans), and the same file with one of its
 * small scans repeated: the "scan bomb", valid to a decoder and slow to decode in
 * proportion to its scans.
 */
public final class ProgressiveJpeg {

	private ProgressiveJpeg() {
	}

	/**
	 * A smooth gradient, width x height, progressive, with {@code extraScans} copies of
	 * its second scan.
	 */
	public static byte[] withExtraScans(int width, int height, int extraScans) {
		byte[] jpeg = encode(width, height);
		int secondScan = nextScan(jpeg, nextScan(jpeg, 2) + 2);
		int thirdScan = nextScan(jpeg, secondScan + 2);
		int eoi = jpeg.length - 2; // the encoder ends the file with EOI
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(jpeg, 0, eoi);
		for (int i = 0; i < extraScans; i++) {
			out.write(jpeg, secondScan, thirdScan - secondScan);
		}
		out.write(jpeg, eoi, 2);
		return out.toByteArray();
	}

	private static byte[] encode(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, ((x * 255 / width) << 16) | ((y * 255 / height) << 8) | 128);
			}
		}
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

	/**
	 * The position of the next start-of-scan marker at or after {@code from}, or of EOI
	 * when there is none.
	 */
	private static int nextScan(byte[] jpeg, int from) {
		for (int i = from; i + 1 < jpeg.length; i++) {
			if ((jpeg[i] & 0xFF) == 0xFF && ((jpeg[i + 1] & 0xFF) == 0xDA || (jpeg[i + 1] & 0xFF) == 0xD9)) {
				return i;
			}
		}
		return jpeg.length - 2;
	}

}
