package com.example.classifier.history;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The page's latest uploads, kept under ids nobody can guess so that a result's "Why?"
 * links explain the image without sending it again: in this instance's memory
 * ({@link MemoryKeptUploads}), or also in Redis ({@link RedisKeptUploads}), where a link
 * followed on another instance behind the balancer finds them too. The oldest go first.
 */
public interface KeptUploads {

	/** A new id, for an upload that may be kept once read. */
	default String newId() {
		byte[] id = new byte[16];
		Ids.RANDOM.nextBytes(id);
		return HexFormat.of().formatHex(id);
	}

	/**
	 * Keeps an upload's bytes under its id in this instance, unless it is too large to;
	 * the oldest go to make room. Cheap: called on the decode threads as each upload is
	 * read.
	 * @return the bytes
	 */
	byte[] keep(String id, String filename, byte[] content);

	/**
	 * Makes the uploads kept here under these ids available to the other instances, on
	 * the request's own thread once it is classified, within a bound; nothing to do for
	 * one instance.
	 */
	default void share(List<String> ids) {
	}

	/**
	 * Whether this instance keeps the upload under this id (what decides a result's
	 * "Why?" links, without asking any other store).
	 */
	boolean keepsHere(String id);

	/** The upload kept under this id, here or shared, if it still is. */
	Optional<KeptUpload> get(String id);

	/** How many are kept at most, for the page that says an image is gone. */
	int capacity();

	/** Whether an id is one {@link #newId()} could have made (32 hex digits). */
	static boolean isWellFormed(String id) {
		return id != null && id.length() == 32 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0);
	}

	/** Where new ids come from. */
	final class Ids {

		private static final SecureRandom RANDOM = new SecureRandom();

		private Ids() {
		}

	}

}
