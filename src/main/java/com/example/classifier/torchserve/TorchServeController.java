package com.example.classifier.torchserve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.InvalidRequestException;
import com.example.classifier.classification.Prediction;
import com.example.classifier.http.RawUpload;
import com.example.classifier.http.Readiness;
import com.example.classifier.http.UploadedFiles;
import com.example.classifier.model.ModelRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * TorchServe's inference API (pytorch/serve, docs/inference_api.md) on this server's
 * models: the same decoding, limits, batching, metrics and recent results as
 * {@code /api/predictions}.
 */
@ConditionalOnWebApplication
@RestController
@Tag(name = "TorchServe", description = "TorchServe's inference API, for its clients and scripts")
class TorchServeController {

	/** The version every model answers to: TorchServe's default for an archive. */
	static final String VERSION = "1.0";

	private final ClassificationService classifier;

	private final ModelRegistry models;

	private final Readiness readiness;

	private final MultipartProperties limits;

	TorchServeController(ClassificationService classifier, ModelRegistry models, Readiness readiness,
			MultipartProperties limits) {
		this.classifier = classifier;
		this.models = models;
		this.readiness = readiness;
		this.limits = limits;
	}

	record PingResponse(String status) {
	}

	@GetMapping(path = "/ping", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "TorchServe's health check: Healthy when this instance is ready")
	@ApiResponse(responseCode = "200", description = "{\"status\": \"Healthy\"}")
	@ApiResponse(responseCode = "503", description = "{\"status\": \"Unhealthy\"}: not ready (starting, stopping, "
			+ "or the default model has no worker)")
	ResponseEntity<PingResponse> ping() {
		boolean ready = readiness.ready();
		return ResponseEntity.status(ready ? 200 : 503).body(new PingResponse(ready ? "Healthy" : "Unhealthy"));
	}

	@RequestMapping(path = { "/predictions/{model}", "/predictions/{model}/{version}" },
			method = { RequestMethod.POST, RequestMethod.PUT }, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Classify one image, as TorchServe's image classifier answers",
			description = "The image as the request body (curl -T kitten.jpg, any image type or "
					+ "application/octet-stream) or as a multipart part named data (curl -F data=@kitten.jpg). "
					+ "The answer: the top five labels to their probabilities, highest first. Every model's version "
					+ "is " + VERSION + ".")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(description = "the image as the body, or a part named data",
			content = {
					@Content(mediaType = "application/octet-stream",
							schema = @Schema(type = "string", format = "binary")),
					@Content(mediaType = "image/*", schema = @Schema(type = "string", format = "binary")) })
	@ApiResponse(responseCode = "200", description = "{\"tiger cat\": 0.3116, \"tabby, tabby cat\": 0.1549, ...}")
	@ApiResponse(responseCode = "400", description = "No image, more than one, or one that cannot be decoded")
	@ApiResponse(responseCode = "404", description = "Unknown model or version")
	@ApiResponse(responseCode = "413", description = "An image over the size or pixel limits")
	@ApiResponse(responseCode = "415", description = "Not a supported image")
	@ApiResponse(responseCode = "503", description = "Too busy, or the model has no worker")
	Map<String, Float> predict(@Parameter(description = "a model name from GET /api/models") @PathVariable String model,
			@PathVariable(required = false) String version,
			@Parameter(description = "the image, as a multipart part") @RequestParam(name = "data",
					required = false) List<MultipartFile> data,
			HttpServletRequest request) {
		if (version != null && !VERSION.equals(version)) {
			models.get(model); // an unknown model is reported as such first
			throw new UnknownVersionException(model, version, VERSION);
		}
		Classification classification = classifier.classify(List.of(upload(data, request)), model,
				ClassificationService.TOP_K, true);
		Map<String, Float> answer = new LinkedHashMap<>();
		for (Prediction prediction : classification.classified().get(0).predictions()) {
			// A label twice in the top five (ImageNet has two "crane"s) keeps both.
			String label = answer.containsKey(prediction.label()) ? prediction.label() + " (" + prediction.index() + ")"
					: prediction.label();
			answer.put(label, prediction.probability());
		}
		return answer;
	}

	private ImageUpload upload(List<MultipartFile> data, HttpServletRequest request) {
		String type = request.getContentType();
		if (type != null && type.regionMatches(true, 0, "multipart/", 0, 10)) {
			List<ImageUpload> parts = UploadedFiles.of(data);
			if (parts.size() != 1) {
				throw new InvalidRequestException(parts.isEmpty() ? "No image" : "Too many images",
						parts.isEmpty() ? "no part named data: send the image as -F data=@kitten.jpg, or as the body"
								: "one image per request, as TorchServe takes: " + parts.size() + " parts named data");
			}
			return parts.get(0);
		}
		return RawUpload.of(request, "data", limits);
	}

}
