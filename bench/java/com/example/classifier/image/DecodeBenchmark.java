package com.example.classifier.image;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import com.sun.management.ThreadMXBean;

import org.springframework.util.unit.DataSize;

/**
 * Decoding a large photo subsampled to what the model needs, against decoding it at full
 * size, side by side in one run: median time and bytes allocated per decode. Run by
 * {@code bench/decode.sh}; not a test.
 */
public final class DecodeBenchmark {

	private DecodeBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path file = Path.of(args.length > 0 ? args[0] : "../shared/images/large/cat_8000x6000.jpg");
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
		byte[] bytes = Files.readAllBytes(file);
		ImageDecoder subsampled = new ImageDecoder(new ImageLimits(60_000_000, 8_000_000, Duration.ofSeconds(30),
				DataSize.ofBytes(0), DataSize.ofMegabytes(256)));
		ImageDecoder full = new ImageDecoder(new ImageLimits(60_000_000, Long.MAX_VALUE, Duration.ofSeconds(30),
				DataSize.ofBytes(0), DataSize.ofMegabytes(256)));
		ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
		long[][] time = new long[2][rounds];
		long[][] allocated = new long[2][rounds];
		DecodedImage[] last = new DecodedImage[2];
		for (int warm = 0; warm < 3; warm++) {
			subsampled.decode(bytes, 256);
			full.decode(bytes, 256);
		}
		for (int r = 0; r < rounds; r++) {
			// Alternate, so that both see the same machine noise.
			for (int which = 0; which < 2; which++) {
				ImageDecoder decoder = which == 0 ? subsampled : full;
				long bytesBefore = threads.getCurrentThreadAllocatedBytes();
				long start = System.nanoTime();
				last[which] = decoder.decode(bytes, 256);
				time[which][r] = System.nanoTime() - start;
				allocated[which][r] = threads.getCurrentThreadAllocatedBytes() - bytesBefore;
			}
		}
		System.out.printf("%s, %d bytes, %d rounds%n", file.getFileName(), bytes.length, rounds);
		String[] names = { "subsampled", "full" };
		for (int which = 0; which < 2; which++) {
			System.out.printf("%-10s decoded to %5dx%-5d median %6.1f ms, allocated %6.1f MB per decode%n",
					names[which], last[which].width(), last[which].height(), median(time[which]) / 1e6,
					median(allocated[which]) / 1048576.0);
		}
		System.out.printf("subsampled/full: time %.2f, memory %.3f%n", median(time[0]) / (double) median(time[1]),
				median(allocated[0]) / (double) median(allocated[1]));
	}

	private static long median(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
