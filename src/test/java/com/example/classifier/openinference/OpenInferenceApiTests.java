package com.example.classifier.openinference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.image.ImageDecoder;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.ServedModel;
import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Part;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.SharedData;
import com.example.classifier.support.SharedData.ExpectedPhoto;

/**
 * The Open Inference Protocol's REST routes with the spec's example requests adapted to
 * these models (kserve docs/predict-api/v2/required_api.md; Triton's classification and
 * binary tensor extensions), on the real models and the shared photos.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenInferenceApiTests {

	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	ModelRegistry models;

	@Autowired
	ImageDecoder decoder;

	ApiClient api() {
		return new ApiClient(port);
	}

	static List<ExpectedPhoto> photos() {
		return SharedData.expectedPhotos();
	}

	Response infer(String model, String request) {
		return api().send("POST", "/v2/models/" + model + "/infer", request.getBytes(StandardCharsets.UTF_8),
				Map.of("Content-Type", "application/json"));
	}

	static String bytesRequest(String id, List<byte[]> images, String outputs) {
		StringBuilder data = new StringBuilder();
		for (byte[] image : images) {
			data.append(data.length() == 0 ? "" : ",")
				.append('"')
				.append(Base64.getEncoder().encodeToString(image))
				.append('"');
		}
		return "{" + (id == null ? "" : "\"id\": \"" + id + "\", ") + "\"inputs\": [{\"name\": \"input0\", \"shape\": ["
				+ images.size() + "], \"datatype\": \"BYTES\", \"data\": [" + data + "]}]"
				+ (outputs == null ? "" : ", \"outputs\": " + outputs) + "}";
	}

	@Test
	void serverAndModelMetadataAndHealth() {
		JsonNode server = api().get("/v2").body();
		assertThat(server.get("name").asText()).isEqualTo("image-classifier");
		assertThat(server.get("version").asText()).isNotBlank();
		assertThat(server.get("extensions").toString()).contains("\"classification\"", "\"binary_tensor_data\"");
		assertThat(api().get("/v2/health/live").status()).isEqualTo(200);
		assertThat(api().get("/v2/health/ready").body().get("ready").asBoolean()).isTrue();

		JsonNode model = api().get("/v2/models/mobilenet_v2").body();
		assertThat(model.get("name").asText()).isEqualTo("mobilenet_v2");
		assertThat(model.get("versions").toString()).isEqualTo("[\"1\"]");
		assertThat(model.get("platform").asText()).isEqualTo("pytorch_torchscript");
		assertThat(model.get("inputs").toString()).contains(
				"{\"name\":\"image\",\"datatype\":\"BYTES\",\"shape\":[-1]}",
				"{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,3,224,224]}");
		assertThat(model.get("outputs").toString())
			.isEqualTo("[{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,1000]}]");
		assertThat(api().get("/v2/models/mobilenet_v2_onnx").body().get("platform").asText())
			.isEqualTo("onnxruntime_onnx");
		assertThat(api().get("/v2/models/vit_mnist").body().at("/inputs/1/shape").toString()).isEqualTo("[-1,1,28,28]");
		assertThat(api().get("/v2/models/mobilenet_v2/versions/1/ready").body().get("ready").asBoolean()).isTrue();
		assertThat(api().get("/v2/models/mobilenet_v2/ready").status()).isEqualTo(200);
	}

	/**
	 * The same photo through the three protocols gives the same top five: v2 with the
	 * default output (all probabilities), TorchServe's and the app's own.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("photos")
	void eachPhotoGetsTheSameTopFiveThroughEveryProtocol(ExpectedPhoto expected) throws Exception {
		byte[] image = SharedData.photo(expected.file());
		Response v2 = infer("mobilenet_v2", bytesRequest(null, List.of(image), null));
		assertThat(v2.status()).as(v2.text()).isEqualTo(200);
		JsonNode output = v2.body().get("outputs").get(0);
		assertThat(output.get("datatype").asText()).isEqualTo("FP32");
		assertThat(output.get("shape").toString()).isEqualTo("[1,1000]");
		float[] probabilities = new float[1000];
		for (int i = 0; i < 1000; i++) {
			probabilities[i] = (float) output.get("data").get(i).asDouble();
		}
		JsonNode api = api().predict(List.of(new Part(expected.file(), image)), Map.of())
			.body()
			.at("/results/0/predictions");
		JsonNode torchserve = api().send("PUT", "/predictions/mobilenet_v2", image, Map.of()).body();
		List<String> torchserveLabels = new ArrayList<>();
		torchserve.fieldNames().forEachRemaining(torchserveLabels::add);
		for (int i = 0; i < 5; i++) {
			int index = expected.top5()[i];
			assertThat(probabilities[index]).as("v2, rank %d", i + 1)
				.isCloseTo((float) expected.probabilities()[i], within(0.0001f));
			assertThat(api.get(i).get("index").asInt()).isEqualTo(index);
			assertThat(api.get(i).get("probability").floatValue()).isEqualTo(probabilities[index]);
			assertThat(torchserve.get(torchserveLabels.get(i)).floatValue()).isEqualTo(probabilities[index]);
			assertThat(torchserveLabels.get(i)).isEqualTo(api.get(i).get("label").asText());
		}
	}

	@Test
	void theClassificationExtensionAnswersTheTopKAsStringsAndTheIdIsEchoed() {
		Response response = infer("mobilenet_v2",
				bytesRequest("42", List.of(SharedData.photo("caffe_cat.jpg"), SharedData.photo("caffe_cat.jpg")),
						"[{\"name\": \"probabilities\", \"parameters\": {\"classification\": 3}}]"));
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		JsonNode body = response.body();
		assertThat(body.get("id").asText()).isEqualTo("42");
		assertThat(body.get("model_name").asText()).isEqualTo("mobilenet_v2");
		assertThat(body.get("model_version").asText()).isEqualTo("1");
		JsonNode output = body.get("outputs").get(0);
		assertThat(output.get("datatype").asText()).isEqualTo("BYTES");
		assertThat(output.get("shape").toString()).isEqualTo("[2,3]");
		assertThat(output.get("data").get(0).asText()).matches("0\\.3116\\d*:282:tiger cat");
		assertThat(output.get("data").get(3).asText()).isEqualTo(output.get("data").get(0).asText());
		assertThat(output.get("data").get(1).asText()).endsWith(":281:tabby, tabby cat");
		// A BYTES input may also be shaped [N, 1].
		Response column = infer("mobilenet_v2", bytesRequest(null, List.of(SharedData.photo("caffe_cat.jpg")), null)
			.replace("\"shape\": [1]", "\"shape\": [1, 1]"));
		assertThat(column.status()).as(column.text()).isEqualTo(200);
	}

	/** What Triton's and KServe's clients send: the model's input, preprocessed. */
	@Test
	void anFp32TensorGoesStraightToTheModelAsJsonAndAsBinary() throws Exception {
		ServedModel model = models.get("mobilenet_v2");
		byte[] image = SharedData.photo("caffe_cat.jpg");
		float[] tensor = model.preprocessing().toTensor(decoder.decode(image, model.preprocessing().resize()));
		StringBuilder data = new StringBuilder();
		for (float value : tensor) {
			data.append(data.length() == 0 ? "" : ",").append(value);
		}
		Response json = infer("mobilenet_v2", "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3, 224, 224], "
				+ "\"datatype\": \"FP32\", \"data\": [" + data + "]}]}");
		assertThat(json.status()).as(json.text()).isEqualTo(200);
		JsonNode api = api().predict(List.of(new Part("cat.jpg", image)), Map.of()).body().at("/results/0/predictions");
		JsonNode probabilities = json.body().at("/outputs/0/data");
		for (JsonNode prediction : api) {
			assertThat(probabilities.get(prediction.get("index").asInt()).floatValue())
				.isCloseTo(prediction.get("probability").floatValue(), within(1e-6f));
		}

		// The binary tensor extension, both ways.
		byte[] header = ("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3, 224, 224], \"datatype\": \"FP32\", "
				+ "\"parameters\": {\"binary_data_size\": " + tensor.length * 4 + "}}], "
				+ "\"outputs\": [{\"name\": \"probabilities\", \"parameters\": {\"binary_data\": true}}]}")
			.getBytes(StandardCharsets.UTF_8);
		ByteBuffer body = ByteBuffer.allocate(header.length + tensor.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		body.put(header).asFloatBuffer().put(tensor);
		Response binary = api().send("POST", "/v2/models/mobilenet_v2/infer", body.array(), Map.of("Content-Type",
				"application/octet-stream", "Inference-Header-Content-Length", Integer.toString(header.length)));
		assertThat(binary.status()).isEqualTo(200);
		byte[] answer = binary.bytes();
		int jsonLength = Integer.parseInt(binary.headers().getFirst("Inference-Header-Content-Length"));
		JsonNode answerHeader = JSON.readTree(Arrays.copyOf(answer, jsonLength));
		assertThat(answerHeader.at("/outputs/0/parameters/binary_data_size").asInt()).isEqualTo(4000);
		float[] out = new float[1000];
		ByteBuffer.wrap(answer, jsonLength, 4000).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
		for (int i = 0; i < 1000; i++) {
			assertThat(out[i]).isEqualTo(probabilities.get(i).floatValue());
		}
	}

	@Test
	void badInputGetsTheProtocolsErrorShapeWith4xx() {
		String cat = Base64.getEncoder().encodeToString(SharedData.photo("caffe_cat.jpg"));
		assertError(api().get("/v2/models/nope"), 404, "no model named 'nope'");
		assertError(api().get("/v2/models/mobilenet_v2/versions/7"), 404, "no version 7");
		assertError(infer("nope", bytesRequest(null, List.of(SharedData.photo("caffe_cat.jpg")), null)), 404,
				"no model named");
		assertError(infer("mobilenet_v2", ""), 400, "body is empty");
		assertError(infer("mobilenet_v2", "[1, 2]"), 400, "not a JSON object");
		assertError(infer("mobilenet_v2", "{\"inputs\": "), 400, "not valid JSON");
		assertError(infer("mobilenet_v2", "{}"), 400, "one input is taken");
		assertError(infer("mobilenet_v2",
				"{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"BYTES\", " + "\"data\": [\"" + cat
						+ "\"]}, {\"name\": \"b\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"" + cat
						+ "\"]}]}"),
				400, "one input is taken");
		assertError(
				infer("mobilenet_v2",
						"{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"INT64\", \"data\": [1]}]}"),
				400, "datatype INT64 is not taken");
		assertError(infer("mobilenet_v2",
				"{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\"%%%\"]}]}"), 400,
				"is not base64");
		assertError(infer("mobilenet_v2", "{\"inputs\": [{\"name\": \"a\", \"shape\": [2], \"datatype\": \"BYTES\", "
				+ "\"data\": [\"" + cat + "\"]}]}"), 400, "has shape [2] but its data has 1 element");
		assertError(
				infer("mobilenet_v2",
						"{\"inputs\": [{\"name\": \"a\", \"shape\": [1, 3, 32, 32], "
								+ "\"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}"),
				400, "has shape [N, 3, 224, 224]; got [1, 3, 32, 32]");
		assertError(
				infer("mobilenet_v2",
						"{\"inputs\": [{\"name\": \"a\", \"shape\": [1, 3, 224, 224], "
								+ "\"datatype\": \"FP32\", \"data\": [1, 2, 3]}]}"),
				400, "has 150528 values; the data has 3");
		assertError(infer("mobilenet_v2",
				"{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"FP32\", " + "\"data\": [true]}]}"),
				400, "not an inference request");
		byte[] image = SharedData.photo("caffe_cat.jpg");
		assertError(infer("mobilenet_v2", bytesRequest(null, List.of(image, image, image, image), null)), 400,
				"more than 3 strings: at most 3 images per request");
		assertError(infer("mobilenet_v2", bytesRequest(null, List.of("text".getBytes()), null)), 415,
				"input0[0]: not an image");
		assertError(infer("mobilenet_v2", bytesRequest(null, List.of(image), "[{\"name\": \"logits\"}]")), 400,
				"output logits is not known");
		assertError(
				infer("mobilenet_v2",
						bytesRequest(null, List.of(image),
								"[{\"name\": \"probabilities\", \"parameters\": {\"classification\": 1001}}]")),
				400, "classification must be a whole number from 1 to 1000");
		assertError(api().send("POST", "/v2/models/mobilenet_v2/infer", new byte[26 * 1024 * 1024],
				Map.of("Content-Type", "application/json")), 413, "25 MB");
		assertError(
				api().send("POST", "/v2/models/mobilenet_v2/infer", "{\"inputs\": []}".getBytes(),
						Map.of("Content-Type", "application/json", "Inference-Header-Content-Length", "99")),
				400, "Inference-Header-Content-Length must be");
		byte[] pastTheEnd = ("{\"inputs\": [{\"name\": \"a\", \"shape\": [1], \"datatype\": \"BYTES\", "
				+ "\"parameters\": {\"binary_data_size\": 9}}]}")
			.getBytes(StandardCharsets.UTF_8);
		assertError(api().send("POST", "/v2/models/mobilenet_v2/infer", pastTheEnd, Map.of("Content-Type",
				"application/octet-stream", "Inference-Header-Content-Length", Integer.toString(pastTheEnd.length))),
				400, "runs past");
		assertError(api().get("/v2/models/mobilenet_v2/infer"), 405, "GET is not allowed");

		// Requests small on the wire and large once read, or with holes.
		String output = "{\"name\": \"probabilities\", \"parameters\": {\"classification\": 1000}}";
		assertError(infer("mobilenet_v2", bytesRequest(null, List.of(image), "[" + output + ", " + output + "]")), 400,
				"ask for it once");
		assertError(infer("mobilenet_v2", "{\"inputs\": [null]}"), 400, "without nulls");
		assertError(infer("mobilenet_v2", "{\"inputs\": [{\"name\": \"a\", \"shape\": [1, null, 224, 224], "
				+ "\"datatype\": \"FP32\", \"data\": [1]}]}"), 400, "has shape [N, 3, 224, 224]");
		assertError(
				infer("mobilenet_v2",
						"{\"inputs\": [{\"name\": \"a\", \"shape\": [18014398509481985, 3, 224, 224], "
								+ "\"datatype\": \"FP32\", \"data\": [1]}]}"),
				400, "at most 3 images per request, got N = ");
		assertError(infer("mobilenet_v2", "{\"inputs\": [{\"name\": \"a\", \"shape\": [1, 3, 224, 224], "
				+ "\"datatype\": \"FP32\", \"data\": [1e39]}]}"), 400, "not a finite number");
		assertError(
				infer("mobilenet_v2",
						"{\"inputs\": [{\"name\": \"a\", \"shape\": [5], \"datatype\": \"BYTES\", "
								+ "\"data\": [\"AAAA\", \"AAAA\", \"AAAA\", \"AAAA\", \"AAAA\"]}]}"),
				400, "more than 3 strings");
		String zeros = "0,".repeat(3 * 150528) + "0";
		assertError(
				infer("mobilenet_v2",
						"{\"inputs\": [{\"name\": \"a\", \"shape\": [1, 3, 224, 224], "
								+ "\"datatype\": \"FP32\", \"data\": [" + zeros + "]}]}"),
				400, "more than 451584 numbers");
		byte[] emptyElements = new byte[4000];
		byte[] manyHeader = ("{\"inputs\": [{\"name\": \"a\", \"shape\": [1000], \"datatype\": \"BYTES\", "
				+ "\"parameters\": {\"binary_data_size\": 4000}}]}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] many = ByteBuffer.allocate(manyHeader.length + emptyElements.length)
			.put(manyHeader)
			.put(emptyElements)
			.array();
		assertError(api().send("POST", "/v2/models/mobilenet_v2/infer", many, Map.of("Content-Type",
				"application/octet-stream", "Inference-Header-Content-Length", Integer.toString(manyHeader.length))),
				400, "more than 3 elements");
		// curl --data-binary labels a body a URL-encoded form: still read as it is.
		Response curlDefault = api().send("POST", "/v2/models/mobilenet_v2/infer",
				bytesRequest(null, List.of(image), null).getBytes(StandardCharsets.UTF_8),
				Map.of("Content-Type", "application/x-www-form-urlencoded"));
		assertThat(curlDefault.status()).as(curlDefault.text()).isEqualTo(200);
	}

	private static void assertError(Response response, int status, String message) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.body().get("error").asText()).contains(message);
		assertThat(response.body().size()).isEqualTo(1);
		assertThat(response.text()).doesNotContain("Exception", "com.example", "java.");
	}

}
