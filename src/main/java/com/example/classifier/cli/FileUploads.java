package com.example.classifier.cli;

import java.util.List;

import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.cli.ImageFiles.ImageFile;
import com.example.classifier.image.ImageBytes;

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
		return files.stream()
			.map(file -> new ImageUpload(file.name(), () -> ImageBytes.ofFile(file.path(), maxFileBytes)))
			.toList();
	}

	/**
	 * The outcome under the file's name as given (a path): uploads keep the last segment
	 * only. Outcomes come in the order of the files.
	 */
	static ImageOutcome.Classified named(ImageOutcome.Classified result, String name) {
		return new ImageOutcome.Classified(name, result.width(), result.height(), result.predictions(), null);
	}

}
