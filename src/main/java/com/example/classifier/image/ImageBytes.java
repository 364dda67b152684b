package com.example.classifier.image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import com.example.classifier.image.ImageRejectedException.Reason;

/**
 * An image file's bytes, as an upload's: refused unread over the size limit an upload
 * has, and every failure to read it said as a refusal of that image.
 */
public final class ImageBytes {

	private ImageBytes() {
	}

	/**
	 * @throws ImageRejectedException if it is not a regular readable file, or is larger
	 * than {@code maxBytes}
	 */
	public static byte[] ofFile(Path file, long maxBytes) {
		try {
			if (!Files.isRegularFile(file)) {
				throw refused("not a regular file");
			}
			if (Files.size(file) > maxBytes) {
				throw new ImageRejectedException(Reason.TOO_LARGE, String.format(Locale.ROOT,
						"the file is larger than the limit of %dMB per file", maxBytes / (1024 * 1024)));
			}
			return Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			throw refused("no such file");
		}
		catch (AccessDeniedException ex) {
			throw refused("cannot read: permission denied");
		}
		catch (IOException ex) {
			throw refused("cannot read: " + ex.getMessage());
		}
		catch (OutOfMemoryError ex) {
			throw refused("cannot read: the file is too large to hold in memory");
		}
	}

	private static ImageRejectedException refused(String reason) {
		return new ImageRejectedException(Reason.UNDECODABLE, reason);
	}

}
