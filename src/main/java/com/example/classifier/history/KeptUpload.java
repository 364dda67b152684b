package com.example.classifier.history;

/** An upload from the page as it was sent, kept for its "Why?" links. */
public record KeptUpload(String filename, byte[] bytes) {
}
