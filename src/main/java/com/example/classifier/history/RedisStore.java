package com.example.classifier.history;

import org.springframework.context.SmartLifecycle;

/**
 * A store in Redis whose writes go through {@link BoundedWrites}: its last writes are
 * finished at a stop, after the web server has answered its last request and before the
 * Redis connection closes (phase 0).
 */
abstract class RedisStore implements SmartLifecycle {

	final BoundedWrites writes;

	private volatile boolean running;

	RedisStore(BoundedWrites writes) {
		this.writes = writes;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		writes.stop();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return 1;
	}

}
