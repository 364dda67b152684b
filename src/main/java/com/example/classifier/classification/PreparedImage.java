package com.example.classifier.classification;

import com.example.classifier.image.DecodedImage;
import com.example.classifier.model.ServedModel;

/**
 * One image decoded and made into the model's input, for work that needs the image itself
 * beside its tensor (an explanation).
 *
 * @param model the model it was prepared for
 * @param image the decoded image, upright
 * @param tensor the model's input
 */
public record PreparedImage(ServedModel model, DecodedImage image, float[] tensor) {
}
