package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.classifier.support.ContainerFlagsApp;
import com.example.classifier.support.HostileImages;
import com.example.classifier.support.ProgressiveJpeg;
import com.example.classifier.support.RawHttp;
import com.example.classifier.support.RawHttp.Answer;
import com.example.classifier.support.RawHttp.Part;
import com.example.classifier.support.SharedData;

/**
 * The hostile files of issue 15 sent to the packaged app, started with the container
 * image's JVM flags and settings (read from the Dockerfile): {@code -Xmx160m}, SerialGC,
 * {@code -XX:+ExitOnOutOfMemoryError}, two decode threads. Two copies of each at once
 * hold both decode threads; a small photo sent beside them is still answered within 5 s;
 * the JVM survives; readiness tells the truth.
 */
class HostileUploadsIT {

	private static final Duration ANSWER_BOUND = Duration.ofSeconds(20);

	private static final Duration PHOTO_BOUND = Duration.ofSeconds(5);

	private static final ExecutorService CLIENTS = Executors.newCachedThreadPool();

	private static ContainerFlagsApp app;

	private static byte[] photo;

	@BeforeAll
	static void start() throws Exception {
		app = ContainerFlagsApp.start();
		photo = Files.readAllBytes(SharedData.images("photos").resolve("serve_kitten.jpg"));
	}

	@AfterAll
	static void stop() throws Exception {
		if (app != null) {
			app.close();
		}
	}

	/** Valid images among them, which must be classified: their XMP is never parsed. */
	private static final java.util.Set<String> VALID = java.util.Set.of("webp-xmp-80000-properties.webp",
			"bmp-xmp-80000-properties.bmp");

	/** Each hostile file: a 4xx answer, or 200 for the {@link #VALID} ones. */
	static Map<String, byte[]> hostileFiles() {
		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("bmp-wrapping-2gb-jpeg.bmp",
				HostileImages.bmpWrapping(false, Integer.MAX_VALUE, new byte[] { (byte) 0xFF, (byte) 0xD8 }));
		files.put("bmp-wrapping-2gb-png.bmp",
				HostileImages.bmpWrapping(true, Integer.MAX_VALUE, new byte[] { (byte) 0x89, 'P' }));
		files.put("png-exif-declaring-2gb.png", HostileImages.pngWithExifDeclaring(Integer.MAX_VALUE));
		files.put("webp-lossless-60mp.webp", HostileImages.losslessWebp(8000, 7500));
		files.put("gif-comment-200000-sub-blocks.gif", HostileImages.gifWithComment(200_000));
		files.put("gif-xmp-80000-properties.gif", HostileImages.gifWithXmp(80_000));
		files.put("webp-xmp-80000-properties.webp", HostileImages.webpWithXmp(80_000));
		files.put("bmp-xmp-80000-properties.bmp", HostileImages.bmp(64, 64, HostileImages.xmp(80_000)));
		byte[] scans = ProgressiveJpeg.withExtraScans(640, 480, 5000);
		files.put("bmp-wrapping-5000-scan-jpeg.bmp", HostileImages.bmpWrapping(false, scans.length, scans));
		files.put("progressive-60mp-64-scans.jpg", ProgressiveJpeg.withExtraScans(8000, 7500, 54));
		files.put("progressive-60mp.jpg", ProgressiveJpeg.withExtraScans(8000, 7500, 0));
		files.put("png-60000000x1-16bit.png", HostileImages.pngRow(60_000_000));
		return files;
	}

	@Test
	void everyHostileFileIsAnsweredWithoutHarmingTheServerOrAPhotoSentBesideIt() throws Exception {
		List<String> failures = new ArrayList<>();
		for (Map.Entry<String, byte[]> file : hostileFiles().entrySet()) {
			String name = file.getKey();
			List<CompletableFuture<Answer>> hostile = List.of(upload(name, file.getValue()),
					upload(name, file.getValue()));
			Thread.sleep(200);
			Answer kitten = upload("kitten.jpg", photo).get();
			for (CompletableFuture<Answer> copy : hostile) {
				Answer answer = copy.get();
				System.out.printf("%-36s %d in %5d ms: %s%n", name, answer.status(), answer.took().toMillis(),
						answer.body().length() > 160 ? answer.body().substring(0, 160) : answer.body());
				boolean expected = VALID.contains(name) ? answer.status() == 200
						: answer.status() >= 400 && answer.status() < 500;
				if (!expected || answer.took().compareTo(ANSWER_BOUND) > 0) {
					failures.add(name + ": " + answer.status() + " after " + answer.took().toMillis() + " ms");
				}
			}
			if (kitten.status() != 200 || kitten.took().compareTo(PHOTO_BOUND) > 0) {
				failures.add(name + ": the photo beside it got " + kitten.status() + " after "
						+ kitten.took().toMillis() + " ms");
			}
			if (!app.alive()) {
				failures.add(name + ": the JVM died:\n" + app.logTail());
				break;
			}
			assertThat(app.readiness(Duration.ofSeconds(5))).as("readiness after " + name).isEqualTo(200);
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void fourValidProgressive60MegapixelJpegsAtOnceStayWithinTheContainersMemory() throws Exception {
		byte[] jpeg = ProgressiveJpeg.withExtraScans(8000, 7500, 0);
		AtomicLong peak = new AtomicLong();
		List<CompletableFuture<Answer>> uploads = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			uploads.add(upload("progressive-" + i + ".jpg", jpeg));
		}
		while (!CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).isDone()) {
			peak.accumulateAndGet(app.anonymousMegabytes(), Math::max);
			Thread.sleep(20);
		}
		for (CompletableFuture<Answer> upload : uploads) {
			assertThat(upload.get().status()).as(upload.get().body()).isIn(200, 413);
		}
		System.out.printf("anonymous memory during four progressive 60-megapixel JPEGs: peak %d MB%n", peak.get());
		assertThat(app.alive()).isTrue();
		assertThat(peak.get()).as("anonymous resident MB").isLessThan(512);
	}

