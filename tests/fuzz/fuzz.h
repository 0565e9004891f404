/*
 * What the libFuzzer targets share (tests/fuzz/fuzz_*.c, built by `make
 * fuzz` with clang -fsanitize=fuzzer,address,undefined): the input as a C
 * string, and a scratch directory for the parsers that read files.
 */
#ifndef KSIM_FUZZ_H
#define KSIM_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksim/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input with a NUL added; the caller frees. Embedded NULs stay (C readers stop there). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/* A private directory under $TMPDIR (or /tmp) for this process, made once. */
static inline const char *fuzz_dir(void)
{
	static char dir[256];

	if (!dir[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/ksim-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir))
			fatal("fuzz: cannot make a scratch directory");
	}
	return dir;
}

/* Writes size bytes to path (replacing it). */
static inline void fuzz_write(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		fatal("fuzz: cannot write %s", path);
}

#endif
