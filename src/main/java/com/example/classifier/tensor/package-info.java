/**
 * Step two: a decoded image to a model's input tensor, resized, cropped and normalized
 * exactly as torchvision does it. Uses {@code image}.
 */
package com.example.classifier.tensor;
