package com.example.classifier.server;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Closes the connection of a request answered before its body was read (a {@code GET} or
 * a refused {@code POST} that declares a large body, an upload refused because the server
 * is busy or because it arrived too slowly), instead of letting Tomcat read and discard
 * the rest: discarding holds a thread for as long as the client takes to send it, and
 * slow clients could take every thread from pages and health probes
 * (docs/HOSTILE-UPLOADS.md). A client still sending its body may then see the connection
 * reset rather than read the answer.
 *
 * <p>
 * Uploads the app takes are read whole before it sees them ({@link UploadReceiver}), so
 * they leave nothing unread.
 */
@ConditionalOnWebApplication
@Component
class UnreadBodyValve extends ValveBase implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final String CLOSE = UnreadBodyValve.class.getName() + ".close";

	UnreadBodyValve() {
		super(true);
	}

	@Override
	public void customize(TomcatServletWebServerFactory tomcat) {
		tomcat.addContextValves(this);
	}

	/**
	 * Closes the connection once this request is answered, leaving the rest of its body
	 * unread.
	 */
	static void closeAfterAnswer(ServletRequest request) {
		if (request.getAttribute(CLOSE) instanceof Runnable close) {
			close.run();
		}
	}

	/**
	 * Tomcat's own way to leave a body unread, which marks the exchange as failed: the
	 * answer given stands (its status, and no error page after it), and an error the app
	 * has sent still gets its error page.
	 */
	private static void closeConnection(Request request) {
		org.apache.coyote.Response answer = request.getCoyoteRequest().getResponse();
		int status = answer.getStatus();
		boolean errorPageToCome = answer.isError();
		request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
		answer.setStatus(status);
		if (!errorPageToCome) {
			answer.setErrorReported();
		}
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		Runnable close = () -> closeConnection(request);
		request.setAttribute(CLOSE, close);
		getNext().invoke(request, response);
		if (request.isAsync()) {
			return;
		}
		AtomicBoolean fullyRead = new AtomicBoolean(true);
		request.getCoyoteRequest().action(ActionCode.REQUEST_BODY_FULLY_READ, fullyRead);
		if (!fullyRead.get()) {
			close.run();
		}
	}

}
