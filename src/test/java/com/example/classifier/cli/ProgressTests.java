package com.example.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The progress bar: drawn in place on stderr, out of the way of the lines printed
 * meanwhile, gone at the end.
 */
class ProgressTests {

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);

	@Test
	void drawsTheBarInPlaceAndCountsFailures() {
		Progress progress = new Progress(errStream, 10, true);
		progress.advance(5, 1);
		assertThat(text()).startsWith("\r[###############               ] 5/10, 1 failed").endsWith("\033[K");
		progress.advance(5, 0); // the last step is always drawn, however soon after the
								// one before
		assertThat(text()).contains("\r[##############################] 10/10, 1 failed");
	}

	@Test
	void linesPrintedMeanwhileClearTheBarFirstAndItComesBackBelowThem() {
		Progress progress = new Progress(errStream, 10, true);
		progress.advance(3, 0);
		err.reset();
		progress.above(() -> errStream.print("photo.jpg: empty file\n"));
		assertThat(text()).startsWith("\r\033[Kphoto.jpg: empty file\n\r[#########");
		err.reset();
		progress.finish();
		assertThat(text()).isEqualTo("\r\033[K");
	}

	@Test
	void disabledItPrintsNothingAtAll() {
		Progress progress = new Progress(errStream, 10, false);
		progress.advance(10, 2);
		progress.above(() -> {
		});
		progress.finish();
		assertThat(err.size()).isZero();
	}

	private String text() {
		return err.toString(StandardCharsets.UTF_8);
	}

}
