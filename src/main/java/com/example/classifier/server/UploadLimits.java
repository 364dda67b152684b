package com.example.classifier.server;

import java.io.File;

import jakarta.servlet.MultipartConfigElement;

/**
 * The multipart limits of the servlet, and Tomcat's: parts, a part's headers, and the
 * form fields (every part but the files) together
 * ({@code server.tomcat.max-http-form-post-size}).
 */
record UploadLimits(MultipartConfigElement multipart, int maxParts, int maxPartHeaderBytes, long maxFormFieldBytes,
		File location) {
}
