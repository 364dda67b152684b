package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import com.example.classifier.support.ProgressiveJpeg;
import com.example.classifier.support.SharedData;

/**
 * A JPEG with hundreds of scans is refused before decoding; every real JPEG is far below
 * the limit.
 */
class JpegStructureTests {

	private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(5),
			DataSize.ofMegabytes(200), DataSize.ofMegabytes(256)));

	@Test
	void theEncodersProgressiveJpegHasTenScansAndDecodes() {
		byte[] jpeg = ProgressiveJpeg.withExtraScans(640, 480, 0);
		assertThat(JpegStructure.countScans(jpeg)).isEqualTo(10);
		assertThat(decoder.decode(jpeg, 256).width()).isEqualTo(640);
	}

	@Test
	void upToTheLimitItDecodesBeyondItIsRefusedSayingWhy() {
		byte[] atTheLimit = ProgressiveJpeg.withExtraScans(640, 480, JpegStructure.MAX_SCANS - 10);
		assertThat(JpegStructure.countScans(atTheLimit)).isEqualTo(JpegStructure.MAX_SCANS);
		assertThat(decoder.decode(atTheLimit, 256).width()).isEqualTo(640);

		byte[] bomb = ProgressiveJpeg.withExtraScans(640, 480, 500);
		assertThat(bomb.length).as("a small file").isLessThan(30_000);
		assertThatThrownBy(() -> decoder.decode(bomb, 256)).isInstanceOf(ImageRejectedException.class)
			.hasMessage(
					"the JPEG file has 510 scans, the limit is 64 (encoders write about 10): it would take too long to decode")
			.extracting(ex -> ((ImageRejectedException) ex).reason())
			.isEqualTo(ImageRejectedException.Reason.UNDECODABLE);
	}

	@Test
	void junkBetweenSegmentsDoesNotHideTheScansAfterIt() {
		byte[] bomb = ProgressiveJpeg.withExtraScans(640, 480, 500);
		// After the first segment (APP0), junk a decoder skips with a warning:
		// a zero byte, then a stuffed FF 00.
		int afterApp0 = 4 + (((bomb[4] & 0xFF) << 8) | (bomb[5] & 0xFF));
		byte[] junk = { 0x00, (byte) 0xFF, 0x00 };
		byte[] withJunk = new byte[bomb.length + junk.length];
		System.arraycopy(bomb, 0, withJunk, 0, afterApp0);
		System.arraycopy(junk, 0, withJunk, afterApp0, junk.length);
		System.arraycopy(bomb, afterApp0, withJunk, afterApp0 + junk.length, bomb.length - afterApp0);
		assertThat(JpegStructure.countScans(withJunk)).isEqualTo(510);
		assertThatThrownBy(() -> decoder.decode(withJunk, 256)).hasMessageStartingWith("the JPEG file has 510 scans");
	}

	@Test
	void everySharedJpegIsFarBelowTheLimit() throws IOException {
		for (String folder : List.of("photos", "edge", "large", "bad")) {
			try (Stream<Path> files = Files.list(SharedData.images(folder))) {
				for (Path file : files.filter(f -> f.toString().toLowerCase().matches(".*\\.jpe?g")).toList()) {
					assertThat(JpegStructure.countScans(SharedData.read(file))).as(file.toString()).isBetween(0, 12);
				}
			}
		}
	}

	@Test
	void theWordAtATimeSearchFindsEveryFFByteTheByteAtATimeOneFinds() {
		java.util.Random random = new java.util.Random(20261205L);
		for (int round = 0; round < 2000; round++) {
			byte[] bytes = new byte[random.nextInt(64)];
			for (int i = 0; i < bytes.length; i++) {
				// Mostly 0xFE, 0x7F and 0xFF: the neighbours of the bytes searched for.
				int kind = random.nextInt(8);
				bytes[i] = (byte) (kind == 0 ? 0xFF : kind == 1 ? 0xFE : kind == 2 ? 0x7F : random.nextInt(255));
			}
			for (int from = 0; from <= bytes.length; from++) {
				int expected = from;
				while (expected < bytes.length && bytes[expected] != (byte) 0xFF) {
					expected++;
				}
				assertThat(JpegStructure.nextFF(bytes, from)).as("round %d from %d", round, from).isEqualTo(expected);
			}
		}
	}

}
