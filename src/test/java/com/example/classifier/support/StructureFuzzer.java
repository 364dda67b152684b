package com.example.classifier.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Structure-aware hostile files, seeded: each format's files cut into their units (JPEG
 * segments, PNG chunks, WebP chunks, GIF blocks, BMP header fields), then lengths lied
 * about, units flooded by the thousand, dimensions raised, and whole images of another
 * format nested inside. Unlike {@link ImageMutator}'s byte flips, these keep enough
 * structure to reach deep into the decoders.
 */
public final class StructureFuzzer {

	public record Case(String description, byte[] bytes) {
	}

	private final Random random;

	private final List<byte[]> jpegs = new ArrayList<>();

	private final List<byte[]> pngs = new ArrayList<>();

	private final List<byte[]> gifs = new ArrayList<>();

	private final List<byte[]> webps = new ArrayList<>();

	public StructureFuzzer(long seed) {
		this.random = new Random(seed);
		BufferedImage image = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 64; y++) {
			for (int x = 0; x < 96; x++) {
				image.setRGB(x, y, (x * 2) << 16 | (y * 4) << 8 | (x + y));
			}
		}
		jpegs.add(encode(image, "jpeg"));
		jpegs.add(ProgressiveJpeg.withExtraScans(96, 64, 0));
		jpegs.add(SharedData.read(SharedData.images("edge").resolve("cat_exif_rotated.jpg")));
		pngs.add(encode(image, "png"));
		pngs.add(SharedData.read(SharedData.images("edge").resolve("cat_rgba.png")));
		gifs.add(encode(image, "gif"));
		gifs.add(SharedData.read(SharedData.images("edge").resolve("cat.gif")));
		webps.add(SharedData.read(SharedData.images("edge").resolve("cat.webp")));
		webps.add(HostileImages.losslessWebp(96, 64));
	}

	/**
	 * Writes cases to files, for clients outside the JVM (container/test.sh sends them to
	 * the container): {@code StructureFuzzer <folder> <count> <seed>}.
	 */
	public static void main(String[] args) throws IOException {
		java.nio.file.Path folder = java.nio.file.Path.of(args[0]);
		java.nio.file.Files.createDirectories(folder);
		StructureFuzzer fuzzer = new StructureFuzzer(Long.parseLong(args[2]));
		for (int i = 0; i < Integer.parseInt(args[1]); i++) {
			java.nio.file.Files.write(folder.resolve(String.format("case-%05d.bin", i)), fuzzer.next().bytes());
		}
	}

	public synchronized Case next() {
		return switch (random.nextInt(5)) {
			case 0 -> units("JPEG", 2, false);
			case 1 -> units("PNG", 0, true);
			case 2 -> gif();
			case 3 -> webp();
			default -> bmp();
		};
	}

	/** JPEG segments (marker, length, payload; a scan with its data) after SOI. */
	private static List<int[]> jpegUnits(byte[] jpeg) {
		List<int[]> units = new ArrayList<>();
		int pos = 2;
		while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xFF) == 0xFF) {
			int marker = jpeg[pos + 1] & 0xFF;
			if (marker == 0xD9) {
				break;
			}
			int end = pos + 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
			if (marker == 0xDA) {
				while (end + 1 < jpeg.length && !((jpeg[end] & 0xFF) == 0xFF && (jpeg[end + 1] & 0xFF) != 0
						&& ((jpeg[end + 1] & 0xFF) < 0xD0 || (jpeg[end + 1] & 0xFF) > 0xD7))) {
					end++;
				}
			}
			units.add(new int[] { pos, Math.min(end, jpeg.length) });
			pos = end;
		}
		return units;
	}

	/** PNG chunks after the signature. */
	private static List<int[]> pngUnits(byte[] png) {
		List<int[]> units = new ArrayList<>();
		int pos = 8;
		while (pos + 12 <= png.length) {
			int end = pos + 12 + ByteBuffer.wrap(png, pos, 4).getInt();
			units.add(new int[] { pos, Math.min(end, png.length) });
			pos = end;
		}
		return units;
	}

	/**
	 * Lies about, floods, grows or nests the units of a file whose units carry a length
	 * at {@code lengthAt} (2 bytes big-endian for JPEG, 4 for PNG when
	 * {@code wideLength}).
	 */
	private Case units(String format, int lengthAt, boolean wideLength) {
		byte[] file = format.equals("JPEG") ? pick(jpegs) : pick(pngs);
		List<int[]> units = format.equals("JPEG") ? jpegUnits(file) : pngUnits(file);
		int[] unit = units.get(random.nextInt(units.size()));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		String what;
		switch (random.nextInt(5)) {
			case 0 -> {
				byte[] lied = file.clone();
				long lie = lie(unit[1] - unit[0]);
				int at = unit[0] + (wideLength ? 0 : lengthAt);
				if (wideLength) {
					ByteBuffer.wrap(lied, at, 4).putInt((int) lie);
				}
				else {
					ByteBuffer.wrap(lied, at, 2).putShort((short) lie);
				}
				out.writeBytes(lied);
				what = "length of a unit at " + unit[0] + " said to be " + lie;
			}
			case 1 -> {
				// Flooded, but within a few MB: the upload limits are not what
				// this tests.
				int copies = Math.min(1 + random.nextInt(random.nextBoolean() ? 50 : 5000),
						4_000_000 / Math.max(1, unit[1] - unit[0]));
				out.write(file, 0, unit[1]);
				for (int i = 0; i < copies; i++) {
					out.write(file, unit[0], unit[1] - unit[0]);
				}
				out.write(file, unit[1], file.length - unit[1]);
				what = "unit at " + unit[0] + " repeated " + copies + " times";
			}
			case 2 -> {
				byte[] grown = file.clone();
				growDimensions(format, grown);
				out.writeBytes(grown);
				what = "dimensions raised";
			}
			case 3 -> {
				byte[] nested = anyOtherImage();
				out.write(file, 0, unit[1]);
				if (format.equals("JPEG")) {
					int length = Math.min(65533, nested.length + 2);
					out.write(0xFF);
					out.write(0xE0 + random.nextInt(16));
					out.write(length >> 8);
					out.write(length);
					out.write(nested, 0, length - 2);
				}
				else {
					out.writeBytes(ByteBuffer.allocate(4).putInt(nested.length).array());
					out.writeBytes(new byte[] { 'z', 'T', 'X', 't' });
					out.writeBytes(nested);
					out.writeBytes(new byte[4]);
				}
				out.write(file, unit[1], file.length - unit[1]);
				what = "another image nested after the unit at " + unit[0];
			}
			default -> {
				out.write(file, 0, unit[0] + random.nextInt(Math.max(1, unit[1] - unit[0])));
				what = "cut inside the unit at " + unit[0];
			}
		}
		return new Case(format + ": " + what, out.toByteArray());
	}

	private void growDimensions(String format, byte[] file) {
		int big = random.nextBoolean() ? 0xFFFF : 1 + random.nextInt(20_000);
		if (format.equals("JPEG")) {
			for (int[] unit : jpegUnits(file)) {
				int marker = file[unit[0] + 1] & 0xFF;
				if (marker >= 0xC0 && marker <= 0xC2) {
					ByteBuffer.wrap(file, unit[0] + 5, 4)
						.putShort((short) big)
						.putShort((short) (random.nextInt(0x10000)));
				}
			}
		}
		else {
			ByteBuffer.wrap(file, 16, 8)
				.putInt(random.nextBoolean() ? big : random.nextInt())
				.putInt(random.nextInt(big + 1));
		}
	}

	private Case gif() {
		ByteArrayOutputStream gif = new ByteArrayOutputStream();
		gif.writeBytes("GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		int width = dimension();
		int height = dimension();
		gif.writeBytes(ByteBuffer.allocate(4)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putShort((short) width)
			.putShort((short) height)
			.array());
		gif.writeBytes(new byte[] { (byte) 0x80, 0, 0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255 });
		int extensions = random.nextInt(random.nextBoolean() ? 5 : 300);
		int subBlocksInAll = 0;
		for (int i = 0; i < extensions; i++) {
			gif.write(0x21);
			gif.write(random.nextBoolean() ? 0xFE : 0xFF);
			int subBlocks = random.nextInt(random.nextBoolean() ? 10 : 3000);
			subBlocksInAll += subBlocks;
			for (int j = 0; j < subBlocks; j++) {
				int size = 1 + random.nextInt(255);
				gif.write(size);
				// sometimes a lie
				byte[] data = new byte[random.nextInt(20) == 0 ? random.nextInt(size) : size];
				random.nextBytes(data);
				gif.writeBytes(data);
			}
			gif.write(0);
		}
		int frames = 1 + random.nextInt(random.nextBoolean() ? 3 : 500);
		for (int f = 0; f < frames; f++) {
			gif.writeBytes(new byte[] { 0x2C, 0, 0, 0, 0 });
			gif.writeBytes(ByteBuffer.allocate(4)
				.order(ByteOrder.LITTLE_ENDIAN)
				.putShort((short) width)
				.putShort((short) height)
				.array());
			gif.write(random.nextInt(8) == 0 ? 0x40 : 0);
			gif.write(random.nextInt(10) == 0 ? random.nextInt(256) : 2);
			int blocks = Math.min(random.nextInt(random.nextBoolean() ? 4 : 2000), 4_000_000 / (256 * frames));
			for (int b = 0; b < blocks; b++) {
				byte[] data = new byte[1 + random.nextInt(255)];
				random.nextBytes(data);
				gif.write(data.length);
				gif.writeBytes(data);
			}
			gif.write(0);
		}
		if (random.nextBoolean()) {
			gif.writeBytes(anyOtherImage());
		}
		gif.write(0x3B);
		return new Case(String.format("GIF: %dx%d, %d extensions of %d sub-blocks, %d frames", width, height,
				extensions, subBlocksInAll, frames), gif.toByteArray());
	}

	private Case webp() {
		byte[] base = pick(webps);
		List<byte[]> chunks = new ArrayList<>();
		for (int pos = 12; pos + 8 <= base.length;) {
			int length = ByteBuffer.wrap(base, pos + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
			int end = Math.min(base.length, pos + 8 + length + (length & 1));
			chunks.add(java.util.Arrays.copyOfRange(base, pos, end));
			pos = end;
		}
		String what;
		switch (random.nextInt(4)) {
			case 0 -> {
				byte[] chunk = chunks.get(random.nextInt(chunks.size()));
				ByteBuffer.wrap(chunk, 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) lie(chunk.length - 8));
				what = "a chunk's length lied about";
			}
			case 1 -> {
				int copies = random.nextInt(random.nextBoolean() ? 20 : 3000);
				String[] kinds = { "ANMF", "ALPH", "EXIF", "XMP ", "ICCP", "VP8L" };
				for (int i = 0; i < copies; i++) {
					byte[] data = new byte[random.nextInt(64)];
					random.nextBytes(data);
					chunks.add(chunk(kinds[random.nextInt(kinds.length)], data));
				}
				what = copies + " chunks added";
			}
			case 2 -> {
				ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
				vp8x.put((byte) random.nextInt(256)).put(new byte[3]);
				int w = random.nextInt(1 << 24);
				int h = random.nextInt(1 << 14);
				vp8x.put((byte) w)
					.put((byte) (w >> 8))
					.put((byte) (w >> 16))
					.put((byte) h)
					.put((byte) (h >> 8))
					.put((byte) 0);
				chunks.add(0, chunk("VP8X", vp8x.array()));
				what = "an extended header of " + (w + 1) + "x" + (h + 1);
			}
			default -> {
				chunks.add(random.nextInt(chunks.size() + 1), chunk("VP8L", anyOtherImage()));
				what = "another image nested as a chunk";
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		chunks.forEach(body::writeBytes);
		ByteBuffer riff = ByteBuffer.allocate(12 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
		riff.put(new byte[] { 'R', 'I', 'F', 'F' })
			.putInt(random.nextInt(10) == 0 ? random.nextInt() : 4 + body.size());
		riff.put(new byte[] { 'W', 'E', 'B', 'P' }).put(body.toByteArray());
		return new Case("WebP: " + what, riff.array());
	}

	private Case bmp() {
		int width = dimension();
		int height = random.nextBoolean() ? dimension() : -dimension();
		int[] headers = { 12, 40, 56, 108, 124, random.nextInt(200) };
		int header = headers[random.nextInt(headers.length)];
		int[] depths = { 1, 4, 8, 16, 24, 32, random.nextInt(64) };
		int bits = depths[random.nextInt(depths.length)];
		int compression = random.nextInt(7);
		int pixels = random.nextInt(random.nextBoolean() ? 64 : 20_000);
		ByteBuffer bmp = ByteBuffer.allocate(14 + Math.max(header, 40) + 1024 + pixels).order(ByteOrder.LITTLE_ENDIAN);
		bmp.put((byte) 'B').put((byte) 'M').putInt(random.nextBoolean() ? bmp.capacity() : random.nextInt());
		bmp.putInt(0).putInt(random.nextInt(10) == 0 ? random.nextInt() : 14 + header + 1024);
		bmp.putInt(header).putInt(width).putInt(height).putShort((short) 1).putShort((short) bits).putInt(compression);
		bmp.putInt(random.nextBoolean() ? pixels : random.nextInt()).putInt(2835).putInt(2835);
		bmp.putInt(random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(257)).putInt(0);
		while (bmp.position() < 14 + header && bmp.remaining() >= 4) {
			bmp.putInt(random.nextInt(4) == 0 ? random.nextInt() : 0x4D424544);
		}
		byte[] rest = new byte[bmp.remaining()];
		random.nextBytes(rest);
		if (random.nextBoolean()) {
			byte[] nested = anyOtherImage();
			System.arraycopy(nested, 0, rest, 1024 % rest.length,
					Math.min(nested.length, rest.length - 1024 % rest.length));
		}
		bmp.put(rest);
		return new Case(String.format("BMP: header %d, %dx%d, %d bits, compression %d", header, width, height, bits,
				compression), bmp.array());
	}

	private int dimension() {
		return switch (random.nextInt(4)) {
			case 0 -> 1 + random.nextInt(64);
			case 1 -> 1 + random.nextInt(4000);
			case 2 -> 0xFFFF - random.nextInt(3);
			default -> 1 + random.nextInt(20_000);
		};
	}

	private long lie(int truth) {
		return switch (random.nextInt(5)) {
			case 0 -> 0;
			case 1 -> 0xFFFF;
			case 2 -> Integer.MAX_VALUE;
			case 3 -> Math.max(0, truth + random.nextInt(64) - 32);
			default -> random.nextInt() & 0x7FFFFFFFL;
		};
	}

	private byte[] anyOtherImage() {
		List<List<byte[]>> all = List.of(jpegs, pngs, gifs, webps);
		return pick(all.get(random.nextInt(all.size())));
	}

	private byte[] pick(List<byte[]> files) {
		return files.get(random.nextInt(files.size()));
	}

	private static byte[] chunk(String fourCc, byte[] data) {
		ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
		chunk.put(fourCc.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(data.length).put(data);
		return chunk.array();
	}

	private static byte[] encode(BufferedImage image, String format) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(image, format, out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
