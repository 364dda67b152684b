package com.example.classifier.support;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damaged copies of valid images, reproducible from a seed: truncated, bytes flipped,
 * junk inserted, regions zeroed, and headers claiming absurd sizes, the ways real uploads
 * and attackers break files.
 */
public final class ImageMutator {

	/** Small valid files of every format the service decodes. */
	public static final List<Path> SEEDS = List.of(SharedData.images("photos").resolve("serve_wf_cat.jpg"),
			SharedData.images("edge").resolve("cat_progressive.jpg"), SharedData.images("edge").resolve("cat.gif"),
			SharedData.images("edge").resolve("cat.webp"), SharedData.images("edge").resolve("cat_gray.png"),
			SharedData.images("edge").resolve("one_pixel.png"),
			SharedData.images("edge").resolve("cat_exif_rotated.jpg"),
			SharedData.images("mnist").resolve("mnist_7.png"), SharedData.images("edge").resolve("cat_cmyk.jpg"),
			SharedData.images("edge").resolve("cat.bmp"));

	private final Random random;

	private final List<byte[]> seeds;

	public ImageMutator(long seed) {
		this.random = new Random(seed);
		this.seeds = SEEDS.stream().map(SharedData::read).toList();
	}

	public record Mutant(String description, byte[] bytes) {
	}

	public Mutant next() {
		int which = random.nextInt(seeds.size());
		byte[] bytes = seeds.get(which).clone();
		String name = SEEDS.get(which).getFileName().toString();
		return switch (random.nextInt(6)) {
			case 0 -> {
				int length = random.nextInt(bytes.length);
				yield new Mutant(name + " truncated to " + length, Arrays.copyOf(bytes, length));
			}
			case 1 -> {
				int flips = 1 + random.nextInt(20);
				for (int i = 0; i < flips; i++) {
					bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
				}
				yield new Mutant(name + " with " + flips + " bytes flipped", bytes);
			}
			case 2 -> {
				int at = random.nextInt(Math.min(bytes.length, 2048));
				byte[] junk = new byte[1 + random.nextInt(64)];
				random.nextBytes(junk);
				byte[] out = new byte[bytes.length + junk.length];
				System.arraycopy(bytes, 0, out, 0, at);
				System.arraycopy(junk, 0, out, at, junk.length);
				System.arraycopy(bytes, at, out, at + junk.length, bytes.length - at);
				yield new Mutant(name + " with " + junk.length + " junk bytes at " + at, out);
			}
			case 3 -> {
				int from = random.nextInt(bytes.length);
				int to = Math.min(bytes.length, from + 1 + random.nextInt(4096));
				Arrays.fill(bytes, from, to, (byte) 0);
				yield new Mutant(name + " zeroed from " + from + " to " + to, bytes);
			}
			case 4 -> new Mutant(name + " with absurd header size", absurdSize(bytes));
			default -> {
				// Early bytes hold the headers, where damage hurts decoders most.
				int flips = 1 + random.nextInt(4);
				for (int i = 0; i < flips; i++) {
					bytes[random.nextInt(Math.min(bytes.length, 64))] = (byte) random.nextInt(256);
				}
				yield new Mutant(name + " with header bytes replaced", bytes);
			}
		};
	}

	/** Writes a huge or nonsensical width and height where the format keeps them. */
	private byte[] absurdSize(byte[] bytes) {
		int[] sizes = { 0xFFFF, 0x7FFFFFFF, 0, 1, 65500, 30000, 0xFFFFFFFF };
		int w = sizes[random.nextInt(sizes.length)];
		int h = sizes[random.nextInt(sizes.length)];
		if ((bytes[0] & 0xFF) == 0x89) { // PNG IHDR
			putBigEndian(bytes, 16, w, 4);
			putBigEndian(bytes, 20, h, 4);
		}
		else if (bytes[0] == 'G') { // GIF logical screen
			putLittleEndian(bytes, 6, w, 2);
			putLittleEndian(bytes, 8, h, 2);
		}
		else if (bytes[0] == 'R') { // WebP VP8 frame header (14-bit sizes)
			putLittleEndian(bytes, 26, w & 0x3FFF, 2);
			putLittleEndian(bytes, 28, h & 0x3FFF, 2);
		}
		else { // JPEG: the first start-of-frame segment
			for (int i = 2; i + 9 < bytes.length; i++) {
				int marker = bytes[i + 1] & 0xFF;
				if ((bytes[i] & 0xFF) == 0xFF && (marker == 0xC0 || marker == 0xC2 || marker == 0xC1)) {
					putBigEndian(bytes, i + 5, h, 2);
					putBigEndian(bytes, i + 7, w, 2);
					break;
				}
			}
		}
		return bytes;
	}

	private static void putBigEndian(byte[] bytes, int at, int value, int length) {
		for (int i = 0; i < length && at + i < bytes.length; i++) {
			bytes[at + i] = (byte) (value >>> (8 * (length - 1 - i)));
		}
	}

	private static void putLittleEndian(byte[] bytes, int at, int value, int length) {
		for (int i = 0; i < length && at + i < bytes.length; i++) {
			bytes[at + i] = (byte) (value >>> (8 * i));
		}
	}

}
