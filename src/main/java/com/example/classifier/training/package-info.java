/**
 * Training a classifier on labelled images: a class-per-folder dataset
 * ({@link com.example.classifier.training.LabelledImages}) read through the same checked
 * decoding as uploads, features from a frozen backbone
 * ({@link com.example.classifier.training.FeatureExtractor}), a linear head trained on
 * them ({@link com.example.classifier.training.HeadTrainer}), and a complete model folder
 * moved into place ({@link com.example.classifier.training.ModelFolderWriter}). Uses
 * {@code image}, {@code tensor}, {@code inference} (the engine's input) and {@code model}
 * (the folder format it writes).
 */
package com.example.classifier.training;
