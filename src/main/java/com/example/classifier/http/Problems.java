package com.example.classifier.http;

import java.net.URI;
import java.util.Optional;

import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartException;

import com.example.classifier.classification.InvalidRequestException;
import com.example.classifier.classification.RecentResultsUnavailableException;
import com.example.classifier.explanation.ExplanationsBusyException;
import com.example.classifier.image.DecodeBusyException;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.NoWorkerException;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.model.ModelChangeRefusedException;
import com.example.classifier.model.UnknownModelException;
import com.example.classifier.server.CrossSiteRequestException;
import com.example.classifier.server.FormFieldsTooLargeException;
import com.example.classifier.server.UploadTooSlowException;

/**
 * Every refusal as an RFC 9457 problem, with a {@code detail} a person can act on, for
 * the API and the pages alike. Nothing here quotes an exception class, a stack trace or
 * the content of a file.
 */
@ConditionalOnWebApplication
@Component
public class Problems {

	private final MultipartProperties multipart;

	private final int maxParts;

	private final DataSize maxPartHeaders;

	Problems(MultipartProperties multipart, @Value("${server.tomcat.max-part-count:10}") int maxParts,
			@Value("${server.tomcat.max-part-header-size:512B}") DataSize maxPartHeaders) {
		this.multipart = multipart;
		this.maxParts = maxParts;
		this.maxPartHeaders = maxPartHeaders;
	}

	/**
	 * The problem for a refusal of the client's request, or empty if it is the server's
	 * fault.
	 */
	public Optional<ProblemDetail> describe(Throwable thrown) {
		// An upload refused while its body arrived is reported when the app
		// reads its parts, as a parse failure.
		Throwable ex = thrown instanceof MultipartException && (thrown.getCause() instanceof ServerBusyException
				|| thrown.getCause() instanceof UploadTooSlowException) ? thrown.getCause() : thrown;
		if (ex instanceof CrossSiteRequestException) {
			return Optional.of(problem(403, "Cross-site request", ex.getMessage()));
		}
		if (ex instanceof UploadTooSlowException) {
			return Optional.of(problem(408, "Upload too slow", ex.getMessage()));
		}
		if (ex instanceof ImageRejectedException rejected) {
			return Optional.of(problem(status(rejected.reason()), rejected.reason().title(), rejected.getMessage()));
		}
		if (ex instanceof InvalidRequestException invalid) {
			return Optional.of(problem(400, invalid.title(), invalid.getMessage()));
		}
		if (ex instanceof UnknownModelException unknown) {
			return Optional.of(problem(404, "Unknown model", unknown.getMessage()));
		}
		if (ex instanceof ModelChangeRefusedException refused) {
			return Optional.of(switch (refused.reason()) {
				case NOT_A_NAME -> problem(400, "Invalid model name", refused.getMessage());
				case NO_SUCH_FOLDER -> problem(404, "No such model folder", refused.getMessage());
				case NOT_SERVED -> problem(404, "Unknown model", refused.getMessage());
				case DEFAULT_MODEL -> problem(409, "Default model", refused.getMessage());
				case LOAD_FAILED -> problem(422, "Model failed to load", refused.getMessage());
			});
		}
		if (ex instanceof RecentResultsUnavailableException) {
			return Optional.of(busy(ex.getMessage() + "; classification still works", 5, "Recent results unavailable"));
		}
		if (ex instanceof NoWorkerException) {
			return Optional.of(problem(503, "Model unavailable", ex.getMessage()));
		}
		if (ex instanceof ExplanationsBusyException busy) {
			return Optional.of(busy(busy.getMessage(), 5, "Explanations busy"));
		}
		if (ex instanceof ServerBusyException busy) {
			return Optional.of(busy(busy.getMessage(), busy.retryAfter().toSeconds()));
		}
		if (ex instanceof ConversionNotSupportedException conversion
				&& conversion.getValue() instanceof MultipartFile) {
			// Spring finds a file part of that name and cannot turn it into
			// text; its own detail names the class.
			String field = conversion.getPropertyName() != null ? conversion.getPropertyName() : "a form field";
			return Optional.of(problem(400, "Field sent as a file",
					field + " must be a form field, not a file: send it as " + field + "=value"));
		}
		if (ex instanceof DecodeBusyException busy) {
			return Optional.of(busy(busy.getMessage() + "; retry in 1 s", 1));
		}
		if (ex instanceof MultipartException && ex.getCause() instanceof FormFieldsTooLargeException fields) {
			return Optional.of(problem(413, "Form fields too large",
					"the form's fields (all but the files) take more " + "than "
							+ readable(DataSize.ofBytes(fields.limit())) + ": send the images as files, and only the "
							+ "model and topK fields beside them"));
		}
		if (ex instanceof MultipartException && causedBy(ex, "FileCountLimitExceededException")) {
			// Spring reports the container's part-count limit as a size limit:
			// it is not one.
			return Optional.of(problem(400, "Too many parts",
					"the upload has more than " + maxParts + " parts: send at most the images, model and topK fields"));
		}
		if (ex instanceof MultipartException && causedBy(ex, "SizeLimitExceededException", "Header section")) {
			// Spring reports this as a size limit too: it is a file name (or
			// other part header) that is too long.
			return Optional.of(problem(400, "File name too long", "a file's name (with the other headers of its "
					+ "part) is longer than " + readable(maxPartHeaders) + ": rename the file and send it again"));
		}
		if (ex instanceof MaxUploadSizeExceededException) {
			return Optional.of(problem(413, "Upload too large",
					causedBy(ex, "FileSizeLimitExceededException")
							? "a file is larger than the limit of " + readable(multipart.getMaxFileSize()) + " per file"
							: "the upload is larger than the limit of " + readable(multipart.getMaxRequestSize())
									+ " per request (and " + readable(multipart.getMaxFileSize()) + " per file)"));
		}
		if (ex instanceof MultipartException) {
			return Optional
				.of(problem(400, "Malformed upload", "the upload is not a valid multipart/form-data request"));
		}
		return Optional.empty();
	}

