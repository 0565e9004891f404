/*
 * Unit tests for the cron module: robfig/cron v3.0.1's parser quirks, its
 * Next() in UTC and in DST zones, the TZif reader, and the explanations.
 * Expected times come from robfig's spec_test.go where it has them, else
 * from tracing robfig's Next() by hand (noted per table).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "ksim/cron.h"
#include "ksim/util.h"

/* ---------------------------------------------------------------- helpers */

static int64_t at(const char *rfc3339)
{
	int64_t ms = 0;

	if (time_parse_rfc3339(rfc3339, &ms) != 0)
		fail_msg("bad time in test table: %s", rfc3339);
	return ms;
}

static struct cron_schedule parse_ok(const char *text)
{
	struct cron_schedule s;
	struct ksim_error err;

	if (cron_parse(text, &s, &err) != 0)
		fail_msg("cron_parse(\"%s\") failed: %s", text, err.msg);
	return s;
}

static struct cron_tz *zone(const char *name)
{
	struct ksim_error err;
	struct cron_tz *tz = cron_tz_load(name, &err);

	if (!tz)
		fail_msg("cron_tz_load(\"%s\"): %s (is tzdata installed?)", name, err.msg);
	return tz;
}

/* "2026-01-01T00:20:00Z", or "none". */
static const char *show(int64_t ms, char *buf, size_t size)
{
	if (ms == TIME_NONE)
		snprintf(buf, size, "none");
	else
		time_rfc3339(ms, buf, size);
	return buf;
}

struct next_case {
	const char *schedule, *from, *want; /* want "none": no activation */
};

static void check_next_cases(const char *zone_name, const struct next_case *c, size_t n)
{
	struct cron_tz *tz = zone(zone_name);
	int failures = 0;

	for (size_t i = 0; i < n; i++) {
		struct cron_schedule s = parse_ok(c[i].schedule);
		char got[32];

		show(cron_next(&s, tz, at(c[i].from)), got, sizeof got);
		if (strcmp(got, c[i].want) != 0) {
			print_error("%s: \"%s\" after %s: want %s, got %s\n", zone_name,
				    c[i].schedule, c[i].from, c[i].want, got);
			failures++;
		}
	}
	cron_tz_free(tz);
	assert_int_equal(failures, 0);
}

/* Each row lists consecutive activations: from, then want[0], want[1], ... */
struct run_case {
	const char *schedule, *from, *want[4];
};

static void check_runs(const char *zone_name, const struct run_case *c, size_t n)
{
	struct cron_tz *tz = zone(zone_name);
	int failures = 0;

	for (size_t i = 0; i < n; i++) {
		struct cron_schedule s = parse_ok(c[i].schedule);
		int64_t t = at(c[i].from);

		for (size_t k = 0; k < ARRAY_LEN(c[i].want) && c[i].want[k]; k++) {
			char got[32];

			t = cron_next(&s, tz, t);
			if (strcmp(show(t, got, sizeof got), c[i].want[k]) != 0) {
				print_error("%s: \"%s\" from %s, run %zu: want %s, got %s\n",
					    zone_name, c[i].schedule, c[i].from, k + 1,
					    c[i].want[k], got);
				failures++;
				break;
			}
		}
	}
	cron_tz_free(tz);
	assert_int_equal(failures, 0);
}

/* ---------------------------------------------------------------- parsing */

struct mask_case {
	const char *text;
	uint64_t minute;
	uint32_t hour, dom;
	uint16_t month;
	uint8_t dow;
	bool dom_star, dow_star;
};

#define ALL_MIN 0x0fffffffffffffffULL
#define ALL_HOUR 0xffffffu
#define ALL_DOM 0xfffffffeu
#define ALL_MON 0x1ffeu
#define ALL_DOW 0x7fu

