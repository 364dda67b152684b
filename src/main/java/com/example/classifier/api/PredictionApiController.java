package com.example.classifier.api;

import java.time.Instant;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.Prediction;
import com.example.classifier.classification.RecentResults;

/** The JSON API for programs: classify up to three images, and the recent results. */
@RestController
@RequestMapping("/api/predictions")
class PredictionApiController {

	private final ClassificationService classifier;
	private final RecentResults recent;

	PredictionApiController(ClassificationService classifier, RecentResults recent) {
		this.classifier = classifier;
		this.recent = recent;
	}

	record PredictionResponse(String model, List<ImageOutcome.Classified> results) {
	}

	record RecentResponse(List<RecentEntry> results) {
	}

	record RecentEntry(String filename, int width, int height, List<Prediction> predictions, String model,
			Instant time) {
	}

	/** All or nothing: one refused image refuses the request, and nothing is remembered. */
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	PredictionResponse predict(@RequestParam(name = "images", required = false) List<MultipartFile> images,
			@RequestParam(name = "model", required = false) String model,
			@RequestParam(name = "topK", defaultValue = "5") int topK) {
		Classification classification = classifier.classify(ImageUpload.fromParts(images), model, topK, true);
		return new PredictionResponse(classification.model(), classification.classified());
	}

	@GetMapping(path = "/recent", produces = MediaType.APPLICATION_JSON_VALUE)
	RecentResponse recent() {
		return new RecentResponse(recent.newestFirst()
			.stream()
			.map(r -> new RecentEntry(r.filename(), r.width(), r.height(), r.predictions(), r.model(), r.time()))
			.toList());
	}
}
