/*
 * tz: IANA zones read from TZif files (RFC 8536, versions 1 to 3; the 64-bit
 * section when present) and the POSIX TZ rule in their footer, reduced to the
 * one question cron asks: the UTC offset at an instant, and how long it holds.
 * A zone is a sorted table of offset changes; rule changes are written into
 * the table up to TZ_TABLE_END and computed on the fly after it.
 */
#include "ksim/cron.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TZ_DIR_DEFAULT "/usr/share/zoneinfo"
#define TZ_FILE_MAX (1u << 20)
#define TZ_TABLE_END 2200
/* Keeps the calendar arithmetic far from overflow. */
#define TZ_SECS_LIMIT ((int64_t)1 << 50)
#define DAY_SECS 86400

enum rule_kind { RULE_JULIAN, RULE_DAY, RULE_MONTH }; /* Jn, n, Mm.w.d */

struct rule_date {
	enum rule_kind kind;
	int day, week, mon;
	int32_t secs; /* local time of day; may be negative or past 24 h */
};

/* A POSIX TZ string such as "EST5EDT,M3.2.0,M11.1.0", offsets east. */
struct tz_rule {
	int32_t std_off, dst_off;
	bool dst;
	struct rule_date start, end;
};

struct tz_change {
	int64_t when;
	int32_t off;
};

struct cron_tz {
	char *name;
	struct tz_change *chg; /* ascending; each changes the offset */
	uint32_t n, cap;
	int32_t first_off; /* before chg[0] */
	bool has_rule;     /* the rule decides from rule_from on */
	int64_t rule_from;
	struct tz_rule rule;
	int64_t last_midnight_change; /* the table's last change that skips or repeats a midnight */
	bool rule_moves_midnight;
};

static struct cron_tz tz_utc = { .name = "UTC", .last_midnight_change = INT64_MIN };
static struct cron_tz tz_etc_utc = { .name = "Etc/UTC", .last_midnight_change = INT64_MIN };

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* The UTC instant a rule date falls on in year y, off_before being in force. */
static int64_t rule_instant(const struct rule_date *r, int64_t y, int32_t off_before)
{
	int64_t jan1 = time_days_from_civil(y, 1, 1), day = 0;

	switch (r->kind) {
	case RULE_JULIAN: /* 1-365, February 29 never counted */
		day = r->day - 1 + (is_leap(y) && r->day >= 60);
		break;
	case RULE_DAY:
		day = r->day;
		break;
	case RULE_MONTH: {
		int64_t first = time_days_from_civil(y, (unsigned)r->mon, 1);
		int wd = (int)((first + 4) % 7 + 7) % 7;
		int d = (r->day - wd + 7) % 7 + (r->week - 1) * 7;

		if (d >= month_days(y, r->mon))
			d -= 7; /* week 5 means the last one */
		day = first - jan1 + d;
		break;
	}
	}
	return (jan1 + day) * DAY_SECS + r->secs - off_before;
}

/* Offset the rule gives at t, and the span between the rule changes around it. */
static int32_t rule_span(const struct tz_rule *r, int64_t t, int64_t *lo, int64_t *hi)
{
	int64_t when[10], y, dy;
	int32_t off[10];
	unsigned m, d;
	int n = 0, i;

	*lo = INT64_MIN;
	*hi = INT64_MAX;
	if (!r->dst)
		return r->std_off;
	time_civil_from_days(floor_div(t + r->std_off, DAY_SECS), &y, &m, &d);
	for (dy = y - 2; dy <= y + 2; dy++) {
		when[n] = rule_instant(&r->start, dy, r->std_off);
		off[n++] = r->dst_off;
		when[n] = rule_instant(&r->end, dy, r->dst_off);
		off[n++] = r->std_off;
	}
	for (i = 1; i < n; i++) { /* stable: on a tie the later year wins */
		for (int j = i; j > 0 && when[j - 1] > when[j]; j--) {
			int64_t tw = when[j];
			int32_t to = off[j];

			when[j] = when[j - 1], off[j] = off[j - 1];
			when[j - 1] = tw, off[j - 1] = to;
		}
	}
	for (i = n - 1; i > 0 && when[i] > t; i--)
		;
	*lo = when[i];
	if (i + 1 < n)
		*hi = when[i + 1];
	return off[i];
}

