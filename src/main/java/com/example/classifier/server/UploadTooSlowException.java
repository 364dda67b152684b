package com.example.classifier.server;

import java.time.Duration;

/**
 * An upload's body did not arrive at the minimum rate: the client was dropped, not the
 * server's other work.
 */
public class UploadTooSlowException extends RuntimeException {

	UploadTooSlowException(long bytes, Duration elapsed, UploadReceivingProperties settings) {
		super("the upload arrived too slowly (" + bytes + " bytes in " + elapsed.toSeconds() + " s): after its first "
				+ settings.grace().toSeconds() + " s an upload must arrive at " + settings.minRate().toBytes()
				+ " bytes per second or more; send it again over a faster connection", null, false, false);
	}

}
