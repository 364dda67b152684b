package com.example.classifier.server;

/**
 * The form fields of an upload (every part but the files) are larger than the server
 * reads into memory. An {@link IllegalStateException}, as Tomcat reports its own limits
 * on a multipart request.
 */
public class FormFieldsTooLargeException extends IllegalStateException {

	private final long limit;

	FormFieldsTooLargeException(long bytes, long limit) {
		super("form fields of " + bytes + " bytes, limit " + limit);
		this.limit = limit;
	}

	public long limit() {
		return limit;
	}

}
