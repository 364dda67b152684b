package com.example.classifier.server;

/** A browser sent this request from another site's page. */
public class CrossSiteRequestException extends RuntimeException {

	CrossSiteRequestException(String evidence) {
		super("the browser says another site sent this request (" + evidence + "): images are taken from this "
				+ "server's own pages and from programs, not from other sites' pages", null, false, false);
	}
}
