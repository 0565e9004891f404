/*
 * The asciicast writer (src/cast/), checked line by line as asciicast v2:
 * the header a JSON object with "version": 2, every event a JSON array
 * [time, "o" or "m", string]. The first byte picks what feeds it:
 *   15 mod 16: a random dashboard, `ksim play --cast` of a demo whose title,
 *            captions (markers), a command's output in the Detail panel,
 *            size, speed and panel keys come from the input (a hundred
 *            times slower than the writer alone, so the rarer one);
 *   else:    the writer alone, on a header of random sizes, title and TERM
 *            and random events (every byte value, invalid UTF-8 included),
 *            each string decoding to its bytes (invalid ones to U+FFFD).
 */
#include "fuzz.h"

#include <math.h>

#include "ksim/cast.h"
#include "ksim/scenario.h"
#include "ksim/tui.h"

/* --- a strict JSON reader, enough to check the lines --- */

struct json {
	const char *s, *end;
	struct strbuf *str; /* the last string read, decoded */
};

static void ws(struct json *j)
{
	while (j->s < j->end && (*j->s == ' ' || *j->s == '\t'))
		j->s++;
}

static bool lit(struct json *j, const char *word)
{
	size_t n = strlen(word);

	ws(j);
	if ((size_t)(j->end - j->s) < n || memcmp(j->s, word, n) != 0)
		return false;
	j->s += n;
	return true;
}

static void put_utf8(struct strbuf *out, uint32_t cp)
{
	char b[4];
	size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;

	for (size_t i = n; i-- > 1; cp >>= 6)
		b[i] = (char)(0x80 | (cp & 0x3f));
	b[0] = (char)(n == 1 ? cp : (0xf00u >> n & 0xff) | cp);
	sb_addn(out, b, n);
}

