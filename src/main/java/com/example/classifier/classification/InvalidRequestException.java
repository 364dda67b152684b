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

	/**
	 * The number of classes asked for: plain ASCII digits only (Java's own parsing takes {@code +3} and digits of
	 * other scripts, and Spring's takes {@code 0x10}), the default when absent.
	 */
	public static int topK(String value, int defaultValue) {
		if (value == null || value.isEmpty()) {
			return defaultValue;
		}
		if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
			throw notAWholeNumber("topK", value);
		}
		return Integer.parseInt(value);
	}

	/** A field that must be a whole number and is not, quoting at most 40 characters of it. */
	public static InvalidRequestException notAWholeNumber(String field, String value) {
		return new InvalidRequestException("Invalid " + field, field + " must be a whole number, got '"
				+ (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
	}

	public static InvalidRequestException repeated(String field, int times) {
		return new InvalidRequestException("Repeated field", "the field " + field + " is sent " + times
				+ " times: send it once");
	}

	public String title() {
		return title;
	}
}
