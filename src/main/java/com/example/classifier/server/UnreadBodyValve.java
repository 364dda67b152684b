package com.example.classifier.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Closes the connection of a request answered before its body was read (a {@code GET} or a refused {@code POST}
 * that declares a large body, an upload refused with 503 because the server is busy), instead of letting Tomcat read
 * and discard the rest: discarding holds a thread for as long as the client takes to send it, and 250 clients
 * sending one byte every 5 s took every thread, so that pages and health probes got no answer. A client still
 * sending its body may then see the connection reset rather than read the answer.
 *
 * <p>Other multipart uploads keep Tomcat's discarding (up to {@code server.tomcat.max-swallow-size}): one answered
 * after its parts were parsed has only the bytes after its last boundary left, and closing its connection broke the
 * client's next request on it; one refused as too large (413) lets its client read why instead of a reset
 * connection, which the JDK's HTTP client reported as a broken answer.
 */
@Component
class UnreadBodyValve extends ValveBase implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	UnreadBodyValve() {
		super(true);
	}

	@Override
	public void customize(TomcatServletWebServerFactory tomcat) {
		tomcat.addContextValves(this);
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		getNext().invoke(request, response);
		if (request.isAsync()) {
			return;
		}
		AtomicBoolean fullyRead = new AtomicBoolean(true);
		request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
		String type = request.getContentType();
		boolean upload = type != null && type.regionMatches(true, 0, "multipart/", 0, 10);
		if (!fullyRead.get() && (!upload || response.getStatus() == 503)) {
			request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		}
	}
}
