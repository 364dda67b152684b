package com.example.classifier.cli;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/** The API's limits that the command line applies too, before the decoder's own. */
final class Limits {

	private Limits() {
	}

	/**
	 * The API's limit per uploaded file ({@code spring.servlet.multipart.max-file-size},
	 * in application.yaml).
	 */
	static long maxFileBytes(Environment environment) {
		return Binder.get(environment).bind("spring.servlet.multipart.max-file-size", DataSize.class).get().toBytes();
	}

}
