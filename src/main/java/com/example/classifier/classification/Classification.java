package com.example.classifier.classification;

import java.time.Duration;
import java.util.List;

/**
 * The answer to one request: the model used, each image's outcome in the order sent, and
 * the time it took.
 */
public record Classification(String model, List<ImageOutcome> outcomes, Duration took) {

	public List<ImageOutcome.Classified> classified() {
		return outcomes.stream()
			.filter(ImageOutcome.Classified.class::isInstance)
			.map(ImageOutcome.Classified.class::cast)
			.toList();
	}

	public List<ImageOutcome.Refused> refused() {
		return outcomes.stream()
			.filter(ImageOutcome.Refused.class::isInstance)
			.map(ImageOutcome.Refused.class::cast)
			.toList();
	}
}
