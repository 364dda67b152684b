package com.example.classifier.api;

/** A model management request without the admin token, or with a wrong one. */
class AdminAccessException extends RuntimeException {

	/** What was wrong with the request's credentials. */
	enum Kind {

		/** No token is configured: model management is off. */
		OFF,
		/** The request carries no bearer token. */
		MISSING,
		/** The request's token is not the admin token. */
		WRONG

	}

	private final Kind kind;

	AdminAccessException(Kind kind, String message) {
		super(message, null, false, false);
		this.kind = kind;
	}

	Kind kind() {
		return kind;
	}

}
