package com.example.classifier.model;

/**
 * A model could not be loaded or unloaded at run time; the server serves what it served
 * before. What it means for a protocol is decided at the edge.
 */
public class ModelChangeRefusedException extends RuntimeException {

	/** Why the change was refused. */
	public enum Reason {

		/** The name is not a plain folder name. */
		NOT_A_NAME,
		/** No model folder of that name, or none with weights in it. */
		NO_SUCH_FOLDER,
		/** Not served, so nothing to unload. */
		NOT_SERVED,
		/** The default model is never unloaded. */
		DEFAULT_MODEL,
		/** The folder is there but its model failed to load or to answer. */
		LOAD_FAILED

	}

	private final Reason reason;

	public ModelChangeRefusedException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

}
