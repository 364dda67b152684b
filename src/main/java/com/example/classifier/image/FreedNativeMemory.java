package com.example.classifier.image;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Gives the native memory a decoder freed back to the kernel. The JDK's JPEG reader allocates its buffers with
 * malloc, and glibc keeps what it frees for reuse (up to the trim threshold the app sets for the engines, per
 * arena): after the structure-aware fuzz cases that memory came to about 100 MB more than a 512 MB container has.
 * Called after large JPEG decodes only, which take far longer than the inference that then reuses less memory.
 */
final class FreedNativeMemory {

	private static final Function TRIM = lookup();

	private FreedNativeMemory() {
	}

	static void release() {
		if (TRIM != null) {
			TRIM.invokeInt(new Object[] { 0L });
		}
	}

	private static Function lookup() {
		try {
			return NativeLibrary.getInstance("c").getFunction("malloc_trim");
		}
		catch (UnsatisfiedLinkError ex) {
			// not glibc: nothing kept to give back this way
			return null;
		}
	}
}
