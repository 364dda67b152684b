package com.example.classifier.classification;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
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
 * <p>Tomcat reads the rest of an answered request's body before it takes the next request on that connection,
 * holding the thread for as long as a stalled client keeps the connection open; so a refused upload's connection is
 * closed instead (Tomcat says so in the 503's headers). A client still sending then may see the connection reset
 * rather than read the 503: under overload, either means "try again later". Other refusals keep Tomcat's draining,
 * which lets every client read its answer.
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
			request.setAttribute(REFUSED, Boolean.TRUE);
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
