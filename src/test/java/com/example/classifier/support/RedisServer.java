package com.example.classifier.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Debian {@code redis-server} on a free loopback port, without persistence, that a
 * test can stop, start again on the same port, pause ({@code SIGSTOP}: a Redis that
 * hangs) and resume.
 */
public final class RedisServer implements AutoCloseable {

	private final int port;

	private final Path log;

	/** The certificate and key of a TLS server (as Heroku's, self-signed), or null. */
	private final Path tls;

	private Process process;

	private RedisServer(int port, Path log, Path tls) {
		this.port = port;
		this.log = log;
		this.tls = tls;
	}

	public static RedisServer start() throws IOException, InterruptedException {
		RedisServer redis = new RedisServer(Ports.free(), Files.createTempFile("redis-server", ".log"), null);
		redis.startAgain();
		return redis;
	}

	/**
	 * A server that speaks only TLS ({@code rediss://}), with a self-signed certificate
	 * made here by Debian's openssl, as Heroku's Key-Value Store has.
	 */
	public static RedisServer startWithTls() throws IOException, InterruptedException {
		Path tls = Files.createTempDirectory("redis-tls");
		Process openssl = new ProcessBuilder(DebianTool.find("openssl", "openssl").toString(), "req", "-x509",
				"-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=redis.example", "-keyout",
				tls.resolve("key.pem").toString(), "-out", tls.resolve("cert.pem").toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (openssl.waitFor() != 0) {
			throw new IllegalStateException("openssl could not make a certificate");
		}
		RedisServer redis = new RedisServer(Ports.free(), Files.createTempFile("redis-server", ".log"), tls);
		redis.startAgain();
		return redis;
	}

	public int port() {
		return port;
	}

	public String url() {
		return (tls != null ? "rediss" : "redis") + "://127.0.0.1:" + port;
	}

	/** Starts it (again) on its port and waits until it answers. */
	public void startAgain() throws IOException, InterruptedException {
		Path binary = DebianTool.find("redis-server", "redis-server");
		List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--daemonize", "no"));
		if (tls == null) {
			command.addAll(List.of("--port", Integer.toString(port)));
		}
		else {
			command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--tls-cert-file",
					tls.resolve("cert.pem").toString(), "--tls-key-file", tls.resolve("key.pem").toString(),
					"--tls-auth-clients", "no"));
		}
		long logged = Files.size(log);
		process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
			.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (tls == null ? !"+PONG".equals(command("PING"))
				: !Files.readString(log).substring((int) logged).contains("Ready to accept connections")) {
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
	 * One inline command (plain servers only), its first reply line (for example
	 * {@code +PONG}, {@code :5}), or null when it cannot be reached.
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
