import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Closed-loop HTTP load for bench/run.sh: {@code concurrency} threads, each sending one request at a time to
 * {@code POST /api/predictions} with one photo (round robin over the folder, the same order as EngineBench), for
 * {@code warm} seconds unrecorded and then {@code seconds} recorded. Request bodies are built once, in memory, so
 * that the client spends as little of the shared CPU as it can.
 *
 * <p>{@code java bench/LoadClient.java BASE_URL MODEL LABEL CONCURRENCY WARM_S SECONDS PHOTOS_DIR [SERVER_PID]}
 *
 * <p>Prints {@code RESULT <label> http-c<N> <requests/s> <images/s> <p50 ms> <p99 ms> <errors> <server CPU ms per
 * image> <client CPU ms per image>}; any answer but 200 is an error (and is listed by status). CPU times come from
 * {@code /proc/<SERVER_PID>/stat} and this JVM, over the recorded window only.
 */
public class LoadClient {

	public static void main(String[] args) throws Exception {
		Locale.setDefault(Locale.ROOT);
		String base = args[0];
		String model = args[1];
		String label = args[2];
		int concurrency = Integer.parseInt(args[3]);
		double warm = Double.parseDouble(args[4]);
		double seconds = Double.parseDouble(args[5]);
		Path photosDir = Path.of(args[6]);
		long serverPid = args.length > 7 ? Long.parseLong(args[7]) : -1;

		String boundary = "----bench" + Long.toHexString(System.nanoTime());
		List<byte[]> bodies = new ArrayList<>();
		try (Stream<Path> files = Files.list(photosDir)) {
			for (Path p : files.filter(f -> f.toString().matches("(?i).*\\.(jpe?g|png|webp)$")).sorted().toList()) {
				bodies.add(body(boundary, model, p));
			}
		}
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.executor(Executors.newFixedThreadPool(2))
			.build();
		URI uri = URI.create(base + "/api/predictions");
		AtomicInteger next = new AtomicInteger();
		long warmEnd = System.nanoTime() + (long) (warm * 1e9);
		long start = warmEnd;
		long end = start + (long) (seconds * 1e9);
		long[][] latencies = new long[concurrency][];
		int[] counts = new int[concurrency];
		Map<Integer, AtomicInteger> errors = new TreeMap<>();
		CountDownLatch done = new CountDownLatch(concurrency);
		long[] cpu = new long[4];
		Thread sampler = new Thread(() -> {
			try {
				Thread.sleep(Math.max(0, (start - System.nanoTime()) / 1_000_000));
				cpu[0] = serverCpu(serverPid);
				cpu[1] = ownCpu();
				Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
				cpu[2] = serverCpu(serverPid);
				cpu[3] = ownCpu();
			}
			catch (Exception ex) {
				// no CPU figures
			}
		});
		sampler.setDaemon(true);
		sampler.start();
		for (int c = 0; c < concurrency; c++) {
			int me = c;
			Thread thread = new Thread(() -> {
				long[] mine = new long[4096];
				int n = 0;
				try {
					while (true) {
						byte[] bodyBytes = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
						HttpRequest request = HttpRequest.newBuilder(uri)
							.timeout(Duration.ofSeconds(60))
							.header("Content-Type", "multipart/form-data; boundary=" + boundary)
							.header("Accept", "application/json")
							.POST(HttpRequest.BodyPublishers.ofByteArray(bodyBytes))
							.build();
						long t = System.nanoTime();
						int status;
						try {
							status = client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
						}
						catch (java.io.IOException ex) {
							status = -1;
						}
						long now = System.nanoTime();
						if (t >= start && now <= end) {
							if (status == 200) {
								if (n == mine.length) {
									mine = Arrays.copyOf(mine, n * 2);
								}
								mine[n++] = now - t;
							}
							else {
								synchronized (errors) {
									errors.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
								}
							}
						}
						if (now > end) {
							break;
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					latencies[me] = mine;
					counts[me] = n;
					done.countDown();
				}
			}, "load-" + c);
			thread.setDaemon(true);
			thread.start();
		}
		done.await();
		sampler.join(2000);
		int total = Arrays.stream(counts).sum();
		long[] all = new long[total];
		int at = 0;
		for (int c = 0; c < concurrency; c++) {
			System.arraycopy(latencies[c], 0, all, at, counts[c]);
			at += counts[c];
		}
		Arrays.sort(all);
		int errorCount = errors.values().stream().mapToInt(AtomicInteger::get).sum();
		double rps = total / seconds;
		int images = Math.max(1, total + errorCount);
		System.out.printf("RESULT %s http-c%d %.1f %.1f %.2f %.2f %d %.2f %.2f%n", label, concurrency, rps, rps,
				percentile(all, 50), percentile(all, 99), errorCount, (cpu[2] - cpu[0]) / 1e6 / images,
				(cpu[3] - cpu[1]) / 1e6 / images);
		if (errorCount > 0) {
			System.out.println("# errors by status (-1: no answer): " + errors);
		}
		System.exit(0);
	}

	/** utime + stime of a process, in ns, from /proc (clock ticks of 10 ms). */
	static long serverCpu(long pid) throws Exception {
		if (pid <= 0) {
			return 0;
		}
		String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
	}

	static long ownCpu() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static double percentile(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	static byte[] body(String boundary, String model, Path photo) throws Exception {
		String name = photo.getFileName().toString();
		String type = name.toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n")
			.getBytes(StandardCharsets.UTF_8));
		out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"images\"; filename=\"" + name
				+ "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		out.write(Files.readAllBytes(photo));
		out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}
}
