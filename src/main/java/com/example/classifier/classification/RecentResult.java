package com.example.classifier.classification;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.example.classifier.image.Thumbnail;

/**
 * One classified image as remembered for the home page: a small thumbnail and the answer,
 * never the upload.
 */
public record RecentResult(String filename, int width, int height, List<Prediction> predictions, String model,
		Instant time, @JsonIgnore Thumbnail thumbnail) {

	public Prediction top() {
		return predictions.get(0);
	}
}
