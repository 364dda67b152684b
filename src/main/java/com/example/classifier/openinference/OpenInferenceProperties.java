package com.example.classifier.openinference;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The Open Inference Protocol's settings ({@code classifier.v2.*}).
 *
 * @param requestMemory heap that inference requests being read and answered may hold
 * together, each counted three times its body (the body, its JSON's strings, the decoded
 * images); a request that finds none free within 5 s is answered 503, one over a third of
 * it 413. A multipart upload waits in a temporary file instead, but a JSON body is parsed
 * in memory.
 */
@ConfigurationProperties("classifier.v2")
public record OpenInferenceProperties(@DefaultValue("48MB") DataSize requestMemory) {
}
