package com.example.classifier.openinference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.example.classifier.support.ApiClient;
import com.example.classifier.support.ApiClient.Response;
import com.example.classifier.support.DebianTool;
import com.example.classifier.support.SharedData;

/**
 * Tensors preprocessed by torchvision itself (Debian's python3-torchvision, as a Triton
 * or KServe client prepares them) sent as v2 FP32 give the probabilities the app's own
 * path gives the same photos as v2 BYTES, within 0.005 for every class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TorchvisionTensorsTests {

	@LocalServerPort
	int port;

	@Test
	void torchvisionsTensorsGiveTheAppsProbabilities(@TempDir Path out) throws Exception {
		Path python = DebianTool.find("python3", "python3-torchvision");
		List<Path> photos;
		try (var files = Files.list(SharedData.images("photos"))) {
			photos = files.filter(file -> file.toString().endsWith(".jpg")).sorted().toList();
		}
		List<String> command = new ArrayList<>(
				List.of(python.toString(), "src/test/resources/torchvision_tensors.py", out.toString()));
		photos.forEach(photo -> command.add(photo.toString()));
		Process torchvision = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(torchvision.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(torchvision.waitFor()).as("torchvision (run .ci/setup if it is missing): " + output).isZero();

		ApiClient api = new ApiClient(port);
		double largest = 0;
		for (Path photo : photos) {
			byte[] tensor = Files.readAllBytes(out.resolve(photo.getFileName() + ".f32"));
			assertThat(tensor).hasSize(3 * 224 * 224 * 4);
			byte[] header = ("{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 3, 224, 224], \"datatype\": \"FP32\", "
					+ "\"parameters\": {\"binary_data_size\": " + tensor.length + "}}]}")
				.getBytes(StandardCharsets.UTF_8);
			byte[] body = ByteBuffer.allocate(header.length + tensor.length).put(header).put(tensor).array();
			Response fp32 = api.send("POST", "/v2/models/mobilenet_v2/infer", body, Map.of("Content-Type",
					"application/octet-stream", "Inference-Header-Content-Length", Integer.toString(header.length)));
			assertThat(fp32.status()).as(fp32.text()).isEqualTo(200);
			String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(photo));
			Response bytes = api.send("POST", "/v2/models/mobilenet_v2/infer",
					("{\"inputs\": [{\"name\": \"image\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\""
							+ encoded + "\"]}]}")
						.getBytes(StandardCharsets.UTF_8),
					Map.of("Content-Type", "application/json"));
			JsonNode theirs = fp32.body().at("/outputs/0/data");
			JsonNode ours = bytes.body().at("/outputs/0/data");
			assertThat(theirs).hasSize(1000);
			for (int i = 0; i < 1000; i++) {
				double difference = Math.abs(theirs.get(i).asDouble() - ours.get(i).asDouble());
				assertThat(difference).as("class %d of %s", i, photo.getFileName()).isLessThan(0.005);
				largest = Math.max(largest, difference);
			}
		}
		// The exact port of PIL's resize makes them nearly equal, not just close.
		assertThat(largest).isLessThan(0.001);
		System.out.printf("torchvision tensors against the app's path, 20 photos: largest difference %.2e%n", largest);
	}

}
