/**
 * The Thymeleaf pages, an adapter on {@code classification}: upload and results, recent
 * results, the "Why?" page (on {@code explanation}, with the uploads {@code history}
 * keeps), Team and About; refusals shown in the page through {@code http}.
 */
package com.example.classifier.web;
