package com.example.classifier.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Files that are not images are refused for what they are, and binary files are never
 * called text.
 */
class ImageFormatTests {

	@Test
	void binaryFilesAreNotText() {
		byte[] tga = new byte[18 + 64 * 64 * 3 + 26];
		tga[2] = 2;
		tga[12] = 64;
		tga[14] = 64;
		tga[16] = 24;
		Arrays.fill(tga, 18, 18 + 64 * 64 * 3, (byte) 0x80);
		byte[] footer = "TRUEVISION-XFILE.\0".getBytes(StandardCharsets.ISO_8859_1);
		System.arraycopy(footer, 0, tga, tga.length - footer.length, footer.length);
		assertThat(refusal(tga)).isEqualTo("TGA is not supported; send JPEG, PNG, GIF, WebP or BMP");
		byte[] footerless = Arrays.copyOf(tga, tga.length - 26);
		assertThat(refusal(footerless)).isEqualTo("not a supported image: the file is not JPEG, PNG, GIF, WebP or BMP");

		byte[] elf = new byte[4096];
		elf[0] = 0x7F;
		elf[1] = 'E';
		elf[2] = 'L';
		elf[3] = 'F';
		assertThat(refusal(elf)).isEqualTo("not an image: looks like a program");
		assertThat(refusal(bytes("MZ\u0090\u0000\u0003\u0000\u0000\u0000")))
			.isEqualTo("not an image: looks like a program");
		assertThat(refusal(bytes("PK\u0003\u0004\u0014\u0000")))
			.isEqualTo("not an image: looks like a compressed archive");

		// Bytes of every value, as in compressed or encrypted data.
		byte[] noise = new byte[1024];
		for (int i = 0; i < noise.length; i++) {
			noise[i] = (byte) (i * 131 + 7);
		}
		assertThat(refusal(noise)).isEqualTo("not a supported image: the file is not JPEG, PNG, GIF, WebP or BMP");
	}

	@Test
	void textInAnyScriptIsText() {
		assertThat(refusal("hello, world\n".repeat(20).getBytes(StandardCharsets.US_ASCII)))
			.isEqualTo("not an image: looks like text");
		assertThat(refusal("猫の写真についてのメモ。\n".repeat(50).getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("not an image: looks like text");
		assertThat(refusal("Café, crème brûlée, façade.\n".repeat(30).getBytes(StandardCharsets.ISO_8859_1)))
			.isEqualTo("not an image: looks like text");
	}

	private static String refusal(byte[] bytes) {
		return ImageFormat.describeUnsupported(bytes).getMessage();
	}

	private static byte[] bytes(String latin1) {
		byte[] head = latin1.getBytes(StandardCharsets.ISO_8859_1);
		return Arrays.copyOf(head, 512);
	}

}
