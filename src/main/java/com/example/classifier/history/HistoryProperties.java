package com.example.classifier.history;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The shared history's settings ({@code classifier.history.*}); Redis itself is
 * {@code spring.data.redis.*}, or {@code REDIS_URL}.
 *
 * @param keyPrefix put before every key, so that several deployments can share one Redis
 * @param writeTimeout the longest an upload waits for its results to be stored; a slower
 * store finishes the write later, or loses it, and the upload is answered anyway
 * @param maxThumbnailSize the largest thumbnail stored with an entry; a bigger one is
 * encoded again at a lower quality, or left out
 * @param pendingWrites writes waiting for a slow store beyond which new ones are dropped
 * @param verifyPeer whether a {@code rediss://} server's certificate is checked (Heroku's
 * Key-Value Store has a self-signed one: set false there)
 * @param keptUploadsMemory the most bytes of the page's kept uploads in Redis, all
 * instances together (their count is {@code classifier.pages.kept-images}); a file over a
 * quarter of it is explained only on the instance it came to. Heroku's smallest Key-Value
 * Store holds 25 MB.
 */
@ConfigurationProperties("classifier.history")
public record HistoryProperties(@DefaultValue("image-classifier:") String keyPrefix,
		@DefaultValue("200ms") Duration writeTimeout, @DefaultValue("24KB") DataSize maxThumbnailSize,
		@DefaultValue("16") int pendingWrites, @DefaultValue("true") boolean verifyPeer,
		@DefaultValue("16MB") DataSize keptUploadsMemory) {
}
