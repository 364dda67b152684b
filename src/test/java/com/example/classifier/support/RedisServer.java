package com.example.classifier.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Debian {@code redis-server} on a free loopback port, without persistence, that a
 * test can stop, start again on the same port, pause ({@code SIGSTOP}: a Redis that
 * hangs) and resume.
 */
public final class RedisServer implements AutoCloseable {

	private final int port;

	private final Path log;

	private Process process;

	private RedisServer(int port, Path log) {
		this.port = port;
		this.log = log;
	}

	public static RedisServer start() throws IOException, InterruptedException {
		RedisServer redis = new RedisServer(freePort(), Files.createTempFile("redis-server", ".log"));
		redis.startAgain();
		return redis;
	}

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	public int port() {
		return port;
	}

	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	/** Starts it (again) on its port and waits until it answers. */
	public void startAgain() throws IOException, InterruptedException {
		Path binary = DebianTool.find("redis-server", "redis-server");
		process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--daemonize", "no"))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!"+PONG".equals(command("PING"))) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				throw new IllegalStateException("redis-server did not start: " + Files.readString(log));
			}
			Thread.sleep(50);
		}
	}

	/** Kills it (as a crash would) and waits until it is gone. */
	public void kill() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor();
	}

	/** Freezes it: connections stay open and nothing is answered. */
	public void pause() throws IOException, InterruptedException {
		signal("STOP");
	}

	public void resume() throws IOException, InterruptedException {
		signal("CONT");
	}

	private void signal(String name) throws IOException, InterruptedException {
		new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
	}

	/**
	 * One inline command, its first reply line (for example {@code +PONG}, {@code :5}),
	 * or null when it cannot be reached.
	 */
	public String command(String line) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder reply = new StringBuilder();
			for (int b = in.read(); b != -1 && b != '\r'; b = in.read()) {
				reply.append((char) b);
			}
			return reply.toString();
		}
		catch (IOException ex) {
			return null;
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (process != null) {
			process.destroyForcibly();
			process.waitFor();
		}
	}

}
