package com.example.classifier.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import com.example.classifier.inference.ServerBusyException;

/**
 * Receives every request body (multipart, an image sent as it is, JSON) before the app
 * sees it, without a thread: Tomcat's non-blocking reads fill a temporary file as bytes
 * arrive, and only a body that has arrived whole is handed to the app (an asynchronous
 * dispatch of a {@link ReceivedUpload}), which parses it from the file. A client sending
 * slowly holds a connection and a file, never a thread, so pages, health probes and other
 * uploads keep their threads; a client sending too slowly
 * ({@link UploadReceivingProperties}) is answered 408 and its connection closed.
 *
 * <p>
 * A body larger than the request limit is read to its end and discarded (up to
 * {@code server.tomcat.max-swallow-size}), so that its client reads the 413 rather than a
 * reset connection; one declaring more than that is refused from its declared length, and
 * Tomcat closes the connection unread.
 */
class UploadReceiver extends OncePerRequestFilter implements DisposableBean {

	private static final String RECEIPT = UploadReceiver.class.getName() + ".receipt";

	private final UploadReceivingProperties settings;

	private final MultipartConfigElement multipart;

	private final ServerProperties server;

	private final long maxSwallowBytes;

	private final ReceivingLedger ledger;

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "upload-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	UploadReceiver(UploadReceivingProperties settings, MultipartConfigElement multipart, ServerProperties server,
			MeterRegistry meters) {
		this.settings = settings;
		this.multipart = multipart;
		this.server = server;
		long maxRequestBytes = multipart.getMaxRequestSize() < 0 ? Long.MAX_VALUE : multipart.getMaxRequestSize();
		long swallow = server.getTomcat().getMaxSwallowSize().toBytes();
		this.maxSwallowBytes = Math.max(maxRequestBytes, swallow < 0 ? Long.MAX_VALUE : swallow);
		this.ledger = new ReceivingLedger(settings, maxRequestBytes, maxSwallowBytes, meters);
		// A silent client calls nothing back: the clock finds it.
		clock.scheduleWithFixedDelay(this::dropLate, 1, 1, TimeUnit.SECONDS);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (request.getAttribute(RECEIPT) != null) {
			return false;
		}
		// A multipart request already parsed (a test's mock) has nothing left to receive.
		// Every other body is received too (an image sent as it is, a JSON tensor, and
		// what curl --data-binary labels a URL-encoded form: the app reads no such form).
		return request instanceof MultipartHttpServletRequest
				|| !("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod()))
				|| request.getContentLengthLong() == 0;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			if (request.getAttribute(RECEIPT) instanceof UploadReceipt receipt) {
				try {
					chain.doFilter(request, response);
				}
				finally {
					receipt.answered(request);
				}
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		if (request.getContentLengthLong() > maxSwallowBytes) {
			// Refused by the parser from its declared length; Tomcat then
			// closes the connection without reading it.
			chain.doFilter(request, response);
			return;
		}
		ReceivedUpload upload = new ReceivedUpload(request, limits(request.getServletContext()));
		if (ledger.receiving().size() >= settings.maxReceiving()) {
			// Answered 503 unread: the connection is closed (UnreadBodyValve).
			upload.refuse(ServerBusyException.uploadsReceiving(settings.maxReceiving()));
			chain.doFilter(upload, response);
			return;
		}
		Path file = Files.createTempFile(upload.limitsLocation().toPath(), "upload-", ".body");
		AsyncContext async = request.startAsync(upload, response);
		async.setTimeout(0);
		UploadReceipt receipt;
		try {
			receipt = new UploadReceipt(ledger, upload, async, request.getInputStream(), file);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(file);
			async.complete();
			throw ex;
		}
		request.setAttribute(RECEIPT, receipt);
		// However the exchange ends (answered, the client gone, the server
		// stopping), its files and bytes are let go.
		async.addListener(receipt);
		ledger.receiving().add(receipt);
		try {
			request.getInputStream().setReadListener(receipt);
		}
		catch (RuntimeException ex) {
			receipt.onError(ex);
			throw ex;
		}
	}

	private UploadLimits limits(ServletContext context) {
		String location = multipart.getLocation();
		File directory = location == null || location.isEmpty() ? (File) context.getAttribute(ServletContext.TEMPDIR)
				: new File(location);
		return new UploadLimits(multipart, server.getTomcat().getMaxPartCount(),
				(int) server.getTomcat().getMaxPartHeaderSize().toBytes(),
				server.getTomcat().getMaxHttpFormPostSize().toBytes(), directory);
	}

	private void dropLate() {
		for (UploadReceipt receipt : ledger.receiving()) {
			try {
				receipt.dropIfLate();
			}
			catch (RuntimeException ex) {
				// An exchange Tomcat has ended meanwhile: nothing to answer.
				// The clock must go on for the others.
				ledger.receiving().remove(receipt);
			}
		}
	}

	@Override
	public void destroy() {
		clock.shutdownNow();
	}

}
