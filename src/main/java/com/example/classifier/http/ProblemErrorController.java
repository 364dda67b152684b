package com.example.classifier.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Errors raised before any controller is chosen (an unknown path, a method or a content
 * type a route does not take) answered as {@code application/problem+json} like every
 * other API error, instead of Spring Boot's own JSON. Browsers, which ask for HTML, still
 * get the error page.
 */
@ConditionalOnWebApplication
@Controller
class ProblemErrorController extends BasicErrorController {

	private final ErrorAttributes errorAttributes;

	private final List<ProtocolErrorShape> protocols;

	ProblemErrorController(ErrorAttributes errorAttributes, ServerProperties server,
			List<ErrorViewResolver> errorViewResolvers, List<ProtocolErrorShape> protocols) {
		super(errorAttributes, server.getError(), errorViewResolvers);
		this.errorAttributes = errorAttributes;
		this.protocols = protocols;
	}

	@Override
	public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
		treatDirectVisitAsUnknownPath(request);
		return super.errorHtml(request, response);
	}

	@Override
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		treatDirectVisitAsUnknownPath(request);
		HttpStatus status = getStatus(request);
		if (status == HttpStatus.NO_CONTENT) {
			return new ResponseEntity<>(status);
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = uri instanceof String text ? text : "";
		ProblemDetail problem = Problems.problem(status.value(), status.getReasonPhrase(),
				detail(errorAttributes.getError(new ServletWebRequest(request)), status, path));
		for (ProtocolErrorShape protocol : protocols) {
			if (protocol.covers(path)) {
				return ResponseEntity.status(status)
					.contentType(MediaType.APPLICATION_JSON)
					.body(protocol.body(problem));
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		body.put("instance", path);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

	/**
	 * Asked for directly, /error is a path like any other, with nothing at it: not a
	 * server error.
	 */
	private static void treatDirectVisitAsUnknownPath(HttpServletRequest request) {
		if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) == null) {
			request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpStatus.NOT_FOUND.value());
			request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
		}
	}

	private static String detail(Throwable error, HttpStatus status, String path) {
		if (error instanceof HttpRequestMethodNotSupportedException method) {
			return method.getMethod() + " is not allowed on " + path + "; it takes " + String.join(", ",
					method.getSupportedMethods() == null ? new String[0] : method.getSupportedMethods());
		}
		if (error instanceof HttpMediaTypeNotSupportedException mediaType) {
			return (mediaType.getContentType() == null ? "the request's Content-Type is missing or malformed"
					: "Content-Type " + mediaType.getContentType() + " is not accepted on " + path) + "; it takes "
					+ MediaType.toString(mediaType.getSupportedMediaTypes());
		}
		if (error instanceof HttpMediaTypeNotAcceptableException) {
			return path + " answers application/json (and errors as application/problem+json), which the request's "
					+ "Accept header does not allow";
		}
		if (error instanceof NoResourceFoundException || status == HttpStatus.NOT_FOUND) {
			return "there is nothing at " + path + "; the API is described at /v3/api-docs";
		}
		if (status == HttpStatus.REQUEST_TIMEOUT) {
			return "the request stopped arriving before it was complete; send it again";
		}
		if (status == HttpStatus.BAD_REQUEST) {
			return "the request is malformed or incomplete";
		}
		if (status.is4xxClientError()) {
			return "the request was refused (" + status.value() + " " + status.getReasonPhrase() + ")";
		}
		return "the server failed to answer; the error is logged, and the request can be retried";
	}

}
