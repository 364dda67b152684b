package com.example.classifier.api;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.example.classifier.http.RawUpload;
import com.example.classifier.http.UploadedFiles;
import com.example.classifier.http.RequestFields;
import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.Prediction;
import com.example.classifier.classification.RecentResults;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The JSON API for programs: classify up to three images, and the recent results. */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/predictions")
@Tag(name = "Predictions", description = "Classify images; the last results")
class PredictionApiController {

	private final ClassificationService classifier;

	private final RecentResults recent;

	private final MultipartProperties limits;

	PredictionApiController(ClassificationService classifier, RecentResults recent, MultipartProperties limits) {
		this.classifier = classifier;
		this.recent = recent;
		this.limits = limits;
	}

	record PredictionResponse(String model, List<ImageOutcome.Classified> results) {
	}

	record RecentResponse(List<RecentEntry> results) {
	}

	record RecentEntry(String filename, int width, int height, List<Prediction> predictions, String model,
			Instant time) {
	}

	/**
	 * All or nothing: one refused image refuses the request, and nothing is remembered.
	 */
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Classify 1 to 3 images",
			description = "Each image's top classes, highest probability first, in the order sent. All or nothing: "
					+ "one refused image refuses the request (naming the file), and nothing is remembered.")
	@ApiResponse(responseCode = "200", description = "The model used and each image's predictions")
	@ApiResponse(responseCode = "400",
			description = "No image, more than 3, an image that cannot be decoded, "
					+ "a topK out of range, or a malformed upload")
	@ApiResponse(responseCode = "404", description = "Unknown model: the detail lists the models served")
	@ApiResponse(responseCode = "413",
			description = "A file or the request over the size limits, or an image " + "over the pixel limit")
	@ApiResponse(responseCode = "415", description = "A file that is not a supported image (JPEG, PNG, GIF, WebP, BMP)")
	@ApiResponse(responseCode = "503", description = "Too busy: try again after the Retry-After header's seconds")
	PredictionResponse predict(
			@Parameter(description = "1 to 3 image files: JPEG, PNG, GIF, WebP or BMP") @RequestParam(name = "images",
					required = false) List<MultipartFile> images,
			@Parameter(
					description = "a model name from GET /api/models; the default model when left out") @RequestParam(
							name = "model", required = false) String model,
			@Parameter(description = "classes per image, from 1 to the model's number of classes",
					schema = @Schema(type = "integer", minimum = "1",
							defaultValue = "" + ClassificationService.TOP_K)) @RequestParam(name = "topK",
									required = false) String topK,
			HttpServletRequest request) {
		RequestFields.refuseRepeated(request.getParameterMap(), "model", "topK");
		Classification classification = classifier.classify(UploadedFiles.of(images), model,
				RequestFields.topK(topK, ClassificationService.TOP_K), true);
		return new PredictionResponse(classification.model(), classification.classified());
	}

	/**
	 * One image as the whole body: no multipart to build or parse, the same path after.
	 */
	@PostMapping(consumes = { "image/*", MediaType.APPLICATION_OCTET_STREAM_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	// Documented with the form, as one operation (OpenApiConfig.rawBody): OpenAPI has one
	// operation per path and method.
	@Operation(hidden = true)
	PredictionResponse predictBody(
			@Parameter(
					description = "a model name from GET /api/models; the default model when left out") @RequestParam(
							name = "model", required = false) String model,
			@Parameter(description = "classes, from 1 to the model's number of classes",
					schema = @Schema(type = "integer", minimum = "1",
							defaultValue = "" + ClassificationService.TOP_K)) @RequestParam(name = "topK",
									required = false) String topK,
			@Parameter(description = "the name shown in the results and the recent results") @RequestParam(
					name = "filename", required = false) String filename,
			HttpServletRequest request) {
		RequestFields.refuseRepeated(request.getParameterMap(), "model", "topK", "filename");
		Classification classification = classifier.classify(List.of(RawUpload.of(request, filename, limits)), model,
				RequestFields.topK(topK, ClassificationService.TOP_K), true);
		return new PredictionResponse(classification.model(), classification.classified());
	}

	@GetMapping(path = "/recent", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The last five results, newest first",
			description = "Images classified through the page or the API; refused requests leave nothing here.")
	@ApiResponse(responseCode = "200", description = "The recent results, each with its model and time")
	@ApiResponse(responseCode = "503", description = "The shared history store (Redis) cannot be reached",
			content = @Content(mediaType = "application/problem+json"))
	RecentResponse recent() {
		return new RecentResponse(recent.newestFirst()
			.stream()
			.map(r -> new RecentEntry(r.filename(), r.width(), r.height(), r.predictions(), r.model(), r.time()))
			.toList());
	}

}
