package com.example.classifier.model;

import java.util.Collection;

/** A request named a model this server does not serve. */
public class UnknownModelException extends RuntimeException {

	public UnknownModelException(String name, Collection<String> known) {
		super("no model named '" + name + "'; this server serves " + String.join(", ", known), null, false, false);
	}

}
