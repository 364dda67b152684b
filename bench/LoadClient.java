import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Closed-loop HTTP load for bench/run.sh: {@code concurrency} threads, each sending one request at a time to
 * {@code POST /api/predictions} with one photo (round robin over the folder, the same order as EngineBench), for
 * {@code warm} seconds unrecorded and then {@code seconds} recorded. Requests are built once, in memory, and sent
 * over plain keep-alive sockets, so that the client spends as little of the shared CPU as it can (about a fifth of
 * what java.net.http.HttpClient spent here).
 *
 * <p>{@code java bench/LoadClient.java BASE_URL MODEL LABEL CONCURRENCY WARM_S SECONDS PHOTOS_DIR [SERVER_PID[,PID...]]}
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
		// One PID, or several separated by commas (instances behind a balancer): their CPU is summed.
		String serverPid = args.length > 7 ? args[7] : "";

		String boundary = "----bench" + Long.toHexString(System.nanoTime());
		// -Dprotocol: the app's form (default), "raw" (one image as the body of /api/predictions), "torchserve"
		// (PUT /predictions/{model}), "v2" (the Open Inference Protocol, the image base64 in JSON).
		String protocol = System.getProperty("protocol", "multipart");
		List<Path> files;
		try (Stream<Path> listed = Files.list(photosDir)) {
			files = listed.filter(f -> f.toString().matches("(?i).*\\.(jpe?g|png|webp)$")).sorted().toList();
		}
		List<byte[]> requests = new ArrayList<>();
		for (Path photo : files) {
			String method = "POST";
			String path;
			String type;
			byte[] bodyBytes;
			switch (protocol) {
				case "raw" -> {
					path = "/api/predictions?model=" + model;
					type = "image/jpeg";
					bodyBytes = Files.readAllBytes(photo);
				}
				case "torchserve" -> {
					method = "PUT";
					path = "/predictions/" + model;
					type = "application/octet-stream";
					bodyBytes = Files.readAllBytes(photo);
				}
				case "v2" -> {
					path = "/v2/models/" + model + "/infer";
					type = "application/json";
					bodyBytes = ("{\"inputs\": [{\"name\": \"image\", \"shape\": [1], \"datatype\": \"BYTES\", \"data\": [\""
							+ java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(photo)) + "\"]}], "
							+ "\"outputs\": [{\"name\": \"probabilities\", \"parameters\": {\"classification\": 5}}]}")
						.getBytes(StandardCharsets.UTF_8);
				}
				default -> {
					path = "/api/predictions";
					type = "multipart/form-data; boundary=" + boundary;
					bodyBytes = body(boundary, model, photo);
				}
			}
			URI uri = URI.create(base + path);
			String head = method + " " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
					+ " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
					+ "\r\nAccept: application/json\r\nContent-Type: " + type
					+ "\r\nContent-Length: " + bodyBytes.length + "\r\n\r\n";
			byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
			byte[] request = Arrays.copyOf(headBytes, headBytes.length + bodyBytes.length);
			System.arraycopy(bodyBytes, 0, request, headBytes.length, bodyBytes.length);
			requests.add(request);
		}
		URI uri = URI.create(base);
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
				Connection connection = new Connection(uri);
				try {
					while (true) {
						byte[] request = requests.get(Math.floorMod(next.getAndIncrement(), requests.size()));
						long t = System.nanoTime();
						int status;
						try {
							status = connection.exchange(request);
						}
						catch (java.io.IOException ex) {
							connection.close();
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
				finally {
					connection.close();
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

	/**
	 * One keep-alive HTTP/1.1 connection, blocking: the cheapest client there is, so that the client takes as little
	 * as it can of the CPU the server shares with it. Reads a response by Content-Length or chunked encoding.
	 */
	static final class Connection {

		private final URI uri;
		private java.net.Socket socket;
		private java.io.InputStream in;
		private java.io.OutputStream out;

		Connection(URI uri) {
			this.uri = uri;
		}

		int exchange(byte[] request) throws java.io.IOException {
			if (socket == null) {
				socket = new java.net.Socket(uri.getHost(), uri.getPort());
				socket.setTcpNoDelay(true);
				socket.setSoTimeout(60_000);
				in = new java.io.BufferedInputStream(socket.getInputStream(), 16384);
				out = socket.getOutputStream();
			}
			out.write(request);
			out.flush();
			String status = line();
			int code = Integer.parseInt(status.split(" ")[1]);
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			String header;
			while (!(header = line()).isEmpty()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			if (chunked) {
				long size;
				while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
					skip(size);
					line();
				}
				while (!line().isEmpty()) {
					// trailers
				}
			}
			else if (length >= 0) {
				skip(length);
			}
			else {
				close = true;
			}
			if (close) {
				close();
			}
			return code;
		}

		private void skip(long n) throws java.io.IOException {
			while (n > 0) {
				long skipped = in.skip(n);
				if (skipped <= 0) {
					if (in.read() < 0) {
						throw new java.io.EOFException();
					}
					skipped = 1;
				}
				n -= skipped;
			}
		}

		private String line() throws java.io.IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = in.read()) != '\n') {
				if (c < 0) {
					throw new java.io.EOFException();
				}
				if (c != '\r') {
					line.append((char) c);
				}
			}
			return line.toString();
		}

		void close() {
			if (socket != null) {
				try {
					socket.close();
				}
				catch (java.io.IOException ex) {
					// closing anyway
				}
				socket = null;
			}
		}
	}

	/** utime + stime of a process, in ns, from /proc (clock ticks of 10 ms). */
	static long serverCpu(String pids) throws Exception {
		long total = 0;
		for (String pid : pids.split(",")) {
			if (pid.isBlank() || pid.startsWith("-")) {
				continue;
			}
			String stat = Files.readString(Path.of("/proc/" + pid.trim() + "/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
		}
		return total;
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
