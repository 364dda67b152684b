/**
 * The stores of recent results behind {@code classification}'s
 * {@link com.example.classifier.classification.RecentResults}: in memory (one instance,
 * the default) or in Redis (several instances behind a balancer share one history, when
 * {@code REDIS_URL} is set). Uses {@code classification} and {@code image}'s thumbnails;
 * nothing of HTTP.
 */
package com.example.classifier.history;
