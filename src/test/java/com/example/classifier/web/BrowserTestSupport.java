package com.example.classifier.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.Collectors;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The real application (real models from {@code ../shared/models}) on a random port, and
 * the shared headless Chromium. Every browser test class extends this, so that they all
 * share one Spring context and one browser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(BrowserTestSupport.PostCounter.class)
abstract class BrowserTestSupport {

	static final Path SHARED = Path.of(System.getProperty("shared.dir", "../shared"));
	static final Path PHOTOS = SHARED.resolve("images/photos");
	static final Path BAD = SHARED.resolve("images/bad");
	static final Path SCREENSHOTS = Path.of("target", "screenshots");
	static final Path DOCS_SCREENSHOTS = Path.of("docs", "screenshots");

	@LocalServerPort
	int port;

	@Autowired
	AtomicInteger pagePosts;

	ChromeDriver browser;

	/**
	 * Counts the uploads that reach the server from the page (POST /), to prove that none
	 * was sent.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class PostCounter {

		@Bean
		AtomicInteger pagePosts() {
			return new AtomicInteger();
		}

		@Bean
		FilterRegistrationBean<Filter> pagePostCounter(AtomicInteger pagePosts) {
			Filter filter = (request, response, chain) -> {
				if (request instanceof HttpServletRequest http && "POST".equals(http.getMethod())
						&& "/".equals(http.getRequestURI())) {
					pagePosts.incrementAndGet();
				}
				chain.doFilter(request, response);
			};
			return new FilterRegistrationBean<>(filter);
		}

	}

	@BeforeEach
	void browser() {
		browser = Chromium.shared();
		browser.manage().window().setSize(Chromium.DESKTOP);
		browserErrors(); // forget what an earlier test left in the log
	}

	String url(String path) {
		return "http://localhost:" + port + path;
	}

	void open(String path) {
		browser.get(url(path));
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
	}

	WebDriverWait waitFor() {
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
		wait.pollingEvery(Duration.ofMillis(100));
		return wait;
	}

	Object js(String script, Object... args) {
		return ((JavascriptExecutor) browser).executeScript(script, args);
	}

	/**
	 * Chooses files in the form's file input, as a person picking them in the file
	 * dialog.
	 */
	void choose(Path... files) {
		String paths = java.util.Arrays.stream(files)
			.map(file -> file.toAbsolutePath().normalize().toString())
			.collect(Collectors.joining("\n"));
		browser.findElement(By.id("images")).sendKeys(paths);
	}

	/** Chooses the files, sends the form and waits for the page that answers. */
	void upload(Path... files) {
		open("/");
		choose(files);
		submitAndWait();
	}

	/** Sends the form and waits until the page that answers has loaded. */
	void submitAndWait() {
		js("window.beforeSubmit = true");
		browser.findElement(By.id("submit")).click();
		waitFor().ignoring(WebDriverException.class)
			.until(driver -> Boolean.TRUE
				.equals(js("return window.beforeSubmit !== true && document.readyState === 'complete'")));
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.tagName("footer")));
	}

	List<String> texts(String css) {
		return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
	}

	/** The file name of each result card on the page, with its top class. */
	Map<String, String> topClassByFile() {
		Map<String, String> tops = new LinkedHashMap<>();
		for (WebElement card : browser.findElements(By.cssSelector("#results .result-classified"))) {
			tops.put(card.findElement(By.cssSelector(".result-filename")).getText(),
					card.findElement(By.cssSelector(".prediction-label")).getText());
		}
		return tops;
	}

	/**
	 * Errors the browser logged (a script error, a resource or a CSP violation), since
	 * the last call.
	 */
	List<String> browserErrors() {
		return browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter(message -> !message.contains("favicon.ico"))
			.toList();
	}

	/**
	 * A screenshot of the whole page (beyond the window) in target/screenshots; with
	 * {@code -Dscreenshots.update=true} a copy in docs/screenshots too (the README's
	 * pictures change only when asked to, never as a side effect).
	 */
	@SuppressWarnings("unchecked")
	void screenshot(String name) {
		Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
		Map<String, Object> content = (Map<String, Object>) metrics.get("cssContentSize");
		// the window's width, scroll bar included: the capture drops the scroll
		// bar and lays the page out again
		double width = Math.max(((Number) content.get("width")).doubleValue(),
				((Number) js("return window.innerWidth")).doubleValue());
		Map<String, Object> clip = Map.of("x", 0, "y", 0, "scale", 1, "width", width, "height",
				Math.min(((Number) content.get("height")).doubleValue(), 8000));
		Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
		byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
		Path file;
		try {
			Files.createDirectories(SCREENSHOTS);
			file = Files.write(SCREENSHOTS.resolve(name + ".png"), png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			if (Boolean.getBoolean("screenshots.update")) {
				Files.createDirectories(DOCS_SCREENSHOTS);
				Files.copy(file, DOCS_SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		catch (IOException ex) {
			System.err.println("Screenshot " + name + " not copied to " + DOCS_SCREENSHOTS + ": " + ex);
		}
	}

	static void assertNoHorizontalScroll(ChromeDriver browser) {
		Number overflow = (Number) ((JavascriptExecutor) browser)
			.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
		assertThat(overflow.intValue()).as("horizontal overflow in pixels").isLessThanOrEqualTo(0);
	}

}
