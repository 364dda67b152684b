package com.example.classifier.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.example.classifier.classification.Classification;
import com.example.classifier.classification.ClassificationService;
import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.ImageUpload;
import com.example.classifier.cli.ImageFiles.ImageFile;
import com.example.classifier.inference.ServerBusyException;

/**
 * Classifies any number of files through
 * {@link ClassificationService#classifyWithoutRemembering}, the path of every API
 * request: in groups of at most {@code maxImages()} files (the API's limit per request),
 * several groups at once, so that both cores decode and the model's queue fills its
 * batches. Results come back in the order of the files, as soon as each group before them
 * is done.
 */
final class BatchClassifier {

	private static final int BUSY_RETRIES = 20;

	private final ClassificationService classifier;

	private final String model;

	private final int topK;

	private final int inFlight;

	private final long maxFileBytes;

	/**
	 * @param inFlight groups classified at once
	 * @param maxFileBytes larger files are refused unread, as the API refuses larger
	 * uploads
	 */
	BatchClassifier(ClassificationService classifier, String model, int topK, int inFlight, long maxFileBytes) {
		this.classifier = classifier;
		this.model = model;
		this.topK = topK;
		this.inFlight = Math.max(1, inFlight);
		this.maxFileBytes = maxFileBytes;
	}

	/**
	 * Groups in flight by default: two per core keep the decoders and the batches busy.
	 */
	static int defaultInFlight() {
		return 2 * Runtime.getRuntime().availableProcessors();
	}

	/**
	 * Classifies the files; {@code results} gets every file's result, in order, on the
	 * calling thread, and {@code progress} is told as groups finish.
	 */
	void classify(List<ImageFile> files, Consumer<FileResult> results, Progress progress) {
		int groupSize = Math.max(1, classifier.maxImages());
		ExecutorService pool = Executors.newFixedThreadPool(inFlight, runnable -> {
			Thread thread = new Thread(runnable, "cli-request");
			thread.setDaemon(true);
			return thread;
		});
		try {
			List<CompletableFuture<List<FileResult>>> groups = new ArrayList<>();
			for (int i = 0; i < files.size(); i += groupSize) {
				List<ImageFile> group = files.subList(i, Math.min(files.size(), i + groupSize));
				groups.add(CompletableFuture.supplyAsync(() -> {
					List<FileResult> done = classifyGroup(group);
					progress.advance(done.size(), (int) done.stream().filter(r -> !r.ok()).count());
					return done;
				}, pool));
			}
			for (CompletableFuture<List<FileResult>> group : groups) {
				group.join().forEach(results);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * One request's worth of files: read, then classified together; each file gets its
	 * own outcome.
	 */
	private List<FileResult> classifyGroup(List<ImageFile> group) {
		FileResult[] results = new FileResult[group.size()];
		List<ImageUpload> uploads = new ArrayList<>();
		List<Integer> positions = new ArrayList<>();
		for (int i = 0; i < group.size(); i++) {
			ImageFile file = group.get(i);
			try {
				uploads.add(ImageUpload.of(file.name(), read(file)));
				positions.add(i);
			}
			catch (CliException ex) {
				results[i] = FileResult.failed(file.name(), ex.getMessage());
			}
		}
		if (!uploads.isEmpty()) {
			try {
				List<ImageOutcome> outcomes = classifyWithRetry(uploads).outcomes();
				for (int j = 0; j < outcomes.size(); j++) {
					int i = positions.get(j);
					results[i] = result(group.get(i).name(), outcomes.get(j));
				}
			}
			catch (RuntimeException ex) {
				String reason = ex.getMessage() != null ? ex.getMessage() : ex.toString();
				for (int i : positions) {
					results[i] = FileResult.failed(group.get(i).name(), "classification failed: " + reason);
				}
			}
		}
		return List.of(results);
	}

	private Classification classifyWithRetry(List<ImageUpload> uploads) {
		for (int attempt = 1;; attempt++) {
			try {
				return classifier.classifyWithoutRemembering(uploads, model, topK, false);
			}
			catch (ServerBusyException busy) {
				if (attempt >= BUSY_RETRIES) {
					throw busy;
				}
				try {
					Thread.sleep(50L * attempt);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw busy;
				}
			}
		}
	}

	private static FileResult result(String name, ImageOutcome outcome) {
		if (outcome instanceof ImageOutcome.Classified classified) {
			return new FileResult(name, classified.width(), classified.height(), classified.predictions(), null);
		}
		return FileResult.failed(name, ((ImageOutcome.Refused) outcome).message());
	}

	private byte[] read(ImageFile file) {
		try {
			if (!Files.isRegularFile(file.path())) {
				throw new CliException(Cli.EXIT_FAILURES, "not a regular file");
			}
			long size = Files.size(file.path());
			if (size > maxFileBytes) {
				throw new CliException(Cli.EXIT_FAILURES,
						"the file is larger than the limit of " + maxFileBytes / (1024 * 1024) + "MB per file");
			}
			return Files.readAllBytes(file.path());
		}
		catch (NoSuchFileException ex) {
			throw new CliException(Cli.EXIT_FAILURES, "no such file");
		}
		catch (AccessDeniedException ex) {
			throw new CliException(Cli.EXIT_FAILURES, "cannot read: permission denied");
		}
		catch (IOException ex) {
			throw new CliException(Cli.EXIT_FAILURES, "cannot read: " + ex.getMessage());
		}
		catch (OutOfMemoryError ex) {
			throw new CliException(Cli.EXIT_FAILURES, "cannot read: the file is too large to hold in memory");
		}
	}

}
