package com.example.classifier.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import com.example.classifier.classification.RecentResult;
import com.example.classifier.classification.RecentResults;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.ServedModel;
import com.example.classifier.engine.VersionInfo;

/** The pages in a real browser, against the real application and models. */
class PagesBrowserTests extends BrowserTestSupport {

	/**
	 * Top-1 label of each photo, from photos/EXPECTED.tsv (torchvision's answer), without
	 * the WordNet id.
	 */
	static Map<String, String> expected;

	@Autowired
	RecentResults recent;

	@Autowired
	ModelRegistry models;

	@Autowired
	VersionInfo versions;

	@Autowired
	TestRestTemplate http;

	@BeforeAll
	static void expectedTopClasses() throws IOException {
		expected = new LinkedHashMap<>();
		for (String line : Files.readAllLines(PHOTOS.resolve("EXPECTED.tsv")).subList(1, 21)) {
			String[] columns = line.split("\t");
			expected.put(columns[0], columns[2].replaceFirst("^n\\d{8}\\s+", ""));
		}
	}

	@Test
	void oneRealPhotoShowsItsTopFiveAsBars() {
		open("/");
		choose(PHOTOS.resolve("skimage_coffee.png"));
		assertThat(browser.findElement(By.id("spinner")).isDisplayed()).isFalse();
		// notes, as the form is sent, whether the page's own submit handler
		// showed the spinner
		js("""
				sessionStorage.removeItem('spinner');
				document.getElementById('upload-form').addEventListener('submit', () => sessionStorage.setItem('spinner',
				  getComputedStyle(document.getElementById('spinner')).display !== 'none'
				  && document.getElementById('submit').disabled));
				""");
		submitAndWait();
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
		assertThat(js("return sessionStorage.getItem('spinner')")).isEqualTo("true");

		assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
		assertThat(topClassByFile())
			.containsExactly(Map.entry("skimage_coffee.png", expected.get("skimage_coffee.png")));
		WebElement card = browser.findElement(By.cssSelector("#results .result-classified"));
		List<WebElement> bars = card.findElements(By.cssSelector(".prediction"));
		assertThat(bars).hasSize(5);
		assertThat(card.findElement(By.cssSelector(".prediction-percent")).getText()).isEqualTo("99.4%");
		assertThat(card.findElement(By.cssSelector(".result-size")).getText()).isEqualTo("600 × 400 pixels");
		// the bar is drawn from the stylesheet (the CSP forbids inline styles):
		// nearly the whole track
		WebElement track = card.findElement(By.cssSelector(".progress"));
		WebElement bar = card.findElement(By.cssSelector(".progress-bar"));
		assertThat(bar.getSize().getWidth()).isGreaterThan(track.getSize().getWidth() * 95 / 100);
		assertThat(texts("#result-model")).containsExactly("mobilenet_v2");
		assertThat(browser.findElement(By.id("result-took")).getText()).matches("\\d+ ms|\\d+\\.\\d\\d s");
		// the thumbnail is a re-encoded JPEG in a data: URI, never the upload
		assertThat(card.findElement(By.cssSelector("img")).getAttribute("src")).startsWith("data:image/jpeg;base64,");
		assertThat(browserErrors()).isEmpty();
	}

