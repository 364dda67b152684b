/**
 * TorchServe's inference API, an adapter on {@code classification} for the clients and
 * scripts written for TorchServe: {@code /ping}, {@code /predictions/{model}} with the
 * image as the body or a multipart part named {@code data}, its image classifier's answer
 * (top five labels to probabilities) and its error shape. Uses {@code http} for the
 * uploads and the statuses.
 */
package com.example.classifier.torchserve;
