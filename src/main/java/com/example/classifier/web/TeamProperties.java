package com.example.classifier.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Team page's content: the people behind the service and what each looks after.
 * Content, not code: a team lists its own people in {@code classifier.team.members}
 * (application.yaml, or any other property source).
 */
@ConfigurationProperties("classifier.team")
record TeamProperties(@DefaultValue List<Member> members) {

	/**
	 * @param name the person's name; left out, the card shows the role alone
	 * @param role the role's title
	 * @param area the part of the service, the card's title
	 * @param icon a Bootstrap Icons name
	 * @param description what that part is
	 */
	record Member(String name, String role, String area, String icon, String description) {
	}
}
