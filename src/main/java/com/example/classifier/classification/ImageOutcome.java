package com.example.classifier.classification;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.image.Thumbnail;

/**
 * What became of one image of a request: classified, or refused with a reason the user
 * can act on.
 */
public sealed interface ImageOutcome {

	String filename();

	/**
	 * @param width the image's width, upright
	 * @param height the image's height, upright
	 * @param thumbnail a small picture for pages, made from the decoded pixels (never the
	 * uploaded bytes); null for the command line, which shows none
	 */
	record Classified(String filename, int width, int height, List<Prediction> predictions,
			@JsonIgnore Thumbnail thumbnail) implements ImageOutcome {

		public Prediction top() {
			return predictions.get(0);
		}
	}

	record Refused(String filename, ImageRejectedException refusal) implements ImageOutcome {

		public String message() {
			return refusal.getMessage();
		}
	}

}
