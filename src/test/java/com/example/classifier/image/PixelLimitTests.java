package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

/**
 * Images over the pixel limit are refused from their header, and the message says by how
 * much.
 */
class PixelLimitTests {

	private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(5),
			DataSize.ofMegabytes(100), DataSize.ofMegabytes(256)));

	@Test
	void farOverTheLimitInMegapixels() {
		assertThatThrownBy(() -> decoder.decode(pngHeader(30_000, 30_000), 224))
			.isInstanceOf(ImageRejectedException.class)
			.hasMessage("image is 30000x30000 = 900 megapixels, the limit is 60 megapixels");
	}

	@Test
	void justOverTheLimitInExactPixelsRatherThanAnEqualRoundedFigure() {
		assertThatThrownBy(() -> decoder.decode(pngHeader(1, 60_000_001), 224))
			.isInstanceOf(ImageRejectedException.class)
			.hasMessage("image is 1x60000001 = 60,000,001 pixels, the limit is 60,000,000 pixels");
	}

	/** A PNG signature and IHDR chunk only: all the header the limit needs. */
	private static byte[] pngHeader(int width, int height) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.write(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
		ByteArrayOutputStream chunk = new ByteArrayOutputStream();
		DataOutputStream ihdr = new DataOutputStream(chunk);
		ihdr.writeBytes("IHDR");
		ihdr.writeInt(width);
		ihdr.writeInt(height);
		ihdr.write(new byte[] { 8, 2, 0, 0, 0 }); // 8-bit RGB
		out.writeInt(13);
		out.write(chunk.toByteArray());
		CRC32 crc = new CRC32();
		crc.update(chunk.toByteArray());
		out.writeInt((int) crc.getValue());
		return bytes.toByteArray();
	}

}
