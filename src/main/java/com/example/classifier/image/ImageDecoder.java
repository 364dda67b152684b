package com.example.classifier.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import com.example.classifier.memory.MallocThresholds;
import com.example.classifier.image.ImageLimits.JpegDecoder;
import com.example.classifier.image.ImageRejectedException.Reason;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;

/**
 * Step one of every image's path: uploaded bytes to an upright 8-bit image, or a refusal
 * in the user's terms.
 *
 * <p>
 * The format comes from the bytes; the dimensions come from the header and are checked
 * against the pixel limit before any library reads the file (each format's structural
 * pass bounds every length, count and embedded image first); large images are decoded
 * subsampled; decodes together keep within a heap budget and a native one, counted from
 * the headers (the file itself, the decoder's full-size buffers, the pixels; an image
 * that would not fit alone is subsampled more, or refused when even that cannot make it
 * fit); a decode that runs too long is aborted where the reader allows it.
 */
@Component
public class ImageDecoder {

	private static final Logger log = LoggerFactory.getLogger(ImageDecoder.class);

	private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "decode-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	static {
		// Uploads are in memory already: no temp files (and ImageDecoder reads
		// them in place). Register the TwelveMonkeys plugins even when the
		// context class loader that ImageIO saw first was not the one holding
		// them (executable jar).
		ImageIO.setUseCache(false);
		ImageIO.scanForPlugins();
	}

	private final ImageLimits limits;

	private final DecodeBudget budget;

	/**
	 * JPEGs larger than this (or progressive) give their decoder's freed native memory
	 * back when done.
	 */
	private static final long NATIVE_RELEASE_ABOVE_PIXELS = 2_000_000;

	/**
	 * Decodes that took more native memory than this (a progressive JPEG's coefficients)
	 * give it back when done; smaller ones leave it to the next decode.
	 */
	private static final long NATIVE_RELEASE_ABOVE_BYTES = 8L << 20;

	/** libjpeg-turbo where it is installed and chosen; null for the JDK's decoder. */
	private final TurboJpeg turboJpeg;

	public ImageDecoder(ImageLimits limits) {
		this.limits = limits;
		this.budget = new DecodeBudget(limits);
		this.turboJpeg = limits.jpegDecoder() == JpegDecoder.LIBJPEG_TURBO ? TurboJpeg.installed().orElse(null) : null;
		log.info("JPEG decoder: {}", jpegDecoder());
	}

	/**
	 * Which decoder JPEGs go to, in words for the start-up log and the health details.
	 */
	public String jpegDecoder() {
		if (turboJpeg != null) {
			return "libjpeg-turbo (" + turboJpeg.library() + "), DCT-scaled above "
					+ megapixels(limits.subsampleAbovePixels()) + " megapixels";
		}
		return limits.jpegDecoder() == JpegDecoder.LIBJPEG_TURBO
				? "the JDK's: libjpeg-turbo is not installed (Debian: apt-get install libturbojpeg0)"
				: "the JDK's (classifier.images.jpeg-decoder=jdk)";
	}

	/** Whether JPEGs go to libjpeg-turbo. */
	public boolean usesLibjpegTurbo() {
		return turboJpeg != null;
	}

	/**
	 * Decodes an uploaded file.
	 * @param bytes the file as uploaded; the decoder may change it (it hides a JPEG's
	 * colour profile in place)
	 * @param minShortSide the smallest short side the caller needs; a large image is
	 * decoded subsampled, but never below twice this size, so that the model's own resize
	 * still smooths it
	 * @throws ImageRejectedException if the file is not an image we decode, or breaks a
	 * limit
	 * @throws DecodeBusyException if the thread is interrupted while waiting for the
	 * memory to decode it
	 */
	public DecodedImage decode(byte[] bytes, int minShortSide) {
		if (bytes.length == 0) {
			throw new ImageRejectedException(Reason.EMPTY, "empty file");
		}
		ImageFormat format = ImageFormat.sniff(bytes).orElseThrow(() -> ImageFormat.describeUnsupported(bytes));
		// No library sees a byte before the app's own pass over the file's
		// structure has bounded it.
		ImageHeader header = ImageHeader.read(bytes, format);
		checkDimensions(header.width(), header.height());
		int orientation = ExifOrientation.read(bytes, header);
		if (format == ImageFormat.JPEG) {
			JpegIccProfile.hideUnlessCmyk(bytes);
		}
		DecodedImage image = format == ImageFormat.JPEG && turboJpeg != null
				? decodeWithLibjpegTurbo(bytes, header, minShortSide) : null;
		if (image == null) {
			image = decodePixels(bytes, format, header, minShortSide);
		}
		return ExifOrientation.apply(orientation, image);
	}

	/**
	 * A JPEG through libjpeg-turbo, at the DCT scale the model needs; null for a CMYK one
	 * (TwelveMonkeys' reader converts its colours) and one whose header libjpeg-turbo
	 * cannot read, both left to the ImageIO path.
	 */
	private DecodedImage decodeWithLibjpegTurbo(byte[] bytes, ImageHeader header, int minShortSide) {
		int width = header.width();
		int height = header.height();
		// Heap: the file, and the pixels read back (counted at three channels, before
		// libjpeg says whether it is gray). Native: libjpeg's rows and a multi-scan
		// file's coefficients, its copy of the file, its output.
		int fixedKb = DecodeBudget.kilobytes(bytes.length);
		JpegScale scale = budget.jpegScale(width, height, minShortSide, 3, fixedKb, turboJpeg.scales());
		int heapKb = fixedKb + DecodeBudget.scaledPixelsKb(width, height, scale, 3);
		int nativeKb = DecodeBudget
			.kilobytes(header.nativeBytes() + bytes.length + 3L * scale.scaled(width) * scale.scaled(height));
		// libjpeg's own memory first, as for the JDK's decoder; then with the copies.
		budget.checkFits("JPEG", fixedKb, DecodeBudget.kilobytes(header.nativeBytes()));
		budget.checkFits("JPEG", fixedKb, nativeKb);
		try (DecodeBudget.Reservation reserved = budget.reserve(heapKb, nativeKb);
				TurboJpeg.Decompression jpeg = turboJpeg.open(bytes)) {
			if (!jpeg.readHeader() || jpeg.isCmyk()) {
				// CMYK needs TwelveMonkeys' colour conversion; a header libjpeg-turbo
				// cannot read goes to the JDK's decoder, as before it.
				return null;
			}
			if (jpeg.width() != width || jpeg.height() != height) {
				throw undecodable("JPEG");
			}
			byte[] pixels = jpeg.decode(scale);
			return new DecodedImage(scale.scaled(width), scale.scaled(height), jpeg.channels(), pixels, width, height,
					ImageFormat.JPEG);
		}
		catch (IllegalStateException ex) {
			throw undecodable("JPEG");
		}
		catch (OutOfMemoryError ex) {
			// The native output or the pixels read back, where the JVM is not told
			// to exit on it: the budgets above are what keep decodes within memory.
			throw new ImageRejectedException(Reason.TOO_LARGE,
					"the JPEG image needs more memory to decode than the server allows");
		}
		finally {
			if ((long) nativeKb << 10 > NATIVE_RELEASE_ABOVE_BYTES) {
				// A progressive file's coefficients: glibc would keep them.
				MallocThresholds.releaseFreeMemory();
			}
		}
	}

	private DecodedImage decodePixels(byte[] bytes, ImageFormat format, ImageHeader header, int minShortSide) {
		String name = format.name();
		// Read in place: ImageIO's own stream over a byte array keeps a second
		// copy of everything it has read.
		try (ImageInputStream input = new ByteArrayImageInputStream(bytes)) {
			ImageReader reader = readerFor(format);
			try {
				reader.setInput(input, true, true);
				int width = reader.getWidth(0);
				int height = reader.getHeight(0);
				checkDimensions(width, height);
				int bytesPerPixel = DecodeBudget.decodedBytesPerPixel(reader);
				// What the decoder takes whatever the subsampling: the file
				// itself, and any full-size buffers.
				int fixedKb = DecodeBudget.kilobytes(bytes.length + header.fullSizeBytes());
				int nativeKb = DecodeBudget.kilobytes(header.nativeBytes());
				budget.checkFits(name, fixedKb, nativeKb);
				int step = budget.subsampling(width, height, minShortSide, bytesPerPixel, fixedKb);
				ImageReadParam param = reader.getDefaultReadParam();
				if (step > 1) {
					param.setSourceSubsampling(step, step, 0, 0);
				}
				int heapKb = fixedKb + DecodeBudget.memoryKb(width, height, step, bytesPerPixel);
				try (DecodeBudget.Reservation reserved = budget.reserve(heapKb, nativeKb)) {
					BufferedImage image = readWithTimeout(reader, param, name);
					Pixels.Extracted pixels = Pixels.of(image);
					return new DecodedImage(image.getWidth(), image.getHeight(), pixels.channels(), pixels.pixels(),
							width, height, format);
				}
			}
			finally {
				reader.dispose();
				if (format == ImageFormat.JPEG && (header.nativeBytes() > NATIVE_RELEASE_ABOVE_BYTES
						|| (long) header.width() * header.height() > NATIVE_RELEASE_ABOVE_PIXELS)) {
					// The JDK's JPEG reader mallocs its buffers; glibc would
					// keep what it frees for the engines' reuse. Not after every
					// JPEG: a trim also gives back what the engines keep for their
					// next call (every JPEG's row buffers count here).
					MallocThresholds.releaseFreeMemory();
				}
			}
		}
		catch (ImageRejectedException | DecodeBusyException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw undecodable(name);
		}
		catch (OutOfMemoryError ex) {
			// Only where the JVM is not told to exit on it: the budget above is
			// what keeps decodes within the heap.
			throw new ImageRejectedException(Reason.TOO_LARGE,
					"the " + name + " image needs more memory to decode than the server allows");
		}
	}

	private static ImageRejectedException undecodable(String format) {
		return new ImageRejectedException(Reason.UNDECODABLE,
				"the " + format + " file cannot be decoded: it is damaged or incomplete");
	}

	private void checkDimensions(int width, int height) {
		if (width <= 0 || height <= 0) {
			throw new ImageRejectedException(Reason.UNDECODABLE, "the image header gives no valid size");
		}
		long pixels = (long) width * height;
		if (pixels > limits.maxPixels()) {
			// Rounded to a tenth of a megapixel, an image just over the limit
			// would read as equal to it: then the exact counts.
			boolean roundsToTheLimit = Math.round(pixels / 100_000.0) == Math.round(limits.maxPixels() / 100_000.0);
			throw new ImageRejectedException(Reason.TOO_LARGE,
					roundsToTheLimit
							? String.format(Locale.ROOT, "image is %dx%d = %,d pixels, the limit is %,d pixels", width,
									height, pixels, limits.maxPixels())
							: String.format(Locale.ROOT, "image is %dx%d = %s megapixels, the limit is %s megapixels",
									width, height, megapixels(pixels), megapixels(limits.maxPixels())));
		}
	}

	private static String megapixels(long pixels) {
		double mp = pixels / 1_000_000.0;
		return mp == Math.rint(mp) ? Long.toString((long) mp) : String.format(Locale.ROOT, "%.1f", mp);
	}

	/**
	 * Reads the image, asking the reader to abort once the decode timeout has passed.
	 * Readers that honour it stop at their next row or chunk; the JDK's JPEG reader
	 * refuses an abort from another thread, so JPEG decoding time is bounded by
	 * {@link JpegStructure} instead. Whatever the reader does, the decode pool answers
	 * the request at the deadline and replaces a thread that is still decoding.
	 */
	private BufferedImage readWithTimeout(ImageReader reader, ImageReadParam param, String format) throws IOException {
		ScheduledFuture<?> abort = WATCHDOG.schedule(reader::abort, limits.decodeTimeout().toMillis(),
				TimeUnit.MILLISECONDS);
		try {
			BufferedImage image = reader.read(0, param);
			if (abort.isDone() || image == null) {
				throw abort.isDone()
						? new ImageRejectedException(Reason.UNDECODABLE, "the " + format + " file took longer than "
								+ limits.decodeTimeout().toSeconds() + " s to decode and was refused")
						: undecodable(format);
			}
			return image;
		}
		finally {
			abort.cancel(false);
		}
	}

	/** TwelveMonkeys' reader where there is one (CMYK JPEG, WebP), else the JDK's. */
	private static ImageReader readerFor(ImageFormat format) {
		Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.readerName());
		ImageReader chosen = null;
		while (readers.hasNext()) {
			ImageReader reader = readers.next();
			if (chosen == null || reader.getClass().getName().startsWith("com.twelvemonkeys")) {
				if (chosen != null) {
					chosen.dispose();
				}
				chosen = reader;
			}
			else {
				reader.dispose();
			}
		}
		if (chosen == null) {
			throw ImageRejectedException.unsupported(format + " is not supported by this server");
		}
		return chosen;
	}

}
