/**
 * Step three: dynamic batching. A queue per model, worker threads that each own a
 * predictor, the arrivals a partial batch waits for, and the capacity errors (full queue,
 * no worker), which know nothing of HTTP. Uses nothing else of the app.
 */
package com.example.classifier.inference;
