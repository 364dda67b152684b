/**
 * What the service remembers between requests: the recent results behind
 * {@code classification}'s {@link com.example.classifier.classification.RecentResults},
 * and the page's uploads kept for their "Why?" links ({@link KeptUploads}); in memory
 * (one instance, the default) or in Redis (several instances behind a balancer share
 * them, when {@code REDIS_URL} is set). Uses {@code classification} and {@code image}'s
 * thumbnails; nothing of HTTP.
 */
package com.example.classifier.history;
