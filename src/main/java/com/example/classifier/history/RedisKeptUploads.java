package com.example.classifier.history;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Uploads kept in this instance's memory and in Redis, so that a "Why?" link followed on
 * any instance behind the balancer finds its image. One list of ids for all the
 * instances, pushed and trimmed in one script (keep.lua) to the same bounds as one
 * instance's memory.
 *
 * <p>
 * Writes go through {@link BoundedWrites}, from the request's thread once it is
 * classified (never from the decode threads, which all requests share): a page upload
 * waits for its copy in Redis only up to {@link HistoryProperties#writeTimeout()}, and
 * with Redis gone its links work on this instance only. Look-ups try this instance's
 * memory first.
 */
public class RedisKeptUploads implements KeptUploads, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RedisKeptUploads.class);

	static final String KEY = "kept";

	/**
	 * Uploads waiting for a slow Redis: each holds up to a quarter of the memory budget,
	 * so few.
	 */
	private static final int PENDING_WRITES = 2;

	private static final RedisScript<Long> KEEP = RedisScript.of(new ClassPathResource("history/keep.lua"), Long.class);

	private final MemoryKeptUploads here;

	private final StringRedisTemplate redis;

	private final KeptUploadsProperties limits;

	private final String key;

	private final BoundedWrites writes;

	private volatile boolean running;

	public RedisKeptUploads(StringRedisTemplate redis, HistoryProperties settings, KeptUploadsProperties limits,
			MeterRegistry meters) {
		this.here = new MemoryKeptUploads(limits);
		this.redis = redis;
		this.limits = limits;
		this.key = settings.keyPrefix() + KEY;
		this.writes = new BoundedWrites("kept-uploads", "uploads are explained only on the instance they came to",
				PENDING_WRITES, settings, meters);
	}

	/** The list's key in Redis. */
	public String key() {
		return key;
	}

	@Override
	public byte[] keep(String id, String filename, byte[] content) {
		return here.keep(id, filename, content);
	}

	/** All of a request's uploads in one write, so that one bound covers them. */
	@Override
	public void share(List<String> ids) {
		List<Object[]> arguments = new ArrayList<>();
		for (String id : ids) {
			here.get(id)
				.ifPresent(upload -> arguments.add(new String[] { Integer.toString(limits.keptImages()),
						Long.toString(limits.keptImagesMemory().toBytes()), id, upload.filename(),
						Base64.getEncoder().encodeToString(upload.bytes()), Integer.toString(upload.bytes().length) }));
		}
		if (!arguments.isEmpty()) {
			writes.write(arguments.size(),
					() -> arguments.forEach(upload -> redis.execute(KEEP, List.of(key), upload)));
		}
	}

	@Override
	public Optional<KeptUpload> get(String id) {
		Optional<KeptUpload> kept = here.get(id);
		if (kept.isPresent() || !KeptUploads.isWellFormed(id)) {
			return kept;
		}
		try {
			List<Object> fields = redis.opsForHash().multiGet(key + ":" + id, List.of("filename", "bytes"));
			if (fields.size() < 2 || fields.get(0) == null || fields.get(1) == null) {
				return Optional.empty();
			}
			return Optional
				.of(new KeptUpload(fields.get(0).toString(), Base64.getDecoder().decode(fields.get(1).toString())));
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

	@Override
	public void start() {
		running = true;
	}

	/** The last writes are finished at a stop, before the Redis connection closes. */
	@Override
	public void stop() {
		running = false;
		writes.stop();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return 1;
	}

}
