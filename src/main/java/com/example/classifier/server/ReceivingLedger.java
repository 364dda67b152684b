package com.example.classifier.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the bodies being received share: their limits, the set of them (which the clock
 * walks), the bytes they hold in temporary files, and the count of those dropped as too
 * slow.
 */
final class ReceivingLedger {

	private final UploadReceivingProperties settings;

	private final long maxRequestBytes;

	private final long maxSwallowBytes;

	private final Set<UploadReceipt> receiving = ConcurrentHashMap.newKeySet();

	private final AtomicLong bytesHeld = new AtomicLong();

	private final Counter tooSlow;

	ReceivingLedger(UploadReceivingProperties settings, long maxRequestBytes, long maxSwallowBytes,
			MeterRegistry meters) {
		this.settings = settings;
		this.maxRequestBytes = maxRequestBytes;
		this.maxSwallowBytes = maxSwallowBytes;
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
	}

	UploadReceivingProperties settings() {
		return settings;
	}

	long maxRequestBytes() {
		return maxRequestBytes;
	}

	long maxSwallowBytes() {
		return maxSwallowBytes;
	}

	Set<UploadReceipt> receiving() {
		return receiving;
	}

	AtomicLong bytesHeld() {
		return bytesHeld;
	}

	Counter tooSlow() {
		return tooSlow;
	}

}
