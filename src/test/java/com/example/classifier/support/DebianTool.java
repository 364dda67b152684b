package com.example.classifier.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program from Debian's packages that {@code .ci/setup} installs (redis-server,
 * haproxy, kubectl): found on the usual paths, or a failure that says how to get it.
 * Tests never install anything themselves.
 */
public final class DebianTool {

	private DebianTool() {
	}

	public static Path find(String program, String debianPackage) {
		// Debian's own directories only: a python3 of pyenv's or a venv's has none of
		// Debian's packages.
		for (String dir : new String[] { "/usr/bin", "/usr/sbin" }) {
			Path candidate = Path.of(dir, program);
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(program + " is not installed: run .ci/setup (it installs Debian's "
				+ debianPackage + ", as the README's test command does)");
	}

}
