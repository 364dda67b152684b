package com.example.classifier.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.ModelAndView;

import com.example.classifier.history.KeptUpload;
import com.example.classifier.history.KeptUploads;
import com.example.classifier.http.Problems;
import com.example.classifier.http.UploadedFiles;
import com.example.classifier.http.RequestFields;
import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.explanation.Explanation;
import com.example.classifier.explanation.ExplanationService;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.classification.RecentResults;
import com.example.classifier.classification.RecentResultsUnavailableException;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.engine.VersionInfo;
import com.example.classifier.web.PageViews.ModelView;
import com.example.classifier.web.PageViews.WhyView;

/**
 * The pages for people: upload and results, team, about. Works without JavaScript; the
 * script only adds previews, drag and drop, an early refusal of too many images and a
 * spinner.
 */
@ConditionalOnWebApplication
@Controller
class PageController {

	/**
	 * Request attribute: the model the form asked for, so that a refusal renders the form
	 * as it was sent.
	 */
	static final String SELECTED_MODEL = PageController.class.getName() + ".model";

	private final ClassificationService classifier;

	private final HomePage home;

	private final ModelRegistry models;

	private final VersionInfo versions;

	private final TeamProperties team;

	private final PageProperties pages;

	private final RecentResults recent;

	private final ObjectMapper json;

	private final KeptUploads kept;

	private final ExplanationService explanations;

	private final Problems problems;

	PageController(ClassificationService classifier, HomePage home, ModelRegistry models, VersionInfo versions,
			TeamProperties team, PageProperties pages, RecentResults recent, ObjectMapper json, KeptUploads kept,
			ExplanationService explanations, Problems problems) {
		this.kept = kept;
		this.explanations = explanations;
		this.problems = problems;
		this.recent = recent;
		this.json = json;
		this.classifier = classifier;
		this.home = home;
		this.models = models;
		this.versions = versions;
		this.team = team;
		this.pages = pages;
	}

	@GetMapping("/")
	ModelAndView home() {
		return home.page(null);
	}

	/**
	 * Classifies up to three images; each refused image gets its own message beside the
	 * others. A refusal of the whole upload (none, too many, too large, unknown model) is
	 * rendered by {@link PageExceptionHandler}.
	 */
	@PostMapping(path = "/", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ModelAndView classify(@RequestParam(name = "images", required = false) List<MultipartFile> images,
			@RequestParam(name = "model", required = false) String model, HttpServletRequest request) {
		request.setAttribute(SELECTED_MODEL, model);
		RequestFields.refuseRepeated(request.getParameterMap(), "model");
		// Each image is kept as it is read, for its "Why?" links.
		List<String> ids = new ArrayList<>();
		List<ImageUpload> uploads = UploadedFiles.of(images).stream().map(upload -> {
			String id = kept.newId();
			ids.add(id);
			return new ImageUpload(upload.filename(), () -> kept.keep(id, upload.filename(), upload.content().read()));
		}).toList();
		Classification classification = classifier.classify(uploads, model, ClassificationService.TOP_K, false);
		kept.share(ids);
		List<String> explainable = ids.stream().map(id -> kept.keepsHere(id) ? id : null).toList();
		return home.result(model, classification, explainable);
	}

	/**
	 * Why the model gave a class for a kept upload: the heatmap over the image, a plain
	 * link from each result's classes (no script needed).
	 */
	@GetMapping("/why")
	ModelAndView why(@RequestParam(name = "image", required = false) String image,
			@RequestParam(name = "model", required = false) String model,
			@RequestParam(name = "index", required = false) String index) {
		ModelAndView page = new ModelAndView("why", Map.of("page", "why"));
		Optional<KeptUpload> upload = kept.get(image);
		if (upload.isEmpty()) {
			page.addObject("error", "This image is no longer kept here (the last " + kept.capacity()
					+ " uploads are): upload it again to see why.");
			page.setStatus(HttpStatus.NOT_FOUND);
			return page;
		}
		try {
			Explanation explanation = explanations.explain(
					ImageUpload.of(upload.get().filename(), upload.get().bytes()), model,
					RequestFields.classIndex("index", index));
			page.addObject("why", WhyView.of(explanation, explanations.passes()));
		}
		catch (RuntimeException ex) {
			ProblemDetail problem = problems.describe(ex).orElseThrow(() -> ex);
			page.addObject("error", problem.getDetail());
			page.setStatus(HttpStatus.valueOf(problem.getStatus()));
		}
		return page;
	}

	@GetMapping("/team")
	String team(Model model) {
		model.addAttribute("page", "team");
		model.addAttribute("members", team.members());
		model.addAttribute("named", team.members().stream().anyMatch(member -> member.name() != null));
		return "team";
	}

	@GetMapping("/about")
	String about(Model model, HttpServletRequest request) {
		String defaultModel = models.defaultModel();
		model.addAttribute("page", "about");
		model.addAttribute("models", models.descriptions().stream().map(m -> ModelView.of(m, defaultModel)).toList());
		model.addAttribute("defaultModel", defaultModel);
		model.addAttribute("versions", versions);
		model.addAttribute("maxImages", classifier.maxImages());
		boolean configured = pages.publicUrl() != null && !pages.publicUrl().isBlank();
		// Unless configured, the examples name this machine's port; the page's
		// script puts the browser's address in.
		model.addAttribute("baseUrl",
				configured ? pages.publicUrl().replaceAll("/+$", "") : "http://localhost:" + request.getLocalPort());
		model.addAttribute("browserOrigin", !configured);
		model.addAttribute("latestAnswer", latestAnswer());
		return "about";
	}

	/**
	 * The newest result as the API answered it (three classes), or null before the first:
	 * a real answer, not a sample.
	 */
	private String latestAnswer() {
		List<RecentResult> newest;
		try {
			newest = recent.newestFirst();
		}
		catch (RecentResultsUnavailableException ex) {
			return null;
		}
		return newest.stream().findFirst().map(latest -> {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("filename", latest.filename());
			result.put("width", latest.width());
			result.put("height", latest.height());
			result.put("predictions", latest.predictions().subList(0, Math.min(3, latest.predictions().size())));
			Map<String, Object> answer = new LinkedHashMap<>();
			answer.put("model", latest.model());
			answer.put("results", List.of(result));
			try {
				return json.writeValueAsString(answer)
					.replace("[{\"index\"", "[\n  {\"index\"")
					.replace("},{\"index\"", "},\n  {\"index\"");
			}
			catch (JsonProcessingException ex) {
				return null;
			}
		}).orElse(null);
	}

}
