package com.example.classifier.training;

import java.util.Random;

import com.example.classifier.image.DecodedImage;

/**
 * Light augmentation, as torchvision's {@code RandomResizedCrop} and
 * {@code RandomHorizontalFlip} do it but milder: a random crop keeping 64 to 100% of the
 * image's area at an aspect ratio between 3:4 and 4:3, mirrored half of the time. The
 * model's own resize and center crop follow.
 */
final class Augmentation {

	private static final double MIN_AREA = 0.64;

	private Augmentation() {
	}

	static DecodedImage apply(DecodedImage image, Random random) {
		int w = image.width();
		int h = image.height();
		double area = w * (double) h * (MIN_AREA + random.nextDouble() * (1 - MIN_AREA));
		double ratio = Math.exp(Math.log(3 / 4.0) + random.nextDouble() * (Math.log(4 / 3.0) - Math.log(3 / 4.0)));
		int cw = Math.max(1, Math.min(w, (int) Math.round(Math.sqrt(area * ratio))));
		int ch = Math.max(1, Math.min(h, (int) Math.round(Math.sqrt(area / ratio))));
		int left = random.nextInt(w - cw + 1);
		int top = random.nextInt(h - ch + 1);
		boolean flip = random.nextBoolean();
		int c = image.channels();
		byte[] source = image.pixels();
		byte[] pixels = new byte[cw * ch * c];
		for (int y = 0; y < ch; y++) {
			int from = ((top + y) * w + left) * c;
			int to = y * cw * c;
			if (!flip) {
				System.arraycopy(source, from, pixels, to, cw * c);
				continue;
			}
			for (int x = 0; x < cw; x++) {
				System.arraycopy(source, from + (cw - 1 - x) * c, pixels, to + x * c, c);
			}
		}
		return new DecodedImage(cw, ch, c, pixels, image.originalWidth(), image.originalHeight(), image.format());
	}

}
