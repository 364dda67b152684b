package com.example.classifier.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/** The received body, read back (blocking: it is a local file). */
final class ReceivedBodyStream extends ServletInputStream {

	private final InputStream in;

	private boolean finished;

	ReceivedBodyStream(InputStream in) {
		this.in = in;
	}

	@Override
	public int read() throws IOException {
		int b = in.read();
		finished = b < 0;
		return b;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		int n = in.read(bytes, offset, length);
		finished = n < 0;
		return n;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}

	@Override
	public boolean isFinished() {
		return finished;
	}

	@Override
	public boolean isReady() {
		return true;
	}

	@Override
	public void setReadListener(ReadListener listener) {
		throw new UncheckedIOException(new IOException("the body has been received already: read it directly"));
	}

}
