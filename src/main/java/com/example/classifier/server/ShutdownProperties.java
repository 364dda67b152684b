package com.example.classifier.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How an instance stops ({@code classifier.shutdown.*}).
 *
 * @param drain how long it keeps serving after a stop signal while it reports not-ready,
 * before it stops accepting requests: long enough for a balancer's health checks to take
 * it out (the images set 3s; environment {@code CLASSIFIER_SHUTDOWN_DRAIN})
 */
@ConfigurationProperties("classifier.shutdown")
public record ShutdownProperties(@DefaultValue("0s") Duration drain) {
}
