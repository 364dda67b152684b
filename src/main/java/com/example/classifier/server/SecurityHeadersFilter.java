package com.example.classifier.server;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers on every answer, pages, JSON, Swagger UI and errors alike: a
 * Content-Security-Policy that allows only this server's own scripts and styles (no
 * inline script, no CDN) and images from here or from data:/blob: URIs (thumbnails and
 * previews), never framed by another site; no MIME sniffing; no referrer to other sites.
 * Set before the app runs, so that refusals carry them too.
 */
@ConditionalOnWebApplication
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class SecurityHeadersFilter extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "same-origin");
		chain.doFilter(request, response);
	}

}
