package com.example.classifier.explanation;

import com.example.classifier.tensor.Preprocessing.ModelView;

/**
 * The heat of the model's view laid over the whole image as the user sees it: a grid of
 * near-square cells, each holding the heat of the view's cells it overlaps, weighted by
 * the overlap; zero where the model saw nothing (outside its center crop).
 */
final class ImageGrid {

	private ImageGrid() {
	}

	/**
	 * The grid's rows and columns for an image: {@code cellsOnLongSide} along its longer
	 * side.
	 */
	static int[] shape(int width, int height, int cellsOnLongSide) {
		int longSide = Math.max(width, height);
		int shortCells = (int) Math.max(1, Math.round((double) cellsOnLongSide * Math.min(width, height) / longSide));
		return width >= height ? new int[] { shortCells, cellsOnLongSide } : new int[] { cellsOnLongSide, shortCells };
	}

	/** The view's heat (rows first) over an image grid of this many rows and columns. */
	static double[][] overImage(double[][] viewHeat, ModelView view, int rows, int cols) {
		int grid = viewHeat.length;
		double[][] values = new double[rows][cols];
		double cellW = view.width() / grid;
		double cellH = view.height() / grid;
		for (int r = 0; r < rows; r++) {
			double y0 = (double) r / rows;
			double y1 = (double) (r + 1) / rows;
			for (int c = 0; c < cols; c++) {
				double x0 = (double) c / cols;
				double x1 = (double) (c + 1) / cols;
				double weighted = 0;
				for (int i = 0; i < grid; i++) {
					double overlapY = overlap(y0, y1, view.top() + i * cellH, view.top() + (i + 1) * cellH);
					if (overlapY <= 0) {
						continue;
					}
					for (int j = 0; j < grid; j++) {
						double overlapX = overlap(x0, x1, view.left() + j * cellW, view.left() + (j + 1) * cellW);
						if (overlapX > 0) {
							weighted += viewHeat[i][j] * overlapX * overlapY;
						}
					}
				}
				values[r][c] = weighted / ((x1 - x0) * (y1 - y0));
			}
		}
		return values;
	}

	private static double overlap(double a0, double a1, double b0, double b1) {
		return Math.min(a1, b1) - Math.max(a0, b0);
	}

}
