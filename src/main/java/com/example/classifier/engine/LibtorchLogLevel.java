package com.example.classifier.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The level of libtorch's own C++ log (c10's {@code LOG}), which otherwise prints a
 * warning on every convolution where NNPACK cannot run: most server CPUs, dozens of lines
 * per image. PyTorch reads {@code TORCH_CPP_LOG_LEVEL} only when Python starts it, so the
 * level is set here, in the variable the loaded {@code libc10.so} checks before each
 * message.
 */
public enum LibtorchLogLevel {

	INFO, WARNING, ERROR, FATAL;

	private static final Logger log = LoggerFactory.getLogger(LibtorchLogLevel.class);

	private static final String LEVEL_VARIABLE = "FLAGS_caffe2_log_level";

	/**
	 * Loads the PyTorch engine (after the system properties it reads are set) and sets
	 * the level. Does nothing where the engine cannot load (the first model's load
	 * reports why) or where libtorch was built with glog, which keeps the level
	 * elsewhere.
	 */
	void apply() {
		try {
			Engine.getEngine("PyTorch");
		}
		catch (RuntimeException | LinkageError ex) {
			log.debug("PyTorch engine not loaded, its log level is left as it is", ex);
			return;
		}
		levelVariable().ifPresentOrElse(level -> level.setInt(0, ordinal()),
				() -> log.debug("libc10 has no {}: libtorch's log level is left as it is", LEVEL_VARIABLE));
	}

	/** The level libtorch logs at now, if it is loaded and keeps it where this looks. */
	public static OptionalInt current() {
		return levelVariable().map(level -> OptionalInt.of(level.getInt(0))).orElse(OptionalInt.empty());
	}

	private static Optional<Pointer> levelVariable() {
		return loadedLibc10().flatMap(path -> {
			try {
				return Optional.of(NativeLibrary.getInstance(path.toString()).getGlobalVariableAddress(LEVEL_VARIABLE));
			}
			catch (UnsatisfiedLinkError ex) {
				return Optional.empty();
			}
		});
	}

	/**
	 * The {@code libc10.so} this process has mapped: the one DJL loaded, wherever it was
	 * unpacked.
	 */
	private static Optional<Path> loadedLibc10() {
		try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
			// address, permissions, offset, device, inode, then the path (which may hold
			// spaces)
			return maps.map(line -> line.split("\\s+", 6))
				.filter(fields -> fields.length == 6 && fields[5].endsWith("/libc10.so"))
				.map(fields -> fields[5])
				.findFirst()
				.map(Path::of);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
