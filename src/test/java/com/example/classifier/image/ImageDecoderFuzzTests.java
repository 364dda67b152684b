package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import com.example.classifier.support.ImageMutator;
import com.example.classifier.tensor.Preprocessing;

/**
 * Thousands of damaged images straight through the decoder and preprocessing: each either
 * gives a tensor or is refused with an {@link ImageRejectedException}; nothing else
 * escapes, and nothing takes long.
 */
class ImageDecoderFuzzTests {

	private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(5),
			DataSize.ofBytes(0), DataSize.ofMegabytes(256)));

	private final Preprocessing imagenet = new Preprocessing(256, 224, new float[] { 0.485f, 0.456f, 0.406f },
			new float[] { 0.229f, 0.224f, 0.225f }, false);

	@Test
	void damagedImagesAreDecodedOrRefusedNeverAnythingElse() {
		// The JPEG cases go to libjpeg-turbo, as in the app (TurboJpegTests).
		assertThat(decoder.usesLibjpegTurbo()).as(decoder.jpegDecoder()).isTrue();
		ImageMutator mutator = new ImageMutator(20261123L);
		int decoded = 0;
		int refused = 0;
		long slowest = 0;
		for (int i = 0; i < 4000; i++) {
			ImageMutator.Mutant mutant = mutator.next();
			long start = System.nanoTime();
			try {
				DecodedImage image = decoder.decode(mutant.bytes(), 256);
				assertThat(imagenet.toTensor(image)).hasSize(3 * 224 * 224);
				decoded++;
			}
			catch (ImageRejectedException ex) {
				assertThat(ex.getMessage()).doesNotContain("Exception");
				refused++;
			}
			catch (Throwable ex) {
				fail("case " + i + ", " + mutant.description() + ": " + ex, ex);
			}
			slowest = Math.max(slowest, System.nanoTime() - start);
		}
		System.out.printf("fuzzed decoder: %d decoded, %d refused, slowest %d ms%n", decoded, refused,
				slowest / 1_000_000);
		assertThat(decoded).isPositive();
		assertThat(refused).isPositive();
		assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(6));
	}

}
