/*
 * What libjpeg-turbo alone needs to decode a JPEG at a DCT scale: the floor under the app's decode (issue 20).
 * CPU time of this process, best and mean of N decodes from memory, RGB out, nothing else.
 *
 *   gcc -O2 -o target/jpeg-floor bench/jpeg-floor.c -ljpeg     # Debian: gcc libjpeg62-turbo-dev
 *   target/jpeg-floor ../shared/images/large/dog_4032x3024.jpg 8 20
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <jpeglib.h>

static double cpu_ms(void) {
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
	if (argc != 4) {
		fprintf(stderr, "usage: %s FILE.jpg SCALE_DENOMINATOR(1|2|4|8) REPEATS\n", argv[0]);
		return 2;
	}
	FILE *file = fopen(argv[1], "rb");
	if (file == NULL) {
		perror(argv[1]);
		return 1;
	}
	fseek(file, 0, SEEK_END);
	long size = ftell(file);
	fseek(file, 0, SEEK_SET);
	unsigned char *jpeg = malloc(size);
	if (fread(jpeg, 1, size, file) != (size_t) size) {
		perror(argv[1]);
		return 1;
	}
	fclose(file);
	int denominator = atoi(argv[2]), repeats = atoi(argv[3]);
	double best = 1e9, sum = 0;
	unsigned width = 0, height = 0;
	for (int i = 0; i < repeats; i++) {
		double start = cpu_ms();
		struct jpeg_decompress_struct cinfo;
		struct jpeg_error_mgr errors;
		cinfo.err = jpeg_std_error(&errors);
		jpeg_create_decompress(&cinfo);
		jpeg_mem_src(&cinfo, jpeg, size);
		jpeg_read_header(&cinfo, TRUE);
		cinfo.scale_num = 1;
		cinfo.scale_denom = denominator;
		cinfo.out_color_space = JCS_RGB;
		jpeg_start_decompress(&cinfo);
		size_t stride = (size_t) cinfo.output_width * 3;
		unsigned char *pixels = malloc(stride * cinfo.output_height);
		while (cinfo.output_scanline < cinfo.output_height) {
			JSAMPROW row = pixels + cinfo.output_scanline * stride;
			jpeg_read_scanlines(&cinfo, &row, 1);
		}
		width = cinfo.output_width;
		height = cinfo.output_height;
		jpeg_finish_decompress(&cinfo);
		jpeg_destroy_decompress(&cinfo);
		free(pixels);
		double took = cpu_ms() - start;
		sum += took;
		if (took < best) {
			best = took;
		}
	}
	printf("%s at 1/%d (%ux%u): best %.2f ms, mean %.2f ms of CPU over %d\n", argv[1], denominator, width, height,
			best, sum / repeats, repeats);
	free(jpeg);
	return 0;
}
