package com.example.classifier.deploy;

import static com.example.classifier.deploy.Recipes.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * compose.yaml and the Kubernetes base (rendered by {@code kubectl kustomize}, as CI
 * renders it) held against the app's real settings: ports, probe paths, environment, the
 * stop's timings and the memory the container tests measured. No cluster runs here;
 * SeveralInstancesIT checks the same probe paths and metric on a running instance.
 */
class DeploymentRecipesTests {

	static final List<String> PROBES = List.of("/actuator/health/liveness", "/actuator/health/readiness");

	/** The longest a stop takes: the drain, then requests in flight. */
	static Duration stopTakesAtMost() {
		return Duration.parse("PT" + Recipes.imageEnvironment().get("CLASSIFIER_SHUTDOWN_DRAIN").toUpperCase())
			.plus(Recipes.applicationDuration("spring.lifecycle.timeout-per-shutdown-phase"));
	}

	@Test
	void kubernetesDeploymentMatchesTheApp() {
		List<Map<String, Object>> manifests = Recipes.kubernetes();
		Map<String, Object> deployment = Recipes.kind(manifests, "Deployment", "image-classifier");
		Map<String, Object> pod = at(deployment, "spec.template");
		Map<String, Object> container = at(pod, "spec.containers.0");
		Map<String, String> env = ((List<Map<String, Object>>) at(container, "env")).stream()
			.collect(Collectors.toMap(e -> (String) e.get("name"), e -> String.valueOf(e.get("value"))));

		// The port the app listens on is the one the probes and the Service use.
		int port = (Integer) at(container, "ports.0.containerPort");
		assertThat(env.get("PORT")).isEqualTo(Integer.toString(port)).isEqualTo(Recipes.imageEnvironment().get("PORT"));
		assertThat((String) at(container, "ports.0.name")).isEqualTo("http");
		for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
			assertThat((String) at(container, probe + ".httpGet.path")).as(probe).isIn(PROBES);
			assertThat((Object) at(container, probe + ".httpGet.port")).as(probe).isIn(port, "http");
		}
		assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		// The readiness probe notices a stop within the drain.
		int period = at(container, "readinessProbe.periodSeconds");
		int failures = at(container, "readinessProbe.failureThreshold");
		Duration drain = Duration.parse("PT" + env.get("CLASSIFIER_SHUTDOWN_DRAIN").toUpperCase());
		assertThat(Duration.ofSeconds((long) period * failures)).isLessThan(drain);
		assertThat(env.get("CLASSIFIER_SHUTDOWN_DRAIN"))
			.isEqualTo(Recipes.imageEnvironment().get("CLASSIFIER_SHUTDOWN_DRAIN"));
		int grace = at(pod, "spec.terminationGracePeriodSeconds");
		assertThat(Duration.ofSeconds(grace)).isGreaterThan(stopTakesAtMost());

		// The memory the container tests hold the app to.
		assertThat(mebibytes(at(container, "resources.limits.memory")))
			.isGreaterThanOrEqualTo(Recipes.containerTestMemoryMegabytes());

		// REDIS_URL names the Redis Service, on its port.
		Map<String, Object> redisService = Recipes.kind(manifests, "Service", "image-classifier-redis");
		assertThat(env.get("REDIS_URL"))
			.isEqualTo("redis://image-classifier-redis:" + at(redisService, "spec.ports.0.port"));
		Map<String, Object> redis = Recipes.kind(manifests, "Deployment", "image-classifier-redis");
		assertThat((Map<String, Object>) at(redis, "spec.template.metadata.labels"))
			.containsAllEntriesOf(at(redisService, "spec.selector"));

		// The Service, the budget and the autoscaler find these pods.
		Map<String, Object> labels = at(pod, "metadata.labels");
		Map<String, Object> service = Recipes.kind(manifests, "Service", "image-classifier");
		assertThat(labels).containsAllEntriesOf(at(service, "spec.selector"));
		assertThat((String) at(service, "spec.ports.0.targetPort")).isEqualTo("http");
		assertThat(labels).containsAllEntriesOf(
				at(Recipes.kind(manifests, "PodDisruptionBudget", "image-classifier"), "spec.selector.matchLabels"));
		Map<String, Object> hpa = Recipes.kind(manifests, "HorizontalPodAutoscaler", "image-classifier");
		assertThat((String) at(hpa, "spec.scaleTargetRef.name")).isEqualTo("image-classifier");
		assertThat((String) at(hpa, "spec.metrics.0.resource.name")).isEqualTo("cpu");
		assertThat((Integer) at(hpa, "spec.minReplicas")).isGreaterThanOrEqualTo(2);
	}

	@Test
	void theQueueDepthExampleScalesOnTheMetricTheAdapterServes() {
		Map<String, Object> hpa = Recipes.yaml(Recipes.KUBERNETES.resolve("examples/hpa-queue-depth.yaml"));
		Map<String, Object> rules = Recipes.yaml(Recipes.KUBERNETES.resolve("examples/prometheus-adapter-rules.yaml"));
		assertThat((String) at(hpa, "spec.metrics.0.pods.metric.name")).isEqualTo(at(rules, "rules.custom.0.name.as"))
			.isEqualTo(SeveralInstancesIT.QUEUE_DEPTH_SERIES);
	}

	@Test
	void composeRunsTwoInstancesWithRedisBehindTheBalancersConfiguration() {
		Map<String, Object> compose = Recipes.yaml(Path.of("compose.yaml"));
		Map<String, Map<String, Object>> services = at(compose, "services");
		List<String> apps = services.entrySet()
			.stream()
			.filter(service -> "image-classifier:latest".equals(service.getValue().get("image")))
			.map(Map.Entry::getKey)
			.toList();
		assertThat(apps).hasSizeGreaterThanOrEqualTo(2);
		// HAProxy's servers are exactly these services, on the port they listen on.
		Map<String, String> servers = Recipes.haproxyServers();
		for (String app : apps) {
			Map<String, Object> service = services.get(app);
			String port = at(service, "environment.PORT");
			assertThat(servers).containsEntry(app, app + ":" + port);
			String redisUrl = at(service, "environment.REDIS_URL");
			assertThat(redisUrl).matches("redis://[a-z0-9-]+:6379");
			String redisService = redisUrl.replaceAll("redis://([^:]+):.*", "$1");
			assertThat((String) at(services.get(redisService), "image")).contains("redis");
			assertThat((String) at(service, "mem_limit")).isEqualTo(Recipes.containerTestMemoryMegabytes() + "m");
			assertThat(Duration.parse("PT" + ((String) at(service, "stop_grace_period")).toUpperCase()))
				.isGreaterThan(stopTakesAtMost());
			assertThat(String.join(" ", (List<String>) at(service, "healthcheck.test"))).contains(PROBES.get(1));
		}
		assertThat(servers.keySet()).containsExactlyInAnyOrderElementsOf(apps);
		Map<String, Object> balancer = services.get("balancer");
		assertThat((List<String>) at(balancer, "volumes"))
			.anyMatch(volume -> volume.startsWith("./deploy/haproxy/haproxy.cfg:"));
	}

	private static long mebibytes(String quantity) {
		// MiB, as podman's and Docker's "512m"
		if (quantity.endsWith("Mi")) {
			return Long.parseLong(quantity.replace("Mi", ""));
		}
		if (quantity.endsWith("Gi")) {
			return Long.parseLong(quantity.replace("Gi", "")) * 1024;
		}
		throw new AssertionError("memory in Mi or Gi expected: " + quantity);
	}

}
