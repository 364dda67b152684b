package com.example.classifier.classification;

/** One class of a model's answer: its output index, its label and its probability. */
public record Prediction(int index, String label, float probability) {
}
