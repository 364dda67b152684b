package com.example.classifier.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Step three of every image's path: dynamic batching, as TorchServe and DJL Serving do
 * it. Images for one model wait in a bounded queue; each worker thread owns one predictor
 * (DJL predictors are not thread-safe) and takes up to {@code batchSize} images at a
 * time.
 *
 * <p>
 * A worker waits up to {@code maxBatchDelay} for a batch to fill, but only while more
 * images are known to be on their way (being decoded for this model): a lone request
 * never waits for company that is not coming.
 *
 * <p>
 * Work that can wait (an explanation's occluded copies of an image) has a lane of its
 * own: a worker takes it only when no image waits in the main lane, and a batch begun
 * with an image is never filled with it, so an upload waits at most for a batch of it
 * already running, never for the rest.
 */
public final class InferenceQueue implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(InferenceQueue.class);

	/**
	 * @param background whether it came by the lane behind the images
	 */
	private record Job(float[] input, long queuedAt, CompletableFuture<float[]> result, boolean background) {
	}

	private final String model;

	private final long[] inputShape;

	private final int inputSize;

	private final QueueSettings settings;

	private final BlockingQueue<Job> queue;

	private final BlockingQueue<Job> background;

	/** One permit for each job in either lane. */
	private final Semaphore work = new Semaphore(0);

	private final AtomicInteger arriving = new AtomicInteger();

	private final List<Thread> workers = new ArrayList<>();

	private final AtomicInteger liveWorkers = new AtomicInteger();

	private volatile boolean running = true;

	private volatile long lastBatchEndedAt;

	private final QueueMeters meters;

	public InferenceQueue(String model, ZooModel<TensorBatch, float[][]> weights, long[] inputShape,
			QueueSettings settings, MeterRegistry meters) {
		this.model = model;
		this.inputShape = inputShape.clone();
		this.inputSize = BatchBuffer.valuesPerImage(inputShape);
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.capacity());
		this.background = new ArrayBlockingQueue<>(settings.capacity());
		this.meters = new QueueMeters(model, queue, weights, meters);
		liveWorkers.set(settings.workers());
		for (int i = 0; i < settings.workers(); i++) {
			Thread worker = new Thread(() -> work(weights), "infer-" + model + "-" + i);
			worker.setDaemon(true);
			workers.add(worker);
			worker.start();
		}
	}

	/**
	 * Makes this queue's gauges the model's: it now serves under its name (see
	 * {@link QueueMeters#publishGauges}).
	 */
	public void publishGauges() {
		meters.publishGauges();
	}

	/** The translator every model's predictors use with this queue. */
	public static Translator<TensorBatch, float[][]> translator() {
		return new BatchTranslator();
	}

	public int capacity() {
		return settings.capacity();
	}

	public int batchSize() {
		return settings.batchSize();
	}

	/**
	 * When the last batch ended, as {@link System#nanoTime()}; 0 before the first.
	 */
	public long lastBatchEndedAt() {
		return lastBatchEndedAt;
	}

	/**
	 * Tells the queue that {@code images} more are being prepared for it, so that a
	 * worker holding a partial batch waits for them (up to the batch delay); each counts
	 * until {@link Arrival#arrived()} or the arrival closes.
	 */
	public Arrival expect(int images) {
		return new Arrival(arriving, images);
	}

	/**
	 * Queues one preprocessed image.
	 * @return its probabilities, once its batch has run
	 * @throws ServerBusyException if the queue is full
	 */
	public CompletableFuture<float[]> submit(float[] input) {
		return enqueue(input, false);
	}

	/**
	 * Queues one preprocessed input in the lane that waits for the main one: it runs only
	 * when no image is waiting.
	 * @return its probabilities, once its batch has run
	 * @throws ServerBusyException if that lane is full
	 */
	public CompletableFuture<float[]> submitBackground(float[] input) {
		return enqueue(input, true);
	}

	private CompletableFuture<float[]> enqueue(float[] input, boolean inBackground) {
		if (input.length != inputSize) {
			throw new IllegalArgumentException("input has " + input.length + " values, the model takes " + inputSize);
		}
		if (!running) {
			throw shutDown();
		}
		BlockingQueue<Job> lane = inBackground ? background : queue;
		Job job = new Job(input, System.nanoTime(), new CompletableFuture<>(), inBackground);
		if (!lane.offer(job)) {
			throw ServerBusyException.queueFull(model, lane.remainingCapacity() + lane.size());
		}
		work.release();
		if (!running) {
			// the last worker stopped while this job was being queued
			failWaitingJobs();
		}
		return job.result();
	}

	private void work(ZooModel<TensorBatch, float[][]> weights) {
		List<Job> batch = new ArrayList<>(settings.batchSize());
		try (Predictor<TensorBatch, float[][]> predictor = weights.newPredictor()) {
			BatchBuffer input = new BatchBuffer(inputShape, settings.batchSize());
			while (running) {
				if (!work.tryAcquire(200, TimeUnit.MILLISECONDS)) {
					continue;
				}
				Job first = queue.poll();
				if (first != null) {
					batch.add(first);
					fill(batch);
				}
				else if ((first = background.poll()) != null) {
					batch.add(first);
					fillBackground(batch);
				}
				else {
					// Its job was taken by a worker filling a batch, which acquires
					// this permit next: give it the moment to.
					work.release();
					LockSupport.parkNanos(50_000);
					continue;
				}
				// Work whose caller gave up (a cancelled explanation) is not run.
				batch.removeIf(job -> job.result().isDone());
				if (!batch.isEmpty()) {
					run(predictor, input, batch);
				}
				batch.clear();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException | Error ex) {
			log.error("An inference worker of model {} stopped", model, ex);
		}
		finally {
			// Jobs taken but not run (shut down while a batch was filling) are
			// answered, not left to time out.
			batch.forEach(job -> job.result().completeExceptionally(shutDown()));
			if (liveWorkers.decrementAndGet() == 0) {
				// Nothing would ever answer what waits, or what comes: both are
				// refused now.
				running = false;
				failWaitingJobs();
			}
		}
	}

	/** Worker threads still running: readiness is lost when a model has none. */
	public int liveWorkers() {
		return liveWorkers.get();
	}

	/** Fills a batch begun with an image: with images only. */
	private void fill(List<Job> batch) throws InterruptedException {
		long deadline = System.nanoTime() + settings.maxBatchDelay().toNanos();
		while (batch.size() < settings.batchSize()) {
			Job next = queue.poll();
			if (next == null) {
				long left = deadline - System.nanoTime();
				if (arriving.get() <= 0 || left <= 0) {
					return;
				}
				// Short polls, so that the wait ends as soon as nothing more is
				// on its way.
				next = queue.poll(Math.min(left, 1_000_000L), TimeUnit.NANOSECONDS);
				if (next == null) {
					continue;
				}
			}
			// The job's permit: released by its submitter, at the latest just after.
			work.acquireUninterruptibly();
			batch.add(next);
		}
	}

	/**
	 * Fills a batch begun with background work: with whatever waits, images first, never
	 * waiting for more.
	 */
	private void fillBackground(List<Job> batch) {
		while (batch.size() < settings.batchSize() && work.tryAcquire()) {
			Job next = queue.poll();
			if (next == null) {
				next = background.poll();
			}
			if (next == null) {
				work.release();
				return;
			}
			batch.add(next);
		}
	}

	private void run(Predictor<TensorBatch, float[][]> predictor, BatchBuffer input, List<Job> batch) {
		int n = batch.size();
		long start = System.nanoTime();
		for (int i = 0; i < n; i++) {
			Job job = batch.get(i);
			input.put(i, job.input());
			if (!job.background()) {
				meters.queued(start - job.queuedAt());
			}
		}
		try {
			float[][] probabilities = predictor.predict(input.batch(n));
			long end = System.nanoTime();
			lastBatchEndedAt = end;
			meters.ran(n, end - start);
			for (int i = 0; i < n; i++) {
				batch.get(i).result().complete(probabilities[i]);
			}
		}
		catch (Exception | Error ex) {
			log.error("Inference failed on model {} for a batch of {}", model, n, ex);
			batch.forEach(job -> job.result().completeExceptionally(ex));
		}
	}

	@Override
	public void close() {
		running = false;
		for (Thread worker : workers) {
			worker.interrupt();
			try {
				worker.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		failWaitingJobs();
	}

	/**
	 * Whether every worker has ended (after {@link #close()}, none is left in the
	 * engine).
	 */
	public boolean workersStopped() {
		return workers.stream().noneMatch(Thread::isAlive);
	}

	/** Removes every meter of a model by name, whichever queue registered it. */
	public static void removeMeters(MeterRegistry meters, String model) {
		QueueMeters.remove(meters, model);
	}

	private void failWaitingJobs() {
		Job left;
		while ((left = queue.poll()) != null || (left = background.poll()) != null) {
			left.result().completeExceptionally(shutDown());
		}
	}

	private NoWorkerException shutDown() {
		return new NoWorkerException(model);
	}

}
