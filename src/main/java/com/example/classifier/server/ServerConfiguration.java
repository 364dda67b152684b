package com.example.classifier.server;

import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;

import org.apache.catalina.core.StandardHost;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The upload receiver, for every route, on the request and on the dispatch that follows
 * its body's arrival (a configuration rather than a component, so that slice tests of
 * controllers, which parse mock uploads, go without it); Tomcat's own errors as
 * problem+json; metrics without the server's class names.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {

	/**
	 * Tomcat's own error answers as problem+json. Set before the host starts, which adds
	 * its error valve then.
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return tomcat -> tomcat.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	/**
	 * Metrics name no class of the server's code: a failed request's {@code exception}
	 * and {@code error} tags say that one was thrown, not which (the logs say which).
	 */
	@Bean
	MeterFilter exceptionNamesHidden() {
		return new MeterFilter() {
			@Override
			public Meter.Id map(Meter.Id id) {
				Meter.Id hidden = id;
				for (String tag : List.of("exception", "error")) {
					String value = hidden.getTag(tag);
					if (value != null && !value.equals("none")) {
						hidden = hidden.replaceTags(Tags.of(hidden.getTagsAsIterable()).and(tag, "thrown"));
					}
				}
				return hidden;
			}
		};
	}

	@Bean
	FilterRegistrationBean<UploadReceiver> uploadReceiver(UploadReceivingProperties settings,
			MultipartConfigElement multipart, ServerProperties server, MeterRegistry meters) {
		FilterRegistrationBean<UploadReceiver> registration = new FilterRegistrationBean<>(
				new UploadReceiver(settings, multipart, server, meters));
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		registration.setAsyncSupported(true);
		// After the character encoding filter (form fields are read in its
		// charset) and the metrics filter.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

}
