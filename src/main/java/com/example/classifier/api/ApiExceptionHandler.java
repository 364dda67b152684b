package com.example.classifier.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.example.classifier.http.RequestFields;
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
import com.example.classifier.server.UploadTooSlowException;
import com.example.classifier.http.Problems;

/**
 * Errors of the JSON API as {@code application/problem+json}: 4xx for the client's
 * mistakes, never a stack trace.
 */
@ConditionalOnWebApplication
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private final Problems problems;

	ApiExceptionHandler(Problems problems) {
		this.problems = problems;
	}

	@ExceptionHandler({ ImageRejectedException.class, InvalidRequestException.class, UnknownModelException.class,
			ServerBusyException.class, NoWorkerException.class, DecodeBusyException.class, MultipartException.class,
			UploadTooSlowException.class, CrossSiteRequestException.class, RecentResultsUnavailableException.class,
			ExplanationsBusyException.class, ModelChangeRefusedException.class })
	ResponseEntity<ProblemDetail> refused(Exception ex) {
		return respond(problems.describe(ex).orElseThrow());
	}

	@ExceptionHandler(AdminAccessException.class)
	ResponseEntity<ProblemDetail> adminOnly(AdminAccessException ex) {
		ProblemDetail problem = switch (ex.kind()) {
			case OFF -> Problems.problem(404, "Model management off", ex.getMessage());
			case MISSING -> Problems.problem(401, "Admin token needed", ex.getMessage());
			case WRONG -> Problems.problem(403, "Wrong admin token", ex.getMessage());
		};
		ResponseEntity<ProblemDetail> response = respond(problem);
		if (ex.kind() != AdminAccessException.Kind.MISSING) {
			return response;
		}
		return ResponseEntity.status(response.getStatusCode())
			.headers(response.getHeaders())
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"model management\"")
			.body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// Spring raises this for the part-count limit too: the status comes
		// from the problem, not from here.
		return asObject(problems.describe(ex).orElseThrow());
	}

	/** A form field sent as a file part: Spring's own detail names a class. */
	@Override
	protected ResponseEntity<Object> handleConversionNotSupported(ConversionNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return problems.describe(ex)
			.map(ApiExceptionHandler::asObject)
			.orElseGet(() -> asObject(unexpected(ex).getBody()));
	}

	/** topK=abc: Spring's own detail names a conversion, not what to send. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String field = ex.getPropertyName() != null ? ex.getPropertyName() : "a field";
		if (ex.getValue() instanceof String[] values && values.length > 1) {
			// Converted before the controller could refuse the repetition itself.
			return asObject(problems.describe(RequestFields.repeated(field, values.length)).orElseThrow());
		}
		return asObject(
				problems.describe(RequestFields.notAWholeNumber(field, String.valueOf(ex.getValue()))).orElseThrow());
	}

	/**
	 * {@link #respond} typed as {@link ResponseEntityExceptionHandler}'s overrides must
	 * answer.
	 */
	private static ResponseEntity<Object> asObject(ProblemDetail problem) {
		ResponseEntity<ProblemDetail> response = respond(problem);
		return ResponseEntity.status(response.getStatusCode()).headers(response.getHeaders()).body(response.getBody());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unexpected error in the API", ex);
		return respond(Problems.problem(500, "Internal error",
				"the server failed to answer; the error is logged, and the request can be retried"));
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		Problems.retryAfterSeconds(problem)
			.ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds.toString()));
		return response.body(problem);
	}

}
