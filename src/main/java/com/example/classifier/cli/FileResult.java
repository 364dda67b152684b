package com.example.classifier.cli;

import java.util.List;

import com.example.classifier.classification.Prediction;

/**
 * What became of one file: classified (size upright, predictions highest first, as the
 * API answers), or failed with a reason a person can act on.
 */
record FileResult(String filename, int width, int height, List<Prediction> predictions, String error) {

	static FileResult failed(String filename, String error) {
		return new FileResult(filename, 0, 0, List.of(), error);
	}

	boolean ok() {
		return error == null;
	}

	Prediction top() {
		return predictions.get(0);
	}
}
