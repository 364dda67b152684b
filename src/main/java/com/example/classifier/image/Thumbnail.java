package com.example.classifier.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A small picture of a classified image, for the pages: at most {@link #SIDE} pixels a
 * side, made from the decoded pixels, so nothing a client sent is ever served back as it
 * was sent.
 *
 * <p>
 * Every classified image gets one (its results may enter the recent five), but under load
 * almost all are evicted unseen: so the downscale is a cheap average of four samples a
 * pixel (about 0.3 ms for a photo), and the JPEG a page shows is encoded only when first
 * asked for (the encoding cost as much CPU per image as the whole preprocessing).
 */
public final class Thumbnail {

	static final int SIDE = 192;

	/** A transparent pixel, for an entry stored without its picture. */
	private static final String BLANK = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

	private static final float PAGE_QUALITY = 0.75f;

	private final int width;

	private final int height;

	private final int channels;

	private final byte[] pixels;

	private volatile String dataUri;

	private Thumbnail(int width, int height, int channels, byte[] pixels) {
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.pixels = pixels;
	}

	/**
	 * A thumbnail already encoded (read back from a shared store), or none: a null or
	 * empty JPEG shows as a blank picture.
	 */
	public static Thumbnail ofJpeg(int width, int height, byte[] jpeg) {
		Thumbnail thumbnail = new Thumbnail(width, height, 0, null);
		thumbnail.dataUri = jpeg == null || jpeg.length == 0 ? BLANK : dataUri(jpeg);
		return thumbnail;
	}

	/**
	 * Each thumbnail pixel averages four samples spread over the source pixels it covers.
	 */
	public static Thumbnail of(DecodedImage image) {
		int w = image.width();
		int h = image.height();
		int c = image.channels();
		double scale = Math.min(1.0, (double) SIDE / Math.max(w, h));
		int tw = Math.max(1, (int) Math.round(w * scale));
		int th = Math.max(1, (int) Math.round(h * scale));
		byte[] src = image.pixels();
		byte[] out = new byte[tw * th * c];
		// Where the samples fall, worked out once per column and per row rather
		// than per pixel (the divisions took most of the time).
		int[] x0 = new int[tw];
		int[] x1 = new int[tw];
		for (int x = 0; x < tw; x++) {
			x0[x] = (int) ((x + 0.25) * w / tw) * c;
			x1[x] = (int) ((x + 0.75) * w / tw) * c;
		}
		int o = 0;
		for (int y = 0; y < th; y++) {
			int row0 = (int) ((y + 0.25) * h / th) * w * c;
			int row1 = (int) ((y + 0.75) * h / th) * w * c;
			for (int x = 0; x < tw; x++) {
				int a = row0 + x0[x];
				int b = row0 + x1[x];
				int d = row1 + x0[x];
				int e = row1 + x1[x];
				for (int k = 0; k < c; k++) {
					int sum = (src[a + k] & 0xFF) + (src[b + k] & 0xFF) + (src[d + k] & 0xFF) + (src[e + k] & 0xFF);
					out[o++] = (byte) ((sum + 2) >> 2);
				}
			}
		}
		return new Thumbnail(tw, th, c, out);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The thumbnail as a JPEG in a {@code data:} URI, encoded on first use. */
	public String dataUri() {
		String uri = dataUri;
		if (uri == null) {
			uri = dataUri(jpeg(PAGE_QUALITY));
			dataUri = uri;
		}
		return uri;
	}

	private static String dataUri(byte[] jpeg) {
		return "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg);
	}

	/**
	 * The thumbnail as JPEG bytes at that quality (0 to 1; the pages use 0.75), for a
	 * store that keeps it outside this process.
	 */
	public byte[] jpeg(float quality) {
		if (pixels == null) {
			throw new IllegalStateException("an encoded thumbnail has no pixels to encode again");
		}
		boolean gray = channels == 1;
		BufferedImage jpeg = new BufferedImage(width, height,
				gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
		byte[] target = ((DataBufferByte) jpeg.getRaster().getDataBuffer()).getData();
		if (gray) {
			System.arraycopy(pixels, 0, target, 0, pixels.length);
		}
		else {
			for (int i = 0; i < pixels.length; i += 3) {
				target[i] = pixels[i + 2];
				target[i + 1] = pixels[i + 1];
				target[i + 2] = pixels[i];
			}
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(quality);
			writer.setOutput(out);
			writer.write(null, new IIOImage(jpeg, null, null), param);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			writer.dispose();
		}
		return bytes.toByteArray();
	}

}
