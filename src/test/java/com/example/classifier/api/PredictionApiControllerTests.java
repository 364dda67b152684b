package com.example.classifier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

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
import com.example.classifier.image.ImageFormat;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.NoWorkerException;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.model.UnknownModelException;
import com.example.classifier.http.Problems;

/**
 * The API controller alone: request mapping, JSON shapes and every refusal as
 * problem+json.
 */
// The pages' own error handling is another slice's business.
@WebMvcTest(controllers = PredictionApiController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "com\\.example\\.classifier\\.web\\..*"))
@Import(Problems.class)
@EnableConfigurationProperties({ MultipartProperties.class, ClassificationProperties.class })
class PredictionApiControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	ClassificationService classifier;

	@MockitoBean
	RecentResults recent;

	private static final Thumbnail THUMBNAIL = Thumbnail
		.of(new DecodedImage(1, 1, 3, new byte[3], 1, 1, ImageFormat.PNG));

	private static final MockMultipartFile CAT = new MockMultipartFile("images", "dir/cat.jpg", "image/jpeg",
			new byte[] { 1 });

	@Test
	void passesTheUploadsModelAndTopKAndAnswersWithTheResults() throws Exception {
		ImageOutcome.Classified cat = new ImageOutcome.Classified("cat.jpg", 480, 360,
				List.of(new Prediction(285, "Egyptian cat", 0.73f)), THUMBNAIL);
		given(classifier.classify(any(), eq("vit_mnist"), eq(1), eq(true)))
			.willReturn(new Classification("vit_mnist", List.of(cat), Duration.ofMillis(12)));

		mvc.perform(multipart("/api/predictions").file(CAT).param("model", "vit_mnist").param("topK", "1"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.model").value("vit_mnist"))
			.andExpect(jsonPath("$.results[0].filename").value("cat.jpg"))
			.andExpect(jsonPath("$.results[0].width").value(480))
			.andExpect(jsonPath("$.results[0].predictions[0].index").value(285))
			.andExpect(jsonPath("$.results[0].predictions[0].label").value("Egyptian cat"))
			.andExpect(jsonPath("$.results[0].thumbnail").doesNotExist());

		@SuppressWarnings("unchecked")
		ArgumentCaptor<List<ImageUpload>> uploads = ArgumentCaptor.forClass(List.class);
		verify(classifier).classify(uploads.capture(), eq("vit_mnist"), eq(1), eq(true));
		assertThat(uploads.getValue()).extracting(ImageUpload::filename).containsExactly("cat.jpg");
	}

	@Test
	void tooManyImagesIsABadRequestProblem() throws Exception {
		given(classifier.classify(any(), any(), anyInt(), anyBoolean()))
			.willThrow(new InvalidRequestException("Too many images", "at most 3 images per request, got 4"));
		mvc.perform(multipart("/api/predictions").file(CAT).file(CAT).file(CAT).file(CAT))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.title").value("Too many images"))
			.andExpect(jsonPath("$.detail").value("at most 3 images per request, got 4"));
	}

	@Test
	void imageRefusalsKeepTheirStatus() throws Exception {
		given(classifier.classify(any(), any(), anyInt(), anyBoolean())).willThrow(new ImageRejectedException(
				ImageRejectedException.Reason.TOO_LARGE, "image is 30000x30000 = 900 megapixels"));
		mvc.perform(multipart("/api/predictions").file(CAT))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.title").value("Image too large"))
			.andExpect(jsonPath("$.detail").value("image is 30000x30000 = 900 megapixels"));
	}

	@Test
	void unknownModelIsNotFound() throws Exception {
		given(classifier.classify(any(), eq("nope"), anyInt(), anyBoolean()))
			.willThrow(new UnknownModelException("nope", List.of("mobilenet_v2")));
		mvc.perform(multipart("/api/predictions").file(CAT).param("model", "nope"))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value("no model named 'nope'; this server serves mobilenet_v2"));
	}

	@Test
	void aTopKThatIsNotANumberSaysWhatToSend() throws Exception {
		mvc.perform(multipart("/api/predictions").file(CAT).param("topK", "abc"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.title").value("Invalid topK"))
			.andExpect(jsonPath("$.detail").value("topK must be a whole number, got 'abc'"));
	}

	@Test
	void aFieldSentTwiceIsRefusedRatherThanJoined() throws Exception {
		mvc.perform(multipart("/api/predictions").file(CAT).param("model", "mobilenet_v2", "vit_mnist"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("the field model is sent 2 times: send it once"));
		verifyNoInteractions(classifier);
		mvc.perform(multipart("/api/predictions").file(CAT).param("topK", "abc", "5"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("the field topK is sent 2 times: send it once"));
	}

	@Test
	void fullQueueIsServiceUnavailableWithRetryAfter() throws Exception {
		given(classifier.classify(any(), any(), anyInt(), anyBoolean()))
			.willThrow(ServerBusyException.queueFull("mobilenet_v2", 64));
		mvc.perform(multipart("/api/predictions").file(CAT))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@Test
	void aModelWithNoWorkerLeftIsServiceUnavailable() throws Exception {
		given(classifier.classify(any(), any(), anyInt(), anyBoolean()))
			.willThrow(new NoWorkerException("mobilenet_v2"));
		String problem = mvc.perform(multipart("/api/predictions").file(CAT))
			.andExpect(status().isServiceUnavailable())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(problem).contains("\"title\":\"Model unavailable\"",
				"\"detail\":\"model mobilenet_v2 is shut down or has no inference worker left\"");
	}

	@Test
	void anUnexpectedFailureIsA500WithoutDetailsOfTheCause() throws Exception {
		given(classifier.classify(any(), any(), anyInt(), anyBoolean()))
			.willThrow(new IllegalStateException("secret internals"));
		mvc.perform(multipart("/api/predictions").file(CAT))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.detail")
				.value("the server failed to answer; the error is logged, and the request can be retried"));
	}

	@Test
	void recentResultsHaveTheResultShapePlusModelAndTime() throws Exception {
		given(recent.newestFirst()).willReturn(
				List.of(new RecentResult("cat.jpg", 480, 360, List.of(new Prediction(285, "Egyptian cat", 0.73f)),
						"mobilenet_v2", Instant.parse("2026-11-23T00:00:00Z"), THUMBNAIL)));
		mvc.perform(get("/api/predictions/recent"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.results[0].filename").value("cat.jpg"))
			.andExpect(jsonPath("$.results[0].model").value("mobilenet_v2"))
			.andExpect(jsonPath("$.results[0].time").value("2026-11-23T00:00:00Z"))
			.andExpect(jsonPath("$.results[0].predictions[0].probability").value(0.73))
			.andExpect(jsonPath("$.results[0].thumbnail").doesNotExist());
	}

}
