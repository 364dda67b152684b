/**
 * What the pages and the API share at the edge: every refusal as an RFC 9457 problem
 * ({@link com.example.classifier.http.Problems}, the one place that gives a status to the
 * core's errors), the error controller, the bound on uploads in progress, a request's
 * files and fields. Uses the core packages and {@code server}'s refusals.
 */
package com.example.classifier.http;
