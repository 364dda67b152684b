package com.example.classifier.cli;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

import com.example.classifier.classification.ClassificationService;
import com.example.classifier.image.ImageDecoder;
import com.example.classifier.inference.InferenceQueue;
import com.example.classifier.model.ModelRegistry;
import com.example.classifier.tensor.Preprocessing;

/**
 * The application context of the command line: the same classification core as the web service (decoding,
 * preprocessing, models, batched inference), without the web layer (controllers, pages, API errors), which needs a
 * servlet container. Started with {@code WebApplicationType.NONE} by {@link EngineContext}.
 *
 * <p>Deliberately not a {@code @Configuration}: the web application's component scan must not pick it up.
 */
@EnableAutoConfiguration
@ComponentScan(basePackageClasses = { ClassificationService.class, ImageDecoder.class, InferenceQueue.class,
		ModelRegistry.class, Preprocessing.class })
@ConfigurationPropertiesScan(basePackageClasses = { ClassificationService.class, ImageDecoder.class,
		InferenceQueue.class, ModelRegistry.class, Preprocessing.class })
class CliApplication {
}
