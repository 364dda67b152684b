package com.example.classifier.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Writes a model folder where nobody sees it half-written: into a hidden folder beside
 * its place (which model listings skip), moved into place in one rename once complete. A
 * run that fails or is interrupted leaves nothing behind but, at worst, that hidden
 * folder, which a shutdown hook removes.
 */
final class ModelFolderWriter {

	/** Writes a model's files into the folder it is given. */
	@FunctionalInterface
	interface Contents {

		void writeTo(Path folder) throws IOException;

	}

	private ModelFolderWriter() {
	}

	/**
	 * Writes {@code <modelsDir>/<name>}.
	 * @param replace whether an existing model folder of that name may be replaced
	 * @throws TrainingDataException if the folder exists and may not be replaced
	 */
	static Path write(Path modelsDir, String name, boolean replace, Contents contents) throws IOException {
		Path target = modelsDir.resolve(name);
		refuseExisting(target, replace);
		Files.createDirectories(modelsDir);
		Path temporary = Files.createTempDirectory(modelsDir, "." + name + ".writing-");
		if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
			// As a folder made with mkdir: a temporary one is private to its owner.
			Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
		}
		// The hook and the move into place never overlap: a stop either comes before
		// the move (nothing is moved) or waits for it to end (the model is complete).
		Object moving = new Object();
		AtomicBoolean stopped = new AtomicBoolean();
		Thread cleanUp = new Thread(() -> {
			synchronized (moving) {
				stopped.set(true);
				delete(temporary);
			}
		}, "remove-" + temporary.getFileName());
		Runtime.getRuntime().addShutdownHook(cleanUp);
		try {
			contents.writeTo(temporary);
			synchronized (moving) {
				if (stopped.get()) {
					throw new IOException("stopped before the model was complete");
				}
				moveIntoPlace(temporary, target, replace);
			}
			return target;
		}
		finally {
			delete(temporary);
			try {
				Runtime.getRuntime().removeShutdownHook(cleanUp);
			}
			catch (IllegalStateException shuttingDown) {
				// the hook runs anyway, on a folder already gone
			}
		}
	}

	/**
	 * @throws TrainingDataException if {@code target} exists and may not be replaced
	 */
	static void refuseExisting(Path target, boolean replace) {
		if (Files.exists(target) && !replace) {
			throw new TrainingDataException("a model named '" + target.getFileName() + "' already exists in "
					+ target.getParent() + ": choose another --name, or pass --replace to overwrite it");
		}
		if (Files.exists(target) && !Files.isDirectory(target)) {
			throw new TrainingDataException(target + " exists and is not a folder: it is not replaced");
		}
	}

	private static void moveIntoPlace(Path temporary, Path target, boolean replace) throws IOException {
		Path old = null;
		if (replace && Files.exists(target)) {
			old = target.resolveSibling("." + target.getFileName() + ".replaced-" + System.nanoTime());
			move(target, old);
		}
		try {
			move(temporary, target);
		}
		catch (IOException ex) {
			if (old != null) {
				move(old, target);
			}
			throw ex;
		}
		if (old != null) {
			delete(old);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("cannot move " + from + " to " + to + " in one step", ex);
		}
		catch (FileAlreadyExistsException ex) {
			throw new TrainingDataException("a model named '" + to.getFileName() + "' appeared in " + to.getParent()
					+ " while training: it is left as it is");
		}
	}

	static void delete(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(folder)) {
			walk.sorted(Comparator.reverseOrder()).forEach(path -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException | UncheckedIOException ex) {
			// Best effort: a hidden leftover is skipped by every listing of models.
		}
	}

}
