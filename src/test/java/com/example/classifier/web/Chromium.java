package com.example.classifier.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.util.logging.Level;

/**
 * One headless Debian Chromium for all browser tests of a test run, driven through
 * Debian's chromedriver (never a downloaded browser or driver), which {@code .ci/setup}
 * installs.
 */
final class Chromium {

	static final Path BROWSER = Path.of("/usr/bin/chromium");
	static final Path DRIVER = Path.of("/usr/bin/chromedriver");
	static final Dimension DESKTOP = new Dimension(1280, 1000);

	private static ChromeDriver driver;

	private Chromium() {
	}

	/** The shared browser, started on first use and quit when the test JVM exits. */
	static synchronized ChromeDriver shared() {
		if (driver == null) {
			ensureInstalled();
			driver = start();
			ChromeDriver started = driver;
			Runtime.getRuntime().addShutdownHook(new Thread(started::quit, "quit-chromium"));
		}
		return driver;
	}

	private static ChromeDriver start() {
		Path profile;
		try {
			profile = Files.createTempDirectory("chromium-profile-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot create a Chromium profile folder", ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-extensions", "--disable-default-apps", "--lang=en-US",
				"--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight(), "--user-data-dir=" + profile);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver chrome = new ChromeDriver(service, options);
		chrome.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(60));
		return chrome;
	}

	/**
	 * Fails with what to do when Debian's chromium or chromium-driver is missing: the
	 * tests install nothing.
	 */
	static void ensureInstalled() {
		if (!installed()) {
			throw new IllegalStateException(
					"The browser tests need Debian's Chromium and ChromeDriver (" + BROWSER + ", " + DRIVER
							+ "): run .ci/setup, which installs them (apt-get install chromium chromium-driver)");
		}
	}

	private static boolean installed() {
		return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
	}

}
