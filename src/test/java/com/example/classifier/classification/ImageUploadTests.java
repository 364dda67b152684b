package com.example.classifier.classification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What is kept of a file name a client sends: something safe to show, never a path. */
class ImageUploadTests {

	@Test
	void keepsTheLastPathSegmentOnly() {
		assertThat(ImageUpload.cleanName("../../etc/passwd")).isEqualTo("passwd");
		assertThat(ImageUpload.cleanName("C:\\Users\\me\\cat.jpg")).isEqualTo("cat.jpg");
	}

	@Test
	void dropsControlCharactersAndBidirectionalOverrides() {
		// U+202E shows what follows right to left: "photo\u202Egpj.exe" would
		// read "photoexe.jpg".
		assertThat(ImageUpload.cleanName("photo\u202Egpj.exe")).isEqualTo("photogpj.exe");
		assertThat(ImageUpload.cleanName("a\u0000b\nc\u2066d.png")).isEqualTo("abcd.png");
	}

	@Test
	void dropsInvisibleCharacters() {
		// zero-width space, zero-width joiner, byte order mark, soft hyphen,
		// line separator, private use, lone surrogate
		assertThat(ImageUpload.cleanName("\uFEFFca\u200Bt\u200D\u00AD\u2028\uE000\uD800.jpg")).isEqualTo("cat.jpg");
		assertThat(ImageUpload.cleanName("\u200B\uFEFF")).isEqualTo("image");
		// what people name files with stays: other scripts, emoji, combining accents
		assertThat(ImageUpload.cleanName("猫の写真 \uD83D\uDC31 cafe\u0301.jpg"))
			.isEqualTo("猫の写真 \uD83D\uDC31 cafe\u0301.jpg");
	}

	@Test
	void cutsAt200CharactersWithoutSplittingOne() {
		String cats = "\uD83D\uDC08".repeat(300); // 300 cats, each two UTF-16 units
		String clean = ImageUpload.cleanName(cats);
		assertThat(clean.codePointCount(0, clean.length())).isEqualTo(200);
		assertThat(clean).isEqualTo("\uD83D\uDC08".repeat(200));
	}

	@Test
	void nothingLeftIsImage() {
		assertThat(ImageUpload.cleanName(null)).isEqualTo("image");
		assertThat(ImageUpload.cleanName("dir/")).isEqualTo("image");
	}

}
