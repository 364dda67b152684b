package com.example.classifier.server;

import java.net.URI;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses requests that change something when a browser says another site sent them: a
 * form on any page could otherwise post an image here and put it in everyone's recent
 * results. As Go's {@code CrossOriginProtection} decides: by the browser's
 * {@code Sec-Fetch-Site} header, else by {@code Origin} against {@code Host}; a request
 * with neither comes from a program (or an old browser) and is served. No token, so the
 * API needs none either.
 */
@ConditionalOnWebApplication
@Component
class CrossSiteRequestGuard implements HandlerInterceptor, WebMvcConfigurer {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).order(Ordered.HIGHEST_PRECEDENCE);
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (SAFE_METHODS.contains(request.getMethod()) || request.getDispatcherType() == DispatcherType.ERROR) {
			return true;
		}
		String site = request.getHeader("Sec-Fetch-Site");
		if (site != null) {
			if (!site.equals("same-origin") && !site.equals("none")) {
				throw new CrossSiteRequestException("Sec-Fetch-Site: " + site);
			}
			return true;
		}
		String origin = request.getHeader("Origin");
		// The Host the browser sent, or the one a proxy that rewrites it forwards.
		if (origin != null && !sameHost(origin, request.getHeader("Host"))
				&& !sameHost(origin, request.getHeader("X-Forwarded-Host"))) {
			throw new CrossSiteRequestException("Origin: " + origin);
		}
		return true;
	}

	private static boolean sameHost(String origin, String host) {
		try {
			return host != null && host.split(",")[0].strip().equalsIgnoreCase(URI.create(origin).getRawAuthority());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