int cron_tz_offset_span(const struct cron_tz *tz, int64_t t, int64_t *from, int64_t *until)
{
	int64_t lo = INT64_MIN, hi = INT64_MAX;
	int32_t off;

	if (!tz)
		tz = &tz_utc;
	t = t < -TZ_SECS_LIMIT ? -TZ_SECS_LIMIT : t > TZ_SECS_LIMIT ? TZ_SECS_LIMIT : t;
	if (tz->has_rule && t >= tz->rule_from) {
		off = rule_span(&tz->rule, t, &lo, &hi);
		if (lo < tz->rule_from)
			lo = tz->rule_from;
	} else {
		uint32_t a = 0, b = tz->n; /* first change after t is chg[a] */

		while (a < b) {
			uint32_t mid = a + (b - a) / 2;

			if (tz->chg[mid].when <= t)
				a = mid + 1;
			else
				b = mid;
		}
		off = a ? tz->chg[a - 1].off : tz->first_off;
		if (a)
			lo = tz->chg[a - 1].when;
		if (a < tz->n)
			hi = tz->chg[a].when;
		else if (tz->has_rule)
			hi = tz->rule_from;
	}
	if (from)
		*from = lo;
	if (until)
		*until = hi;
	return off;
}

int cron_tz_offset(const struct cron_tz *tz, int64_t utc_ms)
{
	return cron_tz_offset_span(tz, floor_div(utc_ms, 1000), NULL, NULL);
}

