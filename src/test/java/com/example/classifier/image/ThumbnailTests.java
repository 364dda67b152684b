package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

class ThumbnailTests {

	@Test
	void fitsTheSideKeepsTheAspectAndTheColoursAndEncodesAJpeg() throws Exception {
		byte[] pixels = new byte[480 * 360 * 3];
		for (int i = 0; i < pixels.length; i += 3) {
			pixels[i] = (byte) 200; // an orange image
			pixels[i + 1] = (byte) 100;
			pixels[i + 2] = (byte) 20;
		}
		Thumbnail thumbnail = Thumbnail.of(new DecodedImage(480, 360, 3, pixels, 480, 360, ImageFormat.JPEG));
		assertThat(thumbnail.width()).isEqualTo(192);
		assertThat(thumbnail.height()).isEqualTo(144);
		String uri = thumbnail.dataUri();
		assertThat(uri).startsWith("data:image/jpeg;base64,").isSameAs(thumbnail.dataUri());
		BufferedImage jpeg = ImageIO
			.read(new ByteArrayInputStream(Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1))));
		assertThat(jpeg.getWidth()).isEqualTo(192);
		int rgb = jpeg.getRGB(96, 72);
		assertThat((rgb >> 16) & 0xFF).isBetween(190, 210);
		assertThat((rgb >> 8) & 0xFF).isBetween(90, 110);
		assertThat(rgb & 0xFF).isBetween(10, 30);
	}

	@Test
	void smallAndGrayImagesStayAsTheyAre() {
		Thumbnail onePixel = Thumbnail.of(new DecodedImage(1, 1, 1, new byte[] { 7 }, 1, 1, ImageFormat.PNG));
		assertThat(onePixel.width()).isEqualTo(1);
		assertThat(onePixel.dataUri()).startsWith("data:image/jpeg;base64,");
		Thumbnail panorama = Thumbnail
			.of(new DecodedImage(2000, 40, 3, new byte[2000 * 40 * 3], 2000, 40, ImageFormat.JPEG));
		assertThat(panorama.width()).isEqualTo(192);
		assertThat(panorama.height()).isEqualTo(4);
	}

}
