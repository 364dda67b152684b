package com.example.classifier.image;

import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;

import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;

import com.example.classifier.image.ImageRejectedException.Reason;

/**
 * The memory that images being decoded may take together, in kilobytes, counted from each
 * header before any pixel is decoded: heap (a small PNG can unpack to hundreds of
 * megabytes) and native memory (a progressive JPEG's coefficients). An image that cannot
 * fit even subsampled is refused; one that fits waits for its share.
 */
final class DecodeBudget {

	private final ImageLimits limits;

	private final int heapKb;

	private final Semaphore heap;

	private final int nativeKb;

	private final Semaphore nativeMemory;

	DecodeBudget(ImageLimits limits) {
		this.limits = limits;
		this.heapKb = kilobytes(limits.decodeMemoryBytes());
		this.heap = new Semaphore(heapKb, true);
		this.nativeKb = kilobytes(limits.decodeNativeMemory().toBytes());
		this.nativeMemory = new Semaphore(nativeKb, true);
	}

	/**
	 * Refuses an image whose fixed heap (at any subsampling) or native memory cannot fit
	 * the budget at all.
	 */
	void checkFits(String format, int fixedKb, int neededNativeKb) {
		if (fixedKb >= heapKb) {
			throw tooLargeToDecode(format, fixedKb, heapKb);
		}
		if (neededNativeKb > nativeKb) {
			throw tooLargeToDecode(format, neededNativeKb, nativeKb);
		}
	}

	/**
	 * Waits for this much heap and native memory; closing the reservation gives both
	 * back.
	 */
	Reservation reserve(int heapKilobytes, int nativeKilobytes) {
		acquire(heap, heapKilobytes);
		try {
			acquire(nativeMemory, nativeKilobytes);
		}
		catch (RuntimeException ex) {
			heap.release(heapKilobytes);
			throw ex;
		}
		return () -> {
			nativeMemory.release(nativeKilobytes);
			heap.release(heapKilobytes);
		};
	}

	/** Memory held for one decode. */
	interface Reservation extends AutoCloseable {

		@Override
		void close();

	}

	private static void acquire(Semaphore memory, int kilobytes) {
		try {
			memory.acquire(kilobytes);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DecodeBusyException();
		}
	}

	static int kilobytes(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) >> 10));
	}

	static ImageRejectedException tooLargeToDecode(String format, int neededKb, int limitKb) {
		return new ImageRejectedException(Reason.TOO_LARGE, String.format(Locale.ROOT,
				"the %s image needs %,d MB of memory to decode, the server allows %,d MB: send a smaller image%s",
				format, Math.max(1, neededKb >> 10), limitKb >> 10,
				"JPEG".equals(format) ? " or save it as a baseline (not progressive) JPEG" : ""));
	}

	/**
	 * The subsampling step: large images to about twice the size the model needs, and any
	 * image at least as far as it takes to fit what the decode memory budget leaves
	 * beside the file and the decoder's full-size buffers.
	 */
	int subsampling(int width, int height, int minShortSide, int bytesPerPixel, int fixedKb) {
		int availableKb = heapKb - fixedKb;
		int step = 1;
		if ((long) width * height > limits.subsampleAbovePixels() && minShortSide > 0) {
			step = Math.max(1, Math.min(width, height) / (2 * minShortSide));
		}
		while (memoryKb(width, height, step, bytesPerPixel) > availableKb) {
			step++;
		}
		return step;
	}

	/**
	 * The DCT scale for libjpeg-turbo: above the subsampling threshold, the smallest that
	 * still gives the model's resize at least {@code minShortSide} pixels on the short
	 * side (the DCT scaling averages each block, so no margin is needed against
	 * aliasing); smaller still where the pixels would not fit what the heap budget leaves
	 * beside the file.
	 * @param scales the scales libjpeg-turbo offers, 1/1 first, then smaller
	 * @throws ImageRejectedException when even the smallest does not fit
	 */
	JpegScale jpegScale(int width, int height, int minShortSide, int channels, int fixedKb, List<JpegScale> scales) {
		int chosen = 0;
		if ((long) width * height > limits.subsampleAbovePixels() && minShortSide > 0) {
			for (int i = 0; i < scales.size(); i++) {
				JpegScale scale = scales.get(i);
				if (Math.min(scale.scaled(width), scale.scaled(height)) >= minShortSide) {
					chosen = i;
				}
			}
		}
		int availableKb = heapKb - fixedKb;
		while (scaledPixelsKb(width, height, scales.get(chosen), channels) > availableKb) {
			if (++chosen == scales.size()) {
				throw tooLargeToDecode("JPEG",
						fixedKb + scaledPixelsKb(width, height, scales.get(chosen - 1), channels), heapKb);
			}
		}
		return scales.get(chosen);
	}

	/**
	 * What libjpeg-turbo's pixels at this scale take from the heap, in kilobytes: the
	 * pixels read back from native memory, and their upright copy.
	 */
	static int scaledPixelsKb(int width, int height, JpegScale scale, int channels) {
		return kilobytes(2L * scale.scaled(width) * scale.scaled(height) * channels);
	}

	/**
	 * What decoding at this subsampling takes from the heap, in kilobytes: the decoded
	 * raster, then the 8-bit RGB copy and its upright copy.
	 */
	static int memoryKb(int width, int height, int step, int bytesPerPixel) {
		long pixels = (long) ((width + step - 1) / step) * ((height + step - 1) / step);
		return (int) Math.min(Integer.MAX_VALUE, (pixels * (bytesPerPixel + 6) >> 10) + 1);
	}

	/**
	 * Bytes per pixel of the raster the reader will decode into (16-bit RGBA is 8); 8
	 * when it does not say.
	 */
	static int decodedBytesPerPixel(ImageReader reader) {
		try {
			ImageTypeSpecifier type = reader.getRawImageType(0);
			if (type == null) {
				Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
				type = types.hasNext() ? types.next() : null;
			}
			if (type != null) {
				SampleModel layout = type.getSampleModel(1, 1);
				int elementBytes = Math.max(1, DataBuffer.getDataTypeSize(layout.getDataType()) / 8);
				int elements = layout instanceof ComponentSampleModel components
						? Math.max(components.getPixelStride(), layout.getNumBands()) : 1;
				return elements * elementBytes;
			}
		}
		catch (IOException | RuntimeException ex) {
			// No type from the header: assume the largest common one.
		}
		return 8;
	}

}
