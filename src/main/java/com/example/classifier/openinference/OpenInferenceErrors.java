package com.example.classifier.openinference;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.classifier.http.ProtocolErrorHandler;
import com.example.classifier.http.Problems;
import com.example.classifier.http.ProtocolErrorShape;

/**
 * Errors of the protocol's routes in its shape, {@code {"error": "..."}}, with the
 * statuses and messages the app gives everywhere ({@link Problems}).
 */
@ConditionalOnWebApplication
@RestControllerAdvice(basePackageClasses = OpenInferenceErrors.class)
class OpenInferenceErrors extends ProtocolErrorHandler {

	OpenInferenceErrors(Problems problems, Shape shape) {
		super(problems, shape);
	}

	@ExceptionHandler(UnknownVersionException.class)
	ResponseEntity<Object> unknownVersion(UnknownVersionException ex) {
		return respond(Problems.problem(404, "Unknown version", ex.getMessage()));
	}

	/** The protocol's error body, here and for errors raised before a controller. */
	@ConditionalOnWebApplication
	@Component
	static class Shape implements ProtocolErrorShape {

		@Override
		public boolean covers(String path) {
			return path.equals("/v2") || path.startsWith("/v2/");
		}

		@Override
		public Map<String, Object> body(ProblemDetail problem) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", problem.getDetail());
			return body;
		}

	}

}
