/* asciicast v2 lines: the header and the events, as JSON. */
#include "ksim/cast.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and past U+10FFFF are not UTF-8 */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void json_string(const char *data, size_t n, struct strbuf *out)
{
	const unsigned char *s = (const unsigned char *)data;

	sb_addc(out, '"');
	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(s + i, n - i);
		if (len == 0) {
			sb_add(out, "\\ufffd");
			i++;
			continue;
		}
		if (len > 1)
			sb_addn(out, (const char *)s + i, len);
		else if (s[i] == '"' || s[i] == '\\')
			sb_printf(out, "\\%c", s[i]);
		else if (s[i] == '\n')
			sb_add(out, "\\n");
		else if (s[i] == '\r')
			sb_add(out, "\\r");
		else if (s[i] < 0x20 || s[i] == 0x7f)
			sb_printf(out, "\\u%04x", s[i]);
		else
			sb_addc(out, (char)s[i]);
		i += len;
	}
	sb_addc(out, '"');
}

void cast_header_line(const struct cast_header *h, struct strbuf *out)
{
	sb_printf(out, "{\"version\": 2, \"width\": %d, \"height\": %d, \"timestamp\": %lld",
		  h->cols, h->rows, (long long)h->timestamp);
	if (h->title) {
		sb_add(out, ", \"title\": ");
		json_string(h->title, strlen(h->title), out);
	}
	sb_add(out, ", \"env\": {\"SHELL\": \"/bin/sh\", \"TERM\": ");
	json_string(h->term, strlen(h->term), out);
	sb_printf(out, "}, \"theme\": {\"fg\": \"%s\", \"bg\": \"%s\", \"palette\": \"", h->fg,
		  h->bg);
	for (int i = 0; i < 16; i++)
		sb_printf(out, "%s%s", i ? ":" : "", h->palette[i]);
	sb_add(out, "\"}}\n");
}

void cast_event_line(double t, char type, const char *data, size_t len, struct strbuf *out)
{
	sb_printf(out, "[%.6f, \"%c\", ", t, type);
	json_string(data, len, out);
	sb_add(out, "]\n");
}

void cast_xterm_rgb(int index, char out[8])
{
	/* xterm's defaults: 16 system colours, a 6x6x6 cube, 24 greys */
	static const unsigned char system[16][3] = {
		{ 0, 0, 0 },       { 205, 0, 0 },   { 0, 205, 0 },   { 205, 205, 0 },
		{ 0, 0, 238 },     { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
		{ 127, 127, 127 }, { 255, 0, 0 },   { 0, 255, 0 },   { 255, 255, 0 },
		{ 92, 92, 255 },   { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const unsigned char cube[6] = { 0, 95, 135, 175, 215, 255 };
	unsigned r, g, b;

	if (index < 0 || index > 255)
		index = 0;
	if (index < 16) {
		r = system[index][0], g = system[index][1], b = system[index][2];
	} else if (index < 232) {
		int i = index - 16;
		r = cube[i / 36], g = cube[i / 6 % 6], b = cube[i % 6];
	} else {
		r = g = b = (unsigned)(8 + (index - 232) * 10);
	}
	snprintf(out, 8, "#%02x%02x%02x", r, g, b);
}
