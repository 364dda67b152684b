package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import com.example.classifier.image.ImageLimits.JpegDecoder;
import com.example.classifier.support.SharedData;

/**
 * JPEGs go to libjpeg-turbo (Debian's {@code libturbojpeg0}, which {@code .ci/setup}
 * installs): at full scale its pixels are PIL's, byte for byte; above the subsampling
 * threshold it decodes straight to the smallest DCT scale that covers the model's resize;
 * the JDK's decoder, the fallback where the library is missing, gives the same images.
 */
class TurboJpegTests {

	private static final Path PHOTOS = SharedData.images("photos");

	private final ImageDecoder turbo = decoder(JpegDecoder.LIBJPEG_TURBO, 8_000_000, DataSize.ofMegabytes(512));

	private final ImageDecoder jdk = decoder(JpegDecoder.JDK, 8_000_000, DataSize.ofMegabytes(512));

	@Test
	void theAppDecodesJpegsWithLibjpegTurbo() {
		assertThat(TurboJpeg.installed()).as("libjpeg-turbo (Debian: apt-get install libturbojpeg0, as .ci/setup does)")
			.isPresent();
		assertThat(turbo.usesLibjpegTurbo()).isTrue();
		assertThat(turbo.jpegDecoder()).startsWith("libjpeg-turbo");
		assertThat(jdk.usesLibjpegTurbo()).isFalse();
		assertThat(TurboJpeg.installed().get().scales()).startsWith(JpegScale.FULL).contains(new JpegScale(1, 8));
	}

	@Test
	void atFullScaleItsPixelsArePilsByteForByte() throws Exception {
		List<Path> jpegs = jpegPhotos();
		List<byte[]> pil = pilPixels(jpegs);
		int differentBytesFromJdk = 0;
		for (int i = 0; i < jpegs.size(); i++) {
			byte[] file = SharedData.read(jpegs.get(i));
			DecodedImage image = turbo.decode(file.clone(), 256);
			assertThat(image.width()).as(jpegs.get(i).getFileName().toString()).isEqualTo(image.originalWidth());
			assertThat(rgb(image)).as("%s: libjpeg-turbo's pixels against PIL's", jpegs.get(i).getFileName())
				.isEqualTo(pil.get(i));
			byte[] fromJdk = rgb(jdk.decode(file.clone(), 256));
			for (int b = 0; b < fromJdk.length; b++) {
				differentBytesFromJdk += fromJdk[b] != pil.get(i)[b] ? 1 : 0;
			}
		}
		System.out.printf(
				"%d JPEG photos: libjpeg-turbo equals PIL byte for byte; the JDK's decoder differs in %d " + "bytes%n",
				jpegs.size(), differentBytesFromJdk);
	}

	@Test
	void aPhonePhotoIsDecodedStraightToTheSmallestScaleCoveringTheModelsResize() {
		byte[] phone = SharedData.read(SharedData.images("large").resolve("dog_4032x3024.jpg"));
		DecodedImage image = turbo.decode(phone, 256);
		// 1/8: 504x378, the first scale whose short side is at least 256.
		assertThat(image.width()).isEqualTo(504);
		assertThat(image.height()).isEqualTo(378);
		assertThat(image.originalWidth()).isEqualTo(4032);
		DecodedImage forALargerModel = turbo
			.decode(SharedData.read(SharedData.images("large").resolve("dog_4032x3024.jpg")), 600);
		// 1/4 gives 756, 3/8 gives 1134... the smallest at least 600 is 1/4 (756).
		assertThat(forALargerModel.height()).isEqualTo(756);
		// At or below the threshold, full scale: PIL's own pixels for the model.
		byte[] small = SharedData.read(PHOTOS.resolve("caffe_cat.jpg"));
		assertThat(turbo.decode(small, 256).width()).isEqualTo(480);
	}

