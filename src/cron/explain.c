/*
 * explain: one English sentence per schedule in crontab.guru's words
 * ("At minute 0 past every 2nd hour from 9 through 17."), built from the
 * parsed masks so it says what will fire, not what was typed. Each field is
 * read as one of four shapes: every value, one value, an arithmetic
 * progression, or a list of values and runs.
 */
#include "ksim/cron.h"

#include <stdio.h>

/* Runs this long read as "every minute from a through b", shorter as a list. */
#define RUN_MIN 4
/* Progressions this long read as "every 2nd minute". */
#define STEP_MIN 3

struct field_words {
	const char *noun;   /* "minute" */
	const char *prefix; /* before a plain list: "minute 5", "day-of-month 1" */
	unsigned min, max;
	const char *const *names; /* value names from min, or NULL for numbers */
};

static const char *const month_words[] = { "January",   "February", "March",    "April",
					   "May",       "June",     "July",     "August",
					   "September", "October",  "November", "December" };
static const char *const dow_words[] = { "Sunday",   "Monday", "Tuesday", "Wednesday",
					 "Thursday", "Friday", "Saturday" };

static const struct field_words minute_words = { "minute", "minute ", 0, 59, NULL };
static const struct field_words hour_words = { "hour", "hour ", 0, 23, NULL };
static const struct field_words dom_words = { "day-of-month", "day-of-month ", 1, 31, NULL };
static const struct field_words month_field = { "month", "", 1, 12, month_words };
static const struct field_words dow_field = { "day-of-week", "", 0, 6, dow_words };

static uint64_t full_mask(const struct field_words *f)
{
	return ((uint64_t)2 << f->max) - ((uint64_t)1 << f->min);
}

static void add_value(struct strbuf *sb, const struct field_words *f, unsigned v)
{
	if (f->names)
		sb_add(sb, f->names[v - f->min]);
	else
		sb_printf(sb, "%u", v);
}

static void add_ordinal(struct strbuf *sb, unsigned n)
{
	static const char *const suffix[] = { "th", "st", "nd", "rd" };
	unsigned last = n % 10;

	sb_printf(sb, "%u%s", n, n % 100 / 10 == 1 || last > 3 ? "th" : suffix[last]);
}

/* "X", "X and Y", "X, Y, and Z": item i of n. */
static void add_separator(struct strbuf *sb, unsigned i, unsigned n)
{
	if (i == 0)
		return;
	sb_add(sb, n == 2 ? " and " : i + 1 == n ? ", and " : ", ");
}

static unsigned mask_values(uint64_t mask, unsigned *vals)
{
	unsigned n = 0;

	for (; mask; mask &= mask - 1)
		vals[n++] = (unsigned)__builtin_ctzll(mask);
	return n;
}

/* The common step if vals[0..n) is an arithmetic progression, else 0. */
static unsigned progression_step(const unsigned *vals, unsigned n)
{
	unsigned step = n > 1 ? vals[1] - vals[0] : 0;

	for (unsigned i = 2; i < n; i++)
		if (vals[i] - vals[i - 1] != step)
			return 0;
	return step;
}

static void add_from_through(struct strbuf *sb, const struct field_words *f, unsigned a, unsigned b)
{
	sb_add(sb, " from ");
	add_value(sb, f, a);
	sb_add(sb, " through ");
	add_value(sb, f, b);
}

/* A list item: one value when a == b, else a run "from a through b". */
struct item {
	unsigned a, b;
};

static unsigned list_items(const unsigned *vals, unsigned n, struct item *items)
{
	unsigned k = 0, i, j;

	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && vals[j] == vals[j - 1] + 1; j++)
			;
		if (j - i >= RUN_MIN)
			items[k++] = (struct item){ vals[i], vals[j - 1] };
		else
			for (; i < j; i++)
				items[k++] = (struct item){ vals[i], vals[i] };
	}
	return k;
}

