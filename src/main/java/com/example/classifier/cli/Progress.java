package com.example.classifier.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A progress bar on stderr, redrawn in place, for runs long enough to want one when a
 * person is watching (stderr is a terminal). Output lines printed meanwhile go through
 * {@link #above} so the bar never mixes into them.
 */
final class Progress {

	private static final int WIDTH = 30;

	private static final long REDRAW_NANOS = 100_000_000L;

	private final PrintStream err;

	private final int total;

	private final boolean enabled;

	private final long start = System.nanoTime();

	private int done;

	private int failed;

	private long lastDraw;

	private boolean drawn;

	Progress(PrintStream err, int total, boolean enabled) {
		this.err = err;
		this.total = total;
		this.enabled = enabled;
	}

	/**
	 * Shown when stderr is a terminal (someone is watching) and the run is more than a
	 * few images.
	 */
	static boolean wanted(int total) {
		return total > 6 && stderrIsTerminal();
	}

	/**
	 * Whether stderr is a terminal, even with stdout redirected to a file
	 * ({@code classify DIR > results.json}), where {@link System#console()} is null;
	 * elsewhere than Linux, whether there is a console.
	 */
	static boolean stderrIsTerminal() {
		try {
			String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
			return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			return System.console() != null;
		}
	}

	synchronized void advance(int files, int failures) {
		done += files;
		failed += failures;
		long now = System.nanoTime();
		if (enabled && (now - lastDraw > REDRAW_NANOS || done == total)) {
			lastDraw = now;
			draw();
		}
	}

	/** Prints output (to stdout or stderr) above the bar. */
	synchronized void above(Runnable print) {
		clear();
		print.run();
		if (enabled && drawn) {
			draw();
		}
	}

	synchronized void finish() {
		clear();
		drawn = false;
	}

	private void draw() {
		int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
		double seconds = (System.nanoTime() - start) / 1e9;
		StringBuilder line = new StringBuilder("\r[");
		line.append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
		line.append(done).append('/').append(total);
		if (failed > 0) {
			line.append(", ").append(failed).append(" failed");
		}
		if (seconds > 0.5) {
			line.append(String.format(" %.1f images/s", done / seconds));
		}
		line.append("\033[K");
		err.print(line);
		err.flush();
		drawn = true;
	}

	private void clear() {
		if (enabled && drawn) {
			err.print("\r\033[K");
			err.flush();
		}
	}

}
