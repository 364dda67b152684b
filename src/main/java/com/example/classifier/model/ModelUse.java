package com.example.classifier.model;

/**
 * One request's use of a served model ({@link ModelRegistry#use}): a model replaced or
 * unloaded meanwhile finishes this request before it is closed.
 */
public final class ModelUse implements AutoCloseable {

	private final ServedModel model;

	private boolean closed;

	ModelUse(ServedModel model) {
		this.model = model;
	}

	public ServedModel model() {
		return model;
	}

	/** The request is done with the model. */
	@Override
	public void close() {
		if (!closed) {
			closed = true;
			model.release();
		}
	}

}
