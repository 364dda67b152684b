package com.example.classifier.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * "Why?" on a result: each of the five classes links to the heatmap over the image, by
 * keyboard as by mouse, with alt text that says what the overlay shows, and the same with
 * scripts turned off.
 */
class ExplanationBrowserTests extends BrowserTestSupport {

	@AfterEach
	void scriptsBackOn() {
		browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
	}

	@Test
	void theTopClassesWhyLinkShowsTheHeatmapOverTheImageByKeyboard() {
		upload(PHOTOS.resolve("caffe_cat.jpg"));
		WebElement card = browser.findElement(By.cssSelector("#results .result-classified"));
		List<WebElement> links = card.findElements(By.cssSelector(".why-link"));
		assertThat(links).hasSize(5);
		assertThat(links.get(0).getAttribute("aria-label"))
			.isEqualTo("Why tiger cat? Show the parts of caffe_cat.jpg that made the model say it");
		// By keyboard: focus the link, press Enter.
		js("arguments[0].focus()", links.get(0));
		assertThat(browser.switchTo().activeElement()).isEqualTo(links.get(0));
		links.get(0).sendKeys(Keys.ENTER);
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("why-heatmap")));

		assertThat(browser.findElement(By.id("why-heading")).getText()).isEqualTo("Why tiger cat?");
		WebElement heatmap = browser.findElement(By.id("why-heatmap"));
		assertThat(heatmap.getAttribute("alt")).startsWith("Heatmap over caffe_cat.jpg: the parts of the image that "
				+ "made mobilenet_v2 say tiger cat (31.2%) are colored");
		assertThat(((Number) js("return arguments[0].naturalWidth", heatmap)).intValue()).isEqualTo(480);
		assertThat(browserErrors()).isEmpty();
		screenshot("why");
	}

	@Test
	void anyOfTheFiveClassesCanBeExplainedWithScriptsOff() {
		upload(PHOTOS.resolve("caffe_cat.jpg"));
		browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
		WebElement second = browser.findElements(By.cssSelector("#results .result-classified .why-link")).get(1);
		second.click();
		waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("why-heatmap")));
		assertThat(browser.findElement(By.id("why-heading")).getText()).isEqualTo("Why tabby, tabby cat?");
		assertThat(browser.findElement(By.id("why-heatmap")).getAttribute("src")).startsWith("data:image/png;base64,");
		assertThat(browser.findElement(By.id("why-heatmap")).getAttribute("alt")).contains("tabby, tabby cat (15.5%)");
	}

	@Test
	void anImageNoLongerKeptSaysSo() {
		open("/why?image=0123456789abcdef0123456789abcdef&index=1");
		assertThat(browser.findElement(By.id("why-error")).getText()).contains("no longer kept here")
			.contains("upload it again");
		assertThat(browser.findElements(By.id("why-heatmap"))).isEmpty();
	}

}
