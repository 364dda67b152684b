package com.example.classifier.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.web.servlet.MultipartAutoConfiguration;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

import com.example.classifier.http.Problems;
import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationProperties;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.InvalidRequestException;
import com.example.classifier.classification.Prediction;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.classification.RecentResults;
import com.example.classifier.image.Thumbnail;
import com.example.classifier.image.DecodedImage;
import com.example.classifier.history.KeptUploadsProperties;
import com.example.classifier.history.MemoryKeptUploads;
import com.example.classifier.image.ImageFormat;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.model.ModelDescription;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.model.UnknownModelException;
import com.example.classifier.engine.VersionInfo;
import com.example.classifier.explanation.ExplanationService;

/**
 * The pages' controller and advice alone, as a browser without JavaScript uses them; the
 * core is mocked.
 */
@WebMvcTest(PageController.class)
@Import({ HomePage.class, Problems.class, MemoryKeptUploads.class })
@ImportAutoConfiguration(MultipartAutoConfiguration.class)
@EnableConfigurationProperties({ ClassificationProperties.class, TeamProperties.class, PageProperties.class,
		KeptUploadsProperties.class })
class PageControllerTests {

	static final Thumbnail THUMBNAIL = Thumbnail.of(new DecodedImage(1, 1, 3, new byte[3], 1, 1, ImageFormat.PNG));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ClassificationService classifier;

	@MockitoBean
	RecentResults recent;

	@MockitoBean
	ModelRegistry models;

	@MockitoBean
	VersionInfo versions;

	@MockitoBean
	ExplanationService explanations;

	@BeforeEach
	void core() {
		ModelDescription mobilenet = new ModelDescription("mobilenet_v2", "PyTorch", 3, new long[] { -1, 3, 224, 224 },
				8);
		ModelDescription mnist = new ModelDescription("vit_mnist", "PyTorch", 2, new long[] { 1, 1, 28, 28 }, 1);
		given(models.descriptions()).willReturn(List.of(mobilenet, mnist));
		given(models.defaultModel()).willReturn("mobilenet_v2");
		given(classifier.maxImages()).willReturn(3);
		given(recent.newestFirst())
			.willReturn(List.of(new RecentResult("earlier.jpg", 10, 10, List.of(new Prediction(0, "tabby", .5f)),
					"mobilenet_v2", Instant.parse("2026-01-02T03:04:05Z"), THUMBNAIL)));
		given(versions.getApp()).willReturn("1.0.0");
		given(versions.getDjl()).willReturn("0.35.1");
		given(versions.getEngines()).willReturn(Map.of("PyTorch", "2.7.1"));
		given(versions.getJava()).willReturn("17");
	}

	static MockMultipartHttpServletRequestBuilder upload(int images) {
		MockMultipartHttpServletRequestBuilder request = multipart("/");
		for (int i = 1; i <= images; i++) {
			request.file(new MockMultipartFile("images", "photo" + i + ".jpg", "image/jpeg", new byte[] { 1, 2, 3 }));
		}
		return request;
	}

