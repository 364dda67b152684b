package com.example.classifier.image;

import java.util.Locale;

import com.example.classifier.image.ImageRejectedException.Reason;

/**
 * Refuses JPEGs with more scans than any encoder writes. A progressive JPEG is decoded scan by scan, each pass over
 * the whole image: a 15-byte scan repeated a few hundred times makes a 100 KB file that takes seconds of CPU per
 * hundred scans at 12 megapixels (measured here: 19 ms a scan at 12 megapixels, 58 ms at 48), and the JDK's JPEG
 * reader cannot be aborted from another thread, so the decode timeout cannot stop it. libjpeg's progressive
 * encoders write about 10 scans; libjpeg-turbo's tools offer a scan limit for untrusted files for the same reason.
 */
final class JpegScans {

	/** Over six times what encoders write; at 48 megapixels about 4 s of decoding. */
	static final int MAX_SCANS = 64;

	private JpegScans() {
	}

	/** @throws ImageRejectedException if the JPEG has more than {@link #MAX_SCANS} scans */
	static void refuseTooMany(byte[] jpeg) {
		int scans = count(jpeg);
		if (scans > MAX_SCANS) {
			throw new ImageRejectedException(Reason.UNDECODABLE, String.format(Locale.ROOT,
					"the JPEG file has %d scans, the limit is %d (encoders write about 10): it would take too long to decode",
					scans, MAX_SCANS));
		}
	}

	/**
	 * Start-of-scan markers. Bytes between segments that are not a marker are skipped, as libjpeg skips them (with a
	 * warning) and decodes on: a junk byte must not hide the scans after it.
	 */
	static int count(byte[] jpeg) {
		int scans = 0;
		int pos = 2;
		while ((pos = nextMarker(jpeg, pos)) >= 0) {
			int marker = jpeg[pos + 1] & 0xFF;
			if (marker == 0xD9) {
				return scans;
			}
			if (marker == 0x01 || marker == 0xD8 || isRestart(marker) || pos + 4 > jpeg.length) {
				pos += 2;
				continue;
			}
			int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
			pos += 2 + Math.max(length, 0);
			if (marker == 0xDA) {
				scans++;
				pos = endOfEntropyCodedData(jpeg, pos);
			}
		}
		return scans;
	}

	/** The position of the next marker (0xFF, then neither 0x00 nor another 0xFF) at or after pos; -1 if none. */
	private static int nextMarker(byte[] jpeg, int pos) {
		while (pos + 1 < jpeg.length) {
			if ((jpeg[pos] & 0xFF) != 0xFF) {
				pos++;
				continue;
			}
			int next = jpeg[pos + 1] & 0xFF;
			if (next == 0xFF) {
				pos++;
			}
			else if (next == 0x00) {
				pos += 2;
			}
			else {
				return pos;
			}
		}
		return -1;
	}

	/** The position of the first marker after a scan's data: 0xFF not followed by a stuffed zero or a restart. */
	private static int endOfEntropyCodedData(byte[] jpeg, int pos) {
		while (pos + 1 < jpeg.length) {
			if ((jpeg[pos] & 0xFF) != 0xFF) {
				pos++;
				continue;
			}
			int next = jpeg[pos + 1] & 0xFF;
			if (next == 0xFF) {
				pos++;
			}
			else if (next == 0x00 || isRestart(next)) {
				pos += 2;
			}
			else {
				return pos;
			}
		}
		return jpeg.length;
	}

	private static boolean isRestart(int marker) {
		return marker >= 0xD0 && marker <= 0xD7;
	}
}
