package com.example.classifier.classification;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import com.example.classifier.inference.ServerBusyException;

/**
 * A bound on uploads being received at once, for the page and the API alike. Each holds a servlet thread while its
 * body arrives, so clients sending slowly (or not at all) could otherwise take every thread and leave none for
 * pages, the API's other routes and health probes. An upload beyond the bound is answered 503 before its body is
 * read, and its connection is closed rather than drained: Tomcat would otherwise read the rest of the body first,
 * holding a thread for as long as a stalled client keeps the connection open.
 */
@Component
class UploadAdmission implements HandlerInterceptor, WebMvcConfigurer,
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final String ADMITTED = UploadAdmission.class.getName() + ".admitted";
	private static final String REFUSED = UploadAdmission.class.getName() + ".refused";

	private final int maxUploads;
	private final Semaphore uploads;

	UploadAdmission(ClassificationProperties properties) {
		this.maxUploads = properties.maxUploadsInProgress();
		this.uploads = new Semaphore(maxUploads);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String type = request.getContentType();
		if (!"POST".equals(request.getMethod()) || type == null
				|| !type.regionMatches(true, 0, MediaType.MULTIPART_FORM_DATA_VALUE, 0, 19)) {
			return true;
		}
		if (!uploads.tryAcquire()) {
			request.setAttribute(REFUSED, Boolean.TRUE);
			throw ServerBusyException.uploadsInProgress(maxUploads);
		}
		request.setAttribute(ADMITTED, Boolean.TRUE);
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		if (request.getAttribute(ADMITTED) != null) {
			request.removeAttribute(ADMITTED);
			uploads.release();
		}
	}

	@Override
	public void customize(TomcatServletWebServerFactory tomcat) {
		tomcat.addContextValves(new ValveBase(true) {
			@Override
			public void invoke(Request request, Response response) throws IOException, ServletException {
				getNext().invoke(request, response);
				if (request.getAttribute(REFUSED) != null) {
					request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
				}
			}
		});
	}
}
