package com.example.classifier.image;

import java.util.ArrayList;
import java.util.List;

/**
 * Hides the embedded ICC profile (APP2 {@code ICC_PROFILE} segments) of a YCbCr or
 * grayscale JPEG from the readers.
 *
 * <p>
 * PIL, and so every torchvision user, ignores the profile of such files; the JDK and
 * TwelveMonkeys readers apply it, which shifts colours and changes the answer (by 0.04 in
 * probability on one of the reference photos). CMYK and YCCK files keep their profile:
 * without it their colours are wrong.
 */
final class JpegIccProfile {

	private static final byte[] ICC_ID = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private JpegIccProfile() {
	}

	/**
	 * Hides the JPEG's ICC profile from readers, in place, unless it has none, is CMYK,
	 * or is malformed. The profile's segments stay where they are, renamed so that no
	 * reader takes them for a profile: no copy of the file is made.
	 */
	static void hideUnlessCmyk(byte[] jpeg) {
		List<Integer> profileSegments = new ArrayList<>();
		int pos = 2;
		while (pos + 4 <= jpeg.length) {
			if ((jpeg[pos] & 0xFF) != 0xFF) {
				return;
			}
			int marker = jpeg[pos + 1] & 0xFF;
			if (marker == 0xFF) {
				pos++;
				continue;
			}
			if (marker == 0xDA || marker == 0xD9) {
				break;
			}
			if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
				pos += 2;
				continue;
			}
			int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
			int end = pos + 2 + length;
			if (length < 2 || end > jpeg.length) {
				return;
			}
			if (isStartOfFrame(marker) && length >= 8 && (jpeg[pos + 9] & 0xFF) == 4) {
				return;
			}
			if (marker == 0xE2 && isIccSegment(jpeg, pos + 4, end)) {
				profileSegments.add(pos + 4);
			}
			pos = end;
		}
		// Only once the whole header is known to be neither CMYK nor malformed.
		for (int identifier : profileSegments) {
			jpeg[identifier] = 'X'; // "XCC_PROFILE": an APP2 segment no reader knows
		}
	}

	private static boolean isStartOfFrame(int marker) {
		return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
	}

	private static boolean isIccSegment(byte[] jpeg, int from, int end) {
		if (end - from < ICC_ID.length) {
			return false;
		}
		for (int i = 0; i < ICC_ID.length; i++) {
			if (jpeg[from + i] != ICC_ID[i]) {
				return false;
			}
		}
		return true;
	}

}
