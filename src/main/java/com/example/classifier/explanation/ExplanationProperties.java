package com.example.classifier.explanation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How explanations are made, and how many at once.
 *
 * @param maxConcurrent explanations computed at once; more are refused (503 with
 * Retry-After) rather than queued, each being dozens of forward passes
 * @param grid cells across each side of the model's view that are covered in turn
 * @param window cells a side of each covering square (it slides one cell at a time)
 * @param cellsOnLongSide cells of the answer's grid along the image's longer side
 * @param timeout longest an explanation waits for its forward passes before a 503
 */
@ConfigurationProperties("classifier.explanations")
public record ExplanationProperties(@DefaultValue("2") int maxConcurrent, @DefaultValue("8") int grid,
		@DefaultValue("2") int window, @DefaultValue("16") int cellsOnLongSide, @DefaultValue("60s") Duration timeout) {

	public ExplanationProperties {
		if (maxConcurrent < 1 || grid < 2 || window < 1 || window > grid || cellsOnLongSide < 1) {
			throw new IllegalArgumentException(
					"need maxConcurrent >= 1, grid >= 2, 1 <= window <= grid, " + "cellsOnLongSide >= 1");
		}
	}
}
