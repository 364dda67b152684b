package com.example.classifier.cli;

/**
 * A failure that ends a command with a one-line message on stderr and an exit status,
 * never a stack trace.
 */
class CliException extends RuntimeException {

	private final int exitCode;

	CliException(int exitCode, String message) {
		super(message, null, false, false);
		this.exitCode = exitCode;
	}

	int exitCode() {
		return exitCode;
	}

}