	@Test
	void whenTheFullSizeWouldNotFitTheHeapBudgetASmallerScaleIsDecoded() {
		byte[] cat = SharedData.read(SharedData.images("large").resolve("cat_8000x6000.jpg"));
		// Never scaled by choice here; 40 MB for the pixels and their upright copy:
		// 1/4 (2000x1500, 18 MB) is the largest that fits.
		ImageDecoder tight = decoder(JpegDecoder.LIBJPEG_TURBO, Long.MAX_VALUE, DataSize.ofMegabytes(40));
		DecodedImage image = tight.decode(cat, 256);
		assertThat(image.width()).isEqualTo(2000);
		assertThat(image.height()).isEqualTo(1500);
	}

	@Test
	void theJdksDecoderGivesTheSameImagesWhereTheLibraryIsMissing() throws IOException {
		List<Path> files = new ArrayList<>(jpegPhotos());
		try (Stream<Path> edge = Files.list(SharedData.images("edge"))) {
			edge.filter(f -> f.toString().endsWith(".jpg")).sorted().forEach(files::add);
		}
		for (Path file : files) {
			byte[] bytes = SharedData.read(file);
			DecodedImage fromTurbo = turbo.decode(bytes.clone(), 256);
			DecodedImage fromJdk = jdk.decode(bytes.clone(), 256);
			String name = file.getFileName().toString();
			assertThat(fromTurbo.width()).as(name).isEqualTo(fromJdk.width());
			assertThat(fromTurbo.height()).as(name).isEqualTo(fromJdk.height());
			assertThat(fromTurbo.channels()).as(name).isEqualTo(fromJdk.channels());
			long total = 0;
			for (int i = 0; i < fromTurbo.pixels().length; i++) {
				total += Math.abs((fromTurbo.pixels()[i] & 0xFF) - (fromJdk.pixels()[i] & 0xFF));
			}
			assertThat(total / (double) fromTurbo.pixels().length).as("%s: mean difference per sample", name)
				.isLessThan(1.0);
		}
	}

	private static ImageDecoder decoder(JpegDecoder which, long subsampleAbove, DataSize memory) {
		return new ImageDecoder(new ImageLimits(60_000_000, subsampleAbove, Duration.ofSeconds(30), memory,
				DataSize.ofMegabytes(256), which));
	}

	private static List<Path> jpegPhotos() throws IOException {
		try (Stream<Path> files = Files.list(PHOTOS)) {
			return files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
		}
	}

	/** Three bytes a pixel, as PIL's {@code convert("RGB")}. */
	private static byte[] rgb(DecodedImage image) {
		if (image.channels() == 3) {
			return image.pixels();
		}
		byte[] out = new byte[image.pixels().length * 3];
		for (int i = 0; i < image.pixels().length; i++) {
			out[3 * i] = image.pixels()[i];
			out[3 * i + 1] = image.pixels()[i];
			out[3 * i + 2] = image.pixels()[i];
		}
		return out;
	}

	/**
	 * Each file as Debian's PIL decodes it (RGB, no ICC conversion), one after another.
	 */
	private static List<byte[]> pilPixels(List<Path> jpegs) throws Exception {
		List<String> command = new ArrayList<>(
				List.of("/usr/bin/python3", "-c", "import sys\nfrom PIL import Image\nfor f in sys.argv[1:]:\n"
						+ "    sys.stdout.buffer.write(Image.open(f).convert('RGB').tobytes())\n"));
		jpegs.forEach(f -> command.add(f.toString()));
		Process python = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		byte[] all = python.getInputStream().readAllBytes();
		assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(python.exitValue()).as("Debian's PIL (python3-pil, with python3-torchvision)").isZero();
		List<byte[]> images = new ArrayList<>();
		int offset = 0;
		for (Path jpeg : jpegs) {
			DecodedImage image = new ImageDecoder(new ImageLimits(60_000_000, Long.MAX_VALUE, Duration.ofSeconds(30),
					DataSize.ofMegabytes(512), DataSize.ofMegabytes(256)))
				.decode(SharedData.read(jpeg), 256);
			int length = image.width() * image.height() * 3;
			byte[] one = new byte[length];
			System.arraycopy(all, offset, one, 0, length);
			images.add(one);
			offset += length;
		}
		assertThat(offset).isEqualTo(all.length);
		return images;
	}

}
