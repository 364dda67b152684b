package com.example.classifier.server;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of a stop: Spring Boot has reported the instance not-ready
 * ({@code REFUSING_TRAFFIC}) as the context began to close; this keeps it serving for
 * {@link ShutdownProperties#drain()} so that a balancer stops sending before the server
 * stops accepting. Then Tomcat's graceful shutdown refuses new requests and lets those in
 * flight finish ({@code spring.lifecycle.timeout-per-shutdown-phase}), and only after it
 * do the models and their queues close.
 */
@ConditionalOnWebApplication
@Component
@EnableConfigurationProperties(ShutdownProperties.class)
class DrainBeforeStop implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DrainBeforeStop.class);

	private final Duration drain;

	private volatile boolean running;

	DrainBeforeStop(ShutdownProperties settings) {
		this.drain = settings.drain();
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		if (running && !drain.isZero() && !drain.isNegative()) {
			log.info("Stopping: reporting not-ready and still serving for {} ms before refusing requests",
					drain.toMillis());
			try {
				Thread.sleep(drain.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stops before the web server's graceful shutdown (a higher phase stops first). */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

}
