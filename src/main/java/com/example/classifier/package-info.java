/**
 * An image-classification service: bytes, checked and decoded image ({@code image}),
 * tensor ({@code tensor}), batched inference ({@code inference}) on served models
 * ({@code model}), result and recent results ({@code classification}), answered by the
 * adapters: pages ({@code web}), JSON API ({@code api}) and command line ({@code cli}),
 * behind the HTTP edge ({@code server}, {@code http}). Engine-wide settings are in
 * {@code engine}, glibc's allocator in {@code memory}.
 */
package com.example.classifier;
