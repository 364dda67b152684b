package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import com.example.classifier.support.SharedData;
import com.sun.management.ThreadMXBean;

/**
 * The 48-megapixel JPEG is decoded subsampled to about twice what the model needs, even
 * with memory to spare: 144 MB of pixels at full size, a small fraction of that here.
 */
class LargeJpegSubsamplingTests {

	private static final long FULL_SIZE_BYTES = 8000L * 6000 * 3;

	@Test
	void aFortyEightMegapixelJpegCostsAFractionOfItsFullSize() {
		byte[] jpeg = SharedData.read(SharedData.images("large").resolve("cat_8000x6000.jpg"));
		ImageDecoder decoder = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(30),
				DataSize.ofGigabytes(1), DataSize.ofMegabytes(256)));
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		DecodedImage image = decoder.decode(jpeg, 256);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		System.out.printf("8000x6000 JPEG decoded as %dx%d, %d bytes allocated (full size: %d bytes of pixels)%n",
				image.width(), image.height(), allocated, FULL_SIZE_BYTES);

		assertThat(image.originalWidth()).isEqualTo(8000);
		assertThat(image.originalHeight()).isEqualTo(6000);
		// Never below twice the short side the model resizes to, so that its
		// own resize still smooths it.
		assertThat(Math.min(image.width(), image.height())).isBetween(512, 1024);
		assertThat(image.width() * 6000L).isCloseTo(image.height() * 8000L, Percentage.withPercentage(1));
		assertThat(allocated).as("bytes allocated by the decode").isLessThan(FULL_SIZE_BYTES / 10);
	}

}
