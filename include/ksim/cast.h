/*
 * cast: the asciicast v2 format (https://docs.asciinema.org/manual/asciicast/v2/)
 * that `ksim play --cast` writes: a header line of JSON (size, timestamp,
 * env, the theme's colours), then one JSON array a line per event:
 * [seconds, "o", terminal output] or [seconds, "m", marker label]. Pure
 * formatting into a strbuf; the caller owns the file.
 */
#ifndef KSIM_CAST_H
#define KSIM_CAST_H

#include <stddef.h>
#include <stdint.h>

#include "ksim/util.h"

struct cast_header {
	int cols, rows;
	int64_t timestamp;   /* Unix seconds */
	const char *title;   /* NULL: none */
	const char *term;    /* TERM the output is for */
	char fg[8], bg[8];   /* "#rrggbb" */
	char palette[16][8]; /* the 16 ANSI colours */
};

/* The header line, newline included. */
void cast_header_line(const struct cast_header *h, struct strbuf *out);
/*
 * One event line: [t, "o" or "m", data]. data is len bytes of UTF-8; bytes
 * that are not valid UTF-8 become U+FFFD so the file stays valid JSON.
 */
void cast_event_line(double t, char type, const char *data, size_t len, struct strbuf *out);
/* "#rrggbb" of an xterm 256-colour palette index. */
void cast_xterm_rgb(int index, char out[8]);

#endif
