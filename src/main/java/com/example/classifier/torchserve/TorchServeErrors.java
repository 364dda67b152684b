package com.example.classifier.torchserve;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import com.example.classifier.http.ProtocolErrorHandler;
import com.example.classifier.http.Problems;
import com.example.classifier.http.ProtocolErrorShape;

/**
 * Errors of TorchServe's routes in TorchServe's shape, {@code {"code": 404, "type":
 * "ModelNotFoundException", "message": "..."}}, with the statuses and messages the app
 * gives everywhere ({@link Problems}).
 */
@ConditionalOnWebApplication
@RestControllerAdvice(basePackageClasses = TorchServeErrors.class)
class TorchServeErrors extends ProtocolErrorHandler {

	TorchServeErrors(Problems problems, Shape shape) {
		super(problems, shape);
	}

	@ExceptionHandler(UnknownVersionException.class)
	ResponseEntity<Object> unknownVersion(UnknownVersionException ex) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("code", 404);
		body.put("type", "ModelVersionNotFoundException");
		body.put("message", ex.getMessage());
		return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON).body(body);
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
