package com.example.classifier.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Small files that cost a decoder far more than their size: each reproduces one way an
 * upload crashed or stalled the server before the structural passes (issue 15). Built
 * here, byte by byte, so that no such file is committed.
 */
public final class HostileImages {

	private HostileImages() {
	}

	/**
	 * A BMP whose header says it wraps a JPEG (or, with {@code png}, a PNG) of
	 * {@code declaredSize} bytes.
	 */
	public static byte[] bmpWrapping(boolean png, long declaredSize, byte[] embedded) {
		ByteBuffer bmp = ByteBuffer.allocate(14 + 40 + embedded.length).order(ByteOrder.LITTLE_ENDIAN);
		bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(14 + 40);
		bmp.putInt(40).putInt(100).putInt(100).putShort((short) 1).putShort((short) 0).putInt(png ? 5 : 4);
		bmp.putInt((int) declaredSize).putInt(2835).putInt(2835).putInt(0).putInt(0);
		bmp.put(embedded);
		return bmp.array();
	}

	/**
	 * A valid 24-bit BMP of {@code width x height}, with {@code trailer} after its
	 * pixels.
	 */
	public static byte[] bmp(int width, int height, byte[] trailer) {
		int row = (width * 3 + 3) & ~3;
		ByteBuffer bmp = ByteBuffer.allocate(14 + 40 + row * height + trailer.length).order(ByteOrder.LITTLE_ENDIAN);
		bmp.put((byte) 'B').put((byte) 'M').putInt(bmp.capacity()).putInt(0).putInt(14 + 40);
		bmp.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0);
		bmp.putInt(row * height).putInt(2835).putInt(2835).putInt(0).putInt(0);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < row; x++) {
				bmp.put((byte) (x * 7 + y * 3));
			}
		}
		bmp.put(trailer);
		return bmp.array();
	}

	/**
	 * A 1x1 PNG whose {@code eXIf} chunk declares {@code declaredLength} bytes and holds
	 * a few.
	 */
	public static byte[] pngWithExifDeclaring(long declaredLength) {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(1).putInt(1).put((byte) 8).put((byte) 2).array());
		png.writeBytes(ByteBuffer.allocate(4).putInt((int) declaredLength).array());
		png.writeBytes("eXIfMM\0*\0\0\0\u0008\0\0".getBytes(StandardCharsets.ISO_8859_1));
		chunk(png, "IDAT", deflate(new byte[] { 0, 1, 2, 3 }));
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	/**
	 * A valid 16-bit RGB PNG of {@code width x 1}, all black: a few hundred KB for 60
	 * million pixels.
	 */
	public static byte[] pngRow(int width) {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(1).put((byte) 16).put((byte) 2).array());
		Deflater deflater = new Deflater(9);
		byte[] zeros = new byte[1 << 20];
		long remaining = 1 + (long) width * 6;
		ByteArrayOutputStream idat = new ByteArrayOutputStream();
		byte[] out = new byte[1 << 16];
		while (remaining > 0) {
			int n = (int) Math.min(zeros.length, remaining);
			deflater.setInput(zeros, 0, n);
			remaining -= n;
			while (!deflater.needsInput()) {
				idat.write(out, 0, deflater.deflate(out));
			}
		}
		deflater.finish();
		while (!deflater.finished()) {
			idat.write(out, 0, deflater.deflate(out));
		}
		chunk(png, "IDAT", idat.toByteArray());
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	/**
	 * A valid lossless WebP of {@code width x height} in one colour: a few dozen bytes
	 * whatever the size.
	 */
	public static byte[] losslessWebp(int width, int height) {
		Bits bits = new Bits();
		bits.write(0x2F, 8);
		bits.write(width - 1, 14);
		bits.write(height - 1, 14);
		bits.write(0, 1); // no alpha
		bits.write(0, 3); // version
		bits.write(0, 1); // no transform
		bits.write(0, 1); // no colour cache
		bits.write(0, 1); // no meta prefix codes
		for (int code = 0; code < 5; code++) {
			bits.write(1, 1); // simple code
			bits.write(0, 1); // one symbol
			bits.write(0, 1); // of one bit
			bits.write(0, 1); // symbol 0: each pixel takes no bits at all
		}
		return riff("VP8L", bits.toByteArray(), new byte[0]);
	}

	/**
	 * The same image with an XMP chunk of {@code properties} properties after it (VP8X
	 * says so).
	 */
	public static byte[] webpWithXmp(int properties) {
		byte[] lossless = losslessWebp(64, 64);
		byte[] vp8l = java.util.Arrays.copyOfRange(lossless, 20, lossless.length);
		ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
		vp8x.put((byte) 0x04); // XMP present
		vp8x.put(new byte[3]);
		vp8x.put((byte) 63).put((byte) 0).put((byte) 0).put((byte) 63).put((byte) 0).put((byte) 0);
		ByteArrayOutputStream chunks = new ByteArrayOutputStream();
		riffChunk(chunks, "VP8X", vp8x.array());
		riffChunk(chunks, "VP8L", vp8l);
		riffChunk(chunks, "XMP ", xmp(properties));
		return riff(chunks.toByteArray());
	}

	/**
	 * A 1x1 GIF whose first image follows a comment of {@code subBlocks} one-byte
	 * sub-blocks.
	 */
	public static byte[] gifWithComment(int subBlocks) {
		ByteArrayOutputStream gif = gifHeader();
		gif.write(0x21);
		gif.write(0xFE);
		for (int i = 0; i < subBlocks; i++) {
			gif.write(1);
			gif.write('x');
		}
		gif.write(0);
		return gifImage(gif);
	}

	/**
	 * A 1x1 GIF with an XMP application extension of {@code properties} properties before
	 * its image.
	 */
	public static byte[] gifWithXmp(int properties) {
		ByteArrayOutputStream gif = gifHeader();
		gif.write(0x21);
		gif.write(0xFF);
		gif.write(11);
		gif.writeBytes("XMP DataXMP".getBytes(StandardCharsets.US_ASCII));
		byte[] xmp = xmp(properties);
		for (int i = 0; i < xmp.length; i += 255) {
			int n = Math.min(255, xmp.length - i);
			gif.write(n);
			gif.write(xmp, i, n);
		}
		gif.write(0);
		return gifImage(gif);
	}

	/** An XMP packet of {@code properties} properties: about 22 bytes each. */
	public static byte[] xmp(int properties) {
		StringBuilder xmp = new StringBuilder("<?xpacket begin=\"\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
				+ "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:a=\"urn:a\"");
		for (int i = 0; i < properties; i++) {
			xmp.append(" a:p").append(i).append("=\"v\"");
		}
		return xmp.append("/></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>").toString().getBytes(StandardCharsets.UTF_8);
	}

	private static ByteArrayOutputStream gifHeader() {
		ByteArrayOutputStream gif = new ByteArrayOutputStream();
		gif.writeBytes("GIF89a".getBytes(StandardCharsets.US_ASCII));
		gif.writeBytes(new byte[] { 1, 0, 1, 0, (byte) 0x80, 0, 0 }); // 1x1, a colour
																		// table of two
		gif.writeBytes(new byte[] { 0, 0, 0, (byte) 255, (byte) 255, (byte) 255 });
		return gif;
	}

	private static byte[] gifImage(ByteArrayOutputStream gif) {
		gif.writeBytes(new byte[] { 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0 });
		gif.writeBytes(new byte[] { 2, 2, 0x44, 0x01, 0 }); // LZW: clear, pixel 0, end
		gif.write(0x3B);
		return gif.toByteArray();
	}

	private static byte[] riff(String fourCc, byte[] data, byte[] more) {
		ByteArrayOutputStream chunks = new ByteArrayOutputStream();
		riffChunk(chunks, fourCc, data);
		chunks.writeBytes(more);
		return riff(chunks.toByteArray());
	}

	private static byte[] riff(byte[] chunks) {
		ByteBuffer riff = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
		riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length);
		riff.put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks);
		return riff.array();
	}

	private static void riffChunk(ByteArrayOutputStream out, String fourCc, byte[] data) {
		out.writeBytes(fourCc.getBytes(StandardCharsets.US_ASCII));
		out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length).array());
		out.writeBytes(data);
		if ((data.length & 1) != 0) {
			out.write(0);
		}
	}

	/** One PNG chunk: length, type, data, CRC of type and data. */
	public static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
		byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		png.writeBytes(typeBytes);
		png.writeBytes(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	private static byte[] deflate(byte[] raw) {
		Deflater deflater = new Deflater();
		deflater.setInput(raw);
		deflater.finish();
		byte[] out = new byte[raw.length + 64];
		int n = deflater.deflate(out);
		return java.util.Arrays.copyOf(out, n);
	}

	/** Bits written least significant first, as WebP's lossless format reads them. */
	private static final class Bits {

		private final ByteArrayOutputStream out = new ByteArrayOutputStream();

		private long buffer;

		private int count;

		void write(int value, int bits) {
			buffer |= (long) (value & ((1L << bits) - 1)) << count;
			count += bits;
			while (count >= 8) {
				out.write((int) (buffer & 0xFF));
				buffer >>>= 8;
				count -= 8;
			}
		}

		byte[] toByteArray() {
			if (count > 0) {
				out.write((int) (buffer & 0xFF));
			}
			out.writeBytes(new byte[8]);
			return out.toByteArray();
		}

	}

}
