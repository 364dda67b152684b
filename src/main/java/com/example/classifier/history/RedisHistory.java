package com.example.classifier.history;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.RecentResult;
import com.example.classifier.classification.RecentResults;
import com.example.classifier.classification.RecentResultsUnavailableException;
import com.example.classifier.image.Thumbnail;

/**
 * The last results in Redis, shared by every instance that uses the same Redis and key
 * prefix: one list, pushed and trimmed in one script (push.lua), so that writers on any
 * instance keep exactly {@link #CAPACITY}, newest first.
 *
 * <p>
 * Writes go through {@link BoundedWrites}, in the order requests finished here: an upload
 * waits for its write only up to {@link HistoryProperties#writeTimeout()}, and a store
 * that fails loses results, never an upload.
 */
public class RedisHistory extends RedisStore implements RecentResults {

	private static final Logger log = LoggerFactory.getLogger(RedisHistory.class);

	static final String KEY = "recent";

	private static final RedisScript<Long> PUSH = RedisScript.of(new ClassPathResource("history/push.lua"), Long.class);

	private static final float[] THUMBNAIL_QUALITIES = { 0.75f, 0.5f, 0.3f };

	private final StringRedisTemplate redis;

	private final ObjectMapper json;

	private final HistoryProperties settings;

	private final String key;

	public RedisHistory(StringRedisTemplate redis, ObjectMapper json, HistoryProperties settings,
			MeterRegistry meters) {
		super(new BoundedWrites("history", "recent results are lost", settings.pendingWrites(), settings, meters));
		this.redis = redis;
		this.json = json;
		this.settings = settings;
		this.key = settings.keyPrefix() + KEY;
		writes.connect(() -> redis.execute((RedisCallback<String>) RedisConnection::ping));
	}

	/** The list's key in Redis. */
	public String key() {
		return key;
	}

	/**
	 * Written within {@link HistoryProperties#writeTimeout()} or dropped
	 * ({@link BoundedWrites}): results from a time Redis hung never land later above
	 * newer ones.
	 */
	@Override
	public void remember(String model, List<ImageOutcome.Classified> images, int predictions) {
		if (images.isEmpty()) {
			return;
		}
		List<String> arguments = new ArrayList<>(images.size() + 1);
		arguments.add(Integer.toString(CAPACITY));
		try {
			for (ImageOutcome.Classified image : images) {
				arguments.add(entry(model, image, predictions));
			}
		}
		catch (RuntimeException ex) {
			log.warn("A recent result could not be encoded for the history store: {}", ex.toString());
			return;
		}
		writes.write(images.size(), () -> redis.execute(PUSH, List.of(key), arguments.toArray()));
	}

	private String entry(String model, ImageOutcome.Classified image, int predictions) {
		Thumbnail thumbnail = image.thumbnail();
		byte[] jpeg = boundedJpeg(thumbnail);
		StoredResult result = new StoredResult(null, image.filename(), image.width(), image.height(),
				image.predictions().subList(0, Math.min(predictions, image.predictions().size())), model,
				thumbnail.width(), thumbnail.height(), jpeg == null ? null : Base64.getEncoder().encodeToString(jpeg));
		try {
			return json.writeValueAsString(result);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The thumbnail at the best quality that fits, or null when none does. */
	private byte[] boundedJpeg(Thumbnail thumbnail) {
		for (float quality : THUMBNAIL_QUALITIES) {
			byte[] jpeg = thumbnail.jpeg(quality);
			if (jpeg.length <= settings.maxThumbnailSize().toBytes()) {
				return jpeg;
			}
		}
		return null;
	}

	@Override
	public List<RecentResult> newestFirst() {
		List<String> entries;
		try {
			entries = redis.opsForList().range(key, 0, CAPACITY - 1);
		}
		catch (RuntimeException ex) {
			throw new RecentResultsUnavailableException(
					"The history store (Redis) cannot be reached: " + "the recent results are not available now", ex);
		}
		List<RecentResult> results = new ArrayList<>();
		for (String entry : entries == null ? List.<String>of() : entries) {
			try {
				results.add(json.readValue(entry, StoredResult.class).toRecentResult());
			}
			catch (JsonProcessingException | RuntimeException ex) {
				// Another program writing under this prefix: its entry is not ours to
				// show.
				log.warn("Skipping an entry of {} that is not a recent result: {}", key, ex.toString());
			}
		}
		return results;
	}

}
