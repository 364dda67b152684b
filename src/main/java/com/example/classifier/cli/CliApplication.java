package com.example.classifier.cli;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;

/**
 * The application context of the command line: the app's own components and settings,
 * with the profile {@code cli} ({@code application-cli.yaml}: no web server, one model,
 * logs at WARN). The web adapters' beans are created too, unused; the web server and what
 * needs it are not.
 *
 * <p>
 * Deliberately not a {@code @Configuration}: the web application's component scan must
 * not pick it up.
 */
@EnableAutoConfiguration
// The whole app, as ClassifierApplication scans it (which the command line
// cannot import: it starts the command line).
@ComponentScan("com.example.classifier")
@ConfigurationPropertiesScan("com.example.classifier")
class CliApplication {

}
