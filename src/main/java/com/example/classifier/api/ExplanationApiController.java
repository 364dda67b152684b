package com.example.classifier.api;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.InvalidRequestException;
import com.example.classifier.explanation.Explanation;
import com.example.classifier.explanation.ExplanationService;
import com.example.classifier.http.RequestFields;
import com.example.classifier.http.UploadedFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Why a model gave a class: one image's heat, as numbers and as a picture. */
@ConditionalOnWebApplication
@RestController
@RequestMapping("/api/explanations")
@Tag(name = "Explanations", description = "Why a model gave a class: where in the image it looked")
class ExplanationApiController {

	private final ExplanationService explanations;

	ExplanationApiController(ExplanationService explanations) {
		this.explanations = explanations;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Explain one image's class",
			description = "Occlusion sensitivity, for every model and engine: squares of the part of the image the "
					+ "model sees are covered one at a time (one forward pass each, behind every upload in the "
					+ "model's queue), and each cell's heat is how far the class's probability falls. The grid covers "
					+ "the whole image as the user sees it (EXIF orientation applied), rows first; cells outside the "
					+ "model's center crop are 0. The heatmap is a PNG of the image with the heat over it and the "
					+ "model's view outlined.")
	@ApiResponse(responseCode = "200", description = "The class explained, its probability, the grid and the heatmap")
	@ApiResponse(responseCode = "400",
			description = "No image, more than one, an image that cannot be decoded, or an index outside the "
					+ "model's classes")
	@ApiResponse(responseCode = "404", description = "Unknown model: the detail lists the models served")
	@ApiResponse(responseCode = "413", description = "A file over the size limit, or an image over the pixel limit")
	@ApiResponse(responseCode = "415", description = "A file that is not a supported image (JPEG, PNG, GIF, WebP, BMP)")
	@ApiResponse(responseCode = "503",
			description = "As many explanations as the server computes at once are running, or the model is too "
					+ "busy: try again after the Retry-After header's seconds")
	Explanation explain(
			@Parameter(description = "one image file: JPEG, PNG, GIF, WebP or BMP") @RequestParam(name = "image",
					required = false) List<MultipartFile> image,
			@Parameter(
					description = "a model name from GET /api/models; the default model when left out") @RequestParam(
							name = "model", required = false) String model,
			@Parameter(description = "the class to explain, from 0 to the model's classes - 1; its top class when "
					+ "left out") @RequestParam(name = "index", required = false) String index,
			HttpServletRequest request) {
		RequestFields.refuseRepeated(request.getParameterMap(), "model", "index");
		List<ImageUpload> uploads = UploadedFiles.of(image);
		if (uploads.isEmpty()) {
			throw new InvalidRequestException("No image", "send one image file as the form part named image");
		}
		if (uploads.size() > 1) {
			throw new InvalidRequestException("Too many images", "one image per explanation, got " + uploads.size());
		}
		return explanations.explain(uploads.get(0), model, RequestFields.classIndex("index", index));
	}

}
