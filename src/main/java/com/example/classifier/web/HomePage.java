package com.example.classifier.web;

import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.RecentResults;
import com.example.classifier.classification.RecentResultsUnavailableException;
import com.example.classifier.http.Problems;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.web.PageViews.ErrorView;
import com.example.classifier.web.PageViews.ModelView;
import com.example.classifier.web.PageViews.RecentView;
import com.example.classifier.web.PageViews.ResultView;

/**
 * The home page's model, for the controller and for the refusals the advice renders on
 * the same page.
 */
@ConditionalOnWebApplication
@Component
class HomePage {

	static final String VIEW = "home";

	private final ModelRegistry models;

	private final RecentResults recent;

	private final ClassificationService classifier;

	HomePage(ModelRegistry models, RecentResults recent, ClassificationService classifier) {
		this.models = models;
		this.recent = recent;
		this.classifier = classifier;
	}

	/**
	 * The page with the form (the model chosen kept selected if it is served), and the
	 * recent results.
	 */
	ModelAndView page(String selectedModel) {
		String defaultModel = models.defaultModel();
		var served = models.descriptions().stream().map(model -> ModelView.of(model, defaultModel)).toList();
		String selected = served.stream().anyMatch(model -> model.name().equals(selectedModel)) ? selectedModel
				: defaultModel;
		ModelAndView page = new ModelAndView(VIEW, Map.of("page", "home", "models", served, "selectedModel", selected,
				"maxImages", classifier.maxImages()));
		try {
			page.addObject("recent", recent.newestFirst().stream().map(RecentView::of).toList());
		}
		catch (RecentResultsUnavailableException ex) {
			// The page still classifies; only the list is missing.
			page.addObject("recent", List.of());
			page.addObject("recentUnavailable", true);
		}
		return page;
	}

	ModelAndView result(String selectedModel, Classification classification, List<String> keptIds) {
		ModelAndView page = page(selectedModel);
		page.addObject("result", ResultView.of(classification, keptIds));
		if (classification.classified().isEmpty() && !classification.refused().isEmpty()) {
			// Nothing classified: the status says why, as the API's would.
			page.setStatus(HttpStatus.valueOf(Problems.status(classification.refused().get(0).refusal().reason())));
		}
		return page;
	}

	ModelAndView refusal(String selectedModel, ProblemDetail problem) {
		ModelAndView page = page(selectedModel);
		page.addObject("error", ErrorView.of(problem));
		page.setStatus(HttpStatus.valueOf(problem.getStatus()));
		return page;
	}

}
