package com.example.classifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of this process from Linux's {@code /proc/self/status}. */
public final class ProcessStatus {

	private ProcessStatus() {
	}

	/**
	 * A field in kB, for example {@code VmRSS} (resident memory) or {@code RssAnon} (its
	 * anonymous part).
	 */
	public static long kilobytes(String field) {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter(line -> line.startsWith(field + ":"))
				.mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no " + field + " in /proc/self/status"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
