package com.example.classifier.support;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A real Debian {@code haproxy} in front of instances on loopback ports, with the
 * deployment's own configuration ({@code deploy/haproxy/haproxy.cfg}, the one compose
 * uses): only its listening address and its servers' addresses replaced.
 */
public final class HaProxy implements AutoCloseable {

	public static final Path CONFIG = Path.of("deploy/haproxy/haproxy.cfg");

	private final Process process;

	private final int port;

	private final Path log;

	private HaProxy(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/**
	 * Starts it in front of these ports (the configuration's servers, in order) and waits
	 * until every one has answered through it.
	 */
	public static HaProxy start(List<Integer> backendPorts) throws IOException, InterruptedException {
		return start(backendPorts, Files.readString(CONFIG));
	}

	/**
	 * As {@link #start(List)}, without the configuration's retries: a balancer that sends
	 * a request once, as a Kubernetes Service does, so that only the instances' own stop
	 * keeps requests from being lost.
	 */
	public static HaProxy startWithoutRetries(List<Integer> backendPorts) throws IOException, InterruptedException {
		String config = Files.readString(CONFIG);
		String once = config.replaceAll("(?m)^  retries \\d+$", "  retries 0")
			.replaceAll("(?m)^  option redispatch$", "");
		if (once.equals(config)) {
			throw new IllegalStateException(CONFIG + " has no 'retries' or 'option redispatch' line to take out");
		}
		return start(backendPorts, once);
	}

	private static HaProxy start(List<Integer> backendPorts, String template) throws IOException, InterruptedException {
		int port = Ports.free();
		String config = template.replaceAll("bind :8080", "bind 127.0.0.1:" + port);
		for (int i = 0; i < backendPorts.size(); i++) {
			String server = "app" + (i + 1);
			String replaced = config.replaceFirst("server " + server + " " + server + ":8080",
					"server " + server + " 127.0.0.1:" + backendPorts.get(i));
			if (replaced.equals(config)) {
				throw new IllegalStateException(CONFIG + " has no line 'server " + server + " " + server + ":8080'");
			}
			config = replaced;
		}
		Path file = Files.createTempFile("haproxy", ".cfg");
		Files.writeString(file, config);
		Path log = Files.createTempFile("haproxy", ".log");
		Process process = new ProcessBuilder(DebianTool.find("haproxy", "haproxy").toString(), "-f", file.toString(),
				"-db")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		HaProxy haproxy = new HaProxy(process, port, log);
		haproxy.awaitServers(backendPorts.size(), Duration.ofSeconds(30));
		return haproxy;
	}

	public int port() {
		return port;
	}

	private void awaitServers(int count, Duration timeout) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		Set<String> seen = new HashSet<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (seen.size() < count) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"haproxy did not reach " + count + " servers (saw " + seen + "): " + Files.readString(log));
			}
			try {
				HttpResponse<Void> response = http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.discarding());
				response.headers().firstValue("X-Served-By").ifPresent(seen::add);
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
	}

	@Override
	public void close() throws InterruptedException {
		process.destroy();
		if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
	}

}
