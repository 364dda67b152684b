package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import com.example.classifier.support.SharedData;

/**
 * The orientation is found where phones and editors put it, and only there, in JPEG and
 * in PNG.
 */
class ExifOrientationTests {

	private static final ImageLimits LIMITS = new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(5),
			DataSize.ofBytes(0), DataSize.ofMegabytes(256));

	private final byte[] rotatedJpeg = SharedData.read(SharedData.images("edge").resolve("cat_exif_rotated.jpg"));

	@Test
	void readsTheOrientationOfARotatedPhoto() {
		assertThat(ExifOrientation.read(rotatedJpeg, ImageFormat.JPEG)).isEqualTo(6);
	}

	@Test
	void photosWithXmpButNoOrientationStayAsStored() {
		// caffe_cat.jpg and glow_cat_285.png carry XMP packets, and no rotation.
		byte[] jpeg = SharedData.read(SharedData.images("photos").resolve("caffe_cat.jpg"));
		byte[] png = SharedData.read(SharedData.images("photos").resolve("glow_cat_285.png"));
		assertThat(ExifOrientation.read(jpeg, ImageFormat.JPEG)).isEqualTo(1);
		assertThat(ExifOrientation.read(png, ImageFormat.PNG)).isEqualTo(1);
	}

	@Test
	void readsTheOrientationFromAPngExifChunk() {
		// The rotated photo's EXIF, moved into an eXIf chunk of a PNG, as PIL
		// writes it and reads it back.
		byte[] png = withExifChunk(SharedData.read(SharedData.images("edge").resolve("cat_gray.png")),
				tiffOf(rotatedJpeg));
		assertThat(ExifOrientation.read(png, ImageFormat.PNG)).isEqualTo(6);

		DecodedImage stored = new ImageDecoder(LIMITS)
			.decode(SharedData.read(SharedData.images("edge").resolve("cat_gray.png")), 224);
		DecodedImage upright = new ImageDecoder(LIMITS).decode(png, 224);
		assertThat(upright.originalWidth()).isEqualTo(stored.originalHeight());
		assertThat(upright.originalHeight()).isEqualTo(stored.originalWidth());
	}

	@Test
	void damagedMetadataLeavesTheImageAsStored() {
		byte[] damaged = rotatedJpeg.clone();
		int exif = indexOf(damaged, "Exif".getBytes(StandardCharsets.US_ASCII));
		Arrays.fill(damaged, exif + 6, exif + 40, (byte) 0xFF);
		assertThat(ExifOrientation.read(damaged, ImageFormat.JPEG)).isEqualTo(1);
	}

	/**
	 * The TIFF structure of a JPEG's EXIF segment (after its "Exif\0\0" preamble), where
	 * the structural pass found it.
	 */
	private static byte[] tiffOf(byte[] jpeg) {
		ImageHeader header = JpegStructure.read(jpeg);
		assertThat(header.exifOffset()).isPositive();
		return Arrays.copyOfRange(jpeg, header.exifOffset(), header.exifOffset() + header.exifLength());
	}

	/**
	 * The PNG with an eXIf chunk right after its IHDR chunk (8-byte signature, then 25
	 * bytes of IHDR).
	 */
	private static byte[] withExifChunk(byte[] png, byte[] tiff) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(png, 0, 33);
		PngChunk.write(out, "eXIf", tiff);
		out.write(png, 33, png.length - 33);
		return out.toByteArray();
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalArgumentException("not found");
	}

}
