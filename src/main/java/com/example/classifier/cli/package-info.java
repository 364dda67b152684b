/**
 * The command line, an adapter on {@code classification} without a web server:
 * {@code classify} and {@code evaluate} over files and folders, as JSON, CSV or text; and
 * {@code train}, on {@code training}.
 */
package com.example.classifier.cli;
