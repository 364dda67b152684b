/**
 * The served models: model folders found and read
 * ({@link com.example.classifier.model.ModelFolder}), loaded, probed and warmed up
 * ({@link com.example.classifier.model.ModelLoader}), looked up by name, loaded and
 * unloaded at run time ({@link com.example.classifier.model.ModelRegistry}), held by the
 * requests using them ({@link com.example.classifier.model.ModelUse}); their settings and
 * health, and the format of a trained model
 * ({@link com.example.classifier.model.TrainedClassifier}). Uses {@code engine},
 * {@code inference} and {@code tensor}.
 */
package com.example.classifier.model;
