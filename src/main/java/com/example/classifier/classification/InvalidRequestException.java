package com.example.classifier.classification;

/**
 * A request that cannot be served as sent (no image, too many, a bad parameter): the
 * client's to fix.
 */
public class InvalidRequestException extends RuntimeException {

	private final String title;

	public InvalidRequestException(String title, String detail) {
		super(detail, null, false, false);
		this.title = title;
	}

	public String title() {
		return title;
	}

}
