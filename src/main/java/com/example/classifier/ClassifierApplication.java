package com.example.classifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import com.example.classifier.cli.Cli;

/**
 * The image classifier: a web service by default; {@code classify ...} and
 * {@code evaluate ...} run the command line instead (package {@code cli}), without the
 * web server.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ClassifierApplication {

	public static void main(String[] args) {
		if (Cli.handles(args)) {
			System.exit(Cli.run(args));
		}
		SpringApplication.run(ClassifierApplication.class, args);
	}

}
