package com.example.classifier.openinference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.InvalidRequestException;
import com.example.classifier.classification.Prediction;
import com.example.classifier.engine.VersionInfo;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.http.RawUpload;
import com.example.classifier.http.Readiness;
import com.example.classifier.http.UploadedFiles;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.ModelUse;
import com.example.classifier.model.ServedModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The Open Inference Protocol's REST routes (kserve's
 * docs/predict-api/v2/required_api.md) on this server's models. Encoded images
 * ({@code BYTES}) take the path every upload takes; preprocessed tensors ({@code FP32})
 * go straight to the model's queue.
 */
@ConditionalOnWebApplication
@RestController
@EnableConfigurationProperties(OpenInferenceProperties.class)
@Tag(name = "Open Inference Protocol (v2)",
		description = "KServe's v2 protocol, as Triton, MLServer and Seldon speak it")
class OpenInferenceController {

	/** Every model's one version. */
	static final String VERSION = "1";

	static final String PROBABILITIES = "probabilities";

	private final ClassificationService classifier;

	private final ModelRegistry models;

	private final Readiness readiness;

	private final VersionInfo versions;

	private final MultipartProperties limits;

	private final ObjectMapper json;

	/** {@link OpenInferenceProperties#requestMemory()}, in kilobytes. */
	private final Semaphore memory;

	private final int memoryKilobytes;

	/**
	 * {@link #json} with a bound on the tokens a request may hold, by the most values an
	 * FP32 input may hold (the most images a request may carry, of its model's tensor
	 * size), plus room for the rest, so that no part of a request (data, shapes,
	 * parameters) can fill the heap while it is read. One per tensor size, made as models
	 * load at run time.
	 */
	private final Map<Integer, ObjectMapper> readers = new ConcurrentHashMap<>();

	OpenInferenceController(ClassificationService classifier, ModelRegistry models, Readiness readiness,
			VersionInfo versions, MultipartProperties limits, ObjectMapper json, OpenInferenceProperties settings) {
		this.memoryKilobytes = (int) Math.max(1, settings.requestMemory().toKilobytes());
		// Fair: a large request is not starved by a stream of small ones.
		this.memory = new Semaphore(memoryKilobytes, true);
		this.classifier = classifier;
		this.models = models;
		this.readiness = readiness;
		this.versions = versions;
		this.limits = limits;
		this.json = json;
	}

	private ObjectMapper reader(int maxNumbers) {
		ObjectMapper reader = json.copy();
		reader.getFactory()
			.setStreamReadConstraints(StreamReadConstraints.builder().maxTokenCount(maxNumbers + 100_000L).build());
		return reader;
	}

