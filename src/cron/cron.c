/*
 * cron: robfig/cron v3.0.1's standard parser and SpecSchedule.Next over
 * bitmasks. Next has two paths with one answer. Where the zone's offset
 * cannot change anywhere robfig's walk would look, a direct jump through
 * the masks in wall time. Near a DST change, robfig's own walk, Go's
 * time.Date normalisation included, with runs of steps taken at once only
 * where the offset is known to hold.
 */
#include "ksim/cron.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define DAY_SECS 86400
/* Far beyond any simulated time, and far from overflowing the arithmetic. */
#define MS_LIMIT ((int64_t)1 << 53)
#define NEED_WALK (TIME_NONE + 1)
#define TZ_REJECTED "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"

struct field_bounds {
	unsigned min, max;
	const char *const *names; /* names[i] is value min + i */
};

static const char *const month_names[] = { "jan", "feb", "mar", "apr", "may", "jun",
					   "jul", "aug", "sep", "oct", "nov", "dec" };
static const char *const dow_names[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

enum { F_MINUTE, F_HOUR, F_DOM, F_MONTH, F_DOW, F_COUNT };

static const struct field_bounds bounds[F_COUNT] = {
	[F_MINUTE] = { 0, 59, NULL },  [F_HOUR] = { 0, 23, NULL },
	[F_DOM] = { 1, 31, NULL },     [F_MONTH] = { 1, 12, month_names },
	[F_DOW] = { 0, 6, dow_names },
};

static const struct {
	const char *name, *fields;
} descriptors[] = {
	{ "@yearly", "0 0 1 1 *" }, { "@annually", "0 0 1 1 *" }, { "@monthly", "0 0 1 * *" },
	{ "@weekly", "0 0 * * 0" }, { "@daily", "0 0 * * *" },    { "@midnight", "0 0 * * *" },
	{ "@hourly", "0 * * * *" },
};

/* A piece of the schedule text; not NUL-terminated. */
struct piece {
	const char *p;
	size_t n;
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool piece_is(struct piece s, const char *lit)
{
	return s.n == strlen(lit) && memcmp(s.p, lit, s.n) == 0;
}

/* Splits s at the first sep: *head gets what is before it. */
static bool piece_cut(struct piece *s, char sep, struct piece *head)
{
	const char *at = memchr(s->p, sep, s->n);

	*head = (struct piece){ s->p, at ? (size_t)(at - s->p) : s->n };
	if (!at)
		return false;
	s->n -= (size_t)(at - s->p) + 1;
	s->p = at + 1;
	return true;
}

static unsigned piece_count(struct piece s, char sep)
{
	unsigned n = 1;

	for (size_t i = 0; i < s.n; i++)
		n += s.p[i] == sep;
	return n;
}

/* Byte length of the Unicode white space rune at p (Go's unicode.IsSpace), or 0. */
static size_t go_space(const char *p)
{
	static const char *const wide[] = {
		"\xc2\x85",     "\xc2\xa0",     "\xe1\x9a\x80", "\xe2\x80\xa8",
		"\xe2\x80\xa9", "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80",
	};
	const unsigned char *u = (const unsigned char *)p;

	if (*u == ' ' || (*u >= '\t' && *u <= '\r'))
		return 1;
	if (u[0] == 0xe2 && u[1] == 0x80 && u[2] >= 0x80 && u[2] <= 0x8a)
		return 3; /* U+2000 to U+200A */
	for (size_t i = 0; i < ARRAY_LEN(wide); i++)
		if (strncmp(p, wide[i], strlen(wide[i])) == 0)
			return strlen(wide[i]);
	return 0;
}

/* Go's strconv.Quote, or time's simpler quote (escape_high) for durations. */
static void go_quote(struct strbuf *sb, struct piece s, bool escape_high)
{
	static const char esc[] = "\a\b\f\n\r\t\v", letter[] = "abfnrtv";

	sb_addc(sb, '"');
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		const char *e = c ? strchr(esc, c) : NULL;

		if (c == '"' || c == '\\')
			sb_printf(sb, "\\%c", c);
		else if (e && !escape_high)
			sb_printf(sb, "\\%c", letter[e - esc]);
		else if (c < ' ' || c == 0x7f || (escape_high && c >= 0x80))
			sb_printf(sb, "\\x%02x", c);
		else
			sb_addc(sb, (char)c);
	}
	sb_addc(sb, '"');
}

/* Go's strconv.Atoi on a 64-bit machine; NULL or the reason, "invalid syntax". */
static const char *go_atoi(struct piece s, int64_t *v)
{
	size_t i = s.n && (s.p[0] == '+' || s.p[0] == '-');
	bool neg = i && s.p[0] == '-';
	uint64_t u = 0;

	if (i == s.n)
		return "invalid syntax";
	for (; i < s.n; i++) {
		unsigned d = (unsigned)(unsigned char)s.p[i] - '0';

		if (d > 9)
			return "invalid syntax";
		if (u > (UINT64_MAX - d) / 10)
			return "value out of range";
		u = u * 10 + d;
	}
	if (u > (uint64_t)INT64_MAX + neg)
		return "value out of range";
	*v = neg ? -(int64_t)(u - 1) - 1 : (int64_t)u;
	return NULL;
}

/* robfig's mustParseInt: a non-negative Atoi. */
static int parse_uint(struct piece s, int64_t *v, struct ksim_error *err)
{
	const char *why = go_atoi(s, v);
	struct strbuf q;

	if (why) {
		sb_init(&q);
		go_quote(&q, s, false);
		error_set(err, "failed to parse int from %.*s: strconv.Atoi: parsing %s: %s",
			  (int)s.n, s.p, q.data, why);
		sb_free(&q);
		return -1;
	}
	if (*v < 0) {
		error_set(err, "negative number (%lld) not allowed: %.*s", (long long)*v, (int)s.n,
			  s.p);
		return -1;
	}
	return 0;
}

/* A name (any case) in month and day-of-week, else a number. */
static int parse_value(struct piece s, const struct field_bounds *b, int64_t *v,
		       struct ksim_error *err)
{
	for (unsigned i = 0; b->names && i <= b->max - b->min; i++) {
		if (s.n == 3 && strncasecmp(s.p, b->names[i], 3) == 0) {
			*v = b->min + i;
			return 0;
		}
	}
	return parse_uint(s, v, err);
}

/* robfig's getRange: "*", "?", "a", "a-b", each with an optional "/step". */
static int parse_range(struct piece expr, const struct field_bounds *b, uint64_t *bits, bool *star,
		       struct ksim_error *err)
{
	struct piece rest = expr, range, low;
	unsigned slashes = piece_count(expr, '/'), dashes;
	int64_t start, end, step = 1;
	bool is_star;

	piece_cut(&rest, '/', &range);
	dashes = piece_count(range, '-');
	piece_cut(&range, '-', &low);
	is_star = piece_is(low, "*") || piece_is(low, "?");
	if (is_star) { /* the rest of "*-5" is never looked at */
		start = b->min;
		end = b->max;
	} else {
		if (parse_value(low, b, &start, err))
			return -1;
		end = start;
		if (dashes == 2 && parse_value(range, b, &end, err))
			return -1;
		if (dashes > 2) {
			error_set(err, "too many hyphens: %.*s", (int)expr.n, expr.p);
			return -1;
		}
	}
	if (slashes == 2) {
		if (parse_uint(rest, &step, err))
			return -1;
		if (dashes == 1)
			end = b->max; /* "a/s" means "a-max/s" */
		if (step > 1)
			is_star = false;
	} else if (slashes > 2) {
		error_set(err, "too many slashes: %.*s", (int)expr.n, expr.p);
		return -1;
	}
	if (start < b->min) {
		error_set(err, "beginning of range (%lld) below minimum (%u): %.*s",
			  (long long)start, b->min, (int)expr.n, expr.p);
		return -1;
	}
	if (end > b->max) {
		error_set(err, "end of range (%lld) above maximum (%u): %.*s", (long long)end,
			  b->max, (int)expr.n, expr.p);
		return -1;
	}
	if (start > end) {
		error_set(err, "beginning of range (%lld) beyond end of range (%lld): %.*s",
			  (long long)start, (long long)end, (int)expr.n, expr.p);
		return -1;
	}
	if (step == 0) {
		error_set(err, "step of range should be a positive number: %.*s", (int)expr.n,
			  expr.p);
		return -1;
	}
	for (int64_t v = start;; v += step) {
		*bits |= (uint64_t)1 << v;
		if (end - v < step)
			break;
	}
	*star |= is_star;
	return 0;
}

/* robfig's getField: a comma list whose empty items are dropped. */
static int parse_field(struct piece field, const struct field_bounds *b, uint64_t *bits, bool *star,
		       struct ksim_error *err)
{
	struct piece item;
	bool more;

	*bits = 0;
	*star = false;
	do {
		more = piece_cut(&field, ',', &item);
		if (item.n && parse_range(item, b, bits, star, err))
			return -1;
	} while (more);
	return 0;
}

/* Go's strings.Fields, one at a time: false when none is left. */
static bool next_field(const char **s, struct piece *f)
{
	size_t w;

	while ((w = go_space(*s)))
		*s += w;
	f->p = *s;
	while (**s && !go_space(*s))
		++*s;
	f->n = (size_t)(*s - f->p);
	return f->n > 0;
}

static int parse_fields(const char *text, struct cron_schedule *out, struct ksim_error *err)
{
	struct piece f[F_COUNT], extra;
	uint64_t bits[F_COUNT];
	bool star[F_COUNT];
	const char *s = text;
	unsigned n = 0;

	while (n < F_COUNT && next_field(&s, &f[n]))
		n++;
	if (n < F_COUNT || next_field(&s, &extra)) {
		struct strbuf list;

		sb_init(&list);
		for (n = 0, s = text; next_field(&s, &extra); n++)
			sb_printf(&list, "%s%.*s", n ? " " : "", (int)extra.n, extra.p);
		error_set(err, "expected exactly 5 fields, found %u: [%s]", n, list.data);
		sb_free(&list);
		return -1;
	}
	for (int i = 0; i < F_COUNT; i++)
		if (parse_field(f[i], &bounds[i], &bits[i], &star[i], err))
			return -1;
	out->minute = bits[F_MINUTE];
	out->hour = (uint32_t)bits[F_HOUR];
	out->dom = (uint32_t)bits[F_DOM];
	out->month = (uint16_t)bits[F_MONTH];
	out->dow = (uint8_t)bits[F_DOW];
	out->dom_star = star[F_DOM];
	out->dow_star = star[F_DOW];
	return 0;
}

/* Go's leadingInt and leadingFraction; false on overflow of the integer part. */
static bool duration_number(const char **s, uint64_t *v, uint64_t *f, double *scale)
{
	bool overflow = false;

	for (*v = 0; **s >= '0' && **s <= '9'; ++*s) {
		if (*v > ((uint64_t)1 << 63) / 10)
			return false;
		*v = *v * 10 + (uint64_t)(**s - '0');
		if (*v > (uint64_t)1 << 63)
			return false;
	}
	*f = 0;
	*scale = 1;
	if (**s != '.')
		return true;
	for (++*s; **s >= '0' && **s <= '9'; ++*s) {
		uint64_t y = *f * 10 + (uint64_t)(**s - '0');

		if (overflow || *f > (((uint64_t)1 << 63) - 1) / 10 || y > (uint64_t)1 << 63) {
			overflow = true; /* digits past int64 precision are read and ignored */
			continue;
		}
		*f = y;
		*scale *= 10;
	}
	return true;
}

/* Go's time.ParseDuration in nanoseconds; NULL or the reason, *unit the unit it names. */
static const char *go_duration(const char *orig, int64_t *out, struct piece *unit)
{
	static const struct {
		const char *name;
		uint64_t ns;
	} units[] = { { "ns", 1 },           { "us", 1000 },
		      { "\xc2\xb5s", 1000 }, /* U+00B5 micro sign */
		      { "\xce\xbcs", 1000 }, /* U+03BC Greek mu */
		      { "ms", 1000000 },     { "s", 1000000000 },
		      { "m", 60000000000 },  { "h", 3600000000000 } };
	const char *s = orig;
	bool neg = *s == '-';
	uint64_t d = 0;

	if (*s == '-' || *s == '+')
		s++;
	if (strcmp(s, "0") == 0) {
		*out = 0;
		return NULL;
	}
	if (!*s)
		return "invalid duration";
	while (*s) {
		const char *start = s;
		uint64_t v, f, ns = 0;
		double scale;

		if (*s != '.' && (*s < '0' || *s > '9'))
			return "invalid duration";
		if (!duration_number(&s, &v, &f, &scale))
			return "invalid duration";
		if (s == start + (*start == '.'))
			return "invalid duration"; /* no digits: "." or ".s" */
		unit->p = s;
		while (*s && *s != '.' && (*s < '0' || *s > '9'))
			s++;
		unit->n = (size_t)(s - unit->p);
		if (!unit->n)
			return "missing unit";
		for (size_t i = 0; i < ARRAY_LEN(units); i++)
			if (piece_is(*unit, units[i].name))
				ns = units[i].ns;
		if (!ns)
			return "unknown unit";
		if (v > ((uint64_t)1 << 63) / ns)
			return "invalid duration";
		v *= ns;
		if (f > 0) {
			v += (uint64_t)((double)f * ((double)ns / scale));
			if (v > (uint64_t)1 << 63)
				return "invalid duration";
		}
		d += v;
		if (d > (uint64_t)1 << 63)
			return "invalid duration";
	}
	if (!neg && d > (uint64_t)INT64_MAX)
		return "invalid duration";
	*out = neg ? -(int64_t)(d - 1) - 1 : (int64_t)d;
	return NULL;
}

/* "@every <Go duration>": robfig's Every() keeps whole seconds, at least one. */
static int parse_every(const char *text, struct cron_schedule *out, struct ksim_error *err)
{
	const char *arg = text + strlen("@every ");
	struct piece unit;
	int64_t ns;
	const char *why = go_duration(arg, &ns, &unit);
	struct strbuf sb;

	if (why) {
		sb_init(&sb);
		sb_printf(&sb, "time: %s ", why);
		if (strcmp(why, "unknown unit") == 0) {
			go_quote(&sb, unit, true);
			sb_add(&sb, " in duration ");
		} else if (strcmp(why, "missing unit") == 0) {
			sb_add(&sb, "in duration ");
		}
		go_quote(&sb, (struct piece){ arg, strlen(arg) }, true);
		error_set(err, "failed to parse duration %s: %s", text, sb.data);
		sb_free(&sb);
		return -1;
	}
	if (ns < 1000000000)
		ns = 1000000000;
	out->every_ms = (ns - ns % 1000000000) / 1000000;
	return 0;
}

int cron_parse(const char *text, struct cron_schedule *out, struct ksim_error *err)
{
	memset(out, 0, sizeof *out);
	if (!text || !*text) {
		error_set(err, "empty spec string");
		return -1;
	}
	if (strstr(text, "TZ")) { /* the API server's rule, checked on the whole text */
		error_set(err, TZ_REJECTED);
		return -1;
	}
	snprintf(out->text, sizeof out->text, "%s", text);
	if (text[0] != '@')
		return parse_fields(text, out, err);
	for (size_t i = 0; i < ARRAY_LEN(descriptors); i++)
		if (strcmp(text, descriptors[i].name) == 0)
			return parse_fields(descriptors[i].fields, out, err);
	if (strncmp(text, "@every ", strlen("@every ")) == 0)
		return parse_every(text, out, err);
	error_set(err, "unrecognized descriptor: %s", text);
	return -1;
}

static int month_days(int64_t y, unsigned m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* 0 is Sunday; 1970-01-01 was a Thursday. */
static unsigned weekday(int64_t days)
{
	return (unsigned)((days % 7 + 11) % 7);
}

/* Bit d set when day d (1-31) of the month starting on `first` (days) matches. */
static uint32_t month_day_mask(const struct cron_schedule *s, int64_t y, unsigned mon, int64_t first)
{
	/* dow copied every 7 bits; shifting by the first weekday lines it up with days */
	uint64_t weeks = (uint64_t)s->dow * 0x0102040810204081ULL;
	uint32_t by_dow = (uint32_t)(weeks >> (weekday(first) + 6));
	uint32_t valid = (uint32_t)(((uint64_t)2 << month_days(y, mon)) - 2);

	return (s->dom_star || s->dow_star ? s->dom & by_dow : s->dom | by_dow) & valid;
}

/* The first hour:minute at or after *h:*m that matches; false past midnight. */
static bool next_time_of_day(const struct cron_schedule *s, unsigned *h, unsigned *m)
{
	uint32_t hours = s->hour & (UINT32_MAX << *h);

	for (; hours; hours &= hours - 1) {
		unsigned nh = (unsigned)__builtin_ctz(hours);
		uint64_t mins = s->minute & (nh == *h ? UINT64_MAX << *m : UINT64_MAX);

		if (mins) {
			*h = nh;
			*m = (unsigned)__builtin_ctzll(mins);
			return true;
		}
	}
	return false;
}

/* A local calendar day: days since 1970-01-01 and its date. */
struct day {
	int64_t days, year;
	unsigned mon, mday;
};

static void day_set(struct day *c, int64_t days)
{
	c->days = days;
	time_civil_from_days(days, &c->year, &c->mon, &c->mday);
}

/*
 * The first matching minute at or after second `secs` of local day c, up
 * to year limit, as wall seconds; for a zone whose offset does not change.
 */
static int64_t next_wall(const struct cron_schedule *s, struct day c, int64_t secs, int64_t limit)
{
	unsigned h, m;

	secs = (secs + 59) / 60 * 60;
	if (secs == DAY_SECS) {
		day_set(&c, c.days + 1);
		secs = 0;
	}
	h = (unsigned)(secs / 3600);
	m = (unsigned)(secs / 60 % 60);
	for (;;) {
		uint32_t dm;

		if (c.year > limit)
			return TIME_NONE;
		if (!(s->month >> c.mon & 1)) {
			uint16_t later = (uint16_t)(s->month >> (c.mon + 1) << (c.mon + 1));

			c.year += !later;
			c.mon = (unsigned)__builtin_ctz(later ? later : s->month);
			c.mday = 1;
			c.days = time_days_from_civil(c.year, c.mon, 1);
			h = m = 0;
			continue;
		}
		dm = month_day_mask(s, c.year, c.mon, c.days - c.mday + 1) & (UINT32_MAX << c.mday);
		if (!dm) {
			day_set(&c, c.days + month_days(c.year, c.mon) - c.mday + 1);
			h = m = 0;
			continue;
		}
		if ((unsigned)__builtin_ctz(dm) != c.mday) {
			c.days += __builtin_ctz(dm) - (int)c.mday;
			c.mday = (unsigned)__builtin_ctz(dm);
			h = m = 0;
		}
		if (next_time_of_day(s, &h, &m))
			return c.days * DAY_SECS + h * 3600 + m * 60;
		day_set(&c, c.days + 1);
		h = m = 0;
	}
}

/*
 * robfig's answer where the offset holds from wherever its walk may restart
 * (local midnight, or the 1st of the month when the month does not match)
 * to past the answer, with margin for Go's lookups of wall-as-UTC values.
 */
static int64_t next_fast(const struct cron_schedule *s, const struct cron_tz *tz, int64_t t)
{
	int64_t until, local, r;
	int off = cron_tz_offset_span(tz, t - 3 * DAY_SECS, NULL, &until);
	struct day c;

	local = t + off;
	day_set(&c, floor_div(local, DAY_SECS));
	if (!(s->month >> c.mon & 1))
		cron_tz_offset_span(tz, t - 34 * DAY_SECS, NULL, &until);
	if (until <= t)
		return NEED_WALK;
	r = next_wall(s, c, local - c.days * DAY_SECS, c.year + CRON_SEARCH_YEARS);
	if (r == TIME_NONE)
		return until == INT64_MAX ? TIME_NONE : NEED_WALK;
	r -= off;
	return r + 3 * DAY_SECS < until ? r : NEED_WALK;
}

/*
 * robfig's answer when offsets change on the way but never at a midnight:
 * its month and day steps go from local midnight to local midnight, so the
 * day it lands on is the wall calendar's. Exact when the offset holds over
 * the whole first day and over the answer's day up to the answer, and no
 * change since the 1st the walk may restart from moves a midnight.
 */
static int64_t next_calendar(const struct cron_schedule *s, const struct cron_tz *tz, int64_t t)
{
	int64_t lo, hi, lo_r, hi_r, r, u;
	int off = cron_tz_offset_span(tz, t, &lo, &hi), off_r;
	struct day c;

	day_set(&c, floor_div(t + off, DAY_SECS));
	if (lo > c.days * DAY_SECS - off || hi <= (c.days + 1) * DAY_SECS - off)
		return NEED_WALK;
	r = next_wall(s, c, t + off - c.days * DAY_SECS, c.year + CRON_SEARCH_YEARS);
	if (r == TIME_NONE)
		return cron_tz_midnights_kept(tz, t - 34 * DAY_SECS,
					      (c.days + 366 * (CRON_SEARCH_YEARS + 1)) * DAY_SECS)
			   ? TIME_NONE
			   : NEED_WALK;
	off_r = cron_tz_offset_span(tz, r - off, &lo_r, &hi_r);
	u = r - off_r;
	if (u < lo_r || u >= hi_r || lo_r > floor_div(r, DAY_SECS) * DAY_SECS - off_r ||
	    !cron_tz_midnights_kept(tz, t - 34 * DAY_SECS, u))
		return NEED_WALK;
	return u;
}

/* An instant with its wall-clock fields in the zone, and the span its offset holds. */
struct wall {
	int64_t t, lo, hi;
	int64_t days, year; /* local day number and year */
	unsigned mon, day, hour, min, sec, wday;
};

static void wall_at(const struct cron_tz *tz, int64_t t, struct wall *w)
{
	int64_t local = t + cron_tz_offset_span(tz, t, &w->lo, &w->hi);
	int64_t rem;

	w->t = t;
	w->days = floor_div(local, DAY_SECS);
	rem = local - w->days * DAY_SECS;
	time_civil_from_days(w->days, &w->year, &w->mon, &w->day);
	w->hour = (unsigned)(rem / 3600);
	w->min = (unsigned)(rem / 60 % 60);
	w->sec = (unsigned)(rem % 60);
	w->wday = weekday(w->days);
}

static bool wall_midnight(const struct wall *w)
{
	return !w->hour && !w->min && !w->sec;
}

/*
 * True when the offset holds from two days before w to two days after
 * `to`: every time.Date the walk would call in between just adds days.
 */
static bool wall_steady(const struct wall *w, int64_t to)
{
	return (w->lo == INT64_MIN || w->lo <= w->t - 2 * DAY_SECS) &&
	       (w->hi == INT64_MAX || to + 2 * DAY_SECS < w->hi);
}

/*
 * Go's time.Date: fields may overflow, and a wall time in a gap or overlap
 * resolves as Go resolves it (the offset found at the wall time read as
 * UTC, checked once against the instant it gives).
 */
static int64_t go_date(const struct cron_tz *tz, int64_t y, unsigned mon, unsigned day, unsigned h,
		       unsigned mi, unsigned sec)
{
	int64_t m0 = (int64_t)mon - 1, lo, hi, unix, utc;
	int off;

	y += floor_div(m0, 12);
	m0 -= floor_div(m0, 12) * 12;
	unix = (time_days_from_civil(y, (unsigned)m0 + 1, 1) + day - 1) * DAY_SECS + h * 3600 +
	       mi * 60 + sec;
	off = cron_tz_offset_span(tz, unix, &lo, &hi);
	if (off != 0) {
		utc = unix - off;
		if (utc < lo || utc >= hi)
			off = cron_tz_offset_span(tz, utc, NULL, NULL);
	}
	return unix - off;
}

/*
 * robfig adds `unit` seconds at a time; `steps` is how many it would take
 * to reach a stop in a fixed offset. Takes them at once while the offset
 * holds, one at a time across a change.
 */
static void wall_advance(const struct cron_tz *tz, struct wall *w, int64_t unit, int64_t steps)
{
	int64_t safe = w->hi == INT64_MAX ? steps : (w->hi - 1 - w->t) / unit;

	wall_at(tz, w->t + unit * (safe < 1 ? 1 : safe < steps ? safe : steps), w);
}

static bool day_matches(const struct cron_schedule *s, const struct wall *w)
{
	bool dom = s->dom >> w->day & 1, dow = s->dow >> w->wday & 1;

	return s->dom_star || s->dow_star ? dom && dow : dom || dow;
}

/* Steps robfig would take from `at` to the next set bit or to the field's wrap at `wrap`. */
static int64_t steps_to_stop(uint64_t mask, unsigned at, unsigned wrap)
{
	uint64_t later = mask >> at >> 1;

	return later ? (int64_t)__builtin_ctzll(later) + 1 : (int64_t)(wrap - at);
}

/*
 * The month loop's AddDate(0, 1, 0) steps from a 1st at midnight, taken at
 * once up to the next wanted month or January, where the offset holds.
 */
static bool month_jump(const struct cron_schedule *s, const struct cron_tz *tz, struct wall *w)
{
	unsigned to_mon = w->mon + (unsigned)steps_to_stop(s->month, w->mon, 13);
	int64_t to_days = to_mon > 12 ? time_days_from_civil(w->year + 1, 1, 1)
				      : time_days_from_civil(w->year, to_mon, 1);
	int64_t to = w->t + (to_days - w->days) * DAY_SECS;

	if (w->day != 1 || !wall_midnight(w))
		return false;
	if (!wall_steady(w, to))
		return false;
	wall_at(tz, to, w);
	return true;
}

/* The day loop's AddDate(0, 0, 1) steps from a midnight, likewise up to a match or the 1st. */
static bool day_jump(const struct cron_schedule *s, const struct cron_tz *tz, struct wall *w)
{
	uint32_t later = month_day_mask(s, w->year, w->mon, w->days - w->day + 1) >> w->day >> 1;
	int64_t days = later ? __builtin_ctz(later) + 1
			     : month_days(w->year, w->mon) - (int)w->day + 1;
	int64_t to = w->t + days * DAY_SECS;

	if (!wall_midnight(w) || !wall_steady(w, to))
		return false;
	wall_at(tz, to, w);
	return true;
}

/* SpecSchedule.Next of robfig/cron v3.0.1, step for step. */
static int64_t next_walk(const struct cron_schedule *s, const struct cron_tz *tz, int64_t t)
{
	struct wall w;
	bool added = false;
	int64_t limit;

	wall_at(tz, t, &w);
	limit = w.year + CRON_SEARCH_YEARS;
wrap:
	if (w.year > limit)
		return TIME_NONE;
	while (!(s->month >> w.mon & 1)) {
		if (!added) {
			added = true;
			wall_at(tz, go_date(tz, w.year, w.mon, 1, 0, 0, 0), &w);
		}
		if (!month_jump(s, tz, &w))
			wall_at(tz, go_date(tz, w.year, w.mon + 1, w.day, w.hour, w.min, w.sec), &w);
		if (w.mon == 1)
			goto wrap;
	}
	while (!day_matches(s, &w)) {
		if (!added) {
			added = true;
			wall_at(tz, go_date(tz, w.year, w.mon, w.day, 0, 0, 0), &w);
		}
		if (!day_jump(s, tz, &w)) {
			int64_t back;

			wall_at(tz, go_date(tz, w.year, w.mon, w.day + 1, w.hour, w.min, w.sec), &w);
			/* robfig's repair for a midnight that DST skipped */
			back = w.hour > 12 ? (int64_t)w.hour - 24 : (int64_t)w.hour;
			if (back)
				wall_at(tz, w.t - back * 3600, &w);
		}
		if (w.day == 1)
			goto wrap;
	}
	while (!(s->hour >> w.hour & 1)) {
		if (!added) {
			added = true;
			wall_at(tz, go_date(tz, w.year, w.mon, w.day, w.hour, 0, 0), &w);
		}
		wall_advance(tz, &w, 3600, steps_to_stop(s->hour, w.hour, 24));
		if (w.hour == 0)
			goto wrap;
	}
	while (!(s->minute >> w.min & 1)) {
		if (!added) {
			added = true;
			wall_at(tz, floor_div(w.t, 60) * 60, &w);
		}
		wall_advance(tz, &w, 60, steps_to_stop(s->minute, w.min, 60));
		if (w.min == 0)
			goto wrap;
	}
	while (w.sec != 0) { /* the standard parser's seconds field is "0" */
		added = true;
		wall_advance(tz, &w, 1, 60 - w.sec);
		if (w.sec == 0)
			goto wrap;
	}
	return w.t;
}

int64_t cron_next(const struct cron_schedule *s, const struct cron_tz *tz, int64_t after_ms)
{
	int64_t t, r;

	if (after_ms < -MS_LIMIT || after_ms > MS_LIMIT)
		return TIME_NONE;
	if (s->every_ms)
		return floor_div(after_ms, 1000) * 1000 + s->every_ms;
	if (!s->minute || !s->hour || !s->month)
		return TIME_NONE;
	t = floor_div(after_ms, 1000) + 1; /* robfig starts at the next whole second */
	r = next_fast(s, tz, t);
	if (r == NEED_WALK)
		r = next_calendar(s, tz, t);
	if (r == NEED_WALK)
		r = next_walk(s, tz, t);
	return r == TIME_NONE ? TIME_NONE : r * 1000;
}
