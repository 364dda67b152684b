package com.example.classifier.web;

import java.util.List;

/**
 * One role on the Team page: what part of the service it looks after.
 *
 * @param area        the part of the service, the card's title
 * @param icon        a Bootstrap Icons name
 * @param role        the role's title
 * @param description what that part is
 */
record TeamRole(String area, String icon, String role, String description) {

	static final List<TeamRole> ALL = List.of(
			new TeamRole("Core and models", "cpu", "Lead developer", "Image decoding, the exact torchvision "
					+ "preprocessing, DJL with PyTorch and OnnxRuntime, dynamic batching and the JSON API."),
			new TeamRole("Web pages", "window", "Front-end developer", "These pages: upload with previews, results "
					+ "as bars, recent results, accessibility, and the browser tests."),
			new TeamRole("Command line", "terminal", "Tools developer",
					"Classifying folders of images from a terminal, through the same pipeline as the service."),
			new TeamRole("Benchmarks", "speedometer2", "Performance engineer",
					"Latency and throughput of the engines and of the whole service, measured."),
			new TeamRole("Containers and deployment", "box-seam", "Operations engineer",
					"The Dockerfile, Jib image, Heroku, health probes and metrics."));
}
