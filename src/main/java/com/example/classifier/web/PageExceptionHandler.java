package com.example.classifier.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;

import com.example.classifier.http.Problems;
import com.example.classifier.classification.InvalidRequestException;
import com.example.classifier.image.DecodeBusyException;
import com.example.classifier.image.ImageRejectedException;
import com.example.classifier.inference.NoWorkerException;
import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.model.UnknownModelException;
import com.example.classifier.server.CrossSiteRequestException;
import com.example.classifier.server.UploadTooSlowException;

/**
 * Refusals of an upload made from the page: the page again, with the message
 * {@link Problems} gives the API (in the user's terms), the form as it was, and the
 * recent results untouched. Limited to the pages' controllers.
 */
@ConditionalOnWebApplication
@ControllerAdvice(basePackageClasses = PageExceptionHandler.class)
class PageExceptionHandler {

	private final Problems problems;

	private final HomePage home;

	PageExceptionHandler(Problems problems, HomePage home) {
		this.problems = problems;
		this.home = home;
	}

	/**
	 * MaxUploadSizeExceededException is a MultipartException: too large and malformed
	 * uploads land here too.
	 */
	@ExceptionHandler({ InvalidRequestException.class, ImageRejectedException.class, UnknownModelException.class,
			ServerBusyException.class, NoWorkerException.class, DecodeBusyException.class, MultipartException.class,
			UploadTooSlowException.class, CrossSiteRequestException.class, ConversionNotSupportedException.class })
	ModelAndView refused(Exception ex, HttpServletRequest request, HttpServletResponse response) {
		ProblemDetail problem = problems.describe(ex).orElseThrow();
		Problems.retryAfterSeconds(problem)
			.ifPresent(seconds -> response.setHeader(HttpHeaders.RETRY_AFTER, seconds.toString()));
		Object selected = request.getAttribute(PageController.SELECTED_MODEL);
		return home.refusal(selected instanceof String model ? model : null, problem);
	}

}