static void valid_schedules_parse_to_the_expected_masks(void **state)
{
	static const struct mask_case cases[] = {
		{ "* * * * *", ALL_MIN, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "? ? ? ? ?", ALL_MIN, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "0 0 1 1 0", 1, 1, 1u << 1, 1u << 1, 1, false, false },
		{ "59 23 31 12 6", 1ULL << 59, 1u << 23, 1u << 31, 1u << 12, 1u << 6, false, false },
		{ "20,21,22 * * * *", 7ULL << 20, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "*/15 */6 */10 */4 */3", 1ULL | 1ULL << 15 | 1ULL << 30 | 1ULL << 45,
		  1u | 1u << 6 | 1u << 12 | 1u << 18, 1u << 1 | 1u << 11 | 1u << 21 | 1u << 31,
		  1u << 1 | 1u << 5 | 1u << 9, 1u | 1u << 3 | 1u << 6, false, false },
		{ "5/15 * * * *", 1ULL << 5 | 1ULL << 20 | 1ULL << 35 | 1ULL << 50, ALL_HOUR,
		  ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "1-5/2 9-17/4 1-3 6-8 1-5", 1ULL << 1 | 1ULL << 3 | 1ULL << 5,
		  1u << 9 | 1u << 13 | 1u << 17, 7u << 1, 7u << 6, 0x1fu << 1, false, false },
		{ "*/1 * */1 * */1", ALL_MIN, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "0 0 1-31 * 0-6", 1, 1, ALL_DOM, ALL_MON, ALL_DOW, false, false },
		{ "0 0 5,* * *", 1, 1, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "*-5 * * * *", ALL_MIN, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "*-5/30 * * * *", 1ULL | 1ULL << 30, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true,
		  true },
		{ "*/61 */99 * * *", 1, 1, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "0 0 * jan-MAR,Dec sun,SAT", 1, 1, ALL_DOM, 7u << 1 | 1u << 12, 1u | 1u << 6,
		  true, false },
		{ "0 0 * * mon/2", 1, 1, ALL_DOM, ALL_MON, 1u << 1 | 1u << 3 | 1u << 5, true, false },
		{ "+5 +1 +01 +1 +0", 1ULL << 5, 1u << 1, 1u << 1, 1u << 1, 1u, false, false },
		{ "007 08 09 010 00", 1ULL << 7, 1u << 8, 1u << 9, 1u << 10, 1u, false, false },
		{ "1,,2 * * * *", 6ULL, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ ",,, * * * *", 0, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "@yearly", 1, 1, 1u << 1, 1u << 1, ALL_DOW, false, true },
		{ "@annually", 1, 1, 1u << 1, 1u << 1, ALL_DOW, false, true },
		{ "@monthly", 1, 1, 1u << 1, ALL_MON, ALL_DOW, false, true },
		{ "@weekly", 1, 1, ALL_DOM, ALL_MON, 1, true, false },
		{ "@daily", 1, 1, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "@midnight", 1, 1, ALL_DOM, ALL_MON, ALL_DOW, true, true },
		{ "@hourly", 1, ALL_HOUR, ALL_DOM, ALL_MON, ALL_DOW, true, true },
	};
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const struct mask_case *c = &cases[i];
		struct cron_schedule s = parse_ok(c->text);

		if (s.minute != c->minute || s.hour != c->hour || s.dom != c->dom ||
		    s.month != c->month || s.dow != c->dow || s.dom_star != c->dom_star ||
		    s.dow_star != c->dow_star || s.every_ms != 0) {
			print_error("\"%s\": minute %llx hour %x dom %x month %x dow %x"
				    " stars %d%d\n",
				    c->text, (unsigned long long)s.minute, s.hour, s.dom, s.month,
				    s.dow, s.dom_star, s.dow_star);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

struct error_case {
	const char *text, *msg;
};

static void check_errors(const struct error_case *c, size_t n)
{
	int failures = 0;

	for (size_t i = 0; i < n; i++) {
		struct cron_schedule s;
		struct ksim_error err;

		if (cron_parse(c[i].text, &s, &err) == 0) {
			print_error("\"%s\": parsed, want error \"%s\"\n", c[i].text, c[i].msg);
			failures++;
		} else if (strcmp(err.msg, c[i].msg) != 0) {
			print_error("\"%s\":\n  want %s\n  got  %s\n", c[i].text, c[i].msg, err.msg);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

static void invalid_schedules_fail_with_robfig_messages(void **state)
{
	static const struct error_case cases[] = {
		{ "", "empty spec string" },
		{ "   ", "expected exactly 5 fields, found 0: []" },
		{ "* * * *", "expected exactly 5 fields, found 4: [* * * *]" },
		{ "0 * * * * *", "expected exactly 5 fields, found 6: [0 * * * * *]" },
		{ "61 * * * *", "end of range (61) above maximum (59): 61" },
		{ "* 24 * * *", "end of range (24) above maximum (23): 24" },
		{ "* * 0 * *", "beginning of range (0) below minimum (1): 0" },
		{ "* * 32 * *", "end of range (32) above maximum (31): 32" },
		{ "* * * 0 *", "beginning of range (0) below minimum (1): 0" },
		{ "* * * 13 *", "end of range (13) above maximum (12): 13" },
		{ "5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1" },
		{ "60/5 * * * *", "beginning of range (60) beyond end of range (59): 60/5" },
		{ "*/0 * * * *", "step of range should be a positive number: */0" },
		{ "5/0 * * * *", "step of range should be a positive number: 5/0" },
		{ "1-2-3 * * * *", "too many hyphens: 1-2-3" },
		{ "1/2/3 * * * *", "too many slashes: 1/2/3" },
		{ "*/2/3 * * * *", "too many slashes: */2/3" },
		{ "a * * * *",
		  "failed to parse int from a: strconv.Atoi: parsing \"a\": invalid syntax" },
		{ "1- * * * *",
		  "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax" },
		{ "-1 * * * *",
		  "failed to parse int from : strconv.Atoi: parsing \"\": invalid syntax" },
		{ "*/-1 * * * *", "negative number (-1) not allowed: -1" },
		{ "*/+ * * * *",
		  "failed to parse int from +: strconv.Atoi: parsing \"+\": invalid syntax" },
		{ "*/1.5 * * * *",
		  "failed to parse int from 1.5: strconv.Atoi: parsing \"1.5\": invalid syntax" },
		{ "99999999999999999999 * * * *",
		  "failed to parse int from 99999999999999999999: strconv.Atoi: parsing "
		  "\"99999999999999999999\": value out of range" },
		{ "9223372036854775808 * * * *",
		  "failed to parse int from 9223372036854775808: strconv.Atoi: parsing "
		  "\"9223372036854775808\": value out of range" },
		{ "9223372036854775807 * * * *",
		  "end of range (9223372036854775807) above maximum (59): 9223372036854775807" },
		{ "* * * * */mon",
		  "failed to parse int from mon: strconv.Atoi: parsing \"mon\": invalid syntax" },
		{ "* * mon * *",
		  "failed to parse int from mon: strconv.Atoi: parsing \"mon\": invalid syntax" },
		{ "* * * * monday",
		  "failed to parse int from monday: strconv.Atoi: parsing \"monday\": invalid "
		  "syntax" },
		{ "* * * * 0-7", "end of range (7) above maximum (6): 0-7" },
		{ "* * * * sat-sun", "beginning of range (6) beyond end of range (0): sat-sun" },
		{ "@Daily", "unrecognized descriptor: @Daily" },
		{ "@daily ", "unrecognized descriptor: @daily " },
		{ " @daily", "expected exactly 5 fields, found 1: [@daily]" },
		{ "@every", "unrecognized descriptor: @every" },
		{ "@reboot", "unrecognized descriptor: @reboot" },
	};

	(void)state;
	check_errors(cases, ARRAY_LEN(cases));
}

static void the_first_bad_field_decides_the_message(void **state)
{
	static const struct error_case cases[] = {
		{ "x y * * *",
		  "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax" },
		{ "* 99 0 * *", "end of range (99) above maximum (23): 99" },
		{ "1,99,x * * * *", "end of range (99) above maximum (59): 99" },
		{ "x-1-2 * * * *",
		  "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax" },
		{ "1-2-3/x * * * *", "too many hyphens: 1-2-3/x" },
		{ "1-99/0 * * * *", "end of range (99) above maximum (59): 1-99/0" },
	};

	(void)state;
	check_errors(cases, ARRAY_LEN(cases));
}

static void day_of_week_seven_is_rejected(void **state)
{
	static const struct error_case cases[] = {
		{ "0 0 * * 7", "end of range (7) above maximum (6): 7" },
		{ "0 0 * * 1-7", "end of range (7) above maximum (6): 1-7" },
		{ "0 0 * * 5,7", "end of range (7) above maximum (6): 7" },
	};

	(void)state;
	check_errors(cases, ARRAY_LEN(cases));
}

static void names_are_accepted_in_any_case_in_month_and_day_of_week(void **state)
{
	const char *spellings[] = { "0 0 * feb-apr mon-fri", "0 0 * FEB-APR MON-FRI",
				    "0 0 * Feb-aPr mOn-Fri", "0 0 * 2-4 1-5" };
	struct cron_schedule first = parse_ok(spellings[0]);

	(void)state;
	assert_int_equal(first.month, 7u << 2);
	assert_int_equal(first.dow, 0x1fu << 1);
	for (size_t i = 1; i < ARRAY_LEN(spellings); i++) {
		struct cron_schedule s = parse_ok(spellings[i]);

		assert_int_equal(s.month, first.month);
		assert_int_equal(s.dow, first.dow);
	}
}

static void a_plus_sign_is_accepted_and_a_minus_sign_is_a_range(void **state)
{
	struct cron_schedule s = parse_ok("+5 * * * *");
	struct ksim_error err;

	(void)state;
	assert_int_equal(s.minute, 1ULL << 5);
	assert_int_equal(cron_parse("-5 * * * *", &s, &err), -1);
	assert_string_equal(err.msg, "failed to parse int from : "
				     "strconv.Atoi: parsing \"\": invalid syntax");
}

static void empty_list_items_are_ignored(void **state)
{
	struct cron_schedule a = parse_ok("1,,2, * * * *"), b = parse_ok(",1,2 * * * *");

	(void)state;
	assert_int_equal(a.minute, 6);
	assert_int_equal(b.minute, 6);
}

static void question_mark_means_any_and_sets_the_star_flag(void **state)
{
	struct cron_schedule q = parse_ok("? ? ? ? ?"), s = parse_ok("* * * * *");

	(void)state;
	assert_int_equal(q.minute, s.minute);
	assert_int_equal(q.hour, s.hour);
	assert_int_equal(q.dom, s.dom);
	assert_int_equal(q.month, s.month);
	assert_int_equal(q.dow, s.dow);
	assert_true(q.dom_star);
	assert_true(q.dow_star);
}

static void a_step_above_one_drops_the_star_flag(void **state)
{
	static const struct {
		const char *text;
		bool dom_star;
	} cases[] = {
		{ "0 0 * * 1", true },    { "0 0 ? * 1", true },     { "0 0 */1 * 1", true },
		{ "0 0 */2 * 1", false }, { "0 0 1-31 * 1", false }, { "0 0 ?/2 * 1", false },
		{ "0 0 1/1 * 1", false }, { "0 0 *-9 * 1", true },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct cron_schedule s = parse_ok(cases[i].text);

		if (s.dom_star != cases[i].dom_star)
			fail_msg("\"%s\": dom_star %d", cases[i].text, s.dom_star);
	}
}

static void a_single_value_with_a_step_runs_to_the_field_maximum(void **state)
{
	struct cron_schedule s = parse_ok("5/15 22/1 30/2 11/1 5/1");

	(void)state;
	assert_int_equal(s.minute, 1ULL << 5 | 1ULL << 20 | 1ULL << 35 | 1ULL << 50);
	assert_int_equal(s.hour, 3u << 22);
	assert_int_equal(s.dom, 1u << 30);
	assert_int_equal(s.month, 3u << 11);
	assert_int_equal(s.dow, 3u << 5);
}

static void whitespace_between_fields_follows_go_strings_fields(void **state)
{
	const char *texts[] = {
		"*/1 * * * * ",           "  */1   *\t*\n* *",
		"*/1\v*\f*\r* *",         "*/1\xc2\xa0* * * *", /* U+00A0 no-break space */
		"*/1\xe2\x80\x83* * * *",                       /* U+2003 em space */
		"*/1\xe3\x80\x80* * * *",                       /* U+3000 ideographic space */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		struct cron_schedule s = parse_ok(texts[i]);

		assert_int_equal(s.minute, ALL_MIN);
		assert_int_equal(s.dow, ALL_DOW);
	}
}

#define TZ_MSG "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"

static void tz_and_cron_tz_in_a_schedule_are_rejected(void **state)
{
	static const struct error_case cases[] = {
		{ "TZ=UTC * * * * *", TZ_MSG },
		{ "CRON_TZ=America/New_York 0 9 * * *", TZ_MSG },
		{ "CRON_TZ=Mars/Base 0 9 * * *", TZ_MSG },
		{ "TZ=UTC @daily", TZ_MSG },
		{ "0 0 * * TZ", TZ_MSG },
	};

	(void)state;
	check_errors(cases, ARRAY_LEN(cases));
}

static void every_keeps_whole_seconds_and_at_least_one(void **state)
{
	static const struct {
		const char *text;
		int64_t ms;
	} cases[] = {
		{ "@every 1h30m", 5400000 },
		{ "@every 90m", 5400000 },
		{ "@every 1.5s", 1000 },
		{ "@every 2.9s", 2000 },
		{ "@every 500ms", 1000 },
		{ "@every 0", 1000 },
		{ "@every 0s", 1000 },
		{ "@every -5m", 1000 },
		{ "@every +5m", 300000 },
		{ "@every .5h", 1800000 },
		{ "@every 1.h", 3600000 },
		{ "@every 1h0.5s", 3600000 },
		{ "@every 1\xc2\xb5s", 1000 },
		{ "@every 1000000000ns", 1000 },
		{ "@every 2562047h", 2562047LL * 3600000 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct cron_schedule s = parse_ok(cases[i].text);

		if (s.every_ms != cases[i].ms)
			fail_msg("\"%s\": every_ms %lld, want %lld", cases[i].text,
				 (long long)s.every_ms, (long long)cases[i].ms);
	}
}

#define BAD_DURATION "failed to parse duration "

static void every_rejects_what_go_parse_duration_rejects(void **state)
{
	static const struct error_case cases[] = {
		{ "@every ", BAD_DURATION "@every : time: invalid duration \"\"" },
		{ "@every 1", BAD_DURATION "@every 1: time: missing unit in duration \"1\"" },
		{ "@every 1x", BAD_DURATION "@every 1x: time: unknown unit \"x\" in duration \"1x\"" },
		{ "@every 1h ",
		  BAD_DURATION "@every 1h : time: unknown unit \"h \" in duration \"1h \"" },
		{ "@every  1h", BAD_DURATION "@every  1h: time: invalid duration \" 1h\"" },
		{ "@every .", BAD_DURATION "@every .: time: invalid duration \".\"" },
		{ "@every -", BAD_DURATION "@every -: time: invalid duration \"-\"" },
		{ "@every 1h-1m",
		  BAD_DURATION "@every 1h-1m: time: unknown unit \"h-\" in duration \"1h-1m\"" },
		{ "@every 9999999999h",
		  BAD_DURATION "@every 9999999999h: time: invalid duration \"9999999999h\"" },
	};

	(void)state;
	check_errors(cases, ARRAY_LEN(cases));
}

static void the_text_is_kept_and_truncated_to_fit(void **state)
{
	char long_text[300];
	struct cron_schedule s = parse_ok("0  9 * * 1-5");

	(void)state;
	assert_string_equal(s.text, "0  9 * * 1-5");
	memset(long_text, ',', sizeof long_text);
	memcpy(long_text, "0 ", 2);
	memcpy(long_text + sizeof long_text - 7, " * * *", 7);
	s = parse_ok(long_text);
	assert_int_equal(strlen(s.text), CRON_TEXT_MAX - 1);
	assert_int_equal(s.hour, 0);
}

/* ---------------------------------------------------------------- next, UTC */

static void next_times_in_utc_match_robfig(void **state)
{
	/* robfig spec_test.go TestNext, 5-field form, then cases checked by a minute scan */
	static const struct next_case cases[] = {
		{ "0/15 * * * *", "2012-07-09T14:45:00Z", "2012-07-09T15:00:00Z" },
		{ "0/15 * * * *", "2012-07-09T14:59:00Z", "2012-07-09T15:00:00Z" },
		{ "0/15 * * * *", "2012-07-09T14:59:59Z", "2012-07-09T15:00:00Z" },
		{ "20-35/15 * * * *", "2012-07-09T15:45:00Z", "2012-07-09T16:20:00Z" },
		{ "*/15 * * * *", "2012-07-09T23:46:00Z", "2012-07-10T00:00:00Z" },
		{ "20-35/15 * * * *", "2012-07-09T23:45:00Z", "2012-07-10T00:20:00Z" },
		{ "0 0 9 Apr-Oct ?", "2012-07-09T23:35:00Z", "2012-08-09T00:00:00Z" },
		{ "0 0 */5 Oct Mon", "2012-07-09T23:35:00Z", "2012-10-01T00:00:00Z" },
		{ "0 0 * Feb Mon", "2012-07-09T23:35:00Z", "2013-02-04T00:00:00Z" },
		{ "0 0 * Feb Mon/2", "2012-07-09T23:35:00Z", "2013-02-01T00:00:00Z" },
		{ "* * * * *", "2012-12-31T23:59:45Z", "2013-01-01T00:00:00Z" },
		{ "0 0 29 Feb ?", "2012-07-09T23:35:00Z", "2016-02-29T00:00:00Z" },
		{ "*/20 * * * *", "2026-01-01T00:00:00Z", "2026-01-01T00:20:00Z" },
		{ "0 * * * *", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z" },
		{ "20,21,22 * * * *", "2026-01-01T00:21:30Z", "2026-01-01T00:22:00Z" },
		{ "0 0 * * 0", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z" },
		{ "30 2 * * 1", "2026-01-01T00:00:00Z", "2026-01-05T02:30:00Z" },
		{ "0 9-17/2 * * 1-5", "2026-01-02T17:00:00Z", "2026-01-05T09:00:00Z" },
		{ "0 0 1 1 *", "2026-06-15T00:00:00Z", "2027-01-01T00:00:00Z" },
		{ "0 12 31 * *", "2026-02-01T00:00:00Z", "2026-03-31T12:00:00Z" },
		{ "59 23 31 12 *", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z" },
		{ "5/15 * * * *", "2026-01-01T00:50:00Z", "2026-01-01T01:05:00Z" },
		{ "0 0 * * 6,0", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z" },
		{ "0 0 31 * *", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z" },
		{ "0 0 * * 1-5", "2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z" },
		{ "0 0 1 1 *", "1969-06-01T00:00:00Z", "1970-01-01T00:00:00Z" },
		{ "@monthly", "2026-01-31T12:00:00Z", "2026-02-01T00:00:00Z" },
		{ "@weekly", "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z" },
		{ "@yearly", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z" },
		{ "@hourly", "2026-01-01T00:59:59Z", "2026-01-01T01:00:00Z" },
		{ "@daily", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z" },
	};

	(void)state;
	check_next_cases("UTC", cases, ARRAY_LEN(cases));
}

static void next_is_strictly_after_and_ignores_sub_second_parts(void **state)
{
	static const struct next_case cases[] = {
		{ "*/20 * * * *", "2026-01-01T00:19:59.999Z", "2026-01-01T00:20:00Z" },
		{ "*/20 * * * *", "2026-01-01T00:20:00Z", "2026-01-01T00:40:00Z" },
		{ "*/20 * * * *", "2026-01-01T00:20:00.001Z", "2026-01-01T00:40:00Z" },
		{ "* * * * *", "1969-12-31T23:59:59.500Z", "1970-01-01T00:00:00Z" },
		{ "* * * * *", "1969-12-31T23:59:00Z", "1970-01-01T00:00:00Z" },
	};

	(void)state;
	check_next_cases("UTC", cases, ARRAY_LEN(cases));
}

static void day_of_month_and_day_of_week_are_ored_when_both_are_restricted(void **state)
{
	/* 2026-01-02 is a Friday */
	static const struct next_case cases[] = {
		{ "0 0 1,15 * 3", "2026-01-02T00:00:00Z", "2026-01-07T00:00:00Z" },
		{ "0 0 1-7 * 1", "2026-01-07T01:00:00Z", "2026-01-12T00:00:00Z" },
		{ "0 0 1-31 * 1", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z" },
		{ "0 0 */2 * 1", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z" },
		{ "0 0 */5 Apr,Aug,Oct Mon", "2012-07-09T23:35:00Z", "2012-08-01T00:00:00Z" },
	};

	(void)state;
	check_next_cases("UTC", cases, ARRAY_LEN(cases));
}

static void day_of_month_and_day_of_week_are_anded_when_either_is_starred(void **state)
{
	static const struct next_case cases[] = {
		{ "0 0 1,15 * *", "2026-01-02T00:00:00Z", "2026-01-15T00:00:00Z" },
		{ "0 0 * * 3", "2026-01-02T00:00:00Z", "2026-01-07T00:00:00Z" },
		{ "0 0 ? * 1", "2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z" },
		{ "0 0 */1 * 1", "2026-01-02T00:00:00Z", "2026-01-05T00:00:00Z" },
		{ "0 0 13 * */1", "2026-01-02T00:00:00Z", "2026-01-13T00:00:00Z" },
		{ "0 0 13 * 5,*", "2026-01-02T00:00:00Z", "2026-01-13T00:00:00Z" },
	};

	(void)state;
	check_next_cases("UTC", cases, ARRAY_LEN(cases));
}

static void an_impossible_date_never_fires_within_five_years(void **state)
{
	static const struct next_case cases[] = {
		{ "0 0 30 Feb *", "2026-01-01T00:00:00Z", "none" },
		{ "0 0 30 2 *", "2026-01-01T00:00:00Z", "none" },
		{ "0 0 31 Apr ?", "2012-07-09T23:35:00Z", "none" },
		{ "0 0 31 2,4,6,9,11 *", "2026-01-01T00:00:00Z", "none" },
		{ ", * * * *", "2026-01-01T00:00:00Z", "none" },
		{ "0 0 , * *", "2026-01-01T00:00:00Z", "none" },
		{ "0 0 , * ,", "2026-01-01T00:00:00Z", "none" },
	};

	(void)state;
	check_next_cases("UTC", cases, ARRAY_LEN(cases));
	check_next_cases("America/New_York", cases, ARRAY_LEN(cases));
}

static void the_search_ends_with_the_fifth_following_year(void **state)
{
	/* 2100 is not a leap year, so 2096-02-29 is followed by 2104-02-29 */
	static const struct next_case cases[] = {
		{ "0 0 29 2 *", "2099-03-01T00:00:00Z", "2104-02-29T00:00:00Z" },
		{ "0 0 29 2 *", "2098-12-31T23:59:58Z", "none" },
		{ "0 0 29 2 *", "2098-12-31T23:59:59Z", "2104-02-29T00:00:00Z" },
		{ "0 0 29 2 *", "2096-02-29T00:00:00Z", "none" },
		{ "0 0 1 1 *", "2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z" },
	};

	(void)state;
	check_next_cases("UTC", cases, ARRAY_LEN(cases));
	check_next_cases("Europe/Berlin",
			 (const struct next_case[]){
			     { "0 0 29 2 *", "2099-02-28T23:00:00Z", "2104-02-28T23:00:00Z" },
			     { "0 0 29 2 *", "2098-12-31T22:59:58Z", "none" } },
			 2);
}

static void every_adds_the_interval_to_the_truncated_second(void **state)
{
	static const struct run_case cases[] = {
		{ "@every 1h30m",
		  "2026-01-01T00:00:00.750Z",
		  { "2026-01-01T01:30:00Z", "2026-01-01T03:00:00Z" } },
		{ "@every 1.9s",
		  "2026-01-01T00:00:00Z",
		  { "2026-01-01T00:00:01Z", "2026-01-01T00:00:02Z" } },
		{ "@every 24h",
		  "2026-03-07T12:00:00Z",
		  { "2026-03-08T12:00:00Z", "2026-03-09T12:00:00Z" } },
	};

	struct cron_schedule s = parse_ok("@every 1m");

	(void)state;
	check_runs("UTC", cases, ARRAY_LEN(cases));
	check_runs("America/New_York", cases, ARRAY_LEN(cases)); /* no wall clock involved */
	assert_int_equal(cron_next(&s, NULL, at("2026-01-01T00:00:00.999Z")),
			 at("2026-01-01T00:01:00Z"));
	assert_int_equal(cron_next(&s, NULL, at("1969-12-31T23:59:59.500Z")),
			 at("1970-01-01T00:00:59Z"));
}

static void a_null_zone_means_utc(void **state)
{
	struct cron_schedule s = parse_ok("30 2 * * *");
	int64_t from = at("2026-03-07T12:00:00Z");

	(void)state;
	assert_int_equal(cron_next(&s, NULL, from), at("2026-03-08T02:30:00Z"));
	assert_int_equal(cron_next(&s, cron_tz_utc(), from), at("2026-03-08T02:30:00Z"));
	assert_int_equal(cron_next(&s, NULL, TIME_NONE), TIME_NONE);
}

/* ---------------------------------------------------------------- DST */

static void new_york_spring_forward_skips_the_missing_hour(void **state)
{
	/* robfig spec_test.go (2012), then 2026 traced by hand: 02:00 EST -> 03:00 EDT at 07:00Z */
	static const struct run_case cases[] = {
		{ "30 2 11 Mar ?", "2012-03-11T05:00:00Z", { "2013-03-11T06:30:00Z" } },
		{ "0 * * * ?",
		  "2012-03-11T05:00:00Z",
		  { "2012-03-11T06:00:00Z", "2012-03-11T07:00:00Z", "2012-03-11T08:00:00Z" } },
		{ "0 1 * * ?",
		  "2012-03-11T05:00:00Z",
		  { "2012-03-11T06:00:00Z", "2012-03-12T05:00:00Z" } },
		{ "0 2 * * ?", "2012-03-11T05:00:00Z", { "2012-03-12T06:00:00Z" } },
		{ "30 2 * * *",
		  "2026-03-07T12:00:00Z",
		  { "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z" } },
		{ "0 3 * * *", "2026-03-08T05:00:00Z", { "2026-03-08T07:00:00Z" } },
		{ "*/30 * * * *",
		  "2026-03-08T06:00:00Z",
		  { "2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z" } },
	};

	(void)state;
	check_runs("America/New_York", cases, ARRAY_LEN(cases));
}

static void new_york_fall_back_fires_twice_in_the_repeated_hour(void **state)
{
	/* robfig spec_test.go (2012), then 2026: 02:00 EDT -> 01:00 EST at 06:00Z */
	static const struct run_case cases[] = {
		{ "30 2 04 Nov ?", "2012-11-04T04:00:00Z", { "2012-11-04T07:30:00Z" } },
		{ "30 1 04 Nov ?", "2012-11-04T05:45:00Z", { "2012-11-04T06:30:00Z" } },
		{ "0 * * * ?",
		  "2012-11-04T04:00:00Z",
		  { "2012-11-04T05:00:00Z", "2012-11-04T06:00:00Z", "2012-11-04T07:00:00Z" } },
		{ "0 1 * * ?",
		  "2012-11-04T04:00:00Z",
		  { "2012-11-04T05:00:00Z", "2012-11-04T06:00:00Z", "2012-11-05T06:00:00Z" } },
		{ "0 2 * * ?",
		  "2012-11-04T04:00:00Z",
		  { "2012-11-04T07:00:00Z", "2012-11-05T07:00:00Z" } },
		{ "0 3 * * ?",
		  "2012-11-04T04:00:00Z",
		  { "2012-11-04T08:00:00Z", "2012-11-05T08:00:00Z" } },
		{ "0 3 3 * ?", "2012-11-04T04:00:00Z", { "2012-12-03T08:00:00Z" } },
		{ "30 1 * * *",
		  "2026-11-01T04:00:00Z",
		  { "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-02T06:30:00Z" } },
		{ "0 3 * * *", "2026-11-01T06:40:00Z", { "2026-11-01T08:00:00Z" } },
	};

	(void)state;
	check_runs("America/New_York", cases, ARRAY_LEN(cases));
}

static void berlin_spring_forward_skips_the_missing_hour(void **state)
{
	/* traced by hand: 2026-03-29 02:00 CET -> 03:00 CEST at 01:00Z */
	static const struct run_case cases[] = {
		{ "30 2 * * *", "2026-03-28T12:00:00Z", { "2026-03-30T00:30:00Z" } },
		{ "0 * * * *",
		  "2026-03-29T00:00:00Z",
		  { "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z" } },
		{ "0 2 29 3 *", "2026-03-01T00:00:00Z", { "2027-03-29T00:00:00Z" } },
		{ "0 3 * * *", "2026-03-28T23:00:00Z", { "2026-03-29T01:00:00Z" } },
	};

	(void)state;
	check_runs("Europe/Berlin", cases, ARRAY_LEN(cases));
}

static void berlin_fall_back_fires_twice_in_the_repeated_hour(void **state)
{
	/* traced by hand: 2026-10-25 03:00 CEST -> 02:00 CET at 01:00Z */
	static const struct run_case cases[] = {
		{ "30 2 * * *",
		  "2026-10-24T12:00:00Z",
		  { "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z" } },
		{ "0 2 * * *",
		  "2026-10-24T22:00:00Z",
		  { "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-26T01:00:00Z" } },
		{ "0 3 * * *", "2026-10-25T00:30:00Z", { "2026-10-25T02:00:00Z" } },
	};

	(void)state;
	check_runs("Europe/Berlin", cases, ARRAY_LEN(cases));
}

static void a_skipped_midnight_skips_the_whole_day_for_midnight_jobs(void **state)
{
	/*
	 * Sao Paulo, 2018-11-04: 00:00 -03 -> 01:00 -02 at 03:00Z. robfig's hour
	 * loop goes 23:00 -> 01:00 without seeing hour 0, so it never rechecks
	 * the day and walks on to the next midnight.
	 */
	static const struct run_case cases[] = {
		{ "0 0 * * *", "2018-11-03T15:00:00Z", { "2018-11-05T02:00:00Z" } },
		{ "30 0 4 11 *", "2018-11-01T12:00:00Z", { "2019-11-04T03:30:00Z" } },
		{ "0 1 * * *", "2018-11-03T15:00:00Z", { "2018-11-04T03:00:00Z" } },
	};

	(void)state;
	check_runs("America/Sao_Paulo", cases, ARRAY_LEN(cases));
}

/*
 * A model of robfig's Next() written the slow way: one second, minute or
 * hour per step, Go's time.Date for every reset, no shortcuts.
 */
struct model_wall {
	int64_t t, year;
	unsigned mon, day, hour, min, sec, wday;
};

static void model_wall_at(const struct cron_tz *tz, int64_t t, struct model_wall *w)
{
	int64_t local = t + cron_tz_offset_span(tz, t, NULL, NULL);
	int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	int64_t rem = local - days * 86400;

	w->t = t;
	time_civil_from_days(days, &w->year, &w->mon, &w->day);
	w->hour = (unsigned)(rem / 3600);
	w->min = (unsigned)(rem / 60 % 60);
	w->sec = (unsigned)(rem % 60);
	w->wday = (unsigned)(((days % 7) + 11) % 7);
}

static int64_t model_date(const struct cron_tz *tz, int64_t y, int mon, int day, int h, int mi,
			  int sec)
{
	int64_t lo, hi, unix;
	int off;

	while (mon > 12)
		mon -= 12, y++;
	unix = (time_days_from_civil(y, (unsigned)mon, 1) + day - 1) * 86400 + h * 3600 + mi * 60 +
	       sec;
	off = cron_tz_offset_span(tz, unix, &lo, &hi);
	if (off != 0 && (unix - off < lo || unix - off >= hi))
		off = cron_tz_offset_span(tz, unix - off, NULL, NULL);
	return unix - off;
}

static bool model_day_matches(const struct cron_schedule *s, const struct model_wall *w)
{
	bool dom = s->dom >> w->day & 1, dow = s->dow >> w->wday & 1;

	return s->dom_star || s->dow_star ? dom && dow : dom || dow;
}

static int64_t model_next(const struct cron_schedule *s, const struct cron_tz *tz, int64_t ms)
{
	struct model_wall w;
	bool added = false;
	int64_t limit, t = (ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)) + 1;

	model_wall_at(tz, t, &w);
	limit = w.year + 5;
wrap:
	if (w.year > limit)
		return TIME_NONE;
	while (!(s->month >> w.mon & 1)) {
		if (!added) {
			added = true;
			model_wall_at(tz, model_date(tz, w.year, (int)w.mon, 1, 0, 0, 0), &w);
		}
		model_wall_at(tz,
			      model_date(tz, w.year, (int)w.mon + 1, (int)w.day, (int)w.hour,
					 (int)w.min, (int)w.sec),
			      &w);
		if (w.mon == 1)
			goto wrap;
	}
	while (!model_day_matches(s, &w)) {
		if (!added) {
			added = true;
			model_wall_at(tz, model_date(tz, w.year, (int)w.mon, (int)w.day, 0, 0, 0),
				      &w);
		}
		model_wall_at(tz,
			      model_date(tz, w.year, (int)w.mon, (int)w.day + 1, (int)w.hour,
					 (int)w.min, (int)w.sec),
			      &w);
		if (w.hour != 0)
			model_wall_at(
			    tz, w.t + (w.hour > 12 ? 24 - (int64_t)w.hour : -(int64_t)w.hour) * 3600,
			    &w);
		if (w.day == 1)
			goto wrap;
	}
	while (!(s->hour >> w.hour & 1)) {
		if (!added) {
			added = true;
			model_wall_at(
			    tz, model_date(tz, w.year, (int)w.mon, (int)w.day, (int)w.hour, 0, 0),
			    &w);
		}
		model_wall_at(tz, w.t + 3600, &w);
		if (w.hour == 0)
			goto wrap;
	}
	while (!(s->minute >> w.min & 1)) {
		if (!added) {
			added = true;
			model_wall_at(tz, w.t - (w.t % 60 + 60) % 60, &w);
		}
		model_wall_at(tz, w.t + 60, &w);
		if (w.min == 0)
			goto wrap;
	}
	while (w.sec != 0) {
		added = true;
		model_wall_at(tz, w.t + 1, &w);
		if (w.sec == 0)
			goto wrap;
	}
	return w.t * 1000;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

/* A random field between lo and hi: a star, a value, a range, a list, or any of them stepped. */
static void random_field(struct strbuf *sb, unsigned lo, unsigned hi)
{
	unsigned a = lo + rnd(hi - lo + 1), b = a + rnd(hi - a + 1), step = 1 + rnd(hi / 3 + 1);

	switch (rnd(7)) {
	case 0:
		sb_add(sb, "*");
		break;
	case 1:
		sb_printf(sb, "%u", a);
		break;
	case 2:
		sb_printf(sb, "%u-%u", a, b);
		break;
	case 3:
		sb_printf(sb, "*/%u", step);
		break;
	case 4:
		sb_printf(sb, "%u/%u", a, step);
		break;
	case 5:
		sb_printf(sb, "%u,%u", a, lo + rnd(hi - lo + 1));
		break;
	default:
		sb_printf(sb, "%u-%u/%u", a, b, step);
		break;
	}
}

/* Offset changes of tz between two instants, into out[max]. */
static size_t zone_changes(const struct cron_tz *tz, int64_t from, int64_t to, int64_t *out,
			   size_t max)
{
	size_t n = 0;
	int64_t t = from, until;

	while (n < max) {
		int off = cron_tz_offset_span(tz, t, NULL, &until);

		while (until < to && cron_tz_offset_span(tz, until, NULL, NULL) == off)
			cron_tz_offset_span(tz, until, NULL, &until);
		if (until >= to)
			break;
		out[n++] = until;
		t = until;
	}
	return n;
}

static void next_matches_a_step_by_step_model_of_robfig(void **state)
{
	static const char *const zones[] = { "America/New_York",
					     "Europe/Berlin",
					     "Australia/Lord_Howe",
					     "America/Sao_Paulo",
					     "America/Santiago",
					     "Asia/Kolkata",
					     "UTC",
					     "America/Havana",
					     "Africa/Casablanca" };
	static const unsigned lo[] = { 0, 0, 1, 1, 0 }, hi[] = { 59, 23, 31, 12, 6 };
	int failures = 0, checked = 0;

	(void)state;
	for (size_t z = 0; z < ARRAY_LEN(zones); z++) {
		struct cron_tz *tz = zone(zones[z]);
		int64_t changes[64];
		size_t nch = zone_changes(tz, at("2016-01-01T00:00:00Z") / 1000,
					  at("2030-01-01T00:00:00Z") / 1000, changes,
					  ARRAY_LEN(changes));

		for (int i = 0; i < 600; i++) {
			struct strbuf text;
			struct cron_schedule s;
			struct ksim_error err;
			int64_t from, got, want;

			sb_init(&text);
			for (int f = 0; f < 5; f++) {
				if (f)
					sb_addc(&text, ' ');
				random_field(&text, lo[f], f == 0 && rnd(2) ? 5 : hi[f]);
			}
			if (cron_parse(text.data, &s, &err) != 0)
				fail_msg("random schedule \"%s\": %s", text.data, err.msg);
			from = nch && rnd(4) ? (changes[rnd((unsigned)nch)] +
						(int64_t)rnd(6 * 86400) - 3 * 86400) *
						       1000 +
						   rnd(1000)
					     : at("2016-01-01T00:00:00Z") +
						   (int64_t)rnd(14 * 365) * 86400000 + rnd(86400000);
			got = cron_next(&s, tz, from);
			want = model_next(&s, tz, from);
			if (got != want) {
				char a[32], b[32], f[32];

				print_error("%s \"%s\" after %s: want %s, got %s\n", zones[z],
					    text.data, show(from, f, sizeof f),
					    show(want, a, sizeof a), show(got, b, sizeof b));
				failures++;
			}
			checked++;
			sb_free(&text);
		}
		cron_tz_free(tz);
	}
	assert_int_equal(checked, 600 * (int)ARRAY_LEN(zones));
	assert_int_equal(failures, 0);
}

static void common_schedules_match_the_model_every_hour_around_dst_changes(void **state)
{
	static const char *const schedules[] = { "*/1 * * * *", "0 * * * *",    "30 2 * * *",
						 "0 0 * * *",   "15 1-3 * * 0", "0 0 1 * *",
						 "0 0 29 2 *",  "*/7 */3 * * *" };
	static const char *const zones[] = { "America/New_York", "Europe/Berlin",
					     "Australia/Lord_Howe", "America/Santiago" };
	int failures = 0;

	(void)state;
	for (size_t z = 0; z < ARRAY_LEN(zones); z++) {
		struct cron_tz *tz = zone(zones[z]);
		int64_t changes[8];
		size_t nch = zone_changes(tz, at("2026-01-01T00:00:00Z") / 1000,
					  at("2027-01-01T00:00:00Z") / 1000, changes,
					  ARRAY_LEN(changes));

		assert_true(nch >= 2);
		for (size_t c = 0; c < nch; c++) {
			for (size_t k = 0; k < ARRAY_LEN(schedules); k++) {
				struct cron_schedule s = parse_ok(schedules[k]);

				for (int64_t m = -26 * 60; m <= 26 * 60; m += 20) {
					int64_t from = (changes[c] + m * 60) * 1000;

					char f[32];

					if (cron_next(&s, tz, from) == model_next(&s, tz, from))
						continue;
					print_error("%s \"%s\" after %s differs\n", zones[z],
						    schedules[k], show(from, f, sizeof f));
					failures++;
				}
			}
		}
		cron_tz_free(tz);
	}
	assert_int_equal(failures, 0);
}

/* ---------------------------------------------------------------- zones */

static void utc_needs_no_zone_files(void **state)
{
	struct ksim_error err;
	struct cron_tz *utc, *etc;
	const char *saved = getenv("TZDIR");
	char *copy = saved ? xstrdup(saved) : NULL;

	(void)state;
	setenv("TZDIR", "/nonexistent/ksim-zoneinfo", 1);
	utc = cron_tz_load("UTC", &err);
	etc = cron_tz_load("Etc/UTC", &err);
	assert_non_null(utc);
	assert_non_null(etc);
	assert_string_equal(cron_tz_name(utc), "UTC");
	assert_string_equal(cron_tz_name(etc), "Etc/UTC");
	assert_int_equal(cron_tz_offset(etc, at("2026-07-01T00:00:00Z")), 0);
	assert_null(cron_tz_load("Europe/Berlin", &err));
	cron_tz_free(utc);
	cron_tz_free(etc);
	cron_tz_free(NULL);
	if (copy)
		setenv("TZDIR", copy, 1);
	else
		unsetenv("TZDIR");
	free(copy);
}

static void zone_names_the_api_server_refuses_are_refused(void **state)
{
	static const struct error_case cases[] = {
		{ "", "time zone must not be empty" },
		{ "Local", "time zone must be an explicit IANA name, not \"Local\"" },
		{ "local", "time zone must be an explicit IANA name, not \"local\"" },
		{ "Mars/Base", "unknown time zone \"Mars/Base\"" },
		{ "../../etc/passwd", "unknown time zone \"../../etc/passwd\"" },
		{ "/etc/localtime", "unknown time zone \"/etc/localtime\"" },
		{ "America//New_York", "unknown time zone \"America//New_York\"" },
		{ "America/New_York/", "unknown time zone \"America/New_York/\"" },
		{ "America/./New_York", "unknown time zone \"America/./New_York\"" },
		{ "-America/New_York", "unknown time zone \"-America/New_York\"" },
		{ "America/New York", "unknown time zone \"America/New York\"" },
		{ "America/Fifteen_Chars_", "unknown time zone \"America/Fifteen_Chars_\"" },
		{ "America", "unknown time zone \"America\"" },
	};
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ksim_error err;
		struct cron_tz *tz = cron_tz_load(cases[i].text, &err);

		if (tz || strcmp(err.msg, cases[i].msg) != 0) {
			print_error("\"%s\": want \"%s\", got %s\n", cases[i].text, cases[i].msg,
				    tz ? "a zone" : err.msg);
			failures++;
		}
		cron_tz_free(tz);
	}
	assert_int_equal(failures, 0);
}

static void offsets_follow_the_system_zone_files(void **state)
{
	static const struct {
		const char *zone, *when;
		int off;
	} cases[] = {
		{ "America/New_York", "2026-01-15T12:00:00Z", -5 * 3600 },
		{ "America/New_York", "2026-07-15T12:00:00Z", -4 * 3600 },
		{ "America/New_York", "2026-03-08T06:59:59Z", -5 * 3600 },
		{ "America/New_York", "2026-03-08T07:00:00Z", -4 * 3600 },
		{ "America/New_York", "2026-11-01T05:59:59Z", -4 * 3600 },
		{ "America/New_York", "2026-11-01T06:00:00Z", -5 * 3600 },
		{ "America/New_York", "2099-07-15T12:00:00Z", -4 * 3600 },
		{ "America/New_York", "2350-07-15T12:00:00Z", -4 * 3600 },
		{ "America/New_York", "2350-12-15T12:00:00Z", -5 * 3600 },
		{ "Europe/Berlin", "2026-03-29T00:59:59Z", 3600 },
		{ "Europe/Berlin", "2026-03-29T01:00:00Z", 7200 },
		{ "Europe/Berlin", "1945-06-01T00:00:00Z", 3 * 3600 },
		{ "Asia/Kolkata", "2026-07-15T12:00:00Z", 5 * 3600 + 1800 },
		{ "Asia/Tokyo", "2026-07-15T12:00:00Z", 9 * 3600 },
		{ "Australia/Lord_Howe", "2026-01-15T12:00:00Z", 11 * 3600 },
		{ "Australia/Lord_Howe", "2026-07-15T12:00:00Z", 10 * 3600 + 1800 },
		{ "America/Sao_Paulo", "2018-12-01T00:00:00Z", -2 * 3600 },
		{ "America/Sao_Paulo", "2026-01-15T12:00:00Z", -3 * 3600 },
	};
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct cron_tz *tz = zone(cases[i].zone);
		int got = cron_tz_offset(tz, at(cases[i].when));

		if (got != cases[i].off) {
			print_error("%s at %s: want %d, got %d\n", cases[i].zone, cases[i].when,
				    cases[i].off, got);
			failures++;
		}
		cron_tz_free(tz);
	}
	assert_int_equal(failures, 0);
}

static void an_offset_span_holds_until_the_next_change(void **state)
{
	struct cron_tz *tz = zone("America/New_York");
	int64_t from, until;
	int off = cron_tz_offset_span(tz, at("2026-07-15T12:00:00Z") / 1000, &from, &until);

	(void)state;
	assert_int_equal(off, -4 * 3600);
	assert_true(from <= at("2026-03-08T07:00:00Z") / 1000);
	assert_int_equal(until, at("2026-11-01T06:00:00Z") / 1000);
	cron_tz_free(tz);
}

/* A scratch $TZDIR holding hand-made TZif files. */
struct tzif_dir {
	char path[64];
	char *saved_tzdir;
};

static void put32(struct strbuf *sb, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };

	sb_addn(sb, (const char *)b, 4);
}

static void put64(struct strbuf *sb, int64_t v)
{
	put32(sb, (uint32_t)((uint64_t)v >> 32));
	put32(sb, (uint32_t)v);
}

struct tzif_spec {
	char version; /* '\0' or '2' */
	size_t n;
	int64_t when[4];
	unsigned char type[4];
	int32_t offs[3];
	size_t ntypes;
	const char *footer;
};

/* One header and data block; the 32-bit block's offsets are 999 s off, to tell them apart. */
static void tzif_block(struct strbuf *sb, const struct tzif_spec *z, int width)
{
	sb_add(sb, "TZif");
	sb_addc(sb, z->version);
	for (int i = 0; i < 15; i++)
		sb_addc(sb, '\0');
	put32(sb, 0), put32(sb, 0), put32(sb, 0);
	put32(sb, (uint32_t)z->n), put32(sb, (uint32_t)z->ntypes), put32(sb, 4);
	for (size_t i = 0; i < z->n; i++)
		width == 8 ? put64(sb, z->when[i]) : put32(sb, (uint32_t)z->when[i]);
	sb_addn(sb, (const char *)z->type, z->n);
	for (size_t i = 0; i < z->ntypes; i++) {
		put32(sb, (uint32_t)(width == 8 ? z->offs[i] : z->offs[i] + 999));
		sb_addn(sb, "\0\0", 2);
	}
	sb_addn(sb, "ABC\0", 4);
}

static void tzif_write(const struct tzif_dir *d, const char *name, const struct tzif_spec *z,
		       size_t truncate_to)
{
	struct strbuf sb, path;
	FILE *f;

	sb_init(&sb);
	sb_init(&path);
	tzif_block(&sb, z, 4);
	if (z->version) {
		tzif_block(&sb, z, 8);
		sb_printf(&sb, "\n%s\n", z->footer);
	}
	sb_printf(&path, "%s/Test", d->path);
	mkdir(path.data, 0755);
	sb_printf(&path, "/%s", name);
	f = fopen(path.data, "wb");
	assert_non_null(f);
	fwrite(sb.data, 1, truncate_to ? truncate_to : sb.len, f);
	fclose(f);
	sb_free(&path);
	sb_free(&sb);
}

static int tzif_dir_setup(void **state)
{
	struct tzif_dir *d = xcalloc(1, sizeof *d);
	const char *saved = getenv("TZDIR");

	snprintf(d->path, sizeof d->path, "/tmp/ksim-test-tz-XXXXXX");
	if (!mkdtemp(d->path))
		return -1;
	d->saved_tzdir = saved ? xstrdup(saved) : NULL;
	setenv("TZDIR", d->path, 1);
	*state = d;
	return 0;
}

static int tzif_dir_teardown(void **state)
{
	struct tzif_dir *d = *state;
	const char *names[] = { "Rule", "V1", "South", "Julian", "Broken", "Bad", "Midnights" };
	char path[128];

	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		snprintf(path, sizeof path, "%s/Test/%s", d->path, names[i]);
		unlink(path);
	}
	snprintf(path, sizeof path, "%s/Test", d->path);
	rmdir(path);
	rmdir(d->path);
	if (d->saved_tzdir)
		setenv("TZDIR", d->saved_tzdir, 1);
	else
		unsetenv("TZDIR");
	free(d->saved_tzdir);
	free(d);
	return 0;
}

static void check_offsets(const char *name, const char *const *when, const int *want, size_t n)
{
	struct cron_tz *tz = zone(name);

	for (size_t i = 0; i < n; i++)
		if (cron_tz_offset(tz, at(when[i])) != want[i])
			fail_msg("%s at %s: want %d, got %d", name, when[i], want[i],
				 cron_tz_offset(tz, at(when[i])));
	cron_tz_free(tz);
}

static void a_version_2_file_uses_its_64_bit_data_and_footer_rule(void **state)
{
	/* the 32-bit copy lies by 999 s; the footer is the EU rule */
	static const struct tzif_spec z = {
		'2', 1, { 0 }, { 1 }, { 1234, 3600 }, 2, "XST-1XDT,M3.5.0,M10.5.0/3"
	};
	static const char *const when[] = { "1969-06-01T00:00:00Z", "2026-01-15T00:00:00Z",
					    "2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z",
					    "2026-10-25T00:59:59Z", "2026-10-25T01:00:00Z",
					    "2350-07-01T00:00:00Z", "2350-12-01T00:00:00Z" };
	static const int want[] = { 1234, 3600, 3600, 7200, 7200, 3600, 7200, 3600 };

	tzif_write(*state, "Rule", &z, 0);
	check_offsets("Test/Rule", when, want, ARRAY_LEN(want));
}

static void a_version_1_file_is_read_from_its_32_bit_data(void **state)
{
	static const struct tzif_spec z = {
		'\0', 2, { 0, 1000000000 }, { 1, 2 }, { 0, 3600, -1800 }, 3, NULL
	};
	static const char *const when[] = { "1969-06-01T00:00:00Z", "1990-01-01T00:00:00Z",
					    "2026-01-01T00:00:00Z" };
	static const int want[] = { 999, 3600 + 999, -1800 + 999 };

	tzif_write(*state, "V1", &z, 0);
	check_offsets("Test/V1", when, want, ARRAY_LEN(want));
}

static void footer_rules_cover_southern_and_julian_dates(void **state)
{
	static const struct tzif_spec south = {
		'2', 1, { 0 }, { 1 }, { 0, 37800 }, 2, "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0"
	};
	static const struct tzif_spec julian = {
		'2', 1, { 0 }, { 1 }, { 0, 3600 }, 2, "AAA-1BBB,J60,300/-1"
	};
	static const char *const s_when[] = { "2026-01-15T00:00:00Z", "2026-07-15T00:00:00Z",
					      "2026-04-04T14:59:59Z", "2026-04-04T15:00:00Z" };
	static const int s_want[] = { 39600, 37800, 39600, 37800 };
	/* J60 is March 1 even in leap years; day 300 counts February 29 */
	static const char *const j_when[] = { "2028-02-29T12:00:00Z", "2028-03-01T01:00:00Z",
					      "2028-10-26T20:59:59Z", "2028-10-26T21:00:00Z" };
	static const int j_want[] = { 3600, 7200, 7200, 3600 };

	tzif_write(*state, "South", &south, 0);
	tzif_write(*state, "Julian", &julian, 0);
	check_offsets("Test/South", s_when, s_want, ARRAY_LEN(s_want));
	check_offsets("Test/Julian", j_when, j_want, ARRAY_LEN(j_want));
}

static void changes_at_local_midnight_resolve_as_go_time_date_does(void **state)
{
	/*
	 * +01 to +02 at local midnight April 1 (a gap), back at local 01:00 on
	 * October 1 (midnight repeats). Traced by hand: Go's time.Date puts the
	 * missing April 1 00:00 at 01:00, so the month step lands on May 1
	 * 01:00 and May 1's midnight is missed; and it puts the repeated
	 * October 1 00:00 at its second occurrence.
	 */
	static const struct tzif_spec z = { '2',
					    2,
					    { 1774998000 /* 2026-03-31T23:00Z */,
					      1790809200 /* 2026-09-30T23:00Z */ },
					    { 1, 0 },
					    { 3600, 7200 },
					    2,
					    "<+01>-1" };
	static const struct next_case cases[] = {
		{ "0 0 * 5 *", "2026-04-20T00:00:00Z", "2026-05-01T22:00:00Z" },
		{ "0 0 1 10 *", "2026-09-15T00:00:00Z", "2026-09-30T23:00:00Z" },
		{ "0 0 * * *", "2026-03-31T12:00:00Z", "2026-04-01T22:00:00Z" },
	};
	struct cron_tz *tz;

	tzif_write(*state, "Midnights", &z, 0);
	check_next_cases("Test/Midnights", cases, ARRAY_LEN(cases));
	tz = zone("Test/Midnights");
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct cron_schedule s = parse_ok(cases[i].schedule);

		assert_int_equal(model_next(&s, tz, at(cases[i].from)), at(cases[i].want));
	}
	cron_tz_free(tz);
}

static void a_malformed_zone_file_is_rejected(void **state)
{
	static const struct tzif_spec z = { '2', 1, { 0 }, { 1 }, { 0, 3600 }, 2, "XST-1" };
	static const struct tzif_spec bad_index = { '2', 1, { 0 }, { 5 }, { 0, 3600 }, 2, "XST-1" };
	struct ksim_error err;

	tzif_write(*state, "Broken", &z, 60);
	tzif_write(*state, "Bad", &bad_index, 0);
	assert_null(cron_tz_load("Test/Broken", &err));
	assert_string_equal(err.msg, "malformed time zone file for \"Test/Broken\"");
	assert_null(cron_tz_load("Test/Bad", &err));
	assert_string_equal(err.msg, "malformed time zone file for \"Test/Bad\"");
	assert_null(cron_tz_load("Test/Missing", &err));
	assert_string_equal(err.msg, "unknown time zone \"Test/Missing\"");
}

/* ---------------------------------------------------------------- explain */

static void explanations_read_like_crontab_guru(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "20,21,22 * * * *", "At minute 20, 21, and 22." },
		{ "* * * * *", "At every minute." },
		{ "*/5 * * * *", "At every 5th minute." },
		{ "0 0 1 * *", "At 00:00 on day-of-month 1." },
		{ "30 2 * * 1", "At 02:30 on Monday." },
		{ "0 9-17/2 * * 1-5", "At minute 0 past every 2nd hour from 9 through 17 on every "
				      "day-of-week from Monday through Friday." },
		{ "0 0 29 2 *", "At 00:00 on day-of-month 29 in February." },
		{ "0 0 1 * 1", "At 00:00 on day-of-month 1 and on Monday." },
		{ "0 * * * *", "At minute 0." },
		{ "5/15 * * * *", "At every 15th minute from 5 through 59." },
		{ "*/7 * * * *", "At every 7th minute." },
		{ "23 0-20/2 * * *", "At minute 23 past every 2nd hour from 0 through 20." },
		{ "0 0,12 1 */2 *", "At minute 0 past hour 0 and 12 on day-of-month 1 in every 2nd "
				    "month." },
		{ "0 4 8-14 * *", "At 04:00 on every day-of-month from 8 through 14." },
		{ "5 0 * 8 *", "At 00:05 in August." },
		{ "* 1 * * *", "At every minute past hour 1." },
		{ "1-5,10 * * * *", "At every minute from 1 through 5 and 10." },
		{ "0 0 * * 1,2,3", "At 00:00 on Monday, Tuesday, and Wednesday." },
		{ "0 0 * * 1-3,5", "At 00:00 on Monday, Tuesday, Wednesday, and Friday." },
		{ "0 0 */2 * *", "At 00:00 on every 2nd day-of-month." },
		{ "0,30 * * * *", "At minute 0 and 30." },
		{ "30 9-17 * * *", "At minute 30 past every hour from 9 through 17." },
		{ "0 0 * */3 *", "At 00:00 in every 3rd month." },
		{ "0 0 * 2/2 *", "At 00:00 in every 2nd month from February through December." },
		{ "0 0 */2 * Mon", "At 00:00 on every 2nd day-of-month and on Monday." },
		{ "0 0 1-31 * Mon", "At 00:00 on every day-of-month and on Monday." },
		{ "*/61 * * * *", "At minute 0." },
		{ "@hourly", "At minute 0." },
		{ "@daily", "At 00:00." },
		{ "@weekly", "At 00:00 on Sunday." },
		{ "@yearly", "At 00:00 on day-of-month 1 in January." },
		{ "0 0 13 * 5,*", "At 00:00 on day-of-month 13." },
	};
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct cron_schedule s = parse_ok(cases[i].text);
		struct strbuf sb;

		sb_init(&sb);
		cron_explain(&s, &sb);
		if (strcmp(sb.data, cases[i].want) != 0) {
			print_error("\"%s\":\n  want %s\n  got  %s\n", cases[i].text, cases[i].want,
				    sb.data);
			failures++;
		}
		sb_free(&sb);
	}
	assert_int_equal(failures, 0);
}

static void explanations_say_when_nothing_can_match(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ ", * * * *", "Never: the minute field selects no value." },
		{ "0 , * * *", "Never: the hour field selects no value." },
		{ "0 0 , * *", "Never: the day-of-month field selects no value." },
		{ "0 0 * * ,", "Never: the day-of-week field selects no value." },
		{ "0 0 , * Mon", "At 00:00 on Monday." },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct cron_schedule s = parse_ok(cases[i].text);
		struct strbuf sb;

		sb_init(&sb);
		cron_explain(&s, &sb);
		assert_string_equal(sb.data, cases[i].want);
		sb_free(&sb);
	}
}

static void every_is_explained_as_not_aligned_to_the_clock(void **state)
{
	struct cron_schedule s = parse_ok("@every 90m");
	struct strbuf sb;

	(void)state;
	sb_init(&sb);
	sb_add(&sb, "> ");
	cron_explain(&s, &sb);
	assert_string_equal(sb.data, "> Every 1h30m, counted from the previous run"
				     " (not aligned to the clock).");
	sb_free(&sb);
}

#define TZIF_TEST(f) cmocka_unit_test_setup_teardown(f, tzif_dir_setup, tzif_dir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_schedules_parse_to_the_expected_masks),
		cmocka_unit_test(invalid_schedules_fail_with_robfig_messages),
		cmocka_unit_test(the_first_bad_field_decides_the_message),
		cmocka_unit_test(day_of_week_seven_is_rejected),
		cmocka_unit_test(names_are_accepted_in_any_case_in_month_and_day_of_week),
		cmocka_unit_test(a_plus_sign_is_accepted_and_a_minus_sign_is_a_range),
		cmocka_unit_test(empty_list_items_are_ignored),
		cmocka_unit_test(question_mark_means_any_and_sets_the_star_flag),
		cmocka_unit_test(a_step_above_one_drops_the_star_flag),
		cmocka_unit_test(a_single_value_with_a_step_runs_to_the_field_maximum),
		cmocka_unit_test(whitespace_between_fields_follows_go_strings_fields),
		cmocka_unit_test(tz_and_cron_tz_in_a_schedule_are_rejected),
		cmocka_unit_test(every_keeps_whole_seconds_and_at_least_one),
		cmocka_unit_test(every_rejects_what_go_parse_duration_rejects),
		cmocka_unit_test(the_text_is_kept_and_truncated_to_fit),
		cmocka_unit_test(next_times_in_utc_match_robfig),
		cmocka_unit_test(next_is_strictly_after_and_ignores_sub_second_parts),
		cmocka_unit_test(day_of_month_and_day_of_week_are_ored_when_both_are_restricted),
		cmocka_unit_test(day_of_month_and_day_of_week_are_anded_when_either_is_starred),
		cmocka_unit_test(an_impossible_date_never_fires_within_five_years),
		cmocka_unit_test(the_search_ends_with_the_fifth_following_year),
		cmocka_unit_test(every_adds_the_interval_to_the_truncated_second),
		cmocka_unit_test(a_null_zone_means_utc),
		cmocka_unit_test(new_york_spring_forward_skips_the_missing_hour),
		cmocka_unit_test(new_york_fall_back_fires_twice_in_the_repeated_hour),
		cmocka_unit_test(berlin_spring_forward_skips_the_missing_hour),
		cmocka_unit_test(berlin_fall_back_fires_twice_in_the_repeated_hour),
		cmocka_unit_test(a_skipped_midnight_skips_the_whole_day_for_midnight_jobs),
		cmocka_unit_test(next_matches_a_step_by_step_model_of_robfig),
		cmocka_unit_test(common_schedules_match_the_model_every_hour_around_dst_changes),
		cmocka_unit_test(utc_needs_no_zone_files),
		cmocka_unit_test(zone_names_the_api_server_refuses_are_refused),
		cmocka_unit_test(offsets_follow_the_system_zone_files),
		cmocka_unit_test(an_offset_span_holds_until_the_next_change),
		TZIF_TEST(a_version_2_file_uses_its_64_bit_data_and_footer_rule),
		TZIF_TEST(a_version_1_file_is_read_from_its_32_bit_data),
		TZIF_TEST(footer_rules_cover_southern_and_julian_dates),
		TZIF_TEST(changes_at_local_midnight_resolve_as_go_time_date_does),
		TZIF_TEST(a_malformed_zone_file_is_rejected),
		cmocka_unit_test(explanations_read_like_crontab_guru),
		cmocka_unit_test(explanations_say_when_nothing_can_match),
		cmocka_unit_test(every_is_explained_as_not_aligned_to_the_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
