/**
 * The Open Inference Protocol (KServe v2, spoken by KServe, Triton, MLServer and Seldon),
 * REST, an adapter on {@code classification}: server and model metadata, health, and
 * {@code infer} with encoded images ({@code BYTES}) or preprocessed tensors
 * ({@code FP32}), Triton's classification and binary tensor extensions, errors as
 * {@code {"error"}}. Uses {@code http}, and {@code model} for the models' shapes.
 */
package com.example.classifier.openinference;
