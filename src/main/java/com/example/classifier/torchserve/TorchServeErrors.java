package com.example.classifier.torchserve;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import com.example.classifier.http.Problems;
import com.example.classifier.http.ProtocolErrorShape;

/**
 * Errors of TorchServe's routes in TorchServe's shape, {@code {"code": 404, "type":
 * "ModelNotFoundException", "message": "..."}}, with the statuses and messages the app
 * gives everywhere ({@link Problems}).
 */
@ConditionalOnWebApplication
@RestControllerAdvice(basePackageClasses = TorchServeErrors.class)
class TorchServeErrors extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(TorchServeErrors.class);

	private final Problems problems;

	private final Shape shape;

	TorchServeErrors(Problems problems, Shape shape) {
		this.problems = problems;
		this.shape = shape;
	}

	@ExceptionHandler(UnknownVersionException.class)
	ResponseEntity<Object> unknownVersion(UnknownVersionException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", 404);
		body.put("type", "ModelVersionNotFoundException");
		body.put("message", ex.getMessage());
		return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	/** Whatever Problems describes (the app's refusals) keeps its status and message. */
	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> refused(Exception ex) {
		return problems.describe(ex).map(this::respond).orElseGet(() -> {
			log.error("Unexpected error on a TorchServe route", ex);
			return respond(Problems.problem(500, "Internal error",
					"the server failed to answer; the error is logged, and the request can be retried"));
		});
	}

	/**
	 * Spring's own refusals (an upload over the limits, a bad field) in the same shape,
	 * in the app's words where it has them.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = problems.describe(ex)
			.orElseGet(() -> body instanceof ProblemDetail detail ? detail
					: Problems.problem(status.value(), "Refused", "the request was refused"));
		return respond(problem);
	}

	private ResponseEntity<Object> respond(ProblemDetail problem) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_JSON);
		Problems.retryAfterSeconds(problem)
			.ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds.toString()));
		return response.body(shape.body(problem));
	}

	/** TorchServe's error body, here and for errors raised before a controller. */
	@ConditionalOnWebApplication
	@Component
	static class Shape implements ProtocolErrorShape {

		@Override
		public boolean covers(String path) {
			return path.equals("/ping") || path.startsWith("/predictions/") || path.equals("/predictions");
		}

		@Override
		public Map<String, Object> body(ProblemDetail problem) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("code", problem.getStatus());
			body.put("type", type(problem.getStatus()));
			body.put("message", problem.getDetail());
			return body;
		}

		/** TorchServe's exception names for the statuses its frontend answers. */
		private static String type(int status) {
			return switch (status) {
				case 400 -> "BadRequestException";
				case 404 -> "ModelNotFoundException";
				case 405 -> "MethodNotAllowedException";
				case 408 -> "RequestTimeoutException";
				case 413 -> "RequestEntityTooLargeException";
				case 415 -> "UnsupportedMediaTypeException";
				case 503 -> "ServiceUnavailableException";
				default -> status >= 500 ? "InternalServerException" : "BadRequestException";
			};
		}

	}

}
