package com.example.classifier.openinference;

import java.util.List;
import java.util.Map;

/**
 * An inference request as the protocol defines it (only the fields this server reads).
 *
 * @param id echoed in the answer
 * @param parameters {@code binary_data_output} asks for every output in binary
 */
record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

	/**
	 * One input tensor.
	 *
	 * @param parameters {@code binary_data_size}: its data is in the binary part of the
	 * body
	 */
	record Input(String name, List<Long> shape, String datatype, Map<String, Object> parameters, TensorData data) {
	}

	/**
	 * An output asked for.
	 *
	 * @param parameters {@code classification}: the top k as strings;
	 * {@code binary_data}: in the binary part of the answer
	 */
	record Output(String name, Map<String, Object> parameters) {
	}

}
