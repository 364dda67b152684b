/**
 * The JSON API, an adapter on {@code classification}: predictions, recent results, models
 * and versions, model management at run time (with the admin token, on {@code model}),
 * and its OpenAPI description; errors as problem+json through {@code http}.
 */
package com.example.classifier.api;
