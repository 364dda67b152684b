package com.example.classifier.model;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.classifier.inference.Arrival;
import com.example.classifier.inference.InferenceQueue;
import com.example.classifier.tensor.Preprocessing;

/**
 * A loaded model, ready to answer: its class labels in output order, how its inputs are
 * made, and the queue that batches them (which only this class touches).
 */
public final class ServedModel {

	private static final Logger log = LoggerFactory.getLogger(ServedModel.class);

	private final String name;

	private final String engine;

	private final List<String> labels;

	private final Preprocessing preprocessing;

	private final InferenceQueue queue;

	private final AutoCloseable weights;

	private final AtomicBoolean closed = new AtomicBoolean();

	/** Requests using it now; guarded by {@code this}. */
	private int users;

	/** No longer served: closed once its last user is done; guarded by {@code this}. */
	private boolean retired;

	/** What to do once a retired model has no user left; guarded by {@code this}. */
	private Runnable afterRetirement = () -> {
	};

	ServedModel(String name, String engine, List<String> labels, Preprocessing preprocessing, InferenceQueue queue,
			AutoCloseable weights) {
		this.name = name;
		this.engine = engine;
		this.labels = List.copyOf(labels);
		this.preprocessing = preprocessing;
		this.queue = queue;
		this.weights = weights;
	}

	public String name() {
		return name;
	}

	public String engine() {
		return engine;
	}

	public List<String> labels() {
		return labels;
	}

	public int classes() {
		return labels.size();
	}

	public Preprocessing preprocessing() {
		return preprocessing;
	}

	/** What the pages and the API show of it. */
	public ModelDescription description() {
		long[] shape = preprocessing.inputShape();
		int batchSize = queue.batchSize();
		return new ModelDescription(name, engine, classes(),
				new long[] { batchSize > 1 ? -1 : 1, shape[0], shape[1], shape[2] }, batchSize);
	}

	/**
	 * Whether an inference worker is still running: readiness is lost when the default
	 * model has none.
	 */
	public boolean serving() {
		return queue.liveWorkers() > 0;
	}

	/** When its last batch ended, as {@link System#nanoTime()}; 0 before the first. */
	long lastBatchEndedAt() {
		return queue.lastBatchEndedAt();
	}

	/**
	 * Announces images being prepared for this model: see {@link InferenceQueue#expect}.
	 */
	public Arrival expect(int images) {
		return queue.expect(images);
	}

	/**
	 * Queues one preprocessed image.
	 * @return its probabilities, once its batch has run
	 * @throws com.example.classifier.inference.ServerBusyException if the queue is full
	 * @throws com.example.classifier.inference.NoWorkerException if the model can no
	 * longer answer
	 */
	public CompletableFuture<float[]> submit(float[] tensor) {
		return queue.submit(tensor);
	}

	/**
	 * Queues an input behind every image: it runs only when no image waits (an
	 * explanation's occluded copies).
	 * @throws com.example.classifier.inference.ServerBusyException when that lane is full
	 */
	public CompletableFuture<float[]> submitBackground(float[] tensor) {
		return queue.submitBackground(tensor);
	}

	/** Images that may wait in its queue before it refuses more. */
	public int queueCapacity() {
		return queue.capacity();
	}

	int batchSize() {
		return queue.batchSize();
	}

	/**
	 * Begins a use by one request, unless it is retired.
	 * @return whether it may be used; if so, {@link #release()} ends the use
	 */
	synchronized boolean tryUse() {
		if (retired) {
			return false;
		}
		users++;
		return true;
	}

	/** Ends a use: the last one of a retired model closes it. */
	void release() {
		boolean last;
		synchronized (this) {
			users--;
			last = retired && users == 0;
		}
		if (last) {
			closeRetired();
		}
	}

	/**
	 * No longer served: requests using it finish on it, and it closes after the last one
	 * (at once when none).
	 * @param whenIdle run once no request uses it any more, after it is closed
	 */
	void retire(Runnable whenIdle) {
		boolean idle;
		synchronized (this) {
			retired = true;
			afterRetirement = whenIdle;
			idle = users == 0;
		}
		if (idle) {
			closeRetired();
		}
	}

	/**
	 * Closes it, then runs what retirement asked for, on a thread of its own: neither the
	 * last request nor a change of models waits for its workers to stop (or for the
	 * registry, which may be loading another model).
	 */
	private void closeRetired() {
		Runnable whenIdle;
		synchronized (this) {
			whenIdle = afterRetirement;
		}
		Thread closer = new Thread(() -> {
			close();
			whenIdle.run();
		}, "close-model-" + name);
		closer.setDaemon(true);
		closer.start();
	}

	/** Makes its gauges the ones published under its name. */
	void publishMeters() {
		queue.publishGauges();
	}

	/** Stops its workers, then frees its weights; once. */
	void close() {
		if (closed.getAndSet(true)) {
			return;
		}
		queue.close();
		if (!queue.workersStopped()) {
			// A batch still running in the engine: freeing the weights under it
			// could crash the process. Left to the process's end instead.
			log.warn("Model {} closed with a batch still running: its native memory is kept", name);
			return;
		}
		try {
			weights.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException("model " + name + " could not be closed", ex);
		}
	}

}
