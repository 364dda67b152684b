package com.example.classifier.classification;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.ImageIO;

import com.example.classifier.image.DecodedImage;
import com.example.classifier.tensor.PilResize;

/**
 * Small JPEG thumbnails made from the decoded pixels at upload time: the recent results hold these, a few kB each,
 * and never the uploaded bytes, so nothing a client sent is ever served back as it was sent.
 */
final class Thumbnails {

	static final int SIDE = 192;

	private Thumbnails() {
	}

	static String dataUri(DecodedImage image) {
		int w = image.width();
		int h = image.height();
		double scale = Math.min(1.0, (double) SIDE / Math.max(w, h));
		int tw = Math.max(1, (int) Math.round(w * scale));
		int th = Math.max(1, (int) Math.round(h * scale));
		byte[] small = PilResize.resizeWindow(image.pixels(), w, h, image.channels(), tw, th, 0, 0, tw, th);
		boolean gray = image.channels() == 1;
		BufferedImage thumbnail = new BufferedImage(tw, th, gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
		byte[] target = ((DataBufferByte) thumbnail.getRaster().getDataBuffer()).getData();
		if (gray) {
			System.arraycopy(small, 0, target, 0, small.length);
		}
		else {
			for (int i = 0; i < small.length; i += 3) {
				target[i] = small[i + 2];
				target[i + 1] = small[i + 1];
				target[i + 2] = small[i];
			}
		}
		ByteArrayOutputStream jpeg = new ByteArrayOutputStream(4096);
		try {
			ImageIO.write(thumbnail, "jpeg", jpeg);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg.toByteArray());
	}
}
