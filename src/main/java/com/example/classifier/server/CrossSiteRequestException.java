package com.example.classifier.server;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A browser sent this request from another site's page. 403 wherever it is thrown: the
 * API and the page answer it in their own shapes, other routes (static files, unknown
 * paths) through the error page.
 */
@ResponseStatus(HttpStatus.FORBIDDEN)
public class CrossSiteRequestException extends RuntimeException {

	CrossSiteRequestException(String evidence) {
		super("the browser says another site sent this request (" + evidence + "): images are taken from this "
				+ "server's own pages and from programs, not from other sites' pages", null, false, false);
	}

}
