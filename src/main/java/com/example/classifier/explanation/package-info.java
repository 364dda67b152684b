/**
 * Why a model gave a class: occlusion sensitivity (parts of the model's view covered, one
 * forward pass each, through the model's own queue behind every upload), the heat laid
 * over the whole image as the user sees it, and an overlay picture of it. A bounded
 * number at once; the capacity error carries no HTTP status. Uses {@code image},
 * {@code tensor}, {@code inference} and {@code model}, and {@code classification}'s
 * uploads and request errors.
 */
package com.example.classifier.explanation;