	/**
	 * The status of a refused image: the client's mistake (400), too large (413), or a
	 * type not served (415).
	 */
	public static int status(ImageRejectedException.Reason reason) {
		return switch (reason) {
			case EMPTY, UNDECODABLE -> 400;
			case UNSUPPORTED -> 415;
			case TOO_LARGE -> 413;
		};
	}

	private static ProblemDetail busy(String detail, long retryAfterSeconds) {
		return busy(detail, retryAfterSeconds, "Server busy");
	}

	private static ProblemDetail busy(String detail, long retryAfterSeconds, String title) {
		ProblemDetail problem = problem(503, title, detail);
		problem.setProperty("retryAfterSeconds", retryAfterSeconds);
		return problem;
	}

	private static String readable(DataSize size) {
		long bytes = size.toBytes();
		if (bytes % (1024 * 1024) == 0) {
			return size.toMegabytes() + " MB";
		}
		return bytes % 1024 == 0 ? size.toKilobytes() + " kB" : bytes + " bytes";
	}

	private static boolean causedBy(Throwable ex, String simpleClassName) {
		return causedBy(ex, simpleClassName, "");
	}

	/**
	 * Whether a cause of that class, with a message starting so, is in the chain
	 * (Tomcat's classes are internal).
	 */
	private static boolean causedBy(Throwable ex, String simpleClassName, String messageStart) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getSimpleName().equals(simpleClassName) && (messageStart.isEmpty()
					|| cause.getMessage() != null && cause.getMessage().startsWith(messageStart))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * When a refused client may try again (a busy server says so), for a
	 * {@code Retry-After} header.
	 */
	public static Optional<Long> retryAfterSeconds(ProblemDetail problem) {
		return problem.getProperties() != null
				&& problem.getProperties().get("retryAfterSeconds") instanceof Long seconds ? Optional.of(seconds)
						: Optional.empty();
	}

	public static ProblemDetail problem(int status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
		problem.setTitle(title);
		problem.setType(URI.create("about:blank"));
		return problem;
	}

}