/* Length of the UTF-8 sequence at d, re-encoded to catch overlong forms; 0 if invalid. */
static size_t utf8_at(const uint8_t *d, size_t n)
{
	size_t len = d[0] < 0x80 ? 1 : d[0] >= 0xf0 ? 4 : d[0] >= 0xe0 ? 3 : 2;
	uint32_t cp = len == 1 ? d[0] : d[0] & (0x7fu >> len);
	struct strbuf again;
	bool ok;

	if ((d[0] >= 0x80 && d[0] < 0xc2) || d[0] > 0xf4 || len > n)
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((d[k] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (d[k] & 0x3f);
	}
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	sb_init(&again);
	put_utf8(&again, cp);
	ok = again.len == len;
	sb_free(&again);
	return ok ? len : 0;
}

static bool hex4(struct json *j, uint32_t *cp)
{
	*cp = 0;
	for (int i = 0; i < 4; i++, j->s++) {
		char c = j->s < j->end ? *j->s : 0;
		int v = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (v < 0)
			return false;
		*cp = *cp << 4 | (uint32_t)v;
	}
	return true;
}

/* A string: no raw control characters, valid escapes and surrogate pairs, valid UTF-8. */
static bool string(struct json *j)
{
	sb_reset(j->str);
	if (!lit(j, "\""))
		return false;
	while (j->s < j->end && *j->s != '"') {
		unsigned char c = (unsigned char)*j->s++;
		uint32_t cp, lo;
		if (c < 0x20)
			return false;
		if (c != '\\') {
			sb_addc(j->str, (char)c);
			continue;
		}
		if (j->s >= j->end)
			return false;
		c = (unsigned char)*j->s++;
		if (c == 'u') {
			if (!hex4(j, &cp))
				return false;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return false;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (!lit(j, "\\u") || !hex4(j, &lo) || lo < 0xdc00 || lo > 0xdfff)
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			put_utf8(j->str, cp);
		} else if (strchr("\"\\/bfnrt", c)) {
			sb_addc(j->str, "\"\\/\b\f\n\r\t"[strchr("\"\\/bfnrt", c) - "\"\\/bfnrt"]);
		} else {
			return false;
		}
	}
	if (j->s >= j->end)
		return false;
	j->s++;
	/* the bytes must be UTF-8 that a JSON reader accepts */
	for (size_t i = 0, n; i < j->str->len; i += n)
		if (!(n = utf8_at((const uint8_t *)j->str->data + i, j->str->len - i)))
			return false;
	return true;
}

static bool number(struct json *j, double *v)
{
	const char *p;
	char buf[64];

	ws(j);
	p = j->s;
	if (p < j->end && *p == '-')
		p++;
	if (p >= j->end || !(*p >= '0' && *p <= '9'))
		return false;
	if (*p == '0')
		p++;
	else
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	if (p < j->end && *p == '.') {
		if (++p >= j->end || !(*p >= '0' && *p <= '9'))
			return false;
		while (p < j->end && *p >= '0' && *p <= '9')
			p++;
	}
	if ((size_t)(p - j->s) >= sizeof buf)
		return false;
	memcpy(buf, j->s, (size_t)(p - j->s));
	buf[p - j->s] = '\0';
	*v = strtod(buf, NULL);
	j->s = p;
	return true;
}

static bool value(struct json *j, int depth);

static bool members(struct json *j, int depth, bool object)
{
	if (lit(j, object ? "}" : "]"))
		return true;
	do {
		if (object && (!string(j) || !lit(j, ":")))
			return false;
		if (!value(j, depth + 1))
			return false;
	} while (lit(j, ","));
	return lit(j, object ? "}" : "]");
}

static bool value(struct json *j, int depth)
{
	double v;

	if (depth > 8)
		return false;
	ws(j);
	if (j->s < j->end && *j->s == '"')
		return string(j);
	if (lit(j, "{"))
		return members(j, depth, true);
	if (lit(j, "["))
		return members(j, depth, false);
	return lit(j, "true") || lit(j, "false") || lit(j, "null") || number(j, &v);
}

/* Checks lines[0..n) as a whole cast; data[i] (when given) is what event i must decode to. */
static void check_cast(const char *text, size_t n, const struct strbuf *want, size_t nwant)
{
	struct strbuf str;
	const char *end = text + n;
	double last = 0;
	size_t line = 0;

	sb_init(&str);
	if (!n || text[n - 1] != '\n')
		fatal("fuzz_cast: the cast does not end with a newline");
	for (const char *s = text; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		struct json j = { s, nl, &str };
		double t;
		if (line == 0) {
			if (!lit(&j, "{\"version\": 2,") || (j.s = s, !value(&j, 0)) || j.s != nl)
				fatal("fuzz_cast: the header is not a JSON object with version 2: %.*s",
				      (int)(nl - s), s);
		} else {
			if (!lit(&j, "[") || !number(&j, &t) || !lit(&j, ",") || !string(&j) ||
			    str.len != 1 || (str.data[0] != 'o' && str.data[0] != 'm') ||
			    !lit(&j, ",") || !string(&j) || !lit(&j, "]") || j.s != nl)
				fatal("fuzz_cast: line %zu is not [time, \"o\"|\"m\", string]: %.*s",
				      line + 1, (int)(nl - s), s);
			if (t < last || !isfinite(t))
				fatal("fuzz_cast: line %zu goes back in time", line + 1);
			last = t;
			if (want && line - 1 < nwant &&
			    (str.len != want[line - 1].len ||
			     memcmp(str.data, want[line - 1].data, str.len) != 0))
				fatal("fuzz_cast: line %zu does not decode to its data", line + 1);
		}
		s = nl + 1;
	}
	sb_free(&str);
}

/* --- even: the writer alone --- */

/* The bytes a JSON reader gets back for data: invalid UTF-8 as U+FFFD, a byte at a time. */
static void expected(const uint8_t *d, size_t n, struct strbuf *out)
{
	sb_reset(out);
	for (size_t i = 0, len; i < n; i += len ? len : 1)
		if ((len = utf8_at(d + i, n - i)))
			sb_addn(out, (const char *)d + i, len);
		else
			sb_add(out, "\xef\xbf\xbd");
}

/* Reads a length-prefixed chunk of the input. */
static const uint8_t *chunk(const uint8_t **d, size_t *n, size_t *len)
{
	const uint8_t *p;

	*len = *n ? **d : 0;
	if (*n)
		(*d)++, (*n)--;
	if (*len > *n)
		*len = *n;
	p = *d;
	*d += *len;
	*n -= *len;
	return p;
}

static void writer(const uint8_t *d, size_t n)
{
	struct cast_header h = { 0 };
	struct strbuf out, want[64];
	char *title, *term;
	size_t len, nev = 0;
	const uint8_t *p;
	double t = 0;

	sb_init(&out);
	h.cols = n > 1 ? d[0] * 3 : 80;
	h.rows = n > 1 ? d[1] : 24;
	h.timestamp = n > 2 ? (int64_t)d[2] << 40 : 0;
	d += n > 3 ? 3 : n;
	n -= n > 3 ? 3 : n;
	p = chunk(&d, &n, &len);
	title = fuzz_text(p, len);
	p = chunk(&d, &n, &len);
	term = fuzz_text(p, len);
	h.title = len % 2 ? title : NULL;
	h.term = term;
	cast_xterm_rgb(h.rows - 40, h.fg);
	cast_xterm_rgb(h.cols, h.bg);
	for (int i = 0; i < 16; i++)
		cast_xterm_rgb(i * 17 + h.rows, h.palette[i]);
	cast_header_line(&h, &out);
	while (n && nev < 64) {
		char type = *d & 1 ? 'm' : 'o';
		t += (double)(*d >> 1) / 7.0;
		d++, n--;
		p = chunk(&d, &n, &len);
		sb_init(&want[nev]);
		expected(p, len, &want[nev++]);
		cast_event_line(t, type, (const char *)p, len, &out);
	}
	check_cast(out.data, out.len, want, nev);
	for (size_t i = 0; i < nev; i++)
		sb_free(&want[i]);
	sb_free(&out);
	free(title);
	free(term);
}

/* --- odd: a random dashboard --- */

/* s as a YAML double-quoted scalar, every byte outside printable ASCII as \xNN. */
static void yaml_quoted(const uint8_t *s, size_t n, struct strbuf *out)
{
	sb_addc(out, '"');
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' && s[i] != '\\')
			sb_addc(out, (char)s[i]);
		else
			sb_printf(out, "\\x%02x", s[i]);
	sb_addc(out, '"');
}

static void dashboard(const uint8_t *d, size_t n)
{
	static const char *const keys[] = { "Tab", "1", "2",     "3", "4", "5",
					    "6",   "7", "Enter", "L", "j" };
	struct tui_options o = { .speed = 1 };
	struct strbuf demo, cast;
	struct scenario *sc = NULL;
	struct session s;
	struct ksim_error err;
	const uint8_t *p;
	size_t len;
	char path[512], *title;
	int cols, rows;
	FILE *f;

	if (n < 4)
		return;
	cols = 80 + d[0] % 121;
	rows = 24 + d[1] % 37;
	o.speed = 1 + d[2] % 4; /* frames: a virtual second each, to 3 s x speed past the end */
	d += 3, n -= 3;
	sb_init(&demo);
	sb_init(&cast);
	sb_add(&demo, "apiVersion: ksim.io/v1alpha1\nkind: Scenario\nmetadata: {name: fuzz}\n"
		      "spec:\n  timeline:\n");
	p = chunk(&d, &n, &len);
	title = fuzz_text(p, len);
	for (int i = 0; n && i < 6; i++) {
		uint8_t op = *d++;
		n--;
		p = chunk(&d, &n, &len);
		sb_printf(&demo, "  - at: +%ds\n    ", op >> 6);
		if (op % 3 == 0)
			sb_add(&demo, "say: ");
		else if (op % 3 == 1)
			sb_add(&demo, "run: ");
		else
			sb_printf(&demo, "key: %s\n", keys[(op >> 2) % ARRAY_LEN(keys)]);
		if (op % 3 < 2) {
			yaml_quoted(p, len, &demo);
			sb_addc(&demo, '\n');
		}
	}
	o.title = title;
	if (scenario_load_text("fuzz.yaml", demo.data, &sc, &err) == 0 &&
	    scenario_session(sc, &s, &err) == 0) {
		o.play = sc;
		snprintf(path, sizeof path, "%s/fuzz.cast", fuzz_dir());
		if (tui_cast(&s, &o, path, cols, rows, &err))
			fatal("fuzz_cast: tui_cast: %s", err.msg);
		if (!(f = fopen(path, "r")))
			fatal("fuzz_cast: cannot read the cast");
		for (int c; (c = fgetc(f)) != EOF;)
			sb_addc(&cast, (char)c);
		fclose(f);
		check_cast(cast.data, cast.len, NULL, 0);
	}
	scenario_free(sc);
	free(title);
	sb_free(&demo);
	sb_free(&cast);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("XDG_CONFIG_HOME", fuzz_dir(), 1); /* no keys.yaml of the user's */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && data[0] % 16 == 15)
		dashboard(data + 1, size - 1);
	else
		writer(data + (size > 0), size - (size > 0));
	return 0;
}
