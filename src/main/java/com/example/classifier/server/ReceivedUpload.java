package com.example.classifier.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;

import org.apache.catalina.core.ApplicationPart;

/**
 * A multipart request whose body has been received into a temporary file (or refused
 * while it arrived), as the app sees it: its parts are parsed from that file by Tomcat's
 * own parser, with the same limits and the same errors as Tomcat's parsing of a live
 * body, and its parameters are the query's and the form fields'.
 */
final class ReceivedUpload extends HttpServletRequestWrapper {

	private final UploadLimits limits;

	private volatile Path body;

	private volatile long length;

	private volatile RuntimeException refusal;

	private List<Part> parts;

	private IOException partsFailure;

	private IllegalStateException partsRefusal;

	private Map<String, List<String>> parameters;

	private final List<InputStream> opened = Collections.synchronizedList(new ArrayList<>());

	ReceivedUpload(HttpServletRequest request, UploadLimits limits) {
		super(request);
		this.limits = limits;
	}

	/** The body has arrived whole, in this file. */
	void received(Path file, long bytes) {
		this.length = bytes;
		this.body = file;
	}

	/**
	 * The body was refused while it arrived: reading the parts throws this, as a parse
	 * failure would.
	 */
	void refuse(RuntimeException why) {
		this.refusal = why;
	}

	File limitsLocation() {
		return limits.location();
	}

	/** Deletes the parts' and the body's temporary files. */
	void delete() {
		List<Part> parsed;
		synchronized (this) {
			parsed = parts != null ? parts : List.of();
		}
		ReceivedForm.deleteAll(parsed);
		synchronized (opened) {
			for (InputStream in : opened) {
				try {
					in.close();
				}
				catch (IOException ex) {
					// closed as far as it can be
				}
			}
		}
		Path file = body;
		if (file != null) {
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				// left to the container's temporary directory
			}
		}
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (refusal != null) {
			throw refusal;
		}
		InputStream in = Files.newInputStream(body);
		opened.add(in);
		return new ReceivedBodyStream(in);
	}

	@Override
	public BufferedReader getReader() throws IOException {
		return new BufferedReader(
				new InputStreamReader(getInputStream(), ReceivedForm.charset(getCharacterEncoding())));
	}

	@Override
	public int getContentLength() {
		return length > Integer.MAX_VALUE ? -1 : (int) length;
	}

	@Override
	public long getContentLengthLong() {
		return length;
	}

	@Override
	public synchronized Collection<Part> getParts() throws IOException, ServletException {
		if (refusal != null) {
			throw refusal;
		}
		if (parts == null && partsFailure == null && partsRefusal == null) {
			try {
				parts = ReceivedForm.parse(this, body, limits);
			}
			catch (IOException ex) {
				partsFailure = new IOException(ex);
			}
			catch (IllegalStateException ex) {
				// kept, so that reading the parameters and then the parts
				// parses the body once
				partsRefusal = ex;
			}
		}
		if (partsRefusal != null) {
			throw partsRefusal;
		}
		if (partsFailure != null) {
			throw partsFailure;
		}
		return parts;
	}

	@Override
	public Part getPart(String name) throws IOException, ServletException {
		for (Part part : getParts()) {
			if (part.getName().equals(name)) {
				return part;
			}
		}
		return null;
	}

	@Override
	public String getParameter(String name) {
		List<String> values = parameters().get(name);
		return values == null ? null : values.get(0);
	}

	@Override
	public String[] getParameterValues(String name) {
		List<String> values = parameters().get(name);
		return values == null ? null : values.toArray(String[]::new);
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		Map<String, String[]> map = new LinkedHashMap<>();
		parameters().forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
		return Collections.unmodifiableMap(map);
	}

	/**
	 * The query's parameters, then the form fields (as Tomcat orders them); only the
	 * query's if parsing fails.
	 */
	private synchronized Map<String, List<String>> parameters() {
		if (parameters == null) {
			Map<String, List<String>> all = new LinkedHashMap<>();
			String query = getQueryString();
			if (query != null) {
				for (String pair : query.split("&")) {
					int equals = pair.indexOf('=');
					String name = ReceivedForm.decode(equals < 0 ? pair : pair.substring(0, equals),
							ReceivedForm.charset(getCharacterEncoding()));
					String value = equals < 0 ? "" : ReceivedForm.decode(pair.substring(equals + 1),
							ReceivedForm.charset(getCharacterEncoding()));
					if (name != null && !name.isEmpty() && value != null) {
						all.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
					}
				}
			}
			try {
				for (Part part : getParts()) {
					if (part.getSubmittedFileName() == null) {
						all.computeIfAbsent(part.getName(), key -> new ArrayList<>())
							.add(((ApplicationPart) part)
								.getString(ReceivedForm.charset(getCharacterEncoding()).name()));
					}
				}
			}
			catch (IOException | ServletException | RuntimeException ex) {
				// the same failure reaches the app when it asks for the parts
			}
			parameters = all;
		}
		return parameters;
	}

}
