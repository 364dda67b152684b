/**
 * The served models: model folders found and read
 * ({@link com.example.classifier.model.ModelFolder}), loaded, probed and warmed up
 * ({@link com.example.classifier.model.ModelLoader}), and looked up by name
 * ({@link com.example.classifier.model.ModelRegistry}); their settings and health. Uses
 * {@code engine}, {@code inference} and {@code tensor}.
 */
package com.example.classifier.model;
