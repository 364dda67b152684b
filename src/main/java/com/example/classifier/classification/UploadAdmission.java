package com.example.classifier.classification;

import java.util.concurrent.Semaphore;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;


import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.example.classifier.inference.ServerBusyException;

/**
 * A bound on uploads in progress at once (being received or classified), for the page and the API alike. Each holds
 * a servlet thread while its body arrives, so clients sending slowly (or not at all) could otherwise take every
 * thread and leave none for pages, the API's other routes and health probes. An upload beyond the bound is answered
 * 503 before its body is read.
 *
 * <p>A refused upload's body is not read: its connection is closed after the answer
 * ({@link com.example.classifier.server.UnreadBodyValve}).
 */
@Component
class UploadAdmission implements HandlerInterceptor, WebMvcConfigurer {

	private static final String ADMITTED = UploadAdmission.class.getName() + ".admitted";

	private final int maxUploads;
	private final Semaphore uploads;

	UploadAdmission(ClassificationProperties properties) {
		this.maxUploads = properties.maxUploadsInProgress();
		this.uploads = new Semaphore(maxUploads);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		// After the pages' own interceptor: a refusal page still carries its security headers.
		registry.addInterceptor(this).addPathPatterns("/", "/api/predictions").order(Ordered.LOWEST_PRECEDENCE);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String type = request.getContentType();
		if (request.getDispatcherType() != DispatcherType.REQUEST || request.getAttribute(ADMITTED) != null
				|| !"POST".equals(request.getMethod()) || type == null || !type.regionMatches(true, 0, "multipart/", 0, 10)) {
			return true;
		}
		if (!uploads.tryAcquire()) {
			throw ServerBusyException.uploadsInProgress(maxUploads);
		}
		request.setAttribute(ADMITTED, Boolean.TRUE);
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (request.getDispatcherType() == DispatcherType.REQUEST && request.getAttribute(ADMITTED) != null) {
			request.removeAttribute(ADMITTED);
			uploads.release();
		}
	}
}
