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
	 * Start-of-scan markers. Whatever lies between markers is passed over: a scan's entropy-coded data, and bytes
	 * between segments that are not a marker, which libjpeg skips (with a warning) and decodes on: a junk byte must
	 * not hide the scans after it.
	 */
	static int count(byte[] jpeg) {
		int scans = 0;
		int pos = 2;
		while ((pos = nextMarker(jpeg, pos)) >= 0) {
			int marker = jpeg[pos + 1] & 0xFF;
			if (marker == 0xD9) {
				return scans;
			}
			if (marker == 0x01 || marker == 0xD8 || pos + 4 > jpeg.length) {
				pos += 2;
				continue;
			}
			if (marker == 0xDA) {
				scans++;
			}
			// The segment's own bytes (a scan's header; its data follows and is passed over by nextMarker).
			pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
		}
		return scans;
	}

	/**
	 * The position of the next marker at or after {@code pos}: 0xFF followed by neither a stuffed zero, nor a fill
	 * byte, nor a restart marker (those only occur inside a scan's data); -1 if there is none.
	 */
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
			else if (next == 0x00 || isRestart(next)) {
				pos += 2;
			}
			else {
				return pos;
			}
		}
		return -1;
	}

	private static boolean isRestart(int marker) {
		return marker >= 0xD0 && marker <= 0xD7;
	}
}
