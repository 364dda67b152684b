package com.example.classifier.classification;

import java.util.Map;

/** A request that cannot be served as sent (no image, too many, a bad parameter): the client's to fix. */
public class InvalidRequestException extends RuntimeException {

	private final String title;

	public InvalidRequestException(String title, String detail) {
		super(detail, null, false, false);
		this.title = title;
	}

	/** Refuses a field sent more than once, which Spring would otherwise join ("a,b") or cut to its first value. */
	public static void refuseRepeated(Map<String, String[]> parameters, String... fields) {
		for (String field : fields) {
			String[] values = parameters.get(field);
			if (values != null && values.length > 1) {
				throw repeated(field, values.length);
			}
		}
	}

	public static InvalidRequestException repeated(String field, int times) {
		return new InvalidRequestException("Repeated field", "the field " + field + " is sent " + times
				+ " times: send it once");
	}

	public String title() {
		return title;
	}
}
