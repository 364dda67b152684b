package com.example.classifier.image;

/**
 * An upload that is not a usable image, with a message in the user's terms. The message
 * never quotes the file's content nor names an exception class.
 */
public class ImageRejectedException extends RuntimeException {

	/**
	 * What kind of refusal this is, in the user's words; the edge (http.Problems) gives
	 * it a status.
	 */
	public enum Reason {

		EMPTY("Empty file"), UNDECODABLE("Image cannot be decoded"), UNSUPPORTED("Unsupported file type"),
		TOO_LARGE("Image too large");

		private final String title;

		Reason(String title) {
			this.title = title;
		}

		public String title() {
			return title;
		}

	}

	private final Reason reason;

	public ImageRejectedException(Reason reason, String detail) {
		super(detail, null, false, false);
		this.reason = reason;
	}

	static ImageRejectedException unsupported(String detail) {
		return new ImageRejectedException(Reason.UNSUPPORTED, detail);
	}

	public Reason reason() {
		return reason;
	}

	/**
	 * The same refusal, with the file named, so that a person sending three files knows
	 * which one.
	 */
	public ImageRejectedException forFile(String filename) {
		return new ImageRejectedException(reason, filename + ": " + getMessage());
	}

}
