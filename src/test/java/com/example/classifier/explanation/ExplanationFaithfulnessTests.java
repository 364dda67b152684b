package com.example.classifier.explanation;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.Prediction;
import com.example.classifier.support.SharedData;

/**
 * Does the heat point at what made the class? Composites made here (one photo in the
 * top-left quarter, another in the bottom-right, gray elsewhere): each photo's class puts
 * at least 70% of the two quarters' heat on its own photo. Deletion: graying the 20% of
 * the model's cells with the most heat lowers the class's probability more than graying a
 * random 20%, on average over the shared photos.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ExplanationFaithfulnessTests {

	@Autowired
	ExplanationService explanations;

	@Autowired
	ClassificationService classifier;

	@Test
	void eachPhotosClassHeatsItsOwnQuarterOfAComposite() throws IOException {
		String[][] pairs = { { "glow_dog_207.png", "skimage_coffee.png" }, { "serve_wf_dog1.jpg", "sklearn_china.jpg" },
				{ "androiddemo_seg_deeplab.jpg", "serve_wf_cat.jpg" } };
		for (String[] pair : pairs) {
			BufferedImage first = photo(pair[0]);
			BufferedImage second = photo(pair[1]);
			byte[] composite = png(composite(first, second));
			for (int which = 0; which < 2; which++) {
				BufferedImage alone = which == 0 ? first : second;
				int index = explanations.explain(ImageUpload.of("alone.png", png(squashed(alone))), null, null).index();
				Explanation explained = explanations.explain(ImageUpload.of("composite.png", composite), null, index);
				double[][] values = explained.grid().values();
				int half = values.length / 2;
				double topLeft = sum(values, 0, half, 0, half);
				double bottomRight = sum(values, half, values.length, half, values.length);
				double own = which == 0 ? topLeft : bottomRight;
				double share = own / (topLeft + bottomRight);
				System.out.printf("%s + %s, class %d (%s) of %s: %.0f%% of the quarters' heat on it%n", pair[0],
						pair[1], index, explained.label(), pair[which], 100 * share);
				assertThat(share).as("%s's class on the composite with %s", pair[which], pair[1 - which])
					.isGreaterThanOrEqualTo(0.7);
			}
		}
	}

	@Test
	void grayingTheHottestFifthLowersTheClassMoreThanARandomFifth() throws IOException {
		Random random = new Random(20261205L);
		double hottestDrop = 0;
		double randomDrop = 0;
		List<SharedData.ExpectedPhoto> photos = SharedData.expectedPhotos();
		for (SharedData.ExpectedPhoto photo : photos) {
			BufferedImage image = ImageIO.read(photo.path().toFile());
			Explanation explained = explanations.explain(ImageUpload.of(photo.file(), SharedData.read(photo.path())),
					null, null);
			double[][] values = explained.grid().values();
			List<int[]> seen = new ArrayList<>();
			for (int r = 0; r < values.length; r++) {
				for (int c = 0; c < values[r].length; c++) {
					if (values[r][c] > 0) {
						seen.add(new int[] { r, c });
					}
				}
			}
			int fifth = Math.max(1, seen.size() / 5);
			List<int[]> hottest = new ArrayList<>(seen);
			hottest.sort((a, b) -> Double.compare(values[b[0]][b[1]], values[a[0]][a[1]]));
			double hot = probability(grayed(image, hottest.subList(0, fifth), values), explained.index());
			double randomSum = 0;
			for (int draw = 0; draw < 3; draw++) {
				List<int[]> shuffled = new ArrayList<>(seen);
				Collections.shuffle(shuffled, random);
				randomSum += probability(grayed(image, shuffled.subList(0, fifth), values), explained.index());
			}
			hottestDrop += explained.probability() - hot;
			randomDrop += explained.probability() - randomSum / 3;
		}
		System.out.printf("deletion over %d photos: the hottest fifth lowers the class by %.3f on average, a random "
				+ "fifth by %.3f%n", photos.size(), hottestDrop / photos.size(), randomDrop / photos.size());
		assertThat(hottestDrop).isGreaterThan(randomDrop);
	}

	private double probability(byte[] png, int index) {
		ImageOutcome outcome = classifier
			.classifyWithoutRemembering(List.of(ImageUpload.of("grayed.png", png)), null, 1000, true)
			.outcomes()
			.get(0);
		return ((ImageOutcome.Classified) outcome).predictions()
			.stream()
			.filter(p -> p.index() == index)
			.mapToDouble(Prediction::probability)
			.findFirst()
			.orElseThrow();
	}

	/** The image with these grid cells filled with the training data's mean colour. */
	private static byte[] grayed(BufferedImage image, List<int[]> cells, double[][] grid) throws IOException {
		BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = copy.createGraphics();
		graphics.drawImage(image, 0, 0, null);
		graphics.setColor(new Color(124, 116, 104));
		int rows = grid.length;
		int cols = grid[0].length;
		for (int[] cell : cells) {
			int x0 = cell[1] * image.getWidth() / cols;
			int x1 = (cell[1] + 1) * image.getWidth() / cols;
			int y0 = cell[0] * image.getHeight() / rows;
			int y1 = (cell[0] + 1) * image.getHeight() / rows;
			graphics.fillRect(x0, y0, x1 - x0, y1 - y0);
		}
		graphics.dispose();
		return png(copy);
	}

	private static double sum(double[][] values, int r0, int r1, int c0, int c1) {
		double total = 0;
		for (int r = r0; r < r1; r++) {
			for (int c = c0; c < c1; c++) {
				total += values[r][c];
			}
		}
		return total;
	}

	private static BufferedImage photo(String name) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(SharedData.photo(name)));
	}

	private static BufferedImage squashed(BufferedImage photo) {
		BufferedImage square = new BufferedImage(224, 224, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = square.createGraphics();
		graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		graphics.drawImage(photo, 0, 0, 224, 224, null);
		graphics.dispose();
		return square;
	}

	/** 448x448: the first photo top left, the second bottom right, gray elsewhere. */
	private static BufferedImage composite(BufferedImage first, BufferedImage second) {
		BufferedImage composite = new BufferedImage(448, 448, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = composite.createGraphics();
		graphics.setColor(new Color(128, 128, 128));
		graphics.fillRect(0, 0, 448, 448);
		graphics.drawImage(squashed(first), 0, 0, null);
		graphics.drawImage(squashed(second), 224, 224, null);
		graphics.dispose();
		return composite;
	}

	private static byte[] png(BufferedImage image) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

}
