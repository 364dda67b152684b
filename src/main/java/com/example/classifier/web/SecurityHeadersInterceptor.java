package com.example.classifier.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Headers of the pages: a Content-Security-Policy that allows only this server's own scripts and styles (no inline
 * script, no CDN) and images from here or from data:/blob: URIs (thumbnails and previews), and no MIME sniffing.
 */
class SecurityHeadersInterceptor implements HandlerInterceptor {

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
			+ "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "same-origin");
		return true;
	}
}
