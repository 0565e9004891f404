/*
 * util: memory that never returns NULL, the error record every fallible call
 * fills, a growable string buffer, and the virtual-time formats (RFC 3339,
 * Go-style durations, kubectl's HumanDuration). Any thread may call these.
 */
#ifndef KSIM_UTIL_H
#define KSIM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define NONE32 UINT32_MAX

/* Out of memory is not an input error: these abort through fatal(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Grows *items (elem bytes each) so that index need-1 fits; doubles *cap. */
void xgrow(void *items_ptr, uint32_t *cap, uint32_t need, size_t elem);
/* qsort for the arrays above: an empty one may be NULL, which qsort itself must not be given. */
void xqsort(void *base, size_t n, size_t elem, int (*cmp)(const void *, const void *));

/* Called by fatal() before it aborts, so the terminal is put back. */
void fatal_set_hook(void (*hook)(void));
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * What went wrong, and where: "file:line:col: path: message". line and col
 * are 1-based; 0 means unknown. Deep code fills this and returns -1; only
 * main() prints it.
 */
struct ksim_error {
	char file[256];
	int line, col;
	char path[256];
	char msg[512];
};
void error_set(struct ksim_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void error_at(struct ksim_error *err, const char *file, int line, int col, const char *path,
	      const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Formats the whole one-line message into buf. */
void error_format(const struct ksim_error *err, char *buf, size_t size);

/*
 * A growable NUL-terminated string. When tee is set, every write is also
 * appended there: a command's stdout and stderr teed into one transcript
 * keep the order they were written in, as a terminal shows them.
 */
struct strbuf {
	char *data;
	size_t len, cap;
	struct strbuf *tee;
};
void sb_init(struct strbuf *sb);
void sb_free(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const char *s);
void sb_addn(struct strbuf *sb, const char *s, size_t n);
void sb_addc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Returns the string; the buffer is left empty and owns nothing. */
char *sb_take(struct strbuf *sb);

/* Virtual time is milliseconds since the Unix epoch, UTC. */
#define TIME_NONE INT64_MIN
/* Proleptic Gregorian calendar <-> days since 1970-01-01. */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d);
void time_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/* "2026-01-01T00:20:00Z" (seconds precision); buf needs 21 bytes. */
void time_rfc3339(int64_t ms, char *buf, size_t size);
/* Go's RFC1123Z in UTC: "Thu, 01 Jan 2026 00:20:00 +0000"; buf needs 32 bytes. */
void time_rfc1123z(int64_t ms, char *buf, size_t size);
/* date(1)'s default in UTC: "Thu Jan  1 00:20:00 UTC 2026"; buf needs 32 bytes. */
void time_date(int64_t ms, char *buf, size_t size);
/* "Thu" for day 0 (1970-01-01) and so on, for any day count. */
const char *time_weekday(int64_t days);
/* "Jan" for month 1 to "Dec" for 12. */
const char *time_month(unsigned m);
/* Accepts "2026-01-01T00:00:00Z", with optional fraction and +hh:mm offset. */
int time_parse_rfc3339(const char *s, int64_t *ms);
/* Go-style duration: "90s", "5m", "1h30m", "250ms", "1.5h"; plain digits are seconds. */
int duration_parse(const char *s, int64_t *ms);
/* kubectl's HumanDuration (apimachinery util/duration): "119s", "2m5s", "3h", "2d1h". */
void duration_human(int64_t ms, char *buf, size_t size);
/* Exact short form used by ksim itself: "1h30m", "20s", "250ms". */
void duration_short(int64_t ms, char *buf, size_t size);

/* 64-bit FNV-1a, for hashing small keys. */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);
static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif
