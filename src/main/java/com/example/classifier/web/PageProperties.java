package com.example.classifier.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param publicUrl the address people reach the service at (for example
 * {@code https://classify.example.com}), shown in the About page's examples; left out,
 * the page shows the address the browser used, never one taken from the request's
 * {@code Host} header (which any client can set)
 * @see com.example.classifier.history.KeptUploadsProperties the uploads kept for the
 * "Why?" links ({@code classifier.pages.kept-images*})
 */
@ConfigurationProperties("classifier.pages")
record PageProperties(String publicUrl) {
}
