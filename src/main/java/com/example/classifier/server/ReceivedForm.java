package com.example.classifier.server;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.apache.catalina.core.ApplicationPart;
import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory;
import org.apache.tomcat.util.http.fileupload.impl.InvalidContentTypeException;
import org.apache.tomcat.util.http.fileupload.impl.SizeException;
import org.apache.tomcat.util.http.fileupload.servlet.ServletRequestContext;

/**
 * The parts of a received multipart body, parsed with Tomcat's own FileUpload (or, when
 * plainly well-formed, found faster with the same result), and the text of its fields.
 */
final class ReceivedForm {

	private ReceivedForm() {
	}

	/**
	 * As Tomcat's {@code Request.parseParts}, but from the received file: a plainly
	 * well-formed body by {@link WellFormedMultipart}, any other by Tomcat's own parser.
	 */
	static List<Part> parse(HttpServletRequest request, Path body, UploadLimits limits)
			throws ServletException, IOException {
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
			List<FileItem> items = WellFormedMultipart.parse(upload, body, request.getContentLengthLong(),
					request.getContentType(), request.getCharacterEncoding());
			if (items == null) {
				items = upload.parseRequest(new ServletRequestContext(request));
			}
			for (FileItem item : items) {
				parsed.add(new ApplicationPart(item, limits.location()));
				if (item.isFormField()) {
					// As Tomcat counts them: each field is read whole into a
					// string, a file is not.
					fieldBytes += item.getFieldName().length() + item.getSize() + 2;
				}
			}
			if (limits.maxFormFieldBytes() >= 0 && fieldBytes > limits.maxFormFieldBytes()) {
				deleteAll(parsed);
				throw new FormFieldsTooLargeException(fieldBytes, limits.maxFormFieldBytes());
			}
			return parsed;
		}
		catch (InvalidContentTypeException ex) {
			throw new ServletException(ex);
		}
		catch (SizeException ex) {
			// Spring reads an IllegalStateException about a size as an upload
			// too large, as it does Tomcat's.
			throw new IllegalStateException(ex);
		}
	}

	static void deleteAll(List<Part> parsed) {
		for (Part part : parsed) {
			try {
				part.delete();
			}
			catch (IOException ex) {
				// left to the container's temporary directory
			}
		}
	}

	static String decode(String text, Charset charset) {
		try {
			return URLDecoder.decode(text, charset);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static Charset charset(String encoding) {
		try {
			return encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
		}
		catch (IllegalArgumentException ex) {
			return StandardCharsets.UTF_8;
		}
	}

}
