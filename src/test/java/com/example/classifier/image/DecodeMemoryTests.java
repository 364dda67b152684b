package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.util.unit.DataSize;

import com.sun.management.ThreadMXBean;

/**
 * A 100 KB PNG can be 8 megapixels of 16-bit RGBA: 64 MB once decoded, under the pixel
 * limit and the size limit. Twelve of them at once ran a 160 MB heap out and stopped the
 * container's JVM. Decoding keeps within its memory.
 */
class DecodeMemoryTests {

	private static final int WIDTH = 3264;

	private static final int HEIGHT = 2448;

	private static final byte[] PNG = flatRgba16Png(WIDTH, HEIGHT);

	@Test
	void anImageThatWouldNotFitIsDecodedSubsampledWithinTheBudget() {
		assertThat(PNG.length).isLessThan(200_000);
		ImageDecoder decoder = decoderWithMemory(DataSize.ofMegabytes(32));
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		DecodedImage image = decoder.decode(PNG, 224);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(image.originalWidth()).isEqualTo(WIDTH);
		assertThat(image.width()).isLessThan(WIDTH).isGreaterThanOrEqualTo(448);
		assertThat(allocated).as("bytes allocated by the decode").isLessThan(DataSize.ofMegabytes(40).toBytes());
		// The colour survives: 16-bit 0x4000, 0x8000, 0xC000 are 8-bit 64, 128, 192.
		assertThat(image.pixels()[0] & 0xFF).isEqualTo(64);
		assertThat(image.pixels()[1] & 0xFF).isEqualTo(128);
		assertThat(image.pixels()[2] & 0xFF).isEqualTo(192);
	}

	@Test
	void withRoomEnoughTheSameImageIsDecodedWhole() {
		DecodedImage image = decoderWithMemory(DataSize.ofMegabytes(512)).decode(PNG, 224);
		assertThat(image.width()).isEqualTo(WIDTH);
		assertThat(image.height()).isEqualTo(HEIGHT);
	}

	@Test
	// a decode waiting for more memory than the budget has would wait forever
	@Timeout(120)
	void concurrentDecodesShareTheBudgetWithoutWaitingForever() throws Exception {
		ImageDecoder decoder = decoderWithMemory(DataSize.ofMegabytes(40));
		ExecutorService pool = Executors.newFixedThreadPool(6);
		try {
			List<Future<DecodedImage>> decodes = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				decodes.add(pool.submit(() -> decoder.decode(PNG, 224)));
			}
			for (Future<DecodedImage> decode : decodes) {
				assertThat(decode.get().originalWidth()).isEqualTo(WIDTH);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static ImageDecoder decoderWithMemory(DataSize memory) {
		return new ImageDecoder(
				new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(30), memory, DataSize.ofMegabytes(256)));
	}

	/** A PNG of one 16-bit RGBA colour, which compresses to almost nothing. */
	private static byte[] flatRgba16Png(int width, int height) {
		byte[] row = new byte[1 + width * 8];
		for (int x = 0; x < width; x++) {
			System.arraycopy(new byte[] { 0x40, 0, (byte) 0x80, 0, (byte) 0xC0, 0, (byte) 0xFF, (byte) 0xFF }, 0, row,
					1 + x * 8, 8);
		}
		Deflater deflater = new Deflater(9);
		ByteArrayOutputStream compressed = new ByteArrayOutputStream();
		byte[] buffer = new byte[65536];
		for (int y = 0; y < height; y++) {
			deflater.setInput(row);
			while (!deflater.needsInput()) {
				compressed.write(buffer, 0, deflater.deflate(buffer));
			}
		}
		deflater.finish();
		while (!deflater.finished()) {
			compressed.write(buffer, 0, deflater.deflate(buffer));
		}
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' });
		PngChunk.write(png, "IHDR",
				ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 16).put((byte) 6).array());
		PngChunk.write(png, "IDAT", compressed.toByteArray());
		PngChunk.write(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

}
