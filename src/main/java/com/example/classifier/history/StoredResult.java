package com.example.classifier.history;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import com.example.classifier.classification.Prediction;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.image.Thumbnail;

/**
 * One recent result as JSON in the shared store, its thumbnail with it.
 *
 * @param time microseconds since the epoch, by the store's clock: written by the store
 * (push.lua), absent in what an instance sends
 * @param thumbnail the thumbnail's JPEG in base64, or null when it did not fit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StoredResult(Long time, String filename, int width, int height, List<Prediction> predictions, String model,
		int thumbnailWidth, int thumbnailHeight, String thumbnail) {

	/**
	 * @throws IllegalArgumentException for an entry that lacks what a recent result shows
	 * (another program writing under this prefix)
	 */
	RecentResult toRecentResult() {
		if (time == null || filename == null || model == null || predictions == null || predictions.isEmpty()) {
			throw new IllegalArgumentException("not a recent result: time, filename, model or predictions missing");
		}
		byte[] jpeg = thumbnail == null ? null : Base64.getDecoder().decode(thumbnail);
		return new RecentResult(filename, width, height, predictions, model,
				Instant.ofEpochSecond(time / 1_000_000, (time % 1_000_000) * 1_000),
				Thumbnail.ofJpeg(thumbnailWidth, thumbnailHeight, jpeg));
	}

}
