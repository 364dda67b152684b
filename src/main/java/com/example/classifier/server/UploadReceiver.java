package com.example.classifier.server;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import com.example.classifier.inference.ServerBusyException;

/**
 * Receives every multipart body before the app sees it, without a thread: Tomcat's
 * non-blocking reads fill a temporary file as bytes arrive, and only a body that has
 * arrived whole is handed to the app (an asynchronous dispatch of a
 * {@link ReceivedUpload}), which parses it from the file. A client sending slowly holds a
 * connection and a file, never a thread, so pages, health probes and other uploads keep
 * their threads; a client sending too slowly ({@link UploadReceivingProperties}) is
 * answered 408 and its connection closed.
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

	private final long maxRequestBytes;

	private final long maxSwallowBytes;

	private final Set<Receipt> receiving = ConcurrentHashMap.newKeySet();

	private final AtomicLong bytesHeld = new AtomicLong();

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "upload-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	private final Counter tooSlow;

	UploadReceiver(UploadReceivingProperties settings, MultipartConfigElement multipart, ServerProperties server,
			MeterRegistry meters) {
		this.settings = settings;
		this.multipart = multipart;
		this.server = server;
		this.maxRequestBytes = multipart.getMaxRequestSize() < 0 ? Long.MAX_VALUE : multipart.getMaxRequestSize();
		long swallow = server.getTomcat().getMaxSwallowSize().toBytes();
		this.maxSwallowBytes = Math.max(maxRequestBytes, swallow < 0 ? Long.MAX_VALUE : swallow);
		Gauge.builder("classifier.uploads.receiving", receiving, Set::size)
			.description("Upload bodies being received")
			.register(meters);
		Gauge.builder("classifier.uploads.held", bytesHeld, AtomicLong::get)
			.description("Bytes of received upload bodies held in temporary files until their requests are answered")
			.baseUnit("bytes")
			.register(meters);
		this.tooSlow = Counter.builder("classifier.uploads.too.slow")
			.description("Uploads dropped for arriving below the minimum rate")
			.register(meters);
		// A silent client calls nothing back: the clock finds it.
		clock.scheduleWithFixedDelay(this::dropLate, 1, 1, TimeUnit.SECONDS);
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (request.getAttribute(RECEIPT) != null) {
			return false;
		}
		String type = request.getContentType();
		// A multipart request already parsed (a test's mock) has nothing left to receive.
		return request instanceof MultipartHttpServletRequest
				|| !("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod())) || type == null
				|| !type.regionMatches(true, 0, "multipart/", 0, 10) || request.getContentLengthLong() == 0;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			if (request.getAttribute(RECEIPT) instanceof Receipt receipt) {
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
			// Refused by the parser from its declared length; Tomcat then closes the
			// connection without reading it.
			chain.doFilter(request, response);
			return;
		}
		ReceivedUpload upload = new ReceivedUpload(request, limits(request.getServletContext()));
		if (receiving.size() >= settings.maxReceiving()) {
			// Answered 503 unread: the connection is closed (UnreadBodyValve).
			upload.refuse(ServerBusyException.uploadsReceiving(settings.maxReceiving()));
			chain.doFilter(upload, response);
			return;
		}
		Path file = Files.createTempFile(upload.limitsLocation().toPath(), "upload-", ".body");
		AsyncContext async = request.startAsync(upload, response);
		async.setTimeout(0);
		Receipt receipt;
		try {
			receipt = new Receipt(upload, async, request.getInputStream(), file);
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(file);
			async.complete();
			throw ex;
		}
		request.setAttribute(RECEIPT, receipt);
		// However the exchange ends (answered, the client gone, the server stopping), its
		// files and bytes are let go.
		async.addListener(receipt);
		receiving.add(receipt);
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
		for (Receipt receipt : receiving) {
			try {
				receipt.dropIfLate();
			}
			catch (RuntimeException ex) {
				// An exchange Tomcat has ended meanwhile: nothing to answer. The clock
				// must go on for the others.
				receiving.remove(receipt);
			}
		}
	}

	@Override
	public void destroy() {
		clock.shutdownNow();
	}

	/**
	 * One body being received: its bytes go to its file until it ends, fails or falls
	 * behind.
	 */
	private final class Receipt implements ReadListener, AsyncListener {

		private final ReceivedUpload upload;

		private final AsyncContext async;

		private final ServletInputStream in;

		private final Path file;

		private final OutputStream out;

		private final long started = System.nanoTime();

		private final byte[] buffer = new byte[16 * 1024];

		private long received;

		private long kept;

		private boolean ended;

		private boolean fullyRead;

		Receipt(ReceivedUpload upload, AsyncContext async, ServletInputStream in, Path file) throws IOException {
			this.upload = upload;
			this.async = async;
			this.in = in;
			this.file = file;
			this.out = Files.newOutputStream(file);
		}

		@Override
		public synchronized void onDataAvailable() throws IOException {
			while (!ended && in.isReady()) {
				int n = in.read(buffer);
				if (n < 0) {
					return;
				}
				received += n;
				if (received > maxRequestBytes) {
					// Read on and discard, so that the client can read its 413.
					if (received > maxSwallowBytes) {
						refuse(tooLarge());
					}
					continue;
				}
				if (bytesHeld.addAndGet(n) > settings.maxBytes().toBytes()) {
					bytesHeld.addAndGet(-n);
					refuse(ServerBusyException.uploadBytesHeld(settings.maxBytes().toMegabytes()));
					return;
				}
				kept += n;
				out.write(buffer, 0, n);
			}
			dropIfLate();
		}

		@Override
		public synchronized void onAllDataRead() throws IOException {
			if (ended) {
				return;
			}
			fullyRead = true;
			if (received > maxRequestBytes) {
				refuse(tooLarge());
				return;
			}
			end();
			receiving.remove(this);
			upload.received(file, kept);
			async.dispatch();
		}

		@Override
		public synchronized void onError(Throwable failure) {
			// The client went away (or fell silent for the connection timeout): there is
			// no one to answer.
			if (!ended) {
				finished();
				async.complete();
			}
		}

		synchronized void dropIfLate() {
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			if (!ended && settings.tooSlow(received, elapsed)) {
				tooSlow.increment();
				refuse(new UploadTooSlowException(received, elapsed, settings));
			}
		}

		/** Hands the request to the app with a refusal in place of its parts. */
		private void refuse(RuntimeException why) {
			end();
			receiving.remove(this);
			upload.refuse(why);
			async.dispatch();
		}

		private void end() {
			ended = true;
			try {
				out.close();
			}
			catch (IOException ex) {
				upload.refuse(new IllegalStateException("the upload could not be kept", ex));
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			finished();
		}

		@Override
		public void onError(AsyncEvent event) {
			finished();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			finished();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// the dispatch that follows starts no other asynchronous work
		}

		/** Whatever happened, nothing of this body is kept. */
		private synchronized void finished() {
			if (!ended) {
				end();
			}
			// Released before it stops counting as received: a reader of both gauges
			// never sees bytes held unowned.
			release();
			receiving.remove(this);
		}

		/**
		 * The app has answered: the files go, and a connection whose body was not read to
		 * its end is closed.
		 */
		void answered(HttpServletRequest request) {
			release();
			if (!fullyRead) {
				UnreadBodyValve.closeAfterAnswer(request);
			}
		}

		private void release() {
			upload.delete();
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// left to the container's temporary directory
			}
			synchronized (this) {
				bytesHeld.addAndGet(-kept);
				kept = 0;
			}
		}

		private IllegalStateException tooLarge() {
			// As Tomcat's parser reports it, so that it reads as any other upload over
			// the limit.
			return new IllegalStateException(
					new SizeLimitExceededException(
							"the request was rejected because its size (" + received
									+ ") exceeds the configured maximum (" + maxRequestBytes + ")",
							received, maxRequestBytes));
		}

	}

}
