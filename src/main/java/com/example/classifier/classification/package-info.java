/**
 * Steps four and five: the one path every image takes, from upload to top-k result
 * ({@link com.example.classifier.classification.ClassificationService}), and the recent
 * results. Every adapter (pages, API, command line) calls it. Uses {@code image},
 * {@code tensor}, {@code inference} and {@code model}; nothing of HTTP.
 */
package com.example.classifier.classification;
