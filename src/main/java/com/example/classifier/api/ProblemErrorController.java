package com.example.classifier.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors raised before any controller is chosen (an unknown path, a method or a content type a route does not take)
 * answered as {@code application/problem+json} like every other API error, instead of Spring Boot's own JSON.
 * Browsers, which ask for HTML, still get the error page.
 */
@Controller
class ProblemErrorController extends BasicErrorController {

	private final ErrorAttributes errorAttributes;

	ProblemErrorController(ErrorAttributes errorAttributes, ServerProperties server,
			List<ErrorViewResolver> errorViewResolvers) {
		super(errorAttributes, server.getError(), errorViewResolvers);
		this.errorAttributes = errorAttributes;
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		HttpStatus status = getStatus(request);
		if (status == HttpStatus.NO_CONTENT) {
			return new ResponseEntity<>(status);
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = uri instanceof String text ? text : "";
		ProblemDetail problem = Problems.problem(status.value(), status.getReasonPhrase(),
				detail(errorAttributes.getError(new ServletWebRequest(request)), status, path));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		body.put("instance", path);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	private static String detail(Throwable error, HttpStatus status, String path) {
		if (error instanceof HttpRequestMethodNotSupportedException method) {
			return method.getMethod() + " is not allowed on " + path + "; it takes "
					+ String.join(", ", method.getSupportedMethods() == null ? new String[0] : method.getSupportedMethods());
		}
		if (error instanceof HttpMediaTypeNotSupportedException mediaType) {
			return (mediaType.getContentType() == null ? "a request without a Content-Type"
					: "Content-Type " + mediaType.getContentType()) + " is not accepted on " + path + "; it takes "
					+ MediaType.toString(mediaType.getSupportedMediaTypes());
		}
		if (error instanceof NoResourceFoundException || status == HttpStatus.NOT_FOUND) {
			return "there is nothing at " + path + "; the API is described at /v3/api-docs";
		}
		if (status.is4xxClientError()) {
			return "the request was refused (" + status.value() + " " + status.getReasonPhrase() + ")";
		}
		return "the server failed to answer; the error is logged, and the request can be retried";
	}
}
