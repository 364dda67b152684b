package com.example.classifier.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;

import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

import com.example.classifier.classification.ImageUpload;
import com.example.classifier.classification.InvalidRequestException;

/**
 * One image sent as the whole request body ({@code curl -T}, {@code --data-binary}),
 * received into a temporary file as a multipart body is (server's UploadReceiver), and
 * held to the same per-file limit. Its bytes are read on a decode thread, as a part's
 * are.
 */
public final class RawUpload {

	private RawUpload() {
	}

	/**
	 * @param filename the name shown in results (a raw body has none of its own)
	 * @throws InvalidRequestException for an empty body
	 * @throws MaxUploadSizeExceededException for a body over the per-file limit
	 * @throws MultipartException for a body the server refused while it arrived (too
	 * slow, too many at once), with the reason as its cause
	 */
	public static ImageUpload of(HttpServletRequest request, String filename, MultipartProperties limits) {
		long length = checkReceived(request, limits);
		if (length <= 0) {
			throw new InvalidRequestException("No image",
					"the request body is empty: send one image as the body (curl -T cat.jpg, or "
							+ "--data-binary @cat.jpg with Content-Type: image/jpeg)");
		}
		return new ImageUpload(filename, () -> read(request, (int) length));
	}

	/**
	 * The length of a body the server received whole (0 for none), within the per-file
	 * limit.
	 * @throws MaxUploadSizeExceededException for a body over the per-file or request
	 * limit
	 * @throws MultipartException for a body the server refused while it arrived (too
	 * slow, too many at once), with the reason as its cause
	 */
	public static long checkReceived(HttpServletRequest request, MultipartProperties limits) {
		try (InputStream in = request.getInputStream()) {
			// Opening it reports a body refused while it arrived.
		}
		catch (IllegalStateException ex) {
			throw ex.getCause() != null && ex.getCause().getClass().getSimpleName().equals("SizeLimitExceededException")
					? new MaxUploadSizeExceededException(limits.getMaxRequestSize().toBytes(), ex)
					: new MultipartException("the body was refused", ex);
		}
		catch (RuntimeException ex) {
			throw new MultipartException("the body was refused", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		long length = request.getContentLengthLong();
		long max = limits.getMaxFileSize().toBytes();
		if (max >= 0 && length > max) {
			throw new MaxUploadSizeExceededException(max,
					new FileSizeLimitExceededException("the body is larger than the limit", length, max));
		}
		return length;
	}

	private static byte[] read(HttpServletRequest request, int length) throws IOException {
		try (InputStream in = request.getInputStream()) {
			return UploadedFiles.readExactly(in, length);
		}
	}

}
