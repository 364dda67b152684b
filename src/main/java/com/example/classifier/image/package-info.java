/**
 * Step one of every image: the bytes checked before any decoder sees them (a bounded
 * structural pass per format), then decoded, subsampled and turned upright, on a bounded
 * pool under a deadline and within memory budgets; and the thumbnail kept of it. Refusals
 * say why in the user's terms and carry no HTTP status. Uses only {@code memory}.
 */
package com.example.classifier.image;
