package com.example.classifier.image;

import java.io.ByteArrayOutputStream;

import com.example.classifier.support.HostileImages;

/** Writes PNG chunks, for tests that build PNG files a decoder has to cope with. */
final class PngChunk {

	private PngChunk() {
	}

	/** One chunk: length, type, data, CRC of type and data. */
	static void write(ByteArrayOutputStream png, String type, byte[] data) {
		HostileImages.chunk(png, type, data);
	}

}
