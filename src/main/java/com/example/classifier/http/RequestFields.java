package com.example.classifier.http;

import java.util.Map;

import com.example.classifier.classification.InvalidRequestException;

/**
 * The fields of a classification request, read as sent: once each, whole numbers in plain
 * digits.
 */
public final class RequestFields {

	private RequestFields() {
	}

	/**
	 * Refuses a field sent more than once, which Spring would otherwise join ("a,b") or
	 * cut to its first value.
	 */
	public static void refuseRepeated(Map<String, String[]> parameters, String... fields) {
		for (String field : fields) {
			String[] values = parameters.get(field);
			if (values != null && values.length > 1) {
				throw repeated(field, values.length);
			}
		}
	}

	/**
	 * The number of classes asked for: plain ASCII digits only (Java's own parsing takes
	 * {@code +3} and digits of other scripts, and Spring's takes {@code 0x10}), the
	 * default when absent.
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

	/**
	 * A class index: plain ASCII digits, a minus sign allowed (the range is the model's
	 * to check, and says which it is); null when absent.
	 */
	public static Integer classIndex(String field, String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		String digits = value.startsWith("-") ? value.substring(1) : value;
		if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
			throw notAWholeNumber(field, value);
		}
		return Integer.parseInt(value);
	}

	/**
	 * A field that must be a whole number and is not, quoting at most 40 characters of
	 * it.
	 */
	public static InvalidRequestException notAWholeNumber(String field, String value) {
		return new InvalidRequestException("Invalid " + field, field + " must be a whole number, got '"
				+ (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
	}

	public static InvalidRequestException repeated(String field, int times) {
		return new InvalidRequestException("Repeated field",
				"the field " + field + " is sent " + times + " times: send it once");
	}

}
