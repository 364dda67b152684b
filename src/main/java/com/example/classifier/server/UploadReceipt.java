package com.example.classifier.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;

import com.example.classifier.inference.ServerBusyException;

/**
 * One body being received: its bytes go to its file until it ends, fails or falls behind.
 */
final class UploadReceipt implements ReadListener, AsyncListener {

	private final ReceivingLedger ledger;

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

	UploadReceipt(ReceivingLedger ledger, ReceivedUpload upload, AsyncContext async, ServletInputStream in, Path file)
			throws IOException {
		this.ledger = ledger;
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
			if (received > ledger.maxRequestBytes()) {
				// Read on and discard, so that the client can read its 413.
				if (received > ledger.maxSwallowBytes()) {
					refuse(tooLarge());
				}
				continue;
			}
			if (ledger.bytesHeld().addAndGet(n) > ledger.settings().maxBytes().toBytes()) {
				ledger.bytesHeld().addAndGet(-n);
				refuse(ServerBusyException.uploadBytesHeld(ledger.settings().maxBytes().toMegabytes()));
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
		if (received > ledger.maxRequestBytes()) {
			refuse(tooLarge());
			return;
		}
		end();
		ledger.receiving().remove(this);
		upload.received(file, kept);
		async.dispatch();
	}

	@Override
	public synchronized void onError(Throwable failure) {
		// The client went away (or fell silent for the connection timeout):
		// there is no one to answer.
		if (!ended) {
			finished();
			async.complete();
		}
	}

	synchronized void dropIfLate() {
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		if (!ended && ledger.settings().tooSlow(received, elapsed)) {
			ledger.tooSlow().increment();
			refuse(new UploadTooSlowException(received, elapsed, ledger.settings()));
		}
	}

	/** Hands the request to the app with a refusal in place of its parts. */
	private void refuse(RuntimeException why) {
		end();
		ledger.receiving().remove(this);
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
		// Released before it stops counting as received: a reader of both
		// gauges never sees bytes held unowned.
		release();
		ledger.receiving().remove(this);
	}

	/**
	 * The app has answered: the files go, and a connection whose body was not read to its
	 * end is closed.
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
			ledger.bytesHeld().addAndGet(-kept);
			kept = 0;
		}
	}

	private IllegalStateException tooLarge() {
		// As Tomcat's parser reports it, so that it reads as any other upload
		// over the limit.
		return new IllegalStateException(new SizeLimitExceededException("the request was rejected because its size ("
				+ received + ") exceeds the configured maximum (" + ledger.maxRequestBytes() + ")", received,
				ledger.maxRequestBytes()));
	}

}