/* Values and runs: "minute 1, 2, and 3", "every minute from 1 through 5 and 10". */
static void add_list(struct strbuf *sb, const struct field_words *f, const unsigned *vals, unsigned n)
{
	struct item items[64];
	unsigned k = list_items(vals, n, items);

	for (unsigned i = 0; i < k; i++) {
		add_separator(sb, i, k);
		if (items[i].a != items[i].b) {
			sb_printf(sb, "every %s", f->noun);
			add_from_through(sb, f, items[i].a, items[i].b);
		} else {
			if (i == 0)
				sb_add(sb, f->prefix);
			add_value(sb, f, items[i].a);
		}
	}
}

/* One field's phrase: "every minute", "minute 5", "every 2nd hour from 9 through 17", ... */
static void add_field(struct strbuf *sb, const struct field_words *f, uint64_t mask)
{
	unsigned vals[64], n = mask_values(mask, vals), step = progression_step(vals, n);

	if (mask == full_mask(f)) {
		sb_printf(sb, "every %s", f->noun);
	} else if (n >= STEP_MIN && step > 1) {
		bool to_end = vals[n - 1] + step > f->max;

		sb_add(sb, "every ");
		add_ordinal(sb, step);
		sb_printf(sb, " %s", f->noun);
		if (vals[0] != f->min || !to_end)
			add_from_through(sb, f, vals[0], to_end ? f->max : vals[n - 1]);
	} else {
		add_list(sb, f, vals, n);
	}
}

static void add_time(struct strbuf *sb, const struct cron_schedule *s)
{
	unsigned m[60], h[24];
	unsigned nm = mask_values(s->minute, m), nh = mask_values(s->hour, h);

	if (nm == 1 && nh == 1) {
		sb_printf(sb, "At %02u:%02u", h[0], m[0]);
		return;
	}
	sb_add(sb, "At ");
	add_field(sb, &minute_words, s->minute);
	if (s->hour != full_mask(&hour_words)) {
		sb_add(sb, " past ");
		add_field(sb, &hour_words, s->hour);
	}
}

/* The day rule: either day field starred means both must match, else either. */
static void add_days(struct strbuf *sb, const struct cron_schedule *s)
{
	bool dom_any = s->dom == full_mask(&dom_words), dow_any = s->dow == full_mask(&dow_field);

	if (s->dom_star || s->dow_star) {
		/* a starred field selects every day, so at most one restricts */
		if (!dom_any) {
			sb_add(sb, " on ");
			add_field(sb, &dom_words, s->dom);
		} else if (!dow_any) {
			sb_add(sb, " on ");
			add_field(sb, &dow_field, s->dow);
		}
		return;
	}
	if (s->dom) {
		sb_add(sb, " on ");
		add_field(sb, &dom_words, s->dom);
	}
	if (s->dow) {
		sb_add(sb, s->dom ? " and on " : " on ");
		add_field(sb, &dow_field, s->dow);
	}
}

/* The field that makes the schedule select nothing at all, or NULL. */
static const char *empty_field(const struct cron_schedule *s)
{
	if (!s->minute)
		return "minute";
	if (!s->hour)
		return "hour";
	if (!s->month)
		return "month";
	if ((s->dom_star || s->dow_star) ? !s->dom || !s->dow : !s->dom && !s->dow)
		return s->dom ? "day-of-week" : "day-of-month";
	return NULL;
}

void cron_explain(const struct cron_schedule *s, struct strbuf *out)
{
	const char *empty = empty_field(s);

	if (s->every_ms) {
		char d[32];

		duration_short(s->every_ms, d, sizeof d);
		sb_printf(out, "Every %s, counted from the previous run", d);
		sb_add(out, " (not aligned to the clock).");
		return;
	}
	if (empty) {
		sb_printf(out, "Never: the %s field selects no value.", empty);
		return;
	}
	add_time(out, s);
	add_days(out, s);
	if (s->month != full_mask(&month_field)) {
		sb_add(out, " in ");
		add_field(out, &month_field, s->month);
	}
	sb_addc(out, '.');
}
