package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import com.example.classifier.image.ImageRejectedException.Reason;
import com.example.classifier.support.HostileImages;
import com.example.classifier.support.ProgressiveJpeg;

/**
 * Files of a few bytes to a few hundred KB that made a decoder allocate gigabytes or work
 * for seconds to minutes (issue 15), straight through the decoder: each is refused by its
 * format's structural pass, with the reason, before any library reads it; or, valid, is
 * decoded within its budget. {@code HostileUploadsIT} sends the same files to the
 * packaged app under the container image's JVM flags.
 */
class HostileFilesTests {

	private final ImageDecoder decoder = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(5),
			DataSize.ofMegabytes(53), DataSize.ofMegabytes(96)));

	@Test
	void aBmpWrappingAJpegOrAPngIsRefusedBeforeItsDeclaredSizeIsAllocated() {
		for (boolean png : new boolean[] { false, true }) {
			byte[] bmp = HostileImages.bmpWrapping(png, Integer.MAX_VALUE, new byte[] { (byte) 0xFF, (byte) 0xD8 });
			assertThat(bmp.length).isLessThan(130);
			assertRefused(bmp, Reason.UNSUPPORTED, "a BMP that wraps a JPEG or PNG is not supported");
		}
		// The scan bomb inside a BMP bypassed the JPEG's own checks.
		byte[] scans = ProgressiveJpeg.withExtraScans(640, 480, 5000);
		assertRefused(HostileImages.bmpWrapping(false, scans.length, scans), Reason.UNSUPPORTED, "a BMP that wraps");
	}

	@Test
	void aPngWhoseExifDeclaresTwoGigabytesIsRefusedAsDamaged() {
		byte[] png = HostileImages.pngWithExifDeclaring(Integer.MAX_VALUE);
		assertThat(png.length).isLessThan(200);
		assertRefused(png, Reason.UNDECODABLE,
				"the PNG file is damaged: a chunk claims more bytes than the file holds");
	}

	@Test
	void aLosslessWebpCountsItsFullSizeRasterAndIsRefusedWhenItCannotFit() {
		byte[] webp = HostileImages.losslessWebp(8000, 7500);
		assertThat(webp.length).isLessThan(100);
		assertRefused(webp, Reason.TOO_LARGE,
				"the WEBP image needs 457 MB of memory to decode, the server allows 53 MB");
		// The same kind of file, small enough: decoded.
		assertThat(decoder.decode(HostileImages.losslessWebp(2000, 1500), 256).originalWidth()).isEqualTo(2000);
	}

	@Test
	void aGifCommentOfManySubBlocksIsRefusedBeforeTheReaderJoinsThem() {
		byte[] gif = HostileImages.gifWithComment(200_000);
		assertRefused(gif, Reason.UNDECODABLE,
				"the GIF file has 4,097 extension blocks before its first image, the limit is 4,096");
		assertThat(decoder.decode(HostileImages.gifWithComment(100), 256).width()).isEqualTo(1);
	}

	@Test
	void xmpIsNeverParsed() {
		// 80,000 properties took about 27 s to parse after decoding; now XMP is
		// not read at all (GIF's is refused as over the bound on metadata
		// before the image, which the JDK's reader copies quadratically).
		assertThat(timed(() -> decoder.decode(HostileImages.webpWithXmp(80_000), 256).width()))
			.isLessThan(Duration.ofSeconds(1));
		assertThat(timed(() -> decoder.decode(HostileImages.bmp(64, 64, HostileImages.xmp(80_000)), 256).width()))
			.isLessThan(Duration.ofSeconds(1));
		assertRefused(HostileImages.gifWithXmp(80_000), Reason.UNDECODABLE, "bytes of metadata before its first image");
		assertThat(decoder.decode(HostileImages.gifWithXmp(100), 256).width()).isEqualTo(1);
	}

	@Test
	void aLargeProgressiveJpegIsBoundedByItsScansTimesPixelsAndByItsNativeMemory() {
		// 60 megapixels: 64 scans are refused for time, 10 (the encoder's) for
		// the 180 MB of coefficients it needs outside the heap, over the 96 MB
		// allowed here; 12 megapixels decode.
		byte[] manyScans = ProgressiveJpeg.withExtraScans(8000, 7500, 54);
		assertRefused(manyScans, Reason.UNDECODABLE,
				"the JPEG file has 64 scans of 8000x7500 pixels: decoding it would take too long");
		byte[] valid = ProgressiveJpeg.withExtraScans(8000, 7500, 0);
		assertRefused(valid, Reason.TOO_LARGE,
				"the JPEG image needs 173 MB of memory to decode, the server allows 96 MB");
		assertThat(decoder.decode(ProgressiveJpeg.withExtraScans(4000, 3000, 0), 256).originalWidth()).isEqualTo(4000);
	}

	@Test
	void aValidSixtyMillionPixelRowNeedsMoreMemoryThanAllowedAndSaysSo() {
		assertRefused(HostileImages.pngRow(60_000_000), Reason.TOO_LARGE,
				"the PNG image needs 686 MB of memory to decode");
	}

	private void assertRefused(byte[] file, Reason reason, String message) {
		long start = System.nanoTime();
		assertThatThrownBy(() -> decoder.decode(file, 256)).isInstanceOfSatisfying(ImageRejectedException.class, ex -> {
			assertThat(ex.reason()).isEqualTo(reason);
			assertThat(ex.getMessage()).contains(message);
		});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused from the structure, before decoding")
			.isLessThan(Duration.ofSeconds(1));
	}

	private static Duration timed(Runnable work) {
		long start = System.nanoTime();
		work.run();
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