	@GetMapping(path = "/v2", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Server metadata: name, version, extensions")
	Map<String, Object> server() {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", "image-classifier");
		metadata.put("version", versions.getApp());
		metadata.put("extensions", List.of("classification", "binary_tensor_data"));
		return metadata;
	}

	@GetMapping(path = "/v2/health/live", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Live: the server answers")
	Map<String, Object> live() {
		return Map.of("live", true);
	}

	@GetMapping(path = "/v2/health/ready", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Ready: 200 when this instance is ready, 400 when not (the protocol's 4xx for false)")
	ResponseEntity<Map<String, Object>> ready() {
		boolean ready = readiness.ready();
		return ResponseEntity.status(ready ? 200 : 400).body(Map.of("ready", ready));
	}

	@GetMapping(path = { "/v2/models/{model}", "/v2/models/{model}/versions/{version}" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Model metadata: versions, platform, inputs and outputs with datatype and shape")
	@ApiResponse(responseCode = "404", description = "Unknown model or version: {\"error\": \"...\"}")
	Map<String, Object> model(@PathVariable String model, @PathVariable(required = false) String version) {
		ServedModel served = served(model, version);
		long[] input = served.preprocessing().inputShape();
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", served.name());
		metadata.put("versions", List.of(VERSION));
		metadata.put("platform",
				served.engine().toLowerCase(Locale.ROOT).contains("onnx") ? "onnxruntime_onnx" : "pytorch_torchscript");
		metadata.put("inputs",
				List.of(tensor("image", "BYTES", -1), tensor("input", "FP32", -1, input[0], input[1], input[2])));
		metadata.put("outputs", List.of(tensor(PROBABILITIES, "FP32", -1, served.classes())));
		return metadata;
	}

	@GetMapping(path = { "/v2/models/{model}/ready", "/v2/models/{model}/versions/{version}/ready" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Model ready: 200 when its workers answer, 400 when not")
	ResponseEntity<Map<String, Object>> modelReady(@PathVariable String model,
			@PathVariable(required = false) String version) {
		ServedModel served = served(model, version);
		boolean ready = served.serving();
		return ResponseEntity.status(ready ? 200 : 400).body(Map.of("name", served.name(), "ready", ready));
	}

	@PostMapping(path = { "/v2/models/{model}/infer", "/v2/models/{model}/versions/{version}/infer" })
	@Operation(
			summary = "Inference: encoded images (BYTES, base64 in JSON) or preprocessed tensors (FP32 [N, C, H, W])",
			description = "The default output is probabilities, FP32 [N, classes]; an output asked for with "
					+ "parameters {\"classification\": k} answers the top k as BYTES \"probability:index:label\". "
					+ "The binary tensor extension (Inference-Header-Content-Length) is taken and given.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(
			description = "an inference request: {\"id\", \"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}], "
					+ "\"outputs\"}; with Inference-Header-Content-Length, that JSON followed by binary tensors",
			content = { @Content(mediaType = "application/json", schema = @Schema(implementation = InferRequest.class)),
					@Content(mediaType = "application/octet-stream",
							schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "200", description = "model_name, model_version, id (echoed) and outputs; with a "
			+ "binary output asked for, that JSON followed by the binary tensors (Inference-Header-Content-Length)",
			content = { @Content(mediaType = "application/json"), @Content(mediaType = "application/octet-stream") })
	@ApiResponse(responseCode = "400",
			description = "{\"error\": \"...\"}: a malformed request, a datatype or shape "
					+ "this model does not take, bad base64, an image that cannot be decoded, more than 3 images")
	@ApiResponse(responseCode = "404", description = "Unknown model or version")
	@ApiResponse(responseCode = "413", description = "A body over the limit, or an image over the pixel limit")
	@ApiResponse(responseCode = "503", description = "Too busy")
	ResponseEntity<byte[]> infer(@PathVariable String model, @PathVariable(required = false) String version,
			HttpServletRequest request) {
		ServedModel served = served(model, version);
		long length = RawUpload.checkReceived(request, limits);
		if (length <= 0) {
			throw BinaryTensors.invalid("the body is empty: send an inference request, a JSON object with inputs");
		}
		if (length * 3 / 1024 > memoryKilobytes) {
			throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
					"an inference request of " + length / 1024 + " kB is over the " + memoryKilobytes / 3
							+ " kB an inference request may take (a third of classifier.v2.request-memory): send "
							+ "large images to POST /api/predictions or /predictions/{model}, which keep them on disk");
		}
		int kilobytes = (int) Math.max(1, length * 3 / 1024);
		try {
			if (!memory.tryAcquire(kilobytes, 5, TimeUnit.SECONDS)) {
				throw ServerBusyException.requestMemory(memoryKilobytes / 1024);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ServerBusyException.requestMemory(memoryKilobytes / 1024);
		}
		// The model stays this request's, whatever is loaded meanwhile.
		try (ModelUse use = models.use(served.name())) {
			return infer(use.model(), request, length);
		}
		finally {
			memory.release(kilobytes);
		}
	}

	private ResponseEntity<byte[]> infer(ServedModel served, HttpServletRequest request, long length) {
		byte[] body = body(request, length);
		int headerLength = headerLength(request, body.length);
		InferRequest inference = parse(body, headerLength, served);
		ByteBuffer binary = ByteBuffer.wrap(body, headerLength, body.length - headerLength).slice();
		if (inference.inputs() == null || inference.inputs().size() != 1) {
			throw BinaryTensors.invalid("one input is taken: encoded images (BYTES, shape [N]) or a preprocessed "
					+ "tensor (FP32, shape [N, C, H, W]); got "
					+ (inference.inputs() == null ? 0 : inference.inputs().size()));
		}
		List<InferRequest.Output> outputs = outputs(inference, served);
		InferRequest.Input input = inference.inputs().get(0);
		int topK = outputs.stream().mapToInt(output -> classification(output, served)).max().orElse(0);
		List<float[]> probabilities = new ArrayList<>();
		List<List<Prediction>> top = new ArrayList<>();
		String datatype = input.datatype() == null ? "" : input.datatype().toUpperCase(Locale.ROOT);
		switch (datatype) {
			case "BYTES" -> {
				List<ImageUpload> images = images(input, binary, classifier.maxImages());
				boolean wantsProbabilities = outputs.stream().anyMatch(output -> classification(output, served) == 0);
				Classification classified = classifier.classifyOn(images, served,
						wantsProbabilities ? served.classes() : topK, true);
				for (ImageOutcome.Classified image : classified.classified()) {
					probabilities.add(wantsProbabilities ? scatter(image.predictions(), served.classes()) : null);
					top.add(image.predictions().subList(0, Math.min(Math.max(topK, 1), image.predictions().size())));
				}
			}
			case "FP32" -> {
				probabilities
					.addAll(classifier.inferOn(tensors(input, binary, served, classifier.maxImages()), served));
				for (float[] p : probabilities) {
					top.add(Prediction.top(p, served.labels(), Math.max(topK, 1)));
				}
			}
			default -> throw BinaryTensors.invalid("datatype " + input.datatype() + " is not taken: BYTES (encoded "
					+ "images, base64 in JSON) or FP32 (tensors preprocessed for the model, shape [N, "
					+ served.preprocessing().shapeText().replace(" x ", ", ") + "])");
		}
		return answer(inference, served, outputs, probabilities, top);
	}

	private ServedModel served(String model, String version) {
		ServedModel served = models.get(model);
		if (version != null && !VERSION.equals(version)) {
			throw new UnknownVersionException(model, version);
		}
		return served;
	}

	private static Map<String, Object> tensor(String name, String datatype, long... shape) {
		Map<String, Object> tensor = new LinkedHashMap<>();
		tensor.put("name", name);
		tensor.put("datatype", datatype);
		tensor.put("shape", shape);
		return tensor;
	}

	/**
	 * The whole body, received already and checked (server's UploadReceiver, RawUpload).
	 */
	private static byte[] body(HttpServletRequest request, long length) {
		try (InputStream in = request.getInputStream()) {
			return UploadedFiles.readExactly(in, (int) length);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int headerLength(HttpServletRequest request, int bodyLength) {
		String header = request.getHeader(BinaryTensors.HEADER);
		if (header == null) {
			return bodyLength;
		}
		try {
			int length = Integer.parseInt(header.strip());
			if (length < 0 || length > bodyLength) {
				throw new NumberFormatException();
			}
			return length;
		}
		catch (NumberFormatException ex) {
			throw BinaryTensors.invalid(BinaryTensors.HEADER + " must be the JSON header's length in bytes, between 0 "
					+ "and the body's " + bodyLength + "; got " + header);
		}
	}

	private InferRequest parse(byte[] body, int headerLength, ServedModel served) {
		int maxNumbers = Math.multiplyExact(classifier.maxImages(), served.preprocessing().tensorSize());
		try {
			InferRequest inference = readers.computeIfAbsent(maxNumbers, this::reader)
				.readerFor(InferRequest.class)
				.withAttribute(TensorData.MAX_NUMBERS, maxNumbers)
				.withAttribute(TensorData.MAX_STRINGS, classifier.maxImages())
				.readValue(body, 0, headerLength);
			if (inference == null) {
				throw BinaryTensors.invalid("the body is not a JSON object with inputs");
			}
			if (inference.inputs() != null && inference.inputs().contains(null)
					|| inference.outputs() != null && inference.outputs().contains(null)) {
				throw BinaryTensors.invalid("inputs and outputs are lists of objects, without nulls");
			}
			return inference;
		}
		catch (JsonMappingException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof InvalidRequestException invalid) {
					throw invalid;
				}
			}
			throw notAnInferenceRequest(ex);
		}
		catch (JsonProcessingException ex) {
			throw notAnInferenceRequest(ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static InvalidRequestException notAnInferenceRequest(JsonProcessingException ex) {
		String where = ex.getLocation() == null ? ""
				: " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")";
		String what = ex instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
				? "it is not a JSON object of the protocol's fields (id, parameters, inputs, outputs) with their types"
				: ex instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException
						? "it holds more values than the tensors of the most images a request may carry"
						: "it is not valid JSON";
		return BinaryTensors.invalid("the body is not an inference request: " + what + where);
	}

	private static List<InferRequest.Output> outputs(InferRequest inference, ServedModel served) {
		if (inference.outputs() == null || inference.outputs().isEmpty()) {
			return List.of(new InferRequest.Output(PROBABILITIES, null));
		}
		if (inference.outputs().size() > 1) {
			throw BinaryTensors.invalid(served.name() + " has one output, " + PROBABILITIES + ": ask for it once");
		}
		for (InferRequest.Output output : inference.outputs()) {
			if (!PROBABILITIES.equals(output.name())) {
				throw BinaryTensors.invalid("output " + output.name() + " is not known: " + served.name()
						+ " has one output, " + PROBABILITIES);
			}
			classification(output, served);
		}
		return inference.outputs();
	}

	/** The {@code classification} parameter's k, 0 when not asked for. */
	private static int classification(InferRequest.Output output, ServedModel served) {
		Object k = output.parameters() == null ? null : output.parameters().get("classification");
		if (k == null) {
			return 0;
		}
		if (!(k instanceof Integer count) || count < 1 || count > served.classes()) {
			throw BinaryTensors.invalid("classification must be a whole number from 1 to " + served.classes()
					+ " (the classes of " + served.name() + "); got " + k);
		}
		return count;
	}

	private static List<ImageUpload> images(InferRequest.Input input, ByteBuffer binary, int maxImages) {
		List<byte[]> encoded = new ArrayList<>();
		if (binarySize(input) >= 0) {
			encoded.addAll(BinaryTensors.elements(slice(binary, binarySize(input)), maxImages));
		}
		else {
			if (input.data() == null || input.data().elements() == null) {
				throw BinaryTensors.invalid("a BYTES input's data are strings: each image encoded in base64");
			}
			encoded.addAll(input.data().elements());
		}
		checkElements(input, encoded.size());
		List<ImageUpload> images = new ArrayList<>();
		for (int i = 0; i < encoded.size(); i++) {
			images.add(ImageUpload.of((input.name() == null ? "input" : input.name()) + "[" + i + "]", encoded.get(i)));
		}
		return images;
	}

	private static List<float[]> tensors(InferRequest.Input input, ByteBuffer binary, ServedModel served,
			int maxImages) {
		long[] one = served.preprocessing().inputShape();
		List<Long> shape = input.shape();
		if (shape == null || shape.size() != 4 || shape.contains(null) || shape.get(1) != one[0]
				|| shape.get(2) != one[1] || shape.get(3) != one[2]) {
			throw BinaryTensors.invalid("an FP32 input of " + served.name() + " has shape [N, " + one[0] + ", " + one[1]
					+ ", " + one[2] + "]; got " + shape);
		}
		long n = shape.get(0);
		if (n < 1 || n > maxImages) {
			throw BinaryTensors.invalid("at most " + maxImages + " images per request, got N = " + n);
		}
		int size = served.preprocessing().tensorSize();
		float[] values;
		if (binarySize(input) >= 0) {
			values = BinaryTensors.floats(slice(binary, binarySize(input)), (int) n * size);
		}
		else {
			if (input.data() == null || input.data().numbers() == null) {
				throw BinaryTensors.invalid("an FP32 input's data are numbers");
			}
			values = input.data().numbers();
		}
		if (values.length != n * size) {
			throw BinaryTensors
				.invalid("shape " + shape + " has " + n * size + " values; the data has " + values.length);
		}
		List<float[]> tensors = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			tensors.add(Arrays.copyOfRange(values, i * size, (i + 1) * size));
		}
		return tensors;
	}

	/** A BYTES input's shape holds its elements: [N], or [N, 1] and the like. */
	private static void checkElements(InferRequest.Input input, int elements) {
		if (input.shape() == null) {
			return;
		}
		long product = 1;
		for (Long dimension : input.shape()) {
			if (dimension == null || dimension < 0 || dimension > elements) {
				product = -1;
				break;
			}
			product *= dimension;
		}
		if (product != elements) {
			throw BinaryTensors.invalid("input " + input.name() + " has shape " + input.shape() + " but its data "
					+ "has " + elements + (elements == 1 ? " element" : " elements"));
		}
	}

	private static long binarySize(InferRequest.Input input) {
		Object size = input.parameters() == null ? null : input.parameters().get("binary_data_size");
		if (size == null) {
			return -1;
		}
		if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
			throw BinaryTensors.invalid("binary_data_size must be a whole number of bytes; got " + size);
		}
		return ((Number) size).longValue();
	}

	private static ByteBuffer slice(ByteBuffer binary, long size) {
		if (size > binary.remaining()) {
			throw BinaryTensors.invalid("binary_data_size " + size + " runs past the body's " + binary.remaining()
					+ " bytes of binary data");
		}
		ByteBuffer slice = binary.slice().limit((int) size);
		binary.position(binary.position() + (int) size);
		return slice;
	}

	private static float[] scatter(List<Prediction> predictions, int classes) {
		float[] probabilities = new float[classes];
		for (Prediction prediction : predictions) {
			probabilities[prediction.index()] = prediction.probability();
		}
		return probabilities;
	}

	private ResponseEntity<byte[]> answer(InferRequest inference, ServedModel served, List<InferRequest.Output> outputs,
			List<float[]> probabilities, List<List<Prediction>> top) {
		boolean allBinary = inference.parameters() != null
				&& Boolean.TRUE.equals(inference.parameters().get("binary_data_output"));
		List<Map<String, Object>> tensors = new ArrayList<>();
		List<byte[]> binaries = new ArrayList<>();
		int n = probabilities.size();
		for (InferRequest.Output output : outputs) {
			int k = classification(output, served);
			boolean binary = allBinary
					|| output.parameters() != null && Boolean.TRUE.equals(output.parameters().get("binary_data"));
			Map<String, Object> tensor = new LinkedHashMap<>();
			tensor.put("name", PROBABILITIES);
			byte[] data;
			Object values;
			if (k > 0) {
				List<String> strings = new ArrayList<>();
				for (List<Prediction> image : top) {
					for (Prediction prediction : image.subList(0, k)) {
						strings.add(String.format(Locale.ROOT, "%f:%d:%s", prediction.probability(), prediction.index(),
								prediction.label()));
					}
				}
				tensor.put("datatype", "BYTES");
				tensor.put("shape", new long[] { n, k });
				values = strings;
				data = binary ? BinaryTensors.of(strings) : null;
			}
			else {
				float[] flat = new float[n * served.classes()];
				for (int i = 0; i < n; i++) {
					System.arraycopy(probabilities.get(i), 0, flat, i * served.classes(), served.classes());
				}
				tensor.put("datatype", "FP32");
				tensor.put("shape", new long[] { n, served.classes() });
				values = flat;
				data = binary ? BinaryTensors.of(flat) : null;
			}
			if (binary) {
				tensor.put("parameters", Map.of("binary_data_size", data.length));
				binaries.add(data);
			}
			else {
				tensor.put("data", values);
			}
			tensors.add(tensor);
		}
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("model_name", served.name());
		response.put("model_version", VERSION);
		if (inference.id() != null) {
			response.put("id", inference.id());
		}
		response.put("outputs", tensors);
		byte[] header;
		try {
			header = json.writeValueAsBytes(response);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		if (binaries.isEmpty()) {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(header);
		}
		int total = header.length + binaries.stream().mapToInt(b -> b.length).sum();
		ByteBuffer all = ByteBuffer.allocate(total).put(header);
		binaries.forEach(all::put);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.header(BinaryTensors.HEADER, Integer.toString(header.length))
			.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(total))
			.body(all.array());
	}

}
