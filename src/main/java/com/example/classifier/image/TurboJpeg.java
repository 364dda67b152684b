package com.example.classifier.image;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * libjpeg-turbo's TurboJPEG C API (Debian's {@code libturbojpeg0}), called through JNA:
 * the JPEG decoder PIL itself uses, with its DCT-domain scaling (a 12-megapixel photo
 * decoded straight to an eighth of its size).
 *
 * <p>
 * Only what {@link JpegStructure} has bounded reaches it (one 8-bit Huffman frame, its
 * segments, scans and size), into an output buffer sized here from libjpeg's own header
 * reading. Errors inside libjpeg return through TurboJPEG's {@code setjmp} handler as an
 * error code, never as a signal.
 */
final class TurboJpeg {

	private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);

	/** The library's names: the runtime package has only the versioned one. */
	private static final String[] LIBRARY_NAMES = { "turbojpeg", "libturbojpeg.so.0" };

	/** turbojpeg.h: pixel formats, colour spaces, flags, error codes. */
	private static final int TJPF_RGB = 0;

	private static final int TJPF_GRAY = 6;

	private static final int TJCS_GRAY = 2;

	private static final int TJCS_CMYK = 3;

	private static final int TJCS_YCCK = 4;

	/**
	 * libjpeg-turbo's own guard for progressive files (500 scans), behind
	 * {@link JpegStructure}'s.
	 */
	private static final int TJFLAG_LIMITSCANS = 32768;

	private static final int TJERR_WARNING = 0;

	@SuppressWarnings({ "checkstyle:MethodName", "checkstyle:ParameterName" })
	private interface Api extends Library {

		Pointer tjInitDecompress();

		int tjDecompressHeader3(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, IntByReference width,
				IntByReference height, IntByReference jpegSubsamp, IntByReference jpegColorspace);

		Pointer tjGetScalingFactors(IntByReference numScalingFactors);

		int tjDecompress2(Pointer handle, Pointer jpegBuf, NativeLong jpegSize, Pointer dstBuf, int width, int pitch,
				int height, int pixelFormat, int flags);

		int tjGetErrorCode(Pointer handle);

		String tjGetErrorStr2(Pointer handle);

		int tjDestroy(Pointer handle);

	}

	private static final Optional<TurboJpeg> INSTANCE = load();

	private final Api api;

	private final List<JpegScale> scales;

	private final String library;

	private TurboJpeg(Api api, List<JpegScale> scales, String library) {
		this.api = api;
		this.scales = scales;
		this.library = library;
	}

	/** The library, once loaded; empty where it is not installed. */
	static Optional<TurboJpeg> installed() {
		return INSTANCE;
	}

	private static Optional<TurboJpeg> load() {
		if (!Platform.isLinux() && !Platform.isMac()) {
			return Optional.empty();
		}
		List<String> failures = new ArrayList<>();
		for (String name : LIBRARY_NAMES) {
			try {
				Api api = Native.load(name, Api.class);
				TurboJpeg turbo = new TurboJpeg(api, readScales(api), name);
				log.debug("libjpeg-turbo loaded as {}", name);
				return Optional.of(turbo);
			}
			catch (UnsatisfiedLinkError ex) {
				failures.add(ex.getMessage());
			}
		}
		log.debug("libjpeg-turbo not found: {}", failures);
		return Optional.empty();
	}

	/** The scaling factors of at most 1, largest first. */
	private static List<JpegScale> readScales(Api api) {
		IntByReference count = new IntByReference();
		Pointer factors = api.tjGetScalingFactors(count);
		if (factors == null || count.getValue() <= 0 || count.getValue() > 64) {
			throw new UnsatisfiedLinkError("libjpeg-turbo gave no scaling factors");
		}
		List<JpegScale> scales = new ArrayList<>();
		for (int i = 0; i < count.getValue(); i++) {
			int num = factors.getInt(8L * i);
			int denom = factors.getInt(8L * i + 4);
			if (num > 0 && denom > 0 && num <= denom) {
				scales.add(new JpegScale(num, denom));
			}
		}
		scales.sort(Comparator.comparingDouble(JpegScale::factor).reversed());
		if (scales.isEmpty() || scales.get(0).factor() != 1) {
			throw new UnsatisfiedLinkError("libjpeg-turbo has no scaling factor 1/1");
		}
		return List.copyOf(scales);
	}

	/** The factors it decodes at, 1/1 first, then smaller and smaller. */
	List<JpegScale> scales() {
		return scales;
	}

	/** The name it was loaded by, for the start-up log. */
	String library() {
		return library;
	}

	/**
	 * Opens a file for decoding: a copy of it in native memory and a decompressor, both
	 * freed on close.
	 */
	Decompression open(byte[] jpeg) {
		return new Decompression(jpeg);
	}

	/** One file being decoded; not for several threads. */
	final class Decompression implements AutoCloseable {

		private final Memory input;

		private final NativeLong inputSize;

		private final Pointer handle;

		private int width;

		private int height;

		private int colourSpace = -1;

		private Decompression(byte[] jpeg) {
			this.input = new Memory(jpeg.length);
			this.input.write(0, jpeg, 0, jpeg.length);
			this.inputSize = new NativeLong(jpeg.length);
			Pointer created = api.tjInitDecompress();
			if (created == null) {
				input.close();
				throw new IllegalStateException("libjpeg-turbo could not create a decompressor");
			}
			this.handle = created;
		}

		/**
		 * Reads the header as libjpeg will decode it.
		 * @return false when libjpeg cannot read it (the JDK's decoder may)
		 */
		boolean readHeader() {
			IntByReference w = new IntByReference();
			IntByReference h = new IntByReference();
			IntByReference subsampling = new IntByReference();
			IntByReference colours = new IntByReference();
			// A warning (junk between segments, an odd JFIF version) still gives the
			// header; any other failure leaves the file to the JDK's decoder.
			if (api.tjDecompressHeader3(handle, input, inputSize, w, h, subsampling, colours) != 0
					&& (api.tjGetErrorCode(handle) != TJERR_WARNING || w.getValue() <= 0 || h.getValue() <= 0)) {
				return false;
			}
			width = w.getValue();
			height = h.getValue();
			colourSpace = colours.getValue();
			return true;
		}

		int width() {
			return width;
		}

		int height() {
			return height;
		}

		/** CMYK and YCCK files: left to a decoder that converts their colours. */
		boolean isCmyk() {
			return colourSpace == TJCS_CMYK || colourSpace == TJCS_YCCK;
		}

		/** 1 for grayscale files, 3 for the others (decoded to RGB). */
		int channels() {
			return colourSpace == TJCS_GRAY ? 1 : 3;
		}

		/**
		 * Decodes the whole image at this scale into interleaved 8-bit samples. A file
		 * libjpeg only warns about (truncated, extraneous bytes) decodes as libjpeg
		 * leaves it: the missing part gray, as PIL and the JDK do.
		 * @return the pixels, {@code scale.scaled(width) * scale.scaled(height) *
		 * channels()} bytes
		 * @throws IllegalStateException with libjpeg's message when it cannot decode the
		 * file
		 */
		byte[] decode(JpegScale scale) {
			int outWidth = scale.scaled(width);
			int outHeight = scale.scaled(height);
			int channels = channels();
			long size = (long) outWidth * outHeight * channels;
			if (width <= 0 || height <= 0 || size > Integer.MAX_VALUE - 16) {
				throw new IllegalStateException("no header read, or too large");
			}
			try (Memory output = new Memory(size)) {
				// Rows libjpeg never writes (a file that ends or fails part way) are
				// black, never what the allocator held before.
				output.clear();
				int result = api.tjDecompress2(handle, input, inputSize, output, outWidth, outWidth * channels,
						outHeight, channels == 1 ? TJPF_GRAY : TJPF_RGB, TJFLAG_LIMITSCANS);
				if (result != 0 && api.tjGetErrorCode(handle) != TJERR_WARNING) {
					throw new IllegalStateException(api.tjGetErrorStr2(handle));
				}
				return output.getByteArray(0, (int) size);
			}
		}

		@Override
		public void close() {
			api.tjDestroy(handle);
			input.close();
		}

	}

}
