package com.example.classifier.explanation;

/**
 * Why a model gave one class for one image.
 *
 * @param model the model explained
 * @param filename the client's file name, cleaned for display
 * @param width the image's width as the user sees it (EXIF orientation applied)
 * @param height its height
 * @param index the class explained
 * @param label its label
 * @param probability its probability for the whole image
 * @param method how the heat was measured ({@value ExplanationService#METHOD})
 * @param grid the heat over the whole image
 * @param heatmap a PNG of the image with the heat over it, as a data URL
 */
public record Explanation(String model, String filename, int width, int height, int index, String label,
		double probability, String method, Grid grid, String heatmap) {

	/** The heatmap's PNG bytes. */
	public byte[] heatmapPng() {
		return java.util.Base64.getDecoder().decode(heatmap.substring(heatmap.indexOf(',') + 1));
	}

	/**
	 * Importance over the image, cell by cell.
	 *
	 * @param rows cells down
	 * @param cols cells across
	 * @param values rows first, each cell's importance for the class, at least 0; 0 where
	 * the model saw nothing (outside its center crop)
	 */
	public record Grid(int rows, int cols, double[][] values) {
	}
}
