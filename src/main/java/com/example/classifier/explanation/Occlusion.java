package com.example.classifier.explanation;

import java.util.Arrays;

/**
 * Occlusion sensitivity over the model's view, for any model and engine: a square of
 * {@code window x window} cells of a {@code grid x grid} grid is set to zero in the
 * normalized input (the training data's mean colour) at each position in turn, one
 * forward pass each. A cell's heat is how far the class's probability falls when it is
 * covered, on average over the squares that cover it; never below zero (covering a part
 * that argued against the class raises the probability: that is not importance for it).
 */
final class Occlusion {

	private final int grid;

	private final int window;

	Occlusion(int grid, int window) {
		this.grid = grid;
		this.window = window;
	}

	/** Positions of the covering square: one forward pass each. */
	int positions() {
		int across = grid - window + 1;
		return across * across;
	}

	/**
	 * The input with the square at {@code position} covered.
	 * @param input the model's input, channels first, square
	 * @param channels its channels
	 */
	float[] covered(float[] input, int channels, int position) {
		int side = (int) Math.round(Math.sqrt(input.length / (double) channels));
		int across = grid - window + 1;
		int cellRow = position / across;
		int cellCol = position % across;
		int top = cellRow * side / grid;
		int bottom = (cellRow + window) * side / grid;
		int left = cellCol * side / grid;
		int right = (cellCol + window) * side / grid;
		float[] covered = input.clone();
		int plane = side * side;
		for (int c = 0; c < channels; c++) {
			for (int y = top; y < bottom; y++) {
				Arrays.fill(covered, c * plane + y * side + left, c * plane + y * side + right, 0f);
			}
		}
		return covered;
	}

	/**
	 * Each cell's heat, rows first.
	 * @param probability the class's probability on the whole view
	 * @param coveredProbabilities its probability with the square at each position
	 * covered
	 */
	double[][] heat(double probability, double[] coveredProbabilities) {
		double[][] sum = new double[grid][grid];
		int[][] count = new int[grid][grid];
		int across = grid - window + 1;
		for (int position = 0; position < coveredProbabilities.length; position++) {
			double drop = probability - coveredProbabilities[position];
			int row = position / across;
			int col = position % across;
			for (int r = row; r < row + window; r++) {
				for (int c = col; c < col + window; c++) {
					sum[r][c] += drop;
					count[r][c]++;
				}
			}
		}
		double[][] heat = new double[grid][grid];
		for (int r = 0; r < grid; r++) {
			for (int c = 0; c < grid; c++) {
				heat[r][c] = Math.max(0, sum[r][c] / count[r][c]);
			}
		}
		return heat;
	}

}
