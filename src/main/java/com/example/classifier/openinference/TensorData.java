package com.example.classifier.openinference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * An input's {@code data}, flattened in row-major order as the protocol allows it nested:
 * numbers read straight into a {@code float[]} (a 224x224 image is 150,528 of them: no
 * boxed number per value), or strings.
 */
@JsonDeserialize(using = TensorData.Reader.class)
record TensorData(float[] numbers, List<String> strings) {

	int size() {
		return numbers != null ? numbers.length : strings.size();
	}

	static final class Reader extends JsonDeserializer<TensorData> {

		@Override
		public TensorData deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			float[] numbers = new float[1024];
			int count = 0;
			List<String> strings = new ArrayList<>();
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
					if (count == numbers.length) {
						numbers = Arrays.copyOf(numbers, numbers.length * 2);
					}
					numbers[count++] = parser.getFloatValue();
				}
				else if (token == JsonToken.VALUE_STRING) {
					strings.add(parser.getText());
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
