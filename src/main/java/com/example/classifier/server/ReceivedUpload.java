package com.example.classifier.server;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;

import org.apache.catalina.core.ApplicationPart;
import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory;
import org.apache.tomcat.util.http.fileupload.impl.InvalidContentTypeException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.apache.tomcat.util.http.fileupload.servlet.ServletRequestContext;

/**
 * A multipart request whose body has been received into a temporary file (or refused
 * while it arrived), as the app sees it: its parts are parsed from that file by Tomcat's
 * own parser, with the same limits and the same errors as Tomcat's parsing of a live
 * body, and its parameters are the query's and the form fields'.
 */
final class ReceivedUpload extends HttpServletRequestWrapper {

	/**
	 * The multipart limits of the servlet, and Tomcat's: parts, a part's headers, and the
	 * form fields (every part but the files) together
	 * ({@code server.tomcat.max-http-form-post-size}).
	 */
	record Limits(MultipartConfigElement multipart, int maxParts, int maxPartHeaderBytes, long maxFormFieldBytes,
			File location) {
	}

	private final Limits limits;

	private volatile Path body;

	private volatile long length;

	private volatile RuntimeException refusal;

	private List<Part> parts;

	private IOException partsFailure;

	private IllegalStateException partsRefusal;

	private Map<String, List<String>> parameters;

	private final List<InputStream> opened = Collections.synchronizedList(new ArrayList<>());

	ReceivedUpload(HttpServletRequest request, Limits limits) {
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
		deleteAll(parsed);
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

	private static void deleteAll(List<Part> parsed) {
		for (Part part : parsed) {
			try {
				part.delete();
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
		return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
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
				parse();
			}
			catch (IllegalStateException ex) {
				// kept, so that reading the parameters and then the parts parses the body
				// once
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

	/** As Tomcat's {@code Request.parseParts}, but from the received file. */
	private void parse() throws ServletException {
		DiskFileItemFactory factory = new DiskFileItemFactory();
		factory.setRepository(limits.location());
		factory.setSizeThreshold(limits.multipart().getFileSizeThreshold());
		FileUpload upload = new FileUpload();
		upload.setFileItemFactory(factory);
		upload.setFileSizeMax(limits.multipart().getMaxFileSize());
		upload.setSizeMax(limits.multipart().getMaxRequestSize());
		upload.setFileCountMax(limits.maxParts());
		upload.setPartHeaderSizeMax(limits.maxPartHeaderBytes());
		List<Part> parsed = new ArrayList<>();
		try {
			long fieldBytes = 0;
			for (FileItem item : upload.parseRequest(new ServletRequestContext(this))) {
				parsed.add(new ApplicationPart(item, limits.location()));
				if (item.isFormField()) {
					// As Tomcat counts them: each field is read whole into a string, a
					// file is not.
					fieldBytes += item.getFieldName().length() + item.getSize() + 2;
				}
			}
			if (limits.maxFormFieldBytes() >= 0 && fieldBytes > limits.maxFormFieldBytes()) {
				deleteAll(parsed);
				throw new FormFieldsTooLargeException(fieldBytes, limits.maxFormFieldBytes());
			}
			parts = parsed;
		}
		catch (InvalidContentTypeException ex) {
			throw new ServletException(ex);
		}
		catch (SizeException ex) {
			// Spring reads an IllegalStateException about a size as an upload too large,
			// as it does Tomcat's.
			throw new IllegalStateException(ex);
		}
		catch (IOException ex) {
			partsFailure = new IOException(ex);
		}
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
					String name = decode(equals < 0 ? pair : pair.substring(0, equals));
					String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
					if (name != null && !name.isEmpty() && value != null) {
						all.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
					}
				}
			}
			try {
				for (Part part : getParts()) {
					if (part.getSubmittedFileName() == null) {
						all.computeIfAbsent(part.getName(), key -> new ArrayList<>())
							.add(((ApplicationPart) part).getString(charset().name()));
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

	private String decode(String text) {
		try {
			return URLDecoder.decode(text, charset());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private Charset charset() {
		String encoding = getCharacterEncoding();
		try {
			return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	/** The received body, read back (blocking: it is a local file). */
	private static final class ReceivedBodyStream extends ServletInputStream {

		private final InputStream in;

		private boolean finished;

		ReceivedBodyStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			finished = b < 0;
			return b;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			int n = in.read(bytes, offset, length);
			finished = n < 0;
			return n;
		}

		@Override
		public void close() throws IOException {
			in.close();
		}

		@Override
		public boolean isFinished() {
			return finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			throw new UncheckedIOException(new IOException("the body has been received already: read it directly"));
		}

	}

}
