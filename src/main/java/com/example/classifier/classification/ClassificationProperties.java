package com.example.classifier.classification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of one classification request.
 *
 * @param maxImages images per request
 * @param decodeThreads threads decoding and preprocessing, beside inference (0: one per
 * core)
 * @param decodeQueue images waiting to be decoded before requests are refused with 503
 * @param timeout longest a request waits for its answers
 * @param maxUploadsInProgress uploads being parsed and classified at once (each holds a
 * servlet thread): more are refused with 503
 */
@ConfigurationProperties("classifier.requests")
public record ClassificationProperties(@DefaultValue("3") int maxImages, @DefaultValue("0") int decodeThreads,
		@DefaultValue("256") int decodeQueue, @DefaultValue("60s") Duration timeout,
		@DefaultValue("100") int maxUploadsInProgress) {
}
