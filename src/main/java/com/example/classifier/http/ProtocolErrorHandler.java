package com.example.classifier.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The error handling of another server's protocol: every refusal with the status and
 * message the app gives everywhere ({@link Problems}), written in the protocol's shape.
 * Each protocol's adapter scopes a subclass to its package.
 */
public abstract class ProtocolErrorHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProtocolErrorHandler.class);

	private final Problems problems;

	private final ProtocolErrorShape shape;

	protected ProtocolErrorHandler(Problems problems, ProtocolErrorShape shape) {
		this.problems = problems;
		this.shape = shape;
	}

	@ExceptionHandler(Exception.class)
	protected ResponseEntity<Object> refused(Exception ex) {
		return problems.describe(ex).map(this::respond).orElseGet(() -> {
			log.error("Unexpected error on a route of another protocol", ex);
			return respond(Problems.problem(500, "Internal error",
					"the server failed to answer; the error is logged, and the request can be retried"));
		});
	}

	/**
	 * Spring's own refusals (an upload over the limits, a bad field) too, in the app's
	 * words where it has them.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problems.describe(ex)
			.orElseGet(() -> body instanceof ProblemDetail detail ? detail
					: Problems.problem(status.value(), "Refused", "the request was refused"));
		return respond(problem);
	}

	protected ResponseEntity<Object> respond(ProblemDetail problem) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_JSON);
		Problems.retryAfterSeconds(problem)
			.ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds.toString()));
		return response.body(shape.body(problem));
	}

}
