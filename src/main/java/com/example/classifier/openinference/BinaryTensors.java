package com.example.classifier.openinference;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.example.classifier.classification.InvalidRequestException;

/**
 * Triton's binary tensor data extension: tensors after the JSON header, little-endian
 * {@code FP32} values, {@code BYTES} elements each after its 4-byte length.
 */
final class BinaryTensors {

	/** The header that gives the JSON header's length, in requests and answers. */
	static final String HEADER = "Inference-Header-Content-Length";

	private BinaryTensors() {
	}

	static float[] floats(ByteBuffer data, int maxValues) {
		if (data.remaining() % 4 != 0) {
			throw invalid("an FP32 tensor's binary data is " + data.remaining() + " bytes: not a whole number of "
					+ "4-byte values");
		}
		if (data.remaining() / 4 > maxValues) {
			throw invalid("an FP32 tensor's binary data holds more than " + maxValues
					+ " values: the tensors of the most images a request may carry");
		}
		float[] values = new float[data.remaining() / 4];
		data.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
		for (float value : values) {
			if (!Float.isFinite(value)) {
				throw invalid("an FP32 value is not a finite number: " + value);
			}
		}
		return values;
	}

	static List<byte[]> elements(ByteBuffer data, int maxElements) {
		data.order(ByteOrder.LITTLE_ENDIAN);
		List<byte[]> elements = new ArrayList<>();
		while (data.hasRemaining()) {
			if (elements.size() == maxElements) {
				throw invalid("a BYTES tensor's binary data holds more than " + maxElements + " elements: at most "
						+ maxElements + " images per request");
			}
			if (data.remaining() < 4) {
				throw invalid("a BYTES tensor's binary data ends inside an element's 4-byte length");
			}
			int length = data.getInt();
			if (length < 0 || length > data.remaining()) {
				throw invalid("a BYTES element's length (" + Integer.toUnsignedString(length) + ") runs past the "
						+ "tensor's binary data");
			}
			byte[] element = new byte[length];
			data.get(element);
			elements.add(element);
		}
		return elements;
	}

	static byte[] of(float[] values) {
		ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		bytes.asFloatBuffer().put(values);
		return bytes.array();
	}

	static byte[] of(List<String> elements) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String element : elements) {
			byte[] text = element.getBytes(StandardCharsets.UTF_8);
			out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(text.length).array());
			out.writeBytes(text);
		}
		return out.toByteArray();
	}

	static InvalidRequestException invalid(String detail) {
		return new InvalidRequestException("Invalid inference request", detail);
	}

}
