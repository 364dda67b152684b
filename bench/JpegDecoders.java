import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.libjpegturbo.turbojpeg.TJ;
import org.libjpegturbo.turbojpeg.TJDecompressor;
import org.libjpegturbo.turbojpeg.TJScalingFactor;

/**
 * Decode CPU of a JPEG by the JDK (full, and subsampled as the app decodes large images today) and by Debian's
 * libjpeg-turbo through its own Java binding, at full scale and with its DCT-domain scaling (1/2, 1/4, 1/8): the
 * measurement behind issue 20's choice of decoder. Run by bench/jpeg-decoders.sh; not part of the build.
 */
public class JpegDecoders {
	interface Decode { int run() throws Exception; }

	static long cpu() {
		return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()).getCurrentThreadCpuTime();
	}

	static void measure(String name, Decode decode, int n) throws Exception {
		for (int i = 0; i < 3; i++) decode.run();
		long[] t = new long[n];
		int pixels = 0;
		for (int i = 0; i < n; i++) { long s = cpu(); pixels = decode.run(); t[i] = cpu() - s; }
		Arrays.sort(t);
		System.out.printf("%-44s median %7.1f ms CPU, min %7.1f ms, output %d pixels%n", name, t[n / 2] / 1e6, t[0] / 1e6, pixels);
	}

	public static void main(String[] args) throws Exception {
		for (String file : args) {
			byte[] jpeg = Files.readAllBytes(Path.of(file));
			System.out.println("== " + file + " (" + jpeg.length / 1024 + " KB)");
			measure("JDK ImageIO, full decode", () -> { BufferedImage im = ImageIO.read(new java.io.ByteArrayInputStream(jpeg)); return im.getWidth() * im.getHeight(); }, 9);
			measure("JDK ImageIO, source subsampling 4", () -> {
				try (ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(jpeg))) {
					Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
					ImageReader reader = readers.next();
					reader.setInput(in, true, true);
					ImageReadParam param = reader.getDefaultReadParam();
					param.setSourceSubsampling(4, 4, 0, 0);
					BufferedImage im = reader.read(0, param);
					reader.dispose();
					return im.getWidth() * im.getHeight();
				}
			}, 9);
			for (int[] f : new int[][] { {1, 1}, {1, 2}, {1, 4}, {1, 8} }) {
				TJScalingFactor factor = new TJScalingFactor(f[0], f[1]);
				measure("libjpeg-turbo (Debian's TurboJPEG), scale " + f[0] + "/" + f[1], () -> {
					try (TJDecompressor tj = new TJDecompressor(jpeg)) {
						int w = factor.getScaled(tj.getWidth());
						int h = factor.getScaled(tj.getHeight());
						byte[] rgb = new byte[w * h * 3];
						tj.decompress(rgb, 0, 0, w, 0, h, TJ.PF_RGB, TJ.FLAG_ACCURATEDCT);
						return w * h;
					}
				}, 9);
			}
		}
	}
}
