package com.example.classifier.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps the native memory that the engines free after each inference call, for the next
 * call.
 *
 * <p>
 * libtorch allocates every intermediate tensor of a forward pass with {@code malloc} and
 * frees it at the end. glibc serves blocks above its dynamic threshold (128 KB at first)
 * with fresh {@code mmap}s and trims freed memory at the top of its arenas back to the
 * kernel, so every call faults its megabytes of activations in again, page by zeroed
 * page: a third of the engine's own time for MobileNetV2 (docs/PERFORMANCE.md). Fixed
 * thresholds, as {@code MALLOC_MMAP_THRESHOLD_} and {@code MALLOC_TRIM_THRESHOLD_} would
 * set them at launch, keep those blocks in the arenas. Set here with {@code mallopt}, so
 * that every way of starting the jar (the app, the command line, the tests, the
 * container) gets them; settings given at launch are left alone.
 */
public final class MallocThresholds {

	private static final Logger log = LoggerFactory.getLogger(MallocThresholds.class);

	/** glibc's {@code mallopt} parameters (malloc.h). */
	private static final int M_TRIM_THRESHOLD = -1;

	private static final int M_MMAP_THRESHOLD = -3;

	/**
	 * The largest value glibc accepts on 64 bits: a batch's activations (MobileNetV2: 9.6
	 * MB at batch 2) stay below.
	 */
	public static final int MMAP_THRESHOLD = 32 * 1024 * 1024;

	/**
	 * Free memory kept at the top of an arena before it goes back to the kernel: twice
	 * what MobileNetV2 needs at batch 2 (docs/PERFORMANCE.md), room for bigger batches.
	 */
	public static final int TRIM_THRESHOLD = 64 * 1024 * 1024;

	private interface C extends Library {

		int mallopt(int parameter, int value);

		@SuppressWarnings("checkstyle:MethodName")
		int malloc_trim(long pad);

		@SuppressWarnings("checkstyle:MethodName")
		String gnu_get_libc_version();

	}

	/**
	 * glibc, loaded once; null on other systems and C libraries (musl has no
	 * {@code gnu_get_libc_version}).
	 */
	private static final C GLIBC = loadGlibc();

	private MallocThresholds() {
	}

	private static C loadGlibc() {
		if (!Platform.isLinux()) {
			return null;
		}
		try {
			C libc = Native.load("c", C.class);
			libc.gnu_get_libc_version();
			return libc;
		}
		catch (UnsatisfiedLinkError ex) {
			log.info("not glibc, malloc left as it is: {}", ex.getMessage());
			return null;
		}
	}

	/**
	 * Sets glibc's thresholds so that freed blocks up to {@link #MMAP_THRESHOLD} are
	 * reused rather than returned; each one given at launch
	 * ({@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_} or
	 * {@code GLIBC_TUNABLES}) is left as it is.
	 * @return whether both were set here (false on other C libraries and systems, or when
	 * given at launch)
	 */
	public static boolean keepFreedBlocks() {
		if (GLIBC == null) {
			return false;
		}
		boolean mmap = !givenAtLaunch("MALLOC_MMAP_THRESHOLD_", "glibc.malloc.mmap_threshold")
				&& GLIBC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1;
		boolean trim = !givenAtLaunch("MALLOC_TRIM_THRESHOLD_", "glibc.malloc.trim_threshold")
				&& GLIBC.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1;
		log.info("glibc {}: native blocks freed by the engines kept for reuse (mmap threshold {}, trim threshold {})",
				GLIBC.gnu_get_libc_version(), mmap ? (MMAP_THRESHOLD >> 20) + " MB" : "as given at launch",
				trim ? (TRIM_THRESHOLD >> 20) + " MB" : "as given at launch");
		return mmap && trim;
	}

	private static boolean givenAtLaunch(String variable, String tunable) {
		String tunables = System.getenv("GLIBC_TUNABLES");
		return System.getenv(variable) != null || tunables != null && tunables.contains(tunable);
	}

	/**
	 * Fixed glibc thresholds, in bytes: blocks from {@code mmap} up, free memory kept at
	 * an arena's top.
	 * @return whether both were set (false without glibc)
	 */
	public static boolean setThresholds(int mmapThreshold, int trimThreshold) {
		return GLIBC != null && GLIBC.mallopt(M_MMAP_THRESHOLD, mmapThreshold) == 1
				&& GLIBC.mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1;
	}

	/**
	 * Gives the free memory of every arena back to the kernel, holes between blocks in
	 * use included.
	 * @return whether any was given back (false without glibc)
	 */
	public static boolean releaseFreeMemory() {
		return GLIBC != null && GLIBC.malloc_trim(0) == 1;
	}

}
