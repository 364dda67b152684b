/**
 * The JSON API, an adapter on {@code classification}: predictions, recent results, models
 * and versions, and its OpenAPI description; errors as problem+json through {@code http}.
 */
package com.example.classifier.api;
