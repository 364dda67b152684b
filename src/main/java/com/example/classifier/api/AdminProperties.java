package com.example.classifier.api;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may change what the server serves.
 *
 * @param token the bearer token of model management ({@code CLASSIFIER_ADMIN_TOKEN});
 * without one, its routes are off
 */
@ConfigurationProperties("classifier.admin")
record AdminProperties(String token) {

	boolean enabled() {
		return token != null && !token.isBlank();
	}

	/**
	 * The token without surrounding blanks (a secrets file's newline is not part of it).
	 */
	String expected() {
		return token.strip();
	}

	@Override
	public String toString() {
		// never logged, even by a configuration dump
		return "AdminProperties[token=" + (enabled() ? "(set)" : "(none)") + "]";
	}

}
