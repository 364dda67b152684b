/**
 * glibc's allocator, through JNA: the thresholds that keep the native memory an inference
 * call freed for the next one, and the trim that gives freed memory back. Uses nothing
 * else of the app.
 */
package com.example.classifier.memory;
