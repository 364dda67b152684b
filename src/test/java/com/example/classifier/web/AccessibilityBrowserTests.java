package com.example.classifier.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Automated accessibility checks of the pages in the browser: the rules this project sets
 * itself (every field has a label, every image a text alternative, one h1 and no skipped
 * heading level, the page's language), and axe-core's WCAG 2 A/AA rules.
 */
class AccessibilityBrowserTests extends BrowserTestSupport {

	static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

	static String axeSource;

	/** Returns one line per problem found on the page. */
	static final String OWN_CHECKS = """
			const problems = [];
			const lang = document.documentElement.getAttribute('lang');
			if (!lang || !lang.trim()) problems.push('html has no lang');
			const describe = (el) => el.outerHTML.substring(0, 120);
			for (const field of document.querySelectorAll('input, select, textarea')) {
			  if (field.type === 'hidden') continue;
			  const labelled = (field.labels && [...field.labels].some(l => l.textContent.trim()))
			    || (field.getAttribute('aria-label') || '').trim()
			    || (field.getAttribute('aria-labelledby') || '').split(/\\s+/)
			         .some(id => id && document.getElementById(id) && document.getElementById(id).textContent.trim());
			  if (!labelled) problems.push('field without label: ' + describe(field));
			}
			for (const img of document.querySelectorAll('img')) {
			  if (!(img.getAttribute('alt') || '').trim()) problems.push('img without alt: ' + describe(img));
			}
			const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
			const h1 = headings.filter(h => h.tagName === 'H1').length;
			if (h1 !== 1) problems.push('expected one h1, found ' + h1);
			let previous = 0;
			for (const heading of headings) {
			  const level = Number(heading.tagName.substring(1));
			  if (previous === 0 && level !== 1) problems.push('first heading is not h1: ' + describe(heading));
			  if (previous !== 0 && level > previous + 1) problems.push('heading level skipped: h' + previous + ' then ' + describe(heading));
			  previous = level;
			}
			return problems;
			""";

	static final String RUN_AXE = """
			const done = arguments[arguments.length - 1];
			axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
			  .then(result => done(result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
			      + v.nodes.map(n => n.target.join(' ')).join(', '))))
			  .catch(error => done(['axe failed: ' + error]));
			""";

	@BeforeAll
	static void loadAxe() throws IOException {
		try (InputStream in = AccessibilityBrowserTests.class.getClassLoader().getResourceAsStream(AXE)) {
			assertThat(in).as(AXE + " on the test classpath (org.webjars.npm:axe-core)").isNotNull();
			axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void homePageWithRecentResults() {
		upload(PHOTOS.resolve("serve_kitten.jpg"));
		open("/");
		assertThat(browser.findElements(By.cssSelector("#recent img"))).isNotEmpty();
		assertAccessible();
	}

	@Test
	void resultPageWithAGoodAndABadImage() {
		upload(PHOTOS.resolve("djl_mountains.jpg"), BAD.resolve("html.png"));
		assertThat(browser.findElements(By.cssSelector("#results .result-classified"))).hasSize(1);
		assertThat(browser.findElements(By.cssSelector("#results .result-refused"))).hasSize(1);
		assertAccessible();
	}

	@Test
	void whyPageOfAResult() {
		upload(PHOTOS.resolve("djl_mountains.jpg"));
		browser.findElement(By.cssSelector("#results .why-link")).click();
		waitFor()
			.until(org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(By.id("why-heatmap")));
		assertAccessible();
	}

	@Test
	void homePageWithPreviewsAndWithTheRefusalOfTooManyImages() {
		open("/");
		choose(PHOTOS.resolve("djl_kitten.jpg"), PHOTOS.resolve("serve_dog.jpg"));
		waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#previews img"), 2));
		assertAccessible();
		open("/");
		choose(PHOTOS.resolve("djl_kitten.jpg"), PHOTOS.resolve("serve_dog.jpg"), PHOTOS.resolve("caffe_cat.jpg"),
				PHOTOS.resolve("skimage_coffee.png"));
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("client-error")));
		assertAccessible();
	}

	@Test
	void homePageWithTheServersRefusal() {
		open("/");
		// a model this server does not serve, as an outdated form or a
		// hand-made request would send
		js("document.getElementById('model').insertAdjacentHTML('beforeend', '<div class=\"form-check\"><input class=\"form-check-input\" type=\"radio\" name=\"model\" id=\"model-retired\" value=\"retired_model\" checked><label class=\"form-check-label\" for=\"model-retired\">retired_model</label></div>')");
		choose(PHOTOS.resolve("djl_kitten.jpg"));
		submitAndWait();
		assertThat(waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("server-error"))).getText())
			.contains("Unknown model", "retired_model");
		assertAccessible();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/team", "/about", "/no-such-page" })
	void otherPages(String path) {
		browser.get(url(path));
		assertAccessible();
	}

	@SuppressWarnings("unchecked")
	void assertAccessible() {
		List<String> own = (List<String>) js(OWN_CHECKS);
		assertThat(own).as("own accessibility checks of " + browser.getCurrentUrl()).isEmpty();
		if (!Boolean.TRUE.equals(js("return typeof axe !== 'undefined'"))) {
			js(axeSource);
		}
		List<String> violations = (List<String>) ((JavascriptExecutor) browser).executeAsyncScript(RUN_AXE);
		assertThat(violations).as("axe-core WCAG 2.1 A/AA violations on " + browser.getCurrentUrl()).isEmpty();
	}

}
