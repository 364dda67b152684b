package com.example.classifier.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The structural pass of a JPEG: every marker segment's length against the bytes there,
 * one frame header of a kind the JDK's decoder handles, and bounds on the work and memory
 * that decoding will take.
 *
 * <p>
 * A progressive (or any multi-scan) JPEG is decoded scan by scan, each pass over the
 * whole image, and its coefficients are held in native memory for the whole image,
 * whatever the subsampling: 2 bytes per coefficient, 180 MB for a 60-megapixel photo,
 * outside the Java heap. The JDK's JPEG reader cannot be aborted from another thread, so
 * these are bounded here, from the headers: at most {@link #MAX_SCANS} scans, and at most
 * {@link #MAX_SCAN_PIXELS} pixels over all scans (libjpeg's encoders write about 10
 * scans; libjpeg-turbo's tools offer a scan limit for untrusted files for the same
 * reason).
 */
final class JpegStructure {

	/** A byte array read as little-endian longs. */
	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	/** Over six times what encoders write. */
	static final int MAX_SCANS = 64;

	/**
	 * Scans times pixels: 64 scans of 12 megapixels, 12 scans of 60 (about 3 s of
	 * decoding on this machine).
	 */
	static final long MAX_SCAN_PIXELS = 64L * 12_000_000;

	/**
	 * Marker segments outside scans: real files have a few dozen, a progressive one a few
	 * hundred.
	 */
	static final int MAX_SEGMENTS = 4096;

	/** Huffman table segments: a progressive file has one or two a scan. */
	static final int MAX_HUFFMAN_SEGMENTS = 2 * MAX_SCANS;

	/**
	 * Heap that TwelveMonkeys' reader takes for each Huffman table segment it parses (its
	 * lossless decoder's lookup arrays, about 100 KB), however small the segment.
	 */
	private static final long HEAP_PER_HUFFMAN_SEGMENT = 128 * 1024;

	private JpegStructure() {
	}

	static ImageHeader read(byte[] jpeg) {
		Reading reading = new Reading(jpeg);
		forEachSegment(jpeg, reading);
		return reading.header();
	}

	/** The scans of a JPEG, for tests. */
	static int countScans(byte[] jpeg) {
		int[] scans = { 0 };
		forEachSegment(jpeg, (marker, pos, length) -> scans[0] += marker == 0xDA ? 1 : 0);
		return scans[0];
	}

	/**
	 * One marker segment: its marker, where it starts (at 0xFF) and its declared length.
	 */
	@FunctionalInterface
	private interface SegmentVisitor {

		void visit(int marker, int pos, int length);

	}

	/**
	 * Each marker segment after SOI, up to EOI or the end of the bytes (a truncated file:
	 * the decoder decodes what is there, as libjpeg does). A scan's entropy-coded data is
	 * passed over by {@link #nextMarker}.
	 */
	private static void forEachSegment(byte[] jpeg, SegmentVisitor visitor) {
		int pos = 2;
		while ((pos = nextMarker(jpeg, pos)) >= 0) {
			int marker = jpeg[pos + 1] & 0xFF;
			if (marker == 0xD9) {
				return;
			}
			if (marker == 0x01 || marker == 0xD8) {
				pos += 2;
				continue;
			}
			if (pos + 4 > jpeg.length) {
				return;
			}
			int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
			visitor.visit(marker, pos, length);
			pos += 2 + length;
		}
	}

	/**
	 * What {@link #read} learns segment by segment, refusing the file as soon as a bound
	 * is crossed.
	 */
	private static final class Reading implements SegmentVisitor {

		private final byte[] jpeg;

		private final StructureReader in;

		private int scans;

		private int segments;

		private int huffmanSegments;

		private long metadataBytes;

		private int width;

		private int height;

		private long coefficientBytes;

		private long rowBytes;

		private boolean progressive;

		private int exifOffset = -1;

		private int exifLength;

		Reading(byte[] jpeg) {
			this.jpeg = jpeg;
			this.in = new StructureReader(jpeg, "JPEG");
		}

		@Override
		public void visit(int marker, int pos, int length) {
			if (++segments > MAX_SEGMENTS) {
				throw in.tooComplex("marker segments", segments, MAX_SEGMENTS);
			}
			if (length < 2) {
				throw in.damaged("a segment has an impossible length");
			}
			if (isStartOfFrame(marker)) {
				frame(marker, pos, length);
			}
			else if (marker == 0xDA) {
				scans++;
			}
			else if (marker == 0xC4) {
				huffmanSegments++;
			}
			if (marker >= 0xE0 && marker <= 0xEF || marker == 0xFE) {
				// Application segments and comments: the reader keeps a copy of
				// those it knows.
				metadataBytes += length;
			}
			if (marker == 0xE1 && exifOffset < 0 && length >= 8 && in.matches(pos + 4, "Exif\0\0")) {
				exifOffset = pos + 10;
				exifLength = Math.min(length - 8, jpeg.length - exifOffset);
			}
		}

		private void frame(int marker, int pos, int length) {
			if (width != 0) {
				throw in.damaged("it has more than one frame header");
			}
			JpegFrame frame = JpegFrame.read(in, marker, pos, length);
			progressive = frame.progressive();
			width = frame.width();
			height = frame.height();
			coefficientBytes = frame.coefficientBytes();
			rowBytes = frame.rowBytes();
		}

		ImageHeader header() {
			if (width == 0) {
				throw in.damaged("it has no frame header");
			}
			if (scans > MAX_SCANS) {
				throw new ImageRejectedException(ImageRejectedException.Reason.UNDECODABLE, String.format(Locale.ROOT,
						"the JPEG file has %d scans, the limit is %d (encoders write about 10): it would take too long "
								+ "to decode",
						scans, MAX_SCANS));
			}
			if (huffmanSegments > MAX_HUFFMAN_SEGMENTS) {
				throw in.tooComplex("Huffman table segments", huffmanSegments, MAX_HUFFMAN_SEGMENTS);
			}
			boolean multiScan = progressive || scans > 1;
			long pixels = (long) width * height;
			if (multiScan && scans * pixels > MAX_SCAN_PIXELS) {
				throw new ImageRejectedException(ImageRejectedException.Reason.UNDECODABLE, String.format(Locale.ROOT,
						"the JPEG file has %d scans of %dx%d pixels: decoding it would take too long (at most %,d "
								+ "megapixels over all scans, for example 10 scans of 76 megapixels)",
						scans, width, height, MAX_SCAN_PIXELS / 1_000_000));
			}
			return ImageHeader.of(width, height)
				.withExif(exifOffset, exifLength)
				.withCost(metadataBytes + huffmanSegments * HEAP_PER_HUFFMAN_SEGMENT,
						rowBytes + (multiScan ? coefficientBytes : 0));
		}

	}

	/**
	 * The position of the next 0xFF byte at or after {@code pos}, or the length: eight
	 * bytes at a time (a scan's megabyte of entropy-coded data is mostly passed over
	 * here).
	 */
	static int nextFF(byte[] bytes, int pos) {
		while (pos + Long.BYTES <= bytes.length) {
			// 0xFF bytes are zero bytes of the complement; the lowest flagged byte is
			// the first zero byte.
			long complement = ~(long) LONGS.get(bytes, pos);
			long zeros = (complement - 0x0101010101010101L) & ~complement & 0x8080808080808080L;
			if (zeros != 0) {
				return pos + (Long.numberOfTrailingZeros(zeros) >>> 3);
			}
			pos += Long.BYTES;
		}
		while (pos < bytes.length && bytes[pos] != (byte) 0xFF) {
			pos++;
		}
		return pos;
	}

	/** Start-of-frame markers (C0 to CF but DHT, JPG and DAC). */
	private static boolean isStartOfFrame(int marker) {
		return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
	}

	/**
	 * The position of the next marker at or after {@code pos}: 0xFF followed by neither a
	 * stuffed zero, nor a fill byte, nor a restart marker (those only occur inside a
	 * scan's data); -1 if there is none. Bytes between segments that are not a marker are
	 * passed over, as libjpeg skips them (with a warning) and decodes on: a junk byte
	 * must not hide the scans after it.
	 */
	private static int nextMarker(byte[] jpeg, int pos) {
		while (pos + 1 < jpeg.length) {
			if ((jpeg[pos] & 0xFF) != 0xFF) {
				pos = nextFF(jpeg, pos + 1);
				continue;
			}
			int next = jpeg[pos + 1] & 0xFF;
			if (next == 0xFF) {
				pos++;
			}
			else if (next == 0x00 || next >= 0xD0 && next <= 0xD7) {
				pos += 2;
			}
			else {
				return pos;
			}
		}
		return -1;
	}

}
