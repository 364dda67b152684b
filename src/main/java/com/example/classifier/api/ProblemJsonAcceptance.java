package com.example.classifier.api;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A client that accepts {@code application/problem+json} (to read refusals as problem
 * details) accepts JSON: it is answered in JSON when the request succeeds, rather than
 * 406 for not accepting the success's type.
 */
@ConditionalOnWebApplication
@Component
class ProblemJsonAcceptance implements WebMvcConfigurer {

	@Override
	public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
		configurer.strategies(List.of(new HeaderContentNegotiationStrategy() {
			@Override
			public List<MediaType> resolveMediaTypes(NativeWebRequest request)
					throws HttpMediaTypeNotAcceptableException {
				List<MediaType> accepted = super.resolveMediaTypes(request);
				if (accepted.stream().anyMatch(type -> type.includes(MediaType.APPLICATION_JSON))) {
					return accepted;
				}
				List<MediaType> withJson = new ArrayList<>();
				for (MediaType type : accepted) {
					withJson.add(type);
					if (type.equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON)) {
						// As much as the problem details are wanted.
						withJson.add(new MediaType(MediaType.APPLICATION_JSON, type.getParameters()));
					}
				}
				return withJson;
			}
		}));
	}

}
