package com.example.classifier.http;

import java.util.Map;

import org.springframework.http.ProblemDetail;

/**
 * How a protocol other than this app's own writes its errors (TorchServe's
 * {@code {"code", "type", "message"}}, the Open Inference Protocol's {@code {"error"}}):
 * its adapter's error handler uses it, and so do the errors raised before any controller
 * is chosen on its paths ({@link ProblemErrorController}).
 */
public interface ProtocolErrorShape {

	/** Whether the protocol answers at this path. */
	boolean covers(String path);

	/** The problem in the protocol's words, as its JSON body. */
	Map<String, Object> body(ProblemDetail problem);

}
