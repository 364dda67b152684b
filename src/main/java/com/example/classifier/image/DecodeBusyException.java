package com.example.classifier.image;

/**
 * A decode gave up waiting for its share of the decoders' memory (its deadline passed
 * while other images held it): the server is busy, not the image at fault.
 */
public class DecodeBusyException extends RuntimeException {

	public DecodeBusyException() {
		super("the memory for decoding is taken by other images", null, false, false);
	}

}
