package com.example.classifier.history;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Profiles;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether the recent results live in Redis: the server with {@code spring.data.redis.url}
 * set (application.yaml sets it from {@code REDIS_URL}). The command line never remembers
 * results, so it never connects.
 */
class SharedHistoryCondition extends SpringBootCondition {

	static final String URL = "spring.data.redis.url";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean configured = StringUtils.hasText(context.getEnvironment().getProperty(URL));
		boolean commandLine = context.getEnvironment().acceptsProfiles(Profiles.of("cli"));
		boolean shared = configured && !commandLine;
		String message = shared ? "recent results and kept uploads in Redis (" + URL + " set)"
				: "recent results and kept uploads in memory";
		return new ConditionOutcome(shared == matchesShared(), message);
	}

	boolean matchesShared() {
		return true;
	}

	/** The opposite: the recent results stay in this process. */
	static class InMemory extends SharedHistoryCondition {

		@Override
		boolean matchesShared() {
			return false;
		}

	}

}
