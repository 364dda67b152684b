package com.example.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.example.classifier.ClassifierApplication;

/**
 * The command line as a user runs it: {@code java -jar} on the packaged jar, in its own
 * JVM, checked against the answers of the JSON API of the same build running here
 * ({@code POST /api/predictions}).
 */
@SpringBootTest(classes = ClassifierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "classifier.load=mobilenet_v2,vit_mnist")
class CommandLineIT {

	private static final Path SHARED = Path.of(System.getProperty("shared.dir", "../shared"));

	private static final Path PHOTOS = SHARED.resolve("images/photos");

	private static final Path MNIST = SHARED.resolve("images/mnist");

	private static final Path JAR = Path.of(System.getProperty("app.jar", "target/image-classifier-1.0.0.jar"));

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	record Run(int exit, String stdout, String stderr) {
	}

	/** {@code java -jar JAR args...}, with MODELS_DIR from this JVM's environment. */
	static Run cli(String... args) throws IOException, InterruptedException {
		return cli(Map.of(), args);
	}

	/** The same, with more environment variables. */
	static Run cli(Map<String, String> environment, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
						"-Xmx1g", "-jar", JAR.toString()));
		command.addAll(List.of(args));
		File out = Files.createTempFile("cli", ".out").toFile();
		File err = Files.createTempFile("cli", ".err").toFile();
		try {
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().putAll(environment);
			Process process = builder.redirectOutput(out)
				.redirectError(err)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new AssertionError("timed out: " + command);
			}
			return new Run(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
		}
		finally {
			out.delete();
			err.delete();
		}
	}

	static List<Path> images(Path dir) throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(f -> f.toString().matches(".*\\.(jpg|png)$")).sorted().toList();
		}
	}

	/**
	 * The API's answer for each file, by file name, sent as a user would: up to three
	 * files per request.
	 */
	Map<String, JsonNode> apiAnswers(List<Path> files, String model) throws IOException {
		RestClient client = RestClient.create("http://localhost:" + port);
		Map<String, JsonNode> answers = new HashMap<>();
		for (int i = 0; i < files.size(); i += 3) {
			MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
			files.subList(i, Math.min(files.size(), i + 3)).forEach(f -> form.add("images", new FileSystemResource(f)));
			form.add("model", model);
			form.add("topK", "10");
			String body = client.post()
				.uri("/api/predictions")
				.contentType(MediaType.MULTIPART_FORM_DATA)
				.body(form)
				.retrieve()
				.body(String.class);
			for (JsonNode result : json.readTree(body).path("results")) {
				answers.put(result.path("filename").asText(), result);
			}
		}
		return answers;
	}

	/**
	 * Same top-1 class, same size, and every probability the command printed within 1e-4
	 * of the API's.
	 */
	void assertMatchesApi(JsonNode cliResults, Map<String, JsonNode> api, int expectedCount) {
		assertThat(cliResults.size()).isEqualTo(expectedCount);
		for (JsonNode result : cliResults) {
			String name = Path.of(result.path("filename").asText()).getFileName().toString();
			JsonNode answer = api.get(name);
			assertThat(answer).as(name).isNotNull();
			assertThat(result.path("width").asInt()).as(name).isEqualTo(answer.path("width").asInt());
			assertThat(result.path("height").asInt()).as(name).isEqualTo(answer.path("height").asInt());
			JsonNode predictions = result.path("predictions");
			assertThat(predictions.size()).as(name).isEqualTo(5);
			assertThat(predictions.get(0).path("index").asInt()).as(name + " top-1")
				.isEqualTo(answer.path("predictions").get(0).path("index").asInt());
			Map<Integer, Double> apiProbabilities = new HashMap<>();
			answer.path("predictions")
				.forEach(p -> apiProbabilities.put(p.path("index").asInt(), p.path("probability").asDouble()));
			for (JsonNode p : predictions) {
				assertThat(apiProbabilities).as(name).containsKey(p.path("index").asInt());
				assertThat(p.path("probability").asDouble()).as(name + " class " + p.path("index"))
					.isCloseTo(apiProbabilities.get(p.path("index").asInt()), within(1e-4));
				assertThat(p.path("label").asText()).isNotBlank();
			}
		}
	}

	@Test
	void classifyPhotosAsJsonMatchesTheApi() throws Exception {
		Run run = cli("classify", "--format", "json", PHOTOS.toString());
		assertThat(run.exit()).as(run.stderr()).isZero();
		// libtorch's own warnings are off (on a CPU without NNPACK, one per convolution)
		assertThat(run.stderr()).doesNotContain("NNPACK");
		// stdout is nothing but the JSON document
		JsonNode output = json.readTree(run.stdout());
		assertThat(output.path("model").asText()).isEqualTo("mobilenet_v2");
		List<Path> photos = images(PHOTOS);
		assertThat(photos).hasSize(20);
		assertMatchesApi(output.path("results"), apiAnswers(photos, "mobilenet_v2"), 20);
		// in sorted order, named as found under the folder given
		assertThat(output.path("results").get(0).path("filename").asText()).isEqualTo(photos.get(0).toString());
	}

	@Test
	void classifyMnistWithVitMatchesTheApiAndTheDigits() throws Exception {
		Run run = cli("classify", "--model", "vit_mnist", "--format", "json", MNIST.toString());
		assertThat(run.exit()).as(run.stderr()).isZero();
		JsonNode output = json.readTree(run.stdout());
		assertThat(output.path("model").asText()).isEqualTo("vit_mnist");
		List<Path> digits = images(MNIST);
		assertMatchesApi(output.path("results"), apiAnswers(digits, "vit_mnist"), 10);
		for (JsonNode result : output.path("results")) {
			String digit = result.path("filename").asText().replaceAll(".*mnist_(\\d)\\.png$", "$1");
			assertThat(result.path("predictions").get(0).path("label").asText()).isEqualTo(digit);
		}
	}

	@Test
	void evaluateAgreesOnAllPhotosWithExpectedTsv() throws Exception {
		Run run = cli("evaluate", "--min-top1", "1.0", PHOTOS.resolve("EXPECTED.tsv").toString(), PHOTOS.toString());
		assertThat(run.exit()).as(run.stdout() + run.stderr()).isZero();
		assertThat(run.stdout()).contains("model       mobilenet_v2")
			.contains("top-1       20/20 = 1.0000")
			.contains("top-5       20/20 = 1.0000")
			.contains("mismatches  0")
			.containsPattern("throughput  \\d+\\.\\d images/s");
	}

	@Test
	void evaluateGateFailsBelowMinTop1AndListsMismatches(@TempDir Path dir) throws Exception {
		// file<TAB>label with label names, no header; mnist_3 is labelled
		// wrongly on purpose
		StringBuilder labels = new StringBuilder();
		for (int digit = 0; digit < 10; digit++) {
			labels.append("mnist_").append(digit).append(".png\t").append(digit == 3 ? 8 : digit).append('\n');
		}
		Path tsv = Files.writeString(dir.resolve("labels.tsv"), labels);
		Run run = cli("evaluate", "--model", "vit_mnist", "--min-top1", "0.95", tsv.toString(), MNIST.toString());
		assertThat(run.exit()).as(run.stdout() + run.stderr()).isEqualTo(1);
		assertThat(run.stdout()).contains("top-1       9/10 = 0.9000")
			.contains("mismatches  1")
			.contains("mnist_3.png: expected 8 (8), got 3 (3)");
		assertThat(run.stderr()).contains("below --min-top1 0.95");
	}

	@Test
	void badFileIsReportedAndTheOthersAreStillClassified(@TempDir Path dir) throws Exception {
		Files.copy(PHOTOS.resolve("caffe_cat.jpg"), dir.resolve("a_cat.jpg"));
		Files.copy(SHARED.resolve("images/bad/text.jpg"), dir.resolve("b_text.jpg"));
		Files.copy(PHOTOS.resolve("skimage_coffee.png"), dir.resolve("c_coffee.png"));
		Files.writeString(dir.resolve(".hidden.jpg"), "not looked at");
		Files.writeString(dir.resolve("notes.txt"), "not an image extension: skipped in folders");
		Run run = cli("classify", "--format", "tsv", "--top-k", "1", dir.toString());
		assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
		List<String> lines = run.stdout().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).isEqualTo("file\twidth\theight\trank\tindex\tlabel\tprobability");
		assertThat(lines.get(1)).startsWith(dir.resolve("a_cat.jpg") + "\t480\t360\t1\t282\ttiger cat\t");
		assertThat(lines.get(2)).startsWith(dir.resolve("c_coffee.png") + "\t600\t400\t1\t967\tespresso\t");
		assertThat(run.stderr().lines().filter(l -> l.startsWith(dir.toString())).toList())
			.containsExactly(dir.resolve("b_text.jpg") + ": not an image: looks like text");
		assertThat(run.stderr()).contains("classified 2 of 3 files").doesNotContain("Exception");
	}

	@Test
	void explainWritesEachHeatmapNextToItsFileOrIntoAFolder(@TempDir Path dir) throws Exception {
		Files.copy(PHOTOS.resolve("caffe_cat.jpg"), dir.resolve("a_cat.jpg"));
		Files.copy(SHARED.resolve("images/bad/text.jpg"), dir.resolve("b_text.jpg"));
		Run run = cli("explain", dir.toString());
		assertThat(run.exit()).as(run.stderr()).isEqualTo(1);
		Path heatmap = dir.resolve("a_cat.heatmap.png");
		assertThat(run.stdout().strip()).isEqualTo(dir.resolve("a_cat.jpg") + ": tiger cat (31.2%) -> " + heatmap);
		assertThat(ImageIO.read(heatmap.toFile()).getWidth()).isEqualTo(480);
		assertThat(run.stderr()).contains(dir.resolve("b_text.jpg") + ": not an image").doesNotContain("Exception");
		Path out = dir.resolve("out");
		Run chosen = cli("explain", "--index", "281", "--output", out.toString(),
				PHOTOS.resolve("caffe_cat.jpg").toString());
		assertThat(chosen.exit()).as(chosen.stderr()).isZero();
		assertThat(chosen.stdout()).contains("tabby, tabby cat (15.5%) -> " + out.resolve("caffe_cat.heatmap.png"));
		assertThat(out.resolve("caffe_cat.heatmap.png")).exists();
		Run wrong = cli("explain", "--index", "1000", PHOTOS.resolve("caffe_cat.jpg").toString());
		assertThat(wrong.exit()).isEqualTo(2);
		assertThat(wrong.stderr()).contains("--index must be between 0 and 999");
	}

	@Test
	void tableIsTheDefaultFormatAndLogsStayOffStdout() throws Exception {
		Run run = cli("classify", "--top-k", "3", PHOTOS.resolve("skimage_chelsea_cat.png").toString(),
				PHOTOS.resolve("glow_dog_207.png").toString());
		assertThat(run.exit()).as(run.stderr()).isZero();
		List<String> lines = run.stdout().lines().toList();
		assertThat(lines).hasSize(7);
		assertThat(lines.get(0)).startsWith("FILE").contains("SIZE", "INDEX", "PROBABILITY", "LABEL");
		assertThat(lines.get(1)).contains("skimage_chelsea_cat.png", "451x300", "285", "Egyptian cat");
		assertThat(lines.get(4)).contains("glow_dog_207.png", "224x224", "207", "golden retriever");
		assertThat(run.stdout()).doesNotContain("INFO", "WARN", "Spring");
	}

	@Test
	void wrongArgumentsAndUnknownModelsFailClearly() throws Exception {
		Run usage = cli("classify");
		assertThat(usage.exit()).isEqualTo(2);
		assertThat(usage.stderr()).contains("Missing required parameter", "Usage:");
		Run unknown = cli("classify", "--model", "no_such_model", PHOTOS.resolve("caffe_cat.jpg").toString());
		assertThat(unknown.exit()).isEqualTo(3);
		assertThat(unknown.stderr()).contains("error: cannot start: ", "no_such_model").doesNotContain("\tat ");
		assertThat(unknown.stdout()).isEmpty();
		Run missing = cli("classify", SHARED.resolve("images/none_such").toString());
		assertThat(missing.exit()).isEqualTo(1);
		assertThat(missing.stderr()).contains("none_such: no such file or directory");
	}

}
