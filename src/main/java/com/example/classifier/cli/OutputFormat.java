package com.example.classifier.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.example.classifier.classification.ImageOutcome;
import com.example.classifier.classification.Prediction;

/**
 * How {@code classify} prints the classified files on stdout, one at a time as they are
 * done.
 */
enum OutputFormat {

	/** Aligned columns for people: each file's size, then its predictions, one a line. */
	TABLE {
		@Override
		Writer writer(PrintStream out, String model, List<String> names) {
			int width = Math.min(60, Math.max(4, names.stream().mapToInt(String::length).max().orElse(4)));
			String row = "%-" + width + "s  %-11s  %2s  %5s  %11s  %s%n";
			return new Writer() {
				private boolean header;

				@Override
				public void write(ImageOutcome.Classified result) {
					if (!header) {
						out.printf(row, "FILE", "SIZE", "#", "INDEX", "PROBABILITY", "LABEL");
						header = true;
					}
					List<Prediction> predictions = result.predictions();
					for (int i = 0; i < predictions.size(); i++) {
						Prediction p = predictions.get(i);
						out.printf(Locale.ROOT, row, i == 0 ? result.filename() : "",
								i == 0 ? result.width() + "x" + result.height() : "", i + 1, p.index(),
								String.format(Locale.ROOT, "%.4f", p.probability()), p.label());
					}
					out.flush();
				}
			};
		}
	},

	/**
	 * The API's answer: {"model": ..., "results": [{filename, width, height, predictions:
	 * [...]}]}.
	 */
	JSON {
		@Override
		Writer writer(PrintStream out, String model, List<String> names) {
			try {
				JsonGenerator json = new ObjectMapper().createGenerator(out);
				json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
				json.setPrettyPrinter(new DefaultPrettyPrinter().withSeparators(
						Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));
				json.writeStartObject();
				json.writeStringField("model", model);
				json.writeArrayFieldStart("results");
				return new Writer() {
					@Override
					public void write(ImageOutcome.Classified result) {
						try {
							// The API's own result type: the same fields, names
							// and number formats as its answers.
							json.writeObject(result);
							json.flush();
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
					}

					@Override
					public void close() {
						try {
							json.writeEndArray();
							json.writeEndObject();
							json.close();
							out.println();
							out.flush();
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
					}
				};
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	},

	/**
	 * Tab-separated, one line per prediction, with a header: for cut, awk and
	 * spreadsheets.
	 */
	TSV {
		@Override
		Writer writer(PrintStream out, String model, List<String> names) {
			out.println("file\twidth\theight\trank\tindex\tlabel\tprobability");
			return result -> {
				List<Prediction> predictions = result.predictions();
				for (int i = 0; i < predictions.size(); i++) {
					Prediction p = predictions.get(i);
					out.println(String.join("\t", field(result.filename()), Integer.toString(result.width()),
							Integer.toString(result.height()), Integer.toString(i + 1), Integer.toString(p.index()),
							field(p.label()), Float.toString(p.probability())));
				}
				out.flush();
			};
		}

		private static String field(String value) {
			return value.replaceAll("[\\t\\r\\n]", " ");
		}
	};

	/** Prints results as they come, then closes the document (if the format has one). */
	interface Writer extends AutoCloseable {

		void write(ImageOutcome.Classified result);

		@Override
		default void close() {
		}

	}

	/**
	 * @param names every file's name, known before the first result (for column widths)
	 */
	abstract Writer writer(PrintStream out, String model, List<String> names);

}