	@Test
	void aFieldSentAsAFileIsRefusedInTheUsersTerms() {
		for (String field : List.of("model", "topK")) {
			Answer answer = RawHttp.post(app.port(), "/api/predictions",
					List.of(Part.file("images", "kitten.jpg", photo), Part.file(field, "cat.jpg", photo)),
					ANSWER_BOUND);
			assertThat(answer.status()).as(answer.body()).isEqualTo(400);
			assertThat(answer.body()).contains(field + " must be a form field, not a file").doesNotContain("Multipart");
		}
	}

	@Test
	void manyLargeUploadsAtOnceAreAnsweredNever500(@TempDir Path dir) throws Exception {
		// The 48-megapixel JPEG padded to 19 MB (decoders stop at its end marker).
		Path padded = Files.copy(SharedData.images("large").resolve("cat_8000x6000.jpg"), dir.resolve("large.jpg"));
		try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(padded.toFile(), "rw")) {
			file.setLength(19_000_000);
		}
		List<CompletableFuture<Answer>> uploads = new ArrayList<>();
		for (int i = 0; i < 48; i++) {
			String name = "large-" + i + ".jpg";
			uploads.add(CompletableFuture.supplyAsync(
					() -> RawHttp.postFile(app.port(), "/api/predictions", name, padded, Duration.ofSeconds(300)),
					CLIENTS));
		}
		int ok = 0;
		for (CompletableFuture<Answer> upload : uploads) {
			Answer answer = upload.get();
			assertThat(answer.status()).as(answer.body()).isIn(200, 503);
			ok += answer.status() == 200 ? 1 : 0;
		}
		System.out.printf("48 uploads of 19 MB at once: %d answered 200, the rest 503%n", ok);
		assertThat(ok).isPositive();
		assertThat(app.alive()).isTrue();
	}

	/**
	 * The other protocols' large bodies: TorchServe's raw 19 MB images, and v2 requests
	 * of 20 MB of JSON (a 14 MB image in base64), which are parsed in memory: bounded by
	 * {@code classifier.v2.request-memory}, never by the heap running out.
	 */
	@Test
	void manyLargeBodiesOfTheOtherProtocolsAtOnceAreAnsweredNever500(@TempDir Path dir) throws Exception {
		Path padded = Files.copy(SharedData.images("large").resolve("cat_8000x6000.jpg"), dir.resolve("large.jpg"));
		try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(padded.toFile(), "rw")) {
			file.setLength(11_000_000);
		}
		byte[] image = Files.readAllBytes(padded);
		byte[] inference = ("{\"inputs\": [{\"name\": \"image\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\""
				+ java.util.Base64.getEncoder().encodeToString(image) + "\"]}], \"outputs\": [{\"name\": "
				+ "\"probabilities\", \"parameters\": {\"classification\": 1}}]}")
			.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
		List<CompletableFuture<Answer>> requests = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			boolean v2 = i % 2 == 0;
			requests.add(CompletableFuture.supplyAsync(() -> v2
					? RawHttp.send(app.port(), "POST", "/v2/models/mobilenet_v2/infer", "application/json", inference,
							Duration.ofSeconds(300))
					: RawHttp.send(app.port(), "PUT", "/predictions/mobilenet_v2", "application/octet-stream", image,
							Duration.ofSeconds(300)),
					CLIENTS));
		}
		int ok = 0;
		for (CompletableFuture<Answer> request : requests) {
			Answer answer = request.get();
			assertThat(answer.status()).as(answer.body()).isIn(200, 503);
			ok += answer.status() == 200 ? 1 : 0;
		}
		System.out.printf("24 large TorchServe and v2 bodies at once: %d answered 200, the rest 503%n", ok);
		// Over what a v2 request may hold: refused from its length, unread.
		byte[] tooLarge = new byte[17 * 1024 * 1024];
		java.util.Arrays.fill(tooLarge, (byte) ' ');
		Answer refused = RawHttp.send(app.port(), "POST", "/v2/models/mobilenet_v2/infer", "application/json", tooLarge,
				Duration.ofSeconds(60));
		assertThat(refused.status()).as(refused.body()).isEqualTo(413);
		assertThat(refused.body()).contains("a third of classifier.v2.request-memory");
		assertThat(ok).isPositive();
		assertThat(app.alive()).as(app.logTail()).isTrue();
		assertThat(app.readiness(Duration.ofSeconds(5))).isEqualTo(200);
	}

	private static CompletableFuture<Answer> upload(String name, byte[] bytes) {
		return CompletableFuture.supplyAsync(() -> RawHttp.post(app.port(), "/api/predictions",
				List.of(Part.file("images", name, bytes)), Duration.ofSeconds(120)), CLIENTS);
	}

}
