/**
 * What holds for the whole process whatever the model: the engines' settings (read once,
 * before the first model loads), giving native memory back once the models are idle, and
 * the versions of the app, DJL and each engine. Uses {@code memory}; learns what the
 * models do through {@link com.example.classifier.engine.EngineActivity}.
 */
package com.example.classifier.engine;
