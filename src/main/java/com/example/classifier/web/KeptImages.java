package com.example.classifier.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The page's latest uploads, kept in this instance's memory (at most
 * {@link PageProperties#keptImages()} of them, {@link PageProperties#keptImagesMemory()}
 * of bytes), under ids nobody can guess, so that a result's "Why?" links explain the
 * image without sending it again. The oldest go first.
 */
@ConditionalOnWebApplication
@Component
class KeptImages {

	/** An upload as it was sent. */
	record Kept(String filename, byte[] bytes) {
	}

	private final SecureRandom random = new SecureRandom();

	private final int maxImages;

	private final long maxBytes;

	private final Map<String, Kept> kept = new LinkedHashMap<>();

	private long bytes;

	KeptImages(PageProperties properties) {
		this.maxImages = properties.keptImages();
		this.maxBytes = properties.keptImagesMemory().toBytes();
	}

	/** A new id, for an upload that may be kept once read. */
	String newId() {
		byte[] id = new byte[16];
		random.nextBytes(id);
		return HexFormat.of().formatHex(id);
	}

	/**
	 * Keeps an upload's bytes under its id, unless it is too large to; the oldest go to
	 * make room.
	 * @return the bytes
	 */
	synchronized byte[] keep(String id, String filename, byte[] content) {
		if (maxImages < 1 || content.length > maxBytes / 4) {
			return content;
		}
		kept.put(id, new Kept(filename, content));
		bytes += content.length;
		Iterator<Kept> oldest = kept.values().iterator();
		while (kept.size() > maxImages || bytes > maxBytes) {
			bytes -= oldest.next().bytes().length;
			oldest.remove();
		}
		return content;
	}

	synchronized Optional<Kept> get(String id) {
		return Optional.ofNullable(id == null ? null : kept.get(id));
	}

	/** How many it keeps at most, for the page that says an image is gone. */
	int maxImages() {
		return maxImages;
	}

}