	@Test
	void homePageHasTheFormTheModelsAndTheRecentResults() throws Exception {
		String page = mvc.perform(get("/"))
			.andExpect(status().isOk())
			.andExpect(view().name("home"))
			.andExpect(header().string("Content-Security-Policy",
					org.hamcrest.Matchers.startsWith("default-src 'self'; img-src 'self' data: blob:")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("<form id=\"upload-form\"", "method=\"post\"", "enctype=\"multipart/form-data\"",
				"<input id=\"images\" class=\"form-control\" type=\"file\" name=\"images\" multiple accept=\"image/*\"",
				"<fieldset id=\"model\">", "value=\"mobilenet_v2\" checked=\"checked\">", "value=\"vit_mnist\">",
				"data-max-images=\"3\"", "earlier.jpg", "alt=\"Thumbnail of earlier.jpg\"", "2026-01-02 03:04:05 UTC",
				"/webjars/bootstrap/", "/css/bootstrap.min.css", "/js/classifier.js")
			.doesNotContain("id=\"results\"", "id=\"server-error\"");
	}

	@Test
	void fourImagesWithoutJavaScriptAreRefusedByTheServerOnTheSamePage() throws Exception {
		given(classifier.classify(anyList(), any(), anyInt(), anyBoolean())).willAnswer(call -> {
			List<ImageUpload> uploads = call.getArgument(0);
			throw new InvalidRequestException("Too many images", "at most 3 images per request, got " + uploads.size());
		});

		String page = mvc.perform(upload(4).param("model", "vit_mnist"))
			.andExpect(status().isBadRequest())
			.andExpect(view().name("home"))
			.andReturn()
			.getResponse()
			.getContentAsString();

		assertThat(page).contains("id=\"server-error\"", "Too many images", "at most 3 images per request, got 4",
				// the form as it was sent, and the recent results still there
				"value=\"vit_mnist\" checked=\"checked\">", "earlier.jpg")
			.doesNotContain("id=\"results\"");
		verify(classifier).classify(org.mockito.ArgumentMatchers.argThat(list -> list.size() == 4), eq("vit_mnist"),
				eq(5), eq(false));
	}

	@Test
	void noImageIsRefusedOnTheSamePage() throws Exception {
		given(classifier.classify(eq(List.of()), isNull(), anyInt(), anyBoolean()))
			.willThrow(new InvalidRequestException("No image", "no image was sent: choose at least one image"));

		mvc.perform(multipart("/").file(new MockMultipartFile("images", "", "application/octet-stream", new byte[0])))
			.andExpect(status().isBadRequest())
			.andExpect(content()
				.string(org.hamcrest.Matchers.containsString("no image was sent: choose at least one image")));
	}

	@Test
	void anUploadOverTheSizeLimitIsRefusedOnTheSamePage() throws Exception {
		given(classifier.classify(anyList(), any(), anyInt(), anyBoolean()))
			.willThrow(new MaxUploadSizeExceededException(25 * 1024 * 1024));

		String page = mvc.perform(upload(1))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(view().name("home"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Upload too large", "the upload is larger than the limit", "earlier.jpg");
	}

	@Test
	void aBusyServerAsksToRetryLater() throws Exception {
		given(classifier.classify(anyList(), any(), anyInt(), anyBoolean()))
			.willThrow(ServerBusyException.decodeBacklog(256));

		mvc.perform(upload(1))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(content().string(org.hamcrest.Matchers.containsString("Server busy")));
	}

	@Test
	void anUnknownModelIsRefusedAndTheDefaultIsSelectedAgain() throws Exception {
		given(classifier.classify(anyList(), eq("nope"), anyInt(), anyBoolean()))
			.willThrow(new UnknownModelException("nope", List.of("mobilenet_v2", "vit_mnist")));

		String page = mvc.perform(upload(1).param("model", "nope"))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Unknown model", "value=\"mobilenet_v2\" checked=\"checked\">");
	}

	@Test
	void eachImageGetsItsBarsOrItsOwnMessage() throws Exception {
		given(classifier.classify(anyList(), isNull(), eq(5), eq(false))).willReturn(new Classification(
				"mobilenet_v2", List.of(
						new ImageOutcome.Classified("cat.jpg", 640, 480,
								List.of(new Prediction(2, "Egyptian cat", .731f),
										new Prediction(1, "tiger cat", .1563f)),
								THUMBNAIL),
						new ImageOutcome.Refused("notes.jpg", new ImageRejectedException(
								ImageRejectedException.Reason.UNSUPPORTED, "not an image: looks like text"))),
				Duration.ofMillis(42)));

		String page = mvc.perform(upload(2)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
		assertThat(page)
			.contains("id=\"results\"", "<strong id=\"result-model\">mobilenet_v2</strong>", "42 ms", "cat.jpg",
					"640 × 480 pixels", "Egyptian cat", "73.1%", "bar-w-73", "aria-valuenow=\"73\"", "tiger cat",
					"15.6%", "bar-w-16", "alt=\"Uploaded image cat.jpg\"", "notes.jpg", "not an image: looks like text")
			.doesNotContain("id=\"server-error\"");
	}

	@Test
	void fileNamesLabelsAndMessagesAreEscaped() throws Exception {
		String evil = "<img src=x onerror=alert(1)>.jpg";
		given(classifier.classify(anyList(), any(), anyInt(), anyBoolean()))
			.willReturn(new Classification("mobilenet_v2", List.of(
					new ImageOutcome.Classified(evil, 1, 1, List.of(new Prediction(0, "<b>label</b>", 1f)), THUMBNAIL),
					new ImageOutcome.Refused("<script>x</script>", new ImageRejectedException(
							ImageRejectedException.Reason.UNDECODABLE, "<i>cannot</i> be decoded"))),
					Duration.ofMillis(1)));

		String page = mvc.perform(upload(2)).andReturn().getResponse().getContentAsString();
		assertThat(page)
			.contains("&lt;img src=x onerror=alert(1)&gt;.jpg", "&lt;b&gt;label&lt;/b&gt;",
					"&lt;script&gt;x&lt;/script&gt;", "&lt;i&gt;cannot&lt;/i&gt; be decoded")
			.doesNotContain("<img src=x", "<b>label", "<script>x", "<i>cannot");
	}

	@Test
	void teamAndAboutPages() throws Exception {
		String team = mvc.perform(get("/team"))
			.andExpect(status().isOk())
			.andExpect(header().exists("Content-Security-Policy"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(team).contains("<h1", "Core and models", "Lead developer", "bi bi-box-seam", "Operations engineer");
		assertThat(team.split("class=\"card h-100 team-member\"")).as("cards, from classifier.team in application.yaml")
			.hasSize(5 + 1);
		// The cards show roles (no member has a name in application.yaml): the
		// words say so.
		assertThat(team).contains("The roles behind the image classifier").doesNotContain("The people behind");
		String about = mvc.perform(get("/about").header("Host", "evil.example"))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		// The answer shown is the newest this server gave, not a sample.
		assertThat(about).contains(
				"{&quot;model&quot;:&quot;mobilenet_v2&quot;,&quot;results&quot;:[{&quot;filename&quot;:&quot;earlier.jpg&quot;")
			.contains("&quot;label&quot;:&quot;tabby&quot;")
			.doesNotContain("Egyptian cat");
		// The Host header is anyone's to set: the examples never take their
		// address from it.
		assertThat(about).doesNotContain("evil.example").contains("data-base-url=\"http://localhost:");
		assertThat(about).contains("mobilenet_v2", "3 × 224 × 224", "vit_mnist", "1 × 28 × 28", "0.35.1", "2.7.1",
				"curl -F images=@cat.jpg", "/swagger-ui.html", "/actuator/health");
		verify(classifier, never()).classify(anyList(), any(), anyInt(), anyBoolean());
	}

	@Test
	void templatesNeverPrintUnescapedText() throws IOException {
		try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
			templates.filter(Files::isRegularFile).forEach(template -> {
				try {
					assertThat(Files.readString(template)).as(template.toString())
						.doesNotContain("th:utext", "[(", "<script>", "style=\"");
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
		}
	}

}
