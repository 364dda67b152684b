package com.example.classifier.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.util.logging.Level;

/**
 * One headless Debian Chromium for all browser tests of a test run, driven through
 * Debian's chromedriver (never a downloaded browser or driver). Installs both with
 * apt-get when they are missing, so that {@code mvn verify} works on a fresh machine.
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
	 * Installs Debian's chromium and chromium-driver (as root, or through password-less
	 * sudo) when missing.
	 */
	static synchronized void ensureInstalled() {
		if (installed()) {
			return;
		}
		List<String> prefix = isRoot() ? List.of() : List.of("sudo", "-n");
		Path log = Path.of("target", "chromium-install.log");
		boolean ok = run(prefix, log, "apt-get", "install", "-y", "chromium", "chromium-driver");
		if (!ok || !installed()) {
			run(prefix, log, "apt-get", "update");
			run(prefix, log, "apt-get", "install", "-y", "chromium", "chromium-driver");
		}
		if (!installed()) {
			throw new IllegalStateException("The browser tests need Debian's Chromium and ChromeDriver (" + BROWSER
					+ ", " + DRIVER
					+ ") and could not install them; run 'apt-get install -y chromium chromium-driver' as root. "
					+ "See " + log.toAbsolutePath());
		}
	}

	private static boolean installed() {
		return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
	}

	private static boolean isRoot() {
		try {
			Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
			String uid = new String(id.getInputStream().readAllBytes()).strip();
			return id.waitFor() == 0 && "0".equals(uid);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static boolean run(List<String> prefix, Path log, String... command) {
		List<String> full = new ArrayList<>(prefix);
		full.addAll(List.of(command));
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
			Process process = builder.start();
			if (!process.waitFor(15, TimeUnit.MINUTES)) {
				process.destroy();
				return false;
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
