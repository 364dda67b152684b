package com.example.classifier.inference;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Images announced to a queue and not yet in it ({@link InferenceQueue#expect}). Each one
 * counts until it arrives; closing the arrival takes back those that never will (refused,
 * failed, abandoned), so that no worker waits for them.
 */
public final class Arrival implements AutoCloseable {

	private final AtomicInteger arriving;

	private final AtomicInteger left;

	Arrival(AtomicInteger arriving, int images) {
		this.arriving = arriving;
		this.left = new AtomicInteger(Math.max(0, images));
		arriving.addAndGet(left.get());
	}

	/** One image is about to be queued, or will never be: it no longer counts. */
	public void arrived() {
		if (left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			arriving.decrementAndGet();
		}
	}

	@Override
	public void close() {
		arriving.addAndGet(-left.getAndSet(0));
	}

}
