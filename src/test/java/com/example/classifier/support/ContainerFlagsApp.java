package com.example.classifier.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged app in a JVM of its own, started as the container image starts it: the JVM
 * flags and the app's environment are read from the {@code Dockerfile}'s {@code ENV} (so
 * that they cannot drift), only the paths inside the image replaced by this machine's.
 * For tests that must see the JVM survive, or not.
 */
public final class ContainerFlagsApp implements AutoCloseable {

	private static final Path JAR = Path.of(System.getProperty("app.jar", "target/image-classifier-1.0.0.jar"));

	/**
	 * Settings of the image that name paths inside it, or its port: this machine's are
	 * used instead.
	 */
	private static final List<String> IMAGE_PATHS = List.of("PORT", "MODELS_DIR", "PYTORCH_LIBRARY_PATH",
			"DJL_CACHE_DIR", "DEFAULT_MODEL");

	private final Process process;

	private final int port;

	private final Path log;

	private ContainerFlagsApp(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts the jar with the image's settings (and {@code extraArgs}) and waits until it
	 * is ready.
	 */
	public static ContainerFlagsApp start(String... extraArgs) throws IOException, InterruptedException {
		return start(Map.of(), extraArgs);
	}

	/**
	 * As {@link #start(String...)}, with more environment over the image's (a
	 * {@code REDIS_URL}).
	 */
	public static ContainerFlagsApp start(Map<String, String> environment, String... extraArgs)
			throws IOException, InterruptedException {
		int port = Ports.free();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
						"--server.port=" + port, "--classifier.load=mobilenet_v2"));
		command.addAll(List.of(extraArgs));
		Path log = Files.createTempFile(Path.of("target"), "container-flags-app", ".log");
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		Map<String, String> imageEnvironment = imageEnvironment();
		IMAGE_PATHS.forEach(imageEnvironment::remove);
		builder.environment().putAll(imageEnvironment);
		builder.environment().put("MODELS_DIR", SharedData.root().resolve("models").toString());
		// Only the Redis a test gives: never a developer's own.
		builder.environment().remove("REDIS_URL");
		builder.environment().remove("SPRING_DATA_REDIS_URL");
		builder.environment().putAll(environment);
		ContainerFlagsApp app = new ContainerFlagsApp(builder.start(), port, log);
		app.awaitReady(Duration.ofMinutes(3));
		return app;
	}

	/** The {@code ENV} of the Dockerfile's last stage, as name to value. */
	public static Map<String, String> imageEnvironment() {
		try {
			String dockerfile = Files.readString(Path.of("Dockerfile"));
			int lastStage = dockerfile.lastIndexOf("\nFROM ");
			Matcher env = Pattern.compile("\nENV ((?:[^\n]*\\\\\n)*[^\n]*)").matcher(dockerfile.substring(lastStage));
			if (!env.find()) {
				throw new IllegalStateException("no ENV in the Dockerfile's last stage");
			}
			Map<String, String> values = new LinkedHashMap<>();
			Matcher pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S+)").matcher(env.group(1).replace("\\\n", " "));
			while (pair.find()) {
				values.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
			}
			return values;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return port;
	}

	public boolean alive() {
		return process.isAlive();
	}

	/** Sends SIGTERM, as a container's stop, Heroku or Kubernetes do, without waiting. */
	public void terminate() {
		process.destroy();
	}

	/**
	 * Waits for the process to end: its exit code, or -1 if it still runs after the
	 * timeout.
	 */
	public int awaitExit(Duration timeout) throws InterruptedException {
		return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue()
				: -1;
	}

	/**
	 * Anonymous resident memory of the app's process, in MB: what a container's memory
	 * limit holds against it (its libraries' file-backed pages can be reclaimed; the
	 * container test counts the same).
	 */
	public long anonymousMegabytes() {
		try {
			return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))
				.stream()
				.filter(line -> line.startsWith("RssAnon:"))
				.mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")) >> 10)
				.findFirst()
				.orElse(0);
		}
		catch (IOException ex) {
			return 0; // the process is gone
		}
	}

	/** The app's output so far, the last lines of it. */
	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/**
	 * The readiness probe's status code, 0 when there is no answer within
	 * {@code timeout}.
	 */
	public int readiness(Duration timeout) {
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
			return http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
					.timeout(timeout)
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	private void awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the app stopped before it was ready:\n" + logTail());
			}
			if (readiness(Duration.ofSeconds(2)) == 200) {
				return;
			}
			Thread.sleep(250);
		}
		process.destroyForcibly();
		throw new IllegalStateException("the app was not ready within " + timeout + ":\n" + logTail());
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

}
