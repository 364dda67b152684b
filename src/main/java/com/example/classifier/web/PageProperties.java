package com.example.classifier.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param publicUrl the address people reach the service at (for example
 * {@code https://classify.example.com}), shown in the About page's examples; left out,
 * the page shows the address the browser used, never one taken from the request's
 * {@code Host} header (which any client can set)
 * @param keptImages uploads from the page kept in memory, newest first, so that their
 * "Why?" links can explain them without a second upload
 * @param keptImagesMemory the most their bytes take together; a file larger than a
 * quarter of it is not kept (its result has no "Why?" links)
 */
@ConfigurationProperties("classifier.pages")
record PageProperties(String publicUrl, @DefaultValue("15") int keptImages,
		@DefaultValue("24MB") DataSize keptImagesMemory) {
}
