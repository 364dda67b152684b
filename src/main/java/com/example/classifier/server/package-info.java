/**
 * The HTTP server's own protections, for every route and before any controller: upload
 * bodies received without a thread and at a minimum rate
 * ({@link com.example.classifier.server.UploadReceiver}), connections of unread bodies
 * closed, cross-site posts refused, security headers on every answer, Tomcat's own errors
 * as problem+json, metrics without class names. It knows nothing of images.
 */
package com.example.classifier.server;