	@Test
	void threeRealPhotosShowTheirTopClassesAndAModelCanBeChosen() {
		open("/");
		browser.findElement(By.cssSelector("#model input[value='mobilenet_v2_onnx']")).click();
		choose(PHOTOS.resolve("glow_dog_207.png"), PHOTOS.resolve("skimage_chelsea_cat.png"),
				PHOTOS.resolve("sklearn_china.jpg"));
		waitFor().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#previews img"), 3));
		submitAndWait();
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("results")));

		assertThat(topClassByFile()).containsExactly(Map.entry("glow_dog_207.png", expected.get("glow_dog_207.png")),
				Map.entry("skimage_chelsea_cat.png", expected.get("skimage_chelsea_cat.png")),
				Map.entry("sklearn_china.jpg", expected.get("sklearn_china.jpg")));
		assertThat(browser.findElements(By.cssSelector("#results .prediction"))).hasSize(15);
		assertThat(texts("#result-model")).containsExactly("mobilenet_v2_onnx");
		// the form keeps the model that was used
		assertThat(browser.findElement(By.cssSelector("#model input:checked")).getAttribute("value"))
			.isEqualTo("mobilenet_v2_onnx");
		assertThat(browserErrors()).isEmpty();
		screenshot("result");
	}

	@Test
	void aBadImageGetsItsOwnMessageBesideTheGoodOnes() {
		upload(PHOTOS.resolve("serve_wf_dog1.jpg"), BAD.resolve("text.jpg"));

		assertThat(topClassByFile()).containsExactly(Map.entry("serve_wf_dog1.jpg", expected.get("serve_wf_dog1.jpg")));
		List<WebElement> refused = browser.findElements(By.cssSelector("#results .result-refused"));
		assertThat(refused).hasSize(1);
		assertThat(refused.get(0).findElement(By.cssSelector(".result-filename")).getText()).isEqualTo("text.jpg");
		assertThat(refused.get(0).findElement(By.cssSelector(".result-message")).getText()).contains("not an image");
		assertThat(browser.findElements(By.id("server-error"))).isEmpty();
	}

	@Test
	void previewsShowTheChosenImagesBeforeSending() {
		int posts = pagePosts.get();
		open("/");
		choose(PHOTOS.resolve("djl_kitten.jpg"), PHOTOS.resolve("serve_dog.jpg"));

		List<WebElement> previews = waitFor()
			.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#previews img"), 2));
		assertThat(previews).allSatisfy(img -> assertThat(img.getAttribute("src")).startsWith("blob:"));
		waitFor().until(driver -> (Boolean) js(
				"return [...document.querySelectorAll('#previews img')].every(i => i.complete && i.naturalWidth > 0)"));
		assertThat(texts("#previews .preview-name")).containsExactly("djl_kitten.jpg", "serve_dog.jpg");
		assertThat(pagePosts.get()).isEqualTo(posts);
	}

	@Test
	void fourImagesAreRefusedInThePageAtOnceAndNothingIsSent() {
		List<RecentResult> before = recent.newestFirst();
		int posts = pagePosts.get();
		open("/");
		List<String> recentBefore = texts("#recent .recent-filename");
		js("window.stillThisPage = true");

		choose(PHOTOS.resolve("djl_kitten.jpg"), PHOTOS.resolve("serve_dog.jpg"), PHOTOS.resolve("caffe_cat.jpg"),
				PHOTOS.resolve("skimage_coffee.png"));

		WebElement message = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("client-error")));
		assertThat(message.getText()).contains("You chose 4 images", "at most 3", "Nothing was sent");
		assertThat(js("return document.getElementById('images').files.length")).isEqualTo(0L);
		assertThat(browser.findElements(By.cssSelector("#previews img"))).isEmpty();

		// sending anyway sends nothing either: the message stays, the page is
		// the same one
		browser.findElement(By.id("submit")).click();
		assertThat(message.getText()).contains("You chose 4 images");
		assertThat(js("return window.stillThisPage === true")).isEqualTo(true);
		assertThat(browser.findElements(By.id("results"))).isEmpty();
		assertThat(texts("#recent .recent-filename")).isEqualTo(recentBefore);
		assertThat(pagePosts.get()).isEqualTo(posts);
		assertThat(recent.newestFirst()).isEqualTo(before);
	}

	@Test
	void fourImagesDroppedOnThePageAreRefusedToo() throws IOException {
		int posts = pagePosts.get();
		open("/");
		String photo = Base64.getEncoder().encodeToString(Files.readAllBytes(PHOTOS.resolve("serve_wf_cat.jpg")));
		String drop = """
				const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
				const transfer = new DataTransfer();
				for (let i = 1; i <= arguments[1]; i++) {
				  transfer.items.add(new File([bytes], 'dropped-' + i + '.jpg', {type: 'image/jpeg'}));
				}
				const zone = document.getElementById('drop-zone');
				zone.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: transfer}));
				zone.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: transfer}));
				""";
		js(drop, photo, 4);
		assertThat(browser.findElement(By.id("client-error")).getText()).contains("You chose 4 images");
		assertThat(js("return document.getElementById('images').files.length")).isEqualTo(0L);

		js(drop, photo, 2);
		assertThat(browser.findElement(By.id("client-error")).isDisplayed()).isFalse();
		assertThat(js("return document.getElementById('images').files.length")).isEqualTo(2L);
		assertThat(texts("#previews .preview-name")).containsExactly("dropped-1.jpg", "dropped-2.jpg");
		assertThat(pagePosts.get()).isEqualTo(posts);

		submitAndWait();
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("results")));
		assertThat(topClassByFile()).containsOnlyKeys("dropped-1.jpg", "dropped-2.jpg")
			.containsValue(expected.get("serve_wf_cat.jpg"));
	}

	@Test
	void aFileOverTheSizeLimitIsRefusedOnThePage() throws IOException {
		Path big = Files.createDirectories(Path.of("target", "uploads")).resolve("too-big.jpg");
		try (var out = Files.newOutputStream(big)) {
			out.write(new byte[26 * 1024 * 1024]);
		}
		List<RecentResult> before = recent.newestFirst();
		upload(big);

		assertThat(browser.findElement(By.id("server-error")).getText()).contains("Upload too large",
				"larger than the limit");
		assertThat(browser.findElements(By.id("results"))).isEmpty();
		assertThat(recent.newestFirst()).isEqualTo(before);
		Files.delete(big);
	}

	@Test
	void withoutScriptsTheServerRefusesFourImagesAndKeepsTheRecentResults() {
		List<RecentResult> before = recent.newestFirst();
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		for (String name : List.of("djl_kitten.jpg", "serve_dog.jpg", "caffe_cat.jpg", "skimage_coffee.png")) {
			form.add("images", new FileSystemResource(PHOTOS.resolve(name)));
		}
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.MULTIPART_FORM_DATA);
		headers.setAccept(List.of(MediaType.TEXT_HTML));
		ResponseEntity<String> page = http.postForEntity("/", new HttpEntity<>(form, headers), String.class);

		assertThat(page.getStatusCode().value()).isEqualTo(400);
		assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
		assertThat(page.getBody())
			.contains("id=\"server-error\"", "Too many images", "at most 3 images per request, got 4")
			.doesNotContain("id=\"results\"");
		assertThat(recent.newestFirst()).isEqualTo(before);
		before.forEach(result -> assertThat(page.getBody()).contains(result.filename()));
	}

	@Test
	void afterSixUploadsTheHomePageShowsExactlyTheFiveNewestNewestFirst() {
		List<String> six = List.of("serve_wf_dog1.jpg", "serve_wf_dog2.jpg", "skimage_coffee.png", "glow_dog_207.png",
				"sklearn_china.jpg", "serve_wf_cat.jpg");
		for (String name : six) {
			upload(PHOTOS.resolve(name));
			assertThat(topClassByFile()).containsExactly(Map.entry(name, expected.get(name)));
		}
		open("/");

		List<String> newestFirst = new ArrayList<>(six.subList(1, 6));
		Collections.reverse(newestFirst);
		assertThat(texts("#recent .recent-filename")).containsExactlyElementsOf(newestFirst);
		assertThat(texts("#recent .recent-top"))
			.containsExactlyElementsOf(newestFirst.stream().map(expected::get).toList());
		assertThat(texts("#recent .recent-model")).containsOnly("mobilenet_v2");
		assertThat(texts("#recent .recent-time")).allSatisfy(time -> assertThat(time).endsWith(" UTC"));
		List<WebElement> thumbnails = browser.findElements(By.cssSelector("#recent img"));
		assertThat(thumbnails).hasSize(5).allSatisfy(img -> {
			assertThat(img.getAttribute("src")).startsWith("data:image/jpeg;base64,");
			assertThat(img.getAttribute("alt")).startsWith("Thumbnail of ");
		});
		assertThat(browser.findElements(By.id("results"))).isEmpty();
		assertThat(browserErrors()).isEmpty();
		screenshot("home");
	}

	@Test
	void teamAndAboutAreReachedFromTheNavbarDropdown() {
		open("/");
		browser.findElement(By.id("nav-project")).click();
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-team"))).click();
		waitFor().until(ExpectedConditions.urlToBe(url("/team")));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Team");
		assertThat(texts(".team-member .team-role")).hasSizeGreaterThanOrEqualTo(3).doesNotContain("");

		browser.findElement(By.id("nav-project")).click();
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-about"))).click();
		waitFor().until(ExpectedConditions.urlToBe(url("/about")));
		assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("About");

		List<ServedModel> served = models.all();
		assertThat(texts("#models-table .model-name"))
			.containsExactlyElementsOf(served.stream().map(ServedModel::name).toList());
		assertThat(texts("#models-table .model-classes"))
			.containsExactlyElementsOf(served.stream().map(model -> Integer.toString(model.classes())).toList());
		List<String> inputs = texts("#models-table .model-input");
		for (int i = 0; i < served.size(); i++) {
			long[] shape = served.get(i).description().inputShape();
			assertThat(inputs.get(i)).startsWith(shape[1] + " × " + shape[2] + " × " + shape[3]);
		}
		assertThat(browser.findElement(By.id("version-app")).getText()).isEqualTo(versions.getApp());
		assertThat(browser.findElement(By.id("version-djl")).getText()).isEqualTo(versions.getDjl());
		assertThat(texts("#versions .version-engine"))
			.containsExactlyInAnyOrderElementsOf(versions.getEngines().values());
		String page = browser.findElement(By.tagName("main")).getText();
		assertThat(page).contains("curl -F images=@cat.jpg -F images=@dog.png " + url("/api/predictions"));
		assertThat(browser.findElements(By.cssSelector("main a[href='/swagger-ui.html']"))).isNotEmpty();
		assertThat(browser.findElements(By.cssSelector("main a[href='/actuator/health']"))).isNotEmpty();
		assertThat(browserErrors()).isEmpty();
		screenshot("about");
	}

	@Test
	void pagesCarryTheContentSecurityPolicyAndLoadNothingFromOtherHosts() {
		for (String path : List.of("/", "/team", "/about")) {
			ResponseEntity<String> page = http.getForEntity(path, String.class);
			assertThat(page.getHeaders().getFirst("Content-Security-Policy"))
				.startsWith("default-src 'self'; img-src 'self' data: blob:");
			assertThat(page.getBody()).doesNotContain("<script>", "style=\"", "th:", "src=\"http", "href=\"http",
					"src=\"//", "href=\"//");
		}
		open("/");
		@SuppressWarnings("unchecked")
		List<String> resources = (List<String>) js("return performance.getEntriesByType('resource').map(r => r.name)");
		assertThat(resources).isNotEmpty().allSatisfy(resource -> assertThat(resource).startsWith(url("/")));
		assertThat(resources).anyMatch(resource -> resource.contains("/webjars/bootstrap/"));
	}

	@Test
	void theHomePageFitsAPhoneScreen() {
		upload(PHOTOS.resolve("androiddemo_seg_dog.jpg"));
		browser.manage().window().setSize(new Dimension(390, 844));
		assertNoHorizontalScroll(browser);
		// the navigation collapses behind its toggler, which opens it
		assertThat(browser.findElement(By.id("nav-project")).isDisplayed()).isFalse();
		browser.findElement(By.cssSelector(".navbar-toggler")).click();
		waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-project")));
		// Bootstrap ignores a toggle while the menu is still sliding open
		waitFor().until(driver -> Boolean.TRUE.equals(js(
				"const c = document.getElementById('main-navbar').classList; return c.contains('show') && !c.contains('collapsing')")));
		browser.findElement(By.cssSelector(".navbar-toggler")).click();
		waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.id("nav-project")));
		assertThat(browser.findElement(By.id("upload-form")).getSize().getWidth()).isLessThan(390);
		assertThat(browser.findElement(By.cssSelector("#results .result")).getSize().getWidth()).isLessThan(390);
		// a recent result is one compact line, not a card with a thumbnail the
		// screen's width
		assertThat(browser.findElement(By.cssSelector("#recent-list .recent-thumb")).getSize().getWidth())
			.isLessThan(100);
		screenshot("result-phone");
	}

	@Test
	void everyPageFitsAPhoneAndADesktopShowingItsWholeText() {
		upload(PHOTOS.resolve("androiddemo_seg_dog.jpg"));
		for (Dimension size : List.of(new Dimension(390, 844), Chromium.DESKTOP)) {
			browser.manage().window().setSize(size);
			for (String page : List.of("/", "/team", "/about")) {
				open(page);
				String name = (page.equals("/") ? "home" : page.substring(1)) + "-" + size.getWidth();
				assertNoHorizontalScroll(browser);
				// Nothing cut off: no element's text is wider than its box (the
				// model choice, the examples).
				@SuppressWarnings("unchecked")
				List<String> cut = (List<String>) js("return [...document.querySelectorAll("
						+ "'main label, main pre, main code, main p, main h1, main h2, main h3, main dd, main td')]"
						+ ".filter(e => e.closest('.table-responsive') === null && e.scrollWidth > e.clientWidth + 1)"
						+ ".map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 60))");
				assertThat(cut).as("text cut off on %s", name).isEmpty();
				if (page.equals("/")) {
					assertThat(browser.findElements(By.cssSelector("#model .model-option"))).isNotEmpty()
						.allSatisfy(option -> assertThat(option.getText()).contains(" classes"));
				}
				if (page.equals("/about")) {
					// A table wider than the screen scrolls inside its box, and
					// the page says so.
					boolean overflows = Boolean.TRUE.equals(js("const t = document.querySelector('.table-responsive');"
							+ " return t.scrollWidth > t.clientWidth"));
					assertThat(browser.findElement(By.id("models-table-hint")).isDisplayed()).as(name)
						.isEqualTo(overflows);
				}
				screenshot(name);
			}
		}
		browser.manage().window().setSize(Chromium.DESKTOP);
	}

}
