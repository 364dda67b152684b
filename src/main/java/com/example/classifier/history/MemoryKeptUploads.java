package com.example.classifier.history;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Uploads kept in this instance's memory, at most
 * {@link KeptUploadsProperties#keptImages()} of them and
 * {@link KeptUploadsProperties#keptImagesMemory()} of bytes: the default for one
 * instance.
 */
public class MemoryKeptUploads implements KeptUploads {

	private final KeptUploadsProperties limits;

	private final Map<String, KeptUpload> kept = new LinkedHashMap<>();

	private long bytes;

	public MemoryKeptUploads(KeptUploadsProperties limits) {
		this.limits = limits;
	}

	@Override
	public synchronized byte[] keep(String id, String filename, byte[] content) {
		if (!limits.keeps(content.length)) {
			return content;
		}
		kept.put(id, new KeptUpload(filename, content));
		bytes += content.length;
		Iterator<KeptUpload> oldest = kept.values().iterator();
		while (kept.size() > limits.keptImages() || bytes > limits.keptImagesMemory().toBytes()) {
			bytes -= oldest.next().bytes().length;
			oldest.remove();
		}
		return content;
	}

	@Override
	public synchronized boolean keepsHere(String id) {
		return id != null && kept.containsKey(id);
	}

	@Override
	public synchronized Optional<KeptUpload> get(String id) {
		return Optional.ofNullable(id == null ? null : kept.get(id));
	}

	@Override
	public int capacity() {
		return limits.keptImages();
	}

}
