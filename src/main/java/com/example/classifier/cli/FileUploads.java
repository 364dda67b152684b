package com.example.classifier.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;

import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.cli.ImageFiles.ImageFile;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.image.ImageRejectedException.Reason;

/**
 * Files as uploads for
 * {@link com.example.classifier.classification.ClassificationService#classifyAll}: each
 * read on a decode thread when its turn comes, refused unread over the API's size limit,
 * as the API refuses larger uploads.
 */
final class FileUploads {

	private FileUploads() {
	}

	static List<ImageUpload> of(List<ImageFile> files, long maxFileBytes) {
		return files.stream().map(file -> new ImageUpload(file.name(), () -> read(file, maxFileBytes))).toList();
	}

	/**
	 * The outcome under the file's name as given (a path): uploads keep the last segment
	 * only. Outcomes come in the order of the files.
	 */
	static ImageOutcome.Classified named(ImageOutcome.Classified result, String name) {
		return new ImageOutcome.Classified(name, result.width(), result.height(), result.predictions(), null);
	}

	private static byte[] read(ImageFile file, long maxFileBytes) {
		try {
			if (!Files.isRegularFile(file.path())) {
				throw refused("not a regular file");
			}
			if (Files.size(file.path()) > maxFileBytes) {
				throw new ImageRejectedException(Reason.TOO_LARGE, String.format(Locale.ROOT,
						"the file is larger than the limit of %dMB per file", maxFileBytes / (1024 * 1024)));
			}
			return Files.readAllBytes(file.path());
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
