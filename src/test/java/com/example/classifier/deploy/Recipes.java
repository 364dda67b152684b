package com.example.classifier.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import com.example.classifier.support.ContainerFlagsApp;
import com.example.classifier.support.DebianTool;

/**
 * The deployment recipes as their tools read them: compose.yaml, the Kubernetes base
 * rendered by Debian's {@code kubectl kustomize}, HAProxy's configuration; and the app's
 * own settings they must agree with.
 */
final class Recipes {

	static final Path KUBERNETES = Path.of("deploy/kubernetes");

	private Recipes() {
	}

	/** Every document {@code kubectl kustomize} renders from the base. */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> kubernetes() {
		try {
			Process kubectl = new ProcessBuilder(DebianTool.find("kubectl", "kubernetes-client").toString(),
					"kustomize", KUBERNETES.toString())
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			String rendered = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (kubectl.waitFor() != 0) {
				throw new IllegalStateException("kubectl kustomize " + KUBERNETES + " failed");
			}
			List<Map<String, Object>> documents = new ArrayList<>();
			new Yaml().loadAll(rendered).forEach(document -> documents.add((Map<String, Object>) document));
			return documents;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Map<String, Object> kind(List<Map<String, Object>> documents, String kind, String name) {
		return documents.stream()
			.filter(document -> kind.equals(document.get("kind")) && name.equals(at(document, "metadata.name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered manifests"));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> yaml(Path file) {
		try {
			return (Map<String, Object>) new Yaml().load(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A value by a dotted path, list elements by index ({@code spec.containers.0.name}).
	 */
	@SuppressWarnings("unchecked")
	static <T> T at(Object document, String path) {
		Object node = document;
		for (String step : path.split("\\.")) {
			if (node instanceof Map<?, ?> map) {
				node = map.get(step);
			}
			else if (node instanceof List<?> list && step.matches("\\d+")) {
				node = list.get(Integer.parseInt(step));
			}
			else {
				throw new AssertionError("no " + path + " (stopped at " + step + ")");
			}
		}
		return (T) node;
	}

	/** The app's own setting from its application.yaml, by a dotted path. */
	static Duration applicationDuration(String path) {
		return DurationStyle
			.detectAndParse(String.valueOf((Object) at(yaml(Path.of("src/main/resources/application.yaml")), path)));
	}

	/** The container images' environment (the Dockerfile's ENV, which Jib's repeats). */
	static Map<String, String> imageEnvironment() {
		return ContainerFlagsApp.imageEnvironment();
	}

	/** The memory limit the container tests run the images under (container/test.sh). */
	static long containerTestMemoryMegabytes() {
		try {
			Matcher memory = Pattern.compile("MEMORY=\"\\$\\{MEMORY:-(\\d+)m\\}\"")
				.matcher(Files.readString(Path.of("container/test.sh")));
			if (!memory.find()) {
				throw new AssertionError("container/test.sh sets no MEMORY default");
			}
			return Long.parseLong(memory.group(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** HAProxy's servers as name to address ({@code app1} to {@code app1:8080}). */
	static Map<String, String> haproxyServers() {
		try {
			Matcher server = Pattern.compile("(?m)^\\s*server (\\S+) (\\S+)")
				.matcher(Files.readString(Path.of("deploy/haproxy/haproxy.cfg")));
			Map<String, String> servers = new java.util.LinkedHashMap<>();
			while (server.find()) {
				servers.put(server.group(1), server.group(2));
			}
			return servers;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
