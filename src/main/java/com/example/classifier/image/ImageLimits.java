package com.example.classifier.image;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on one uploaded image. File and request sizes are the servlet container's
 * multipart limits ({@code spring.servlet.multipart.*}).
 *
 * @param maxPixels images with more pixels are refused from their header, before any
 * pixel is decoded
 * @param subsampleAbovePixels images with more pixels are decoded subsampled to about
 * twice the size the model needs: a fraction of the memory and time, at a tiny cost in
 * fidelity
 * @param decodeTimeout a decode taking longer is refused, and stopped where the reader
 * allows it (the JDK's JPEG reader does not: {@link JpegStructure} bounds a JPEG's work
 * instead)
 * @param decodeMemory heap that images being decoded may take together, estimated from
 * their headers; an image that would need more alone is decoded subsampled until it fits
 * (0: a third of the maximum heap)
 * @param decodeNativeMemory memory outside the heap that decoders may take together (a
 * progressive JPEG holds its coefficients there, 2 bytes each, whatever the subsampling;
 * libjpeg-turbo its copy of the file and its output too); an image that needs more is
 * refused
 * @param jpegDecoder which decoder JPEGs go to: libjpeg-turbo where its library is
 * installed (the JDK's otherwise), or always the JDK's
 */
@ConfigurationProperties("classifier.images")
public record ImageLimits(@DefaultValue("60000000") long maxPixels, @DefaultValue("8000000") long subsampleAbovePixels,
		@DefaultValue("5s") Duration decodeTimeout, @DefaultValue("0B") DataSize decodeMemory,
		@DefaultValue("256MB") DataSize decodeNativeMemory, @DefaultValue("libjpeg-turbo") JpegDecoder jpegDecoder) {

	@ConstructorBinding
	public ImageLimits {
	}

	/** Limits with JPEGs decoded by libjpeg-turbo where it is installed. */
	public ImageLimits(long maxPixels, long subsampleAbovePixels, Duration decodeTimeout, DataSize decodeMemory,
			DataSize decodeNativeMemory) {
		this(maxPixels, subsampleAbovePixels, decodeTimeout, decodeMemory, decodeNativeMemory,
				JpegDecoder.LIBJPEG_TURBO);
	}

	/** The JPEG decoders the app can use. */
	public enum JpegDecoder {

		/**
		 * libjpeg-turbo (Debian's {@code libturbojpeg0}), scaled in its DCT domain for
		 * large images; the JDK's where the library is missing.
		 */
		LIBJPEG_TURBO,

		/** The JDK's own (TwelveMonkeys' for CMYK), subsampled for large images. */
		JDK

	}

	/** The heap images being decoded may take together, in bytes. */
	public long decodeMemoryBytes() {
		return decodeMemory.toBytes() > 0 ? decodeMemory.toBytes() : Runtime.getRuntime().maxMemory() / 3;
	}
}
