package com.example.classifier.http;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Spring MVC's part of the edge: the bound on uploads in progress, on the two routes that
 * take uploads.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
class HttpConfiguration implements WebMvcConfigurer {

	private final UploadAdmission admission;

	HttpConfiguration(UploadAdmission admission) {
		this.admission = admission;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(admission)
			.addPathPatterns("/", "/api/predictions", "/predictions/**", "/v2/models/**")
			.order(Ordered.LOWEST_PRECEDENCE);
	}

}
