package com.example.classifier.history;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.StreamUtils;

/**
 * Uploads kept in this instance's memory and in Redis, so that a "Why?" link followed on
 * any instance behind the balancer finds its image. One list of ids and one hash of
 * uploads for all the instances, pushed and trimmed in one script (keep.lua) to
 * {@link KeptUploadsProperties#keptImages()} uploads and
 * {@link HistoryProperties#keptUploadsMemory()} bytes; the bytes are stored as they are,
 * not in Base64.
 *
 * <p>
 * Writes go through {@link BoundedWrites}, from the request's thread once it is
 * classified (never from the decode threads, which all requests share): a page upload
 * waits for its copy in Redis only up to {@link HistoryProperties#writeTimeout()}, and
 * with Redis gone its links work on this instance only. Whether a result has links is
 * decided by this instance's memory alone; a link from another instance is looked up in
 * Redis.
 */
public class RedisKeptUploads extends RedisStore implements KeptUploads {

	private static final Logger log = LoggerFactory.getLogger(RedisKeptUploads.class);

	/** Both keys share the hash tag, so that the script may use them on a cluster too. */
	static final String IDS = "{kept}:ids";

	static final String UPLOADS = "{kept}:uploads";

	/**
	 * Requests' uploads waiting for a slow Redis: each may hold three uploads, so few
	 * (the bytes are those this instance keeps anyway, not copies).
	 */
	private static final int PENDING_WRITES = 2;

	/** Redis forgets the uploads of a deployment that stopped writing. */
	private static final Duration TIME_TO_LIVE = Duration.ofDays(1);

	private static final byte[] KEEP = script("history/keep.lua");

	private final MemoryKeptUploads here;

	private final StringRedisTemplate redis;

	private final KeptUploadsProperties limits;

	private final long sharedBytes;

	private final byte[] ids;

	private final byte[] uploads;

	public RedisKeptUploads(StringRedisTemplate redis, HistoryProperties settings, KeptUploadsProperties limits,
			MeterRegistry meters) {
		super(new BoundedWrites("kept-uploads", "uploads are explained only on the instance they came to",
				PENDING_WRITES, settings, meters));
		this.here = new MemoryKeptUploads(limits);
		this.redis = redis;
		this.limits = limits;
		this.sharedBytes = settings.keptUploadsMemory().toBytes();
		this.ids = bytes(settings.keyPrefix() + IDS);
		this.uploads = bytes(settings.keyPrefix() + UPLOADS);
	}

	private static byte[] script(String resource) {
		try {
			return StreamUtils.copyToByteArray(new ClassPathResource(resource).getInputStream());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("the script " + resource + " is missing", ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public byte[] keep(String id, String filename, byte[] content) {
		return here.keep(id, filename, content);
	}

	@Override
	public boolean keepsHere(String id) {
		return here.keepsHere(id);
	}

	/**
	 * All of a request's uploads in one write, so that one bound covers them; a file over
	 * a quarter of the shared bytes stays on this instance.
	 */
	@Override
	public void share(List<String> ids) {
		List<byte[][]> arguments = new ArrayList<>();
		for (String id : ids) {
			here.get(id)
				.filter(upload -> upload.bytes().length <= sharedBytes / 4)
				.ifPresent(upload -> arguments.add(new byte[][] { this.ids, this.uploads,
						bytes(Integer.toString(limits.keptImages())), bytes(Long.toString(sharedBytes)), bytes(id),
						bytes(upload.filename()), upload.bytes(), bytes(Long.toString(TIME_TO_LIVE.toSeconds())) }));
		}
		if (!arguments.isEmpty()) {
			writes.write(arguments.size(), () -> redis.execute((RedisCallback<Void>) connection -> {
				arguments.forEach(keysAndArguments -> keep(connection, keysAndArguments));
				return null;
			}));
		}
	}

	private static void keep(RedisConnection connection, byte[][] keysAndArguments) {
		connection.scriptingCommands().eval(KEEP, ReturnType.INTEGER, 2, keysAndArguments);
	}

	@Override
	public Optional<KeptUpload> get(String id) {
		Optional<KeptUpload> kept = here.get(id);
		if (kept.isPresent() || !KeptUploads.isWellFormed(id)) {
			return kept;
		}
		try {
			List<byte[]> fields = redis.execute((RedisCallback<List<byte[]>>) connection -> connection.hashCommands()
				.hMGet(uploads, bytes(id + ":name"), bytes(id)));
			if (fields == null || fields.size() < 2 || fields.get(0) == null || fields.get(1) == null) {
				return Optional.empty();
			}
			return Optional.of(new KeptUpload(new String(fields.get(0), StandardCharsets.UTF_8), fields.get(1)));
		}
		catch (RuntimeException ex) {
			log.warn("An upload kept on another instance could not be read from Redis: {}", ex.toString());
			return Optional.empty();
		}
	}

	@Override
	public int capacity() {
		return limits.keptImages();
	}

}
