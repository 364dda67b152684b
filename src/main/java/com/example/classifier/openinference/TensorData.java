package com.example.classifier.openinference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * An input's {@code data}, flattened in row-major order as the protocol allows it nested:
 * numbers read straight into a {@code float[]} (a 224x224 image is 150,528 of them: no
 * boxed number per value), or base64 strings decoded straight from the body's bytes (no
 * string of the text is made: a 20 MB string costs 40 MB as Jackson's text).
 */
@JsonDeserialize(using = TensorData.Reader.class)
record TensorData(float[] numbers, List<byte[]> elements) {

	/** Attribute of the reader: the most numbers an input may hold (all its tensors). */
	static final String MAX_NUMBERS = "maxNumbers";

	/** Attribute of the reader: the most strings (encoded images) an input may hold. */
	static final String MAX_STRINGS = "maxStrings";

	static final class Reader extends JsonDeserializer<TensorData> {

		@Override
		public TensorData deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			int maxNumbers = (Integer) context.getAttribute(MAX_NUMBERS);
			int maxStrings = (Integer) context.getAttribute(MAX_STRINGS);
			float[] numbers = new float[1024];
			int count = 0;
			List<byte[]> strings = new ArrayList<>();
			int depth = 0;
			JsonToken token = parser.currentToken();
			do {
				if (token == JsonToken.START_ARRAY) {
					depth++;
				}
				else if (token == JsonToken.END_ARRAY) {
					depth--;
				}
				else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
					if (count == maxNumbers) {
						throw BinaryTensors.invalid("an input's data holds more than " + maxNumbers
								+ " numbers: the tensors of the most images a request may carry");
					}
					if (count == numbers.length) {
						numbers = Arrays.copyOf(numbers, numbers.length * 2);
					}
					float value = parser.getFloatValue();
					if (!Float.isFinite(value)) {
						throw BinaryTensors.invalid("an FP32 value is not a finite number: " + parser.getText());
					}
					numbers[count++] = value;
				}
				else if (token == JsonToken.VALUE_STRING) {
					if (strings.size() == maxStrings) {
						throw BinaryTensors.invalid("an input's data holds more than " + maxStrings
								+ " strings: at most " + maxStrings + " images per request");
					}
					try {
						strings.add(parser.getBinaryValue());
					}
					catch (JsonParseException ex) {
						throw BinaryTensors.invalid("element " + strings.size() + " of the input is not base64: "
								+ ex.getOriginalMessage());
					}
				}
				else {
					throw context.weirdStringException(String.valueOf(token), TensorData.class,
							"data holds numbers or strings, in arrays");
				}
				if (count > 0 && !strings.isEmpty()) {
					throw context.weirdStringException("mixed", TensorData.class,
							"data holds numbers or strings, not both");
				}
				token = depth > 0 ? parser.nextToken() : null;
			}
			while (token != null);
			return strings.isEmpty() ? new TensorData(Arrays.copyOf(numbers, count), null)
					: new TensorData(null, strings);
		}

	}

}
