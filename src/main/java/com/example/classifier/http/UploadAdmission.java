package com.example.classifier.http;

import java.util.concurrent.Semaphore;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import com.example.classifier.inference.ServerBusyException;
import com.example.classifier.classification.ClassificationProperties;

/**
 * A bound on uploads being parsed and classified at once, for the page and the API alike:
 * each holds a servlet thread until it is answered, and the threads for pages, the API's
 * other routes and health probes must stay free. An upload beyond the bound is answered
 * 503 (its body has been received already, without a thread:
 * {@code server.UploadReceiver}).
 */
@ConditionalOnWebApplication
@Component
class UploadAdmission implements HandlerInterceptor {

	private static final String ADMITTED = UploadAdmission.class.getName() + ".admitted";

	private final int maxUploads;

	private final Semaphore uploads;

	UploadAdmission(ClassificationProperties properties) {
		this.maxUploads = properties.maxUploadsInProgress();
		this.uploads = new Semaphore(maxUploads);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// Every upload counts, whatever its protocol: a multipart form, an image as the
		// body, an inference request.
		boolean upload = "POST".equals(request.getMethod()) || "PUT".equals(request.getMethod());
		if (!handled(request) || request.getAttribute(ADMITTED) != null || !upload) {
			return true;
		}
		if (!uploads.tryAcquire()) {
			throw ServerBusyException.uploadsInProgress(maxUploads);
		}
		request.setAttribute(ADMITTED, Boolean.TRUE);
		return true;
	}

	/**
	 * The request itself, or its dispatch once its body has been received; not an error
	 * page.
	 */
	private static boolean handled(HttpServletRequest request) {
		return request.getDispatcherType() == DispatcherType.REQUEST
				|| request.getDispatcherType() == DispatcherType.ASYNC;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (handled(request) && request.getAttribute(ADMITTED) != null) {
			request.removeAttribute(ADMITTED);
			uploads.release();
		}
	}

}