void cron_rfc3339(const struct cron_tz *tz, int64_t ms, char *buf, size_t size)
{
	int off = cron_tz_offset(tz, ms), a = off < 0 ? -off : off;
	char wall[32];

	time_rfc3339(ms + (int64_t)off * 1000, wall, sizeof wall);
	if (off == 0) {
		snprintf(buf, size, "%s", wall);
		return;
	}
	wall[strlen(wall) - 1] = '\0'; /* drop the Z */
	snprintf(buf, size, "%s%c%02d:%02d", wall, off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

const struct cron_tz *cron_tz_utc(void)
{
	return &tz_utc;
}

const char *cron_tz_name(const struct cron_tz *tz)
{
	return tz ? tz->name : tz_utc.name;
}

void cron_tz_free(struct cron_tz *tz)
{
	if (!tz || tz == &tz_utc || tz == &tz_etc_utc)
		return;
	free(tz->chg);
	free(tz->name);
	free(tz);
}

/* Whether the wall times a change at `when` skips or repeats include a local midnight. */
static bool change_moves_midnight(int64_t when, int32_t before, int32_t after)
{
	int64_t lo = when + (before < after ? before : after);
	int64_t hi = when + (before < after ? after : before);

	return floor_div(hi, DAY_SECS) * DAY_SECS >= lo; /* a midnight right after a gap counts too */
}

static void find_midnight_changes(struct cron_tz *tz)
{
	const struct tz_rule *r = &tz->rule;
	int64_t y = TZ_TABLE_END + 1;

	tz->last_midnight_change = INT64_MIN;
	for (uint32_t i = 0; i < tz->n; i++)
		if (change_moves_midnight(tz->chg[i].when, i ? tz->chg[i - 1].off : tz->first_off,
					  tz->chg[i].off))
			tz->last_midnight_change = tz->chg[i].when;
	tz->rule_moves_midnight =
	    tz->has_rule &&
	    (change_moves_midnight(rule_instant(&r->start, y, r->std_off), r->std_off, r->dst_off) ||
	     change_moves_midnight(rule_instant(&r->end, y, r->dst_off), r->dst_off, r->std_off));
}

bool cron_tz_midnights_kept(const struct cron_tz *tz, int64_t from, int64_t to)
{
	if (!tz)
		return true;
	if (from <= tz->last_midnight_change)
		return false;
	return !(tz->has_rule && tz->rule_moves_midnight && to >= tz->rule_from);
}

static void tz_push(struct cron_tz *tz, int64_t when, int32_t off)
{
	int32_t prev = tz->n ? tz->chg[tz->n - 1].off : tz->first_off;

	if (off == prev)
		return;
	xgrow(&tz->chg, &tz->cap, tz->n + 1, sizeof *tz->chg);
	tz->chg[tz->n++] = (struct tz_change){ when, off };
}

/* POSIX TZ strings (RFC 8536 section 3.3). Each step advances *s on success. */

static bool posix_name(const char **s)
{
	const char *p = *s;

	if (*p == '<') {
		p = strchr(p, '>');
		if (!p || p - *s < 2)
			return false;
		*s = p + 1;
		return true;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	if (p - *s < 3)
		return false;
	*s = p;
	return true;
}

static bool posix_num(const char **s, int max, int *v)
{
	int n = 0, digits = 0;

	while (**s >= '0' && **s <= '9' && digits < 3) {
		n = n * 10 + (*(*s)++ - '0');
		digits++;
	}
	*v = n;
	return digits > 0 && n <= max;
}

/* [+-]hh[:mm[:ss]] as seconds, the sign kept. */
static bool posix_hms(const char **s, int max_h, int32_t *secs)
{
	int sign = 1, h, m = 0, sec = 0;

	if (**s == '+' || **s == '-')
		sign = *(*s)++ == '-' ? -1 : 1;
	if (!posix_num(s, max_h, &h))
		return false;
	if (**s == ':' && (++*s, !posix_num(s, 59, &m)))
		return false;
	if (**s == ':' && (++*s, !posix_num(s, 59, &sec)))
		return false;
	*secs = sign * (h * 3600 + m * 60 + sec);
	return true;
}

static bool posix_date(const char **s, struct rule_date *r)
{
	r->week = r->mon = 0;
	if (**s == 'J') {
		++*s;
		r->kind = RULE_JULIAN;
		if (!posix_num(s, 365, &r->day) || r->day < 1)
			return false;
	} else if (**s == 'M') {
		++*s;
		r->kind = RULE_MONTH;
		if (!posix_num(s, 12, &r->mon) || r->mon < 1 || *(*s)++ != '.' ||
		    !posix_num(s, 5, &r->week) || r->week < 1 || *(*s)++ != '.' ||
		    !posix_num(s, 6, &r->day))
			return false;
	} else {
		r->kind = RULE_DAY;
		if (!posix_num(s, 365, &r->day))
			return false;
	}
	r->secs = 2 * 3600;
	return **s != '/' || (++*s, posix_hms(s, 167, &r->secs));
}

static bool posix_parse(const char *s, struct tz_rule *r)
{
	int32_t west;

	if (!posix_name(&s) || !posix_hms(&s, 24, &west))
		return false;
	r->std_off = r->dst_off = -west;
	r->dst = *s != '\0';
	if (!r->dst)
		return true;
	if (!posix_name(&s))
		return false;
	r->dst_off = r->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if (!posix_hms(&s, 24, &west))
			return false;
		r->dst_off = -west;
	}
	if (*s == '\0')
		s = ",M3.2.0,M11.1.0"; /* tzcode's default, as Go has it */
	return *s++ == ',' && posix_date(&s, &r->start) && *s++ == ',' && posix_date(&s, &r->end) &&
	       *s == '\0';
}

/* Writes the rule's changes into the table from `from` until TZ_TABLE_END. */
static void tz_apply_rule(struct cron_tz *tz, const struct tz_rule *r, int64_t from)
{
	int64_t end = time_days_from_civil(TZ_TABLE_END, 1, 1) * DAY_SECS, t = from, lo, hi;

	while (t < end) {
		tz_push(tz, t, rule_span(r, t, &lo, &hi));
		if (hi == INT64_MAX)
			return; /* no DST: the table is complete */
		t = hi;
	}
	tz->has_rule = true;
	tz->rule_from = end;
	tz->rule = *r;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct tzif_counts {
	uint32_t isut, isstd, leap, time, type, chars;
};

static size_t tzif_block(const struct tzif_counts *c, size_t tsz)
{
	return (size_t)c->time * (tsz + 1) + (size_t)c->type * 6 + c->chars +
	       (size_t)c->leap * (tsz + 4) + c->isstd + c->isut;
}

static bool tzif_header(const unsigned char *p, size_t n, struct tzif_counts *c)
{
	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return false;
	c->isut = be32(p + 20), c->isstd = be32(p + 24), c->leap = be32(p + 28);
	c->time = be32(p + 32), c->type = be32(p + 36), c->chars = be32(p + 40);
	return c->type >= 1 && c->time <= n && c->type <= n && c->chars <= n && c->leap <= n &&
	       c->isstd <= n && c->isut <= n;
}

/* Fills tz from a whole TZif file; -1 if it is not one. */
static int tzif_parse(struct cron_tz *tz, const unsigned char *p, size_t n)
{
	struct tzif_counts c;
	const unsigned char *data, *types, *end = p + n;
	size_t tsz = 4, len;
	int64_t last = INT64_MIN;
	struct tz_rule rule;
	bool rule_ok = false;

	if (!tzif_header(p, n, &c))
		return -1;
	len = tzif_block(&c, 4);
	if (p[4] >= '2') { /* skip the 32-bit data for the 64-bit copy */
		if (len > n - 44 || !tzif_header(p + 44 + len, n - 44 - len, &c))
			return -1;
		p += 44 + len;
		tsz = 8;
		len = tzif_block(&c, 8);
	}
	data = p + 44;
	if (len > (size_t)(end - data))
		return -1;
	types = data + (size_t)c.time * (tsz + 1);
	tz->first_off = (int32_t)be32(types);
	for (uint32_t i = 0; i < c.time; i++) {
		const unsigned char *w = data + i * tsz;
		unsigned idx = data[(size_t)c.time * tsz + i];

		if (idx >= c.type)
			return -1;
		last = tsz == 8 ? (int64_t)((uint64_t)be32(w) << 32 | be32(w + 4))
				: (int64_t)(int32_t)be32(w);
		tz_push(tz, last, (int32_t)be32(types + idx * 6));
	}
	if (tsz == 8 && data + len < end && data[len] == '\n') {
		const unsigned char *f = data + len + 1, *nl = memchr(f, '\n', (size_t)(end - f));
		char footer[128];

		if (nl && (size_t)(nl - f) < sizeof footer) {
			memcpy(footer, f, (size_t)(nl - f));
			footer[nl - f] = '\0';
			rule_ok = footer[0] && posix_parse(footer, &rule);
		}
	}
	if (rule_ok) /* a zone without transitions: the rule from 1900 on */
		tz_apply_rule(tz, &rule, c.time ? last : -2208988800LL);
	return 0;
}

/* The API server's rule (IANA theory.html naming, plus digits and '+'). */
static bool tz_name_ok(const char *name)
{
	const char *p = name;

	for (;;) {
		size_t len = strcspn(p, "/");

		if (len < 1 || len > 14 || *p == '-' ||
		    strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			      "abcdefghijklmnopqrstuvwxyz"
			      "0123456789._-+") < len)
			return false;
		if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!p[len])
			return true;
		p += len + 1;
	}
}

/* The whole file, or NULL; *n is its size. */
static unsigned char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;

	if (!f)
		return NULL;
	buf = xmalloc(TZ_FILE_MAX);
	*n = fread(buf, 1, TZ_FILE_MAX, f);
	if (ferror(f) || *n == 0 || *n == TZ_FILE_MAX) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

struct cron_tz *cron_tz_load(const char *name, struct ksim_error *err)
{
	const char *dir = getenv("TZDIR");
	struct cron_tz *tz;
	struct strbuf path;
	unsigned char *data;
	size_t n = 0;

	if (!name || !*name) {
		error_set(err, "time zone must not be empty");
		return NULL;
	}
	if (strcasecmp(name, "Local") == 0) {
		error_set(err, "time zone must be an explicit IANA name, not \"%s\"", name);
		return NULL;
	}
	if (strcmp(name, tz_utc.name) == 0)
		return &tz_utc;
	if (strcmp(name, tz_etc_utc.name) == 0)
		return &tz_etc_utc;
	if (!tz_name_ok(name)) {
		error_set(err, "unknown time zone \"%s\"", name);
		return NULL;
	}
	sb_init(&path);
	sb_printf(&path, "%s/%s", dir && *dir ? dir : TZ_DIR_DEFAULT, name);
	data = read_file(path.data, &n);
	sb_free(&path);
	if (!data) {
		error_set(err, "unknown time zone \"%s\"", name);
		return NULL;
	}
	tz = xcalloc(1, sizeof *tz);
	if (tzif_parse(tz, data, n) != 0) {
		free(data);
		cron_tz_free(tz);
		error_set(err, "malformed time zone file for \"%s\"", name);
		return NULL;
	}
	free(data);
	find_midnight_changes(tz);
	tz->name = xstrdup(name);
	return tz;
}
