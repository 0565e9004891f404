/*
 * The CronJob controller's schedule arithmetic (cron_due, cron_next_sync)
 * against kubernetes pkg/controller/cronjob/utils_test.go (1.29-1.31):
 * TestMostRecentScheduleTime and TestNextScheduleTimeDuration, row by row
 * with their names. topOfTheHour there is 2016-05-19T10:00:00Z, a Thursday.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "ksim/cron.h"
#include "ksim/util.h"

#define SEC 1000LL
#define MIN (60 * SEC)
#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
#define NONE TIME_NONE

static int64_t top(void)
{
	int64_t t;

	assert_int_equal(time_parse_rfc3339("2016-05-19T10:00:00Z", &t), 0);
	return t;
}

/* A row: times are offsets from topOfTheHour; last NONE when unset. */
struct recent_row {
	const char *name, *schedule;
	int64_t created, last, deadline_s;
	bool with_deadline;
	int64_t now, want_earliest, want_recent; /* want_recent NONE: nil */
	enum cron_missed want_missed;
	bool want_err;
};

static const struct recent_row recent_rows[] = {
	{ "now before next schedule", "0 * * * *", 0, NONE, -1, false, 30 * SEC, 0, NONE,
	  CRON_NONE_MISSED, false },
	{ "now just after next schedule", "0 * * * *", 0, NONE, -1, false, 61 * MIN, 0, 60 * MIN,
	  CRON_NONE_MISSED, false },
	{ "missed 5 schedules", "0 * * * *", 10 * SEC, NONE, -1, false, 301 * MIN, 10 * SEC,
	  300 * MIN, CRON_FEW_MISSED, false },
	{ "complex schedule", "30 6-16/4 * * 1-5", 0, 30 * MIN, -1, false, DAY + 31 * MIN, 30 * MIN,
	  DAY + 30 * MIN, CRON_FEW_MISSED, false },
	{ "another complex schedule", "30 10,11,12 * * 1-5", 0, 30 * MIN, -1, false,
	  30 * HOUR + 30 * MIN, 30 * MIN, NONE, CRON_FEW_MISSED, false },
	{ "complex schedule with longer diff between executions", "30 6-16/4 * * 1-5", 0, 30 * MIN,
	  -1, false, 96 * HOUR + 31 * MIN, 30 * MIN, 96 * HOUR + 30 * MIN, CRON_FEW_MISSED, false },
	{ "complex schedule with shorter diff between executions", "30 6-16/4 * * 1-5", 0, NONE, -1,
	  false, DAY + 31 * MIN, 0, DAY + 30 * MIN, CRON_FEW_MISSED, false },
	{ "@every schedule", "@every 1h", -59 * MIN, 1 * MIN, 10, false, 7 * DAY, 1 * MIN,
	  6 * DAY + 23 * HOUR + 1 * MIN, CRON_MANY_MISSED, false },
	{ "rogue cronjob", "59 23 31 2 *", 10 * SEC, NONE, -1, false, 1 * HOUR, 0, NONE,
	  CRON_NONE_MISSED, true },
	{ "earliestTime being CreationTimestamp and LastScheduleTime", "0 * * * *", 0, 0, -1, false,
	  30 * SEC, 0, NONE, CRON_NONE_MISSED, false },
	{ "earliestTime being LastScheduleTime", "*/5 * * * *", 0, 30 * MIN, -1, false, 31 * MIN,
	  30 * MIN, NONE, CRON_NONE_MISSED, false },
	{ "earliestTime being LastScheduleTime (within StartingDeadlineSeconds)", "*/5 * * * *", 0,
	  30 * MIN, 60, false, 31 * MIN, 30 * MIN, NONE, CRON_NONE_MISSED, false },
	{ "earliestTime being LastScheduleTime (outside StartingDeadlineSeconds)", "*/5 * * * *", 0,
	  30 * MIN, 60, true, 32 * MIN, 31 * MIN, NONE, CRON_NONE_MISSED, false },
};

static void check_recent(const struct recent_row *r)
{
	int64_t t = top();
	struct cron_schedule s;
	struct ksim_error err;
	struct cron_history h = { t + r->created, r->last == NONE ? NONE : t + r->last,
				  r->deadline_s };
	struct cron_due d;
	int rc;

	print_message("%s\n", r->name);
	assert_int_equal(cron_parse(r->schedule, &s, &err), 0);
	rc = cron_due(&s, NULL, &h, t + r->now, r->with_deadline, &d);
	if (r->want_err) {
		assert_int_equal(rc, -1);
		return;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(d.earliest, t + r->want_earliest);
	assert_int_equal(d.recent, r->want_recent == NONE ? NONE : t + r->want_recent);
	assert_int_equal(d.missed, r->want_missed);
}

#define RECENT_ROW_TEST(n, fname)              \
	static void fname(void **state)        \
	{                                      \
		(void)state;                   \
		check_recent(&recent_rows[n]); \
	}

RECENT_ROW_TEST(0, most_recent_now_before_next_schedule)
RECENT_ROW_TEST(1, most_recent_now_just_after_next_schedule)
RECENT_ROW_TEST(2, most_recent_missed_5_schedules)
RECENT_ROW_TEST(3, most_recent_complex_schedule)
RECENT_ROW_TEST(4, most_recent_another_complex_schedule_finds_nothing_due)
RECENT_ROW_TEST(5, most_recent_complex_schedule_with_longer_diff_between_executions)
RECENT_ROW_TEST(6, most_recent_complex_schedule_with_shorter_diff_between_executions)
RECENT_ROW_TEST(7, most_recent_every_schedule_counts_many_missed)
RECENT_ROW_TEST(8, most_recent_rogue_cronjob_is_an_error)
RECENT_ROW_TEST(9, most_recent_earliest_time_being_creation_and_last_schedule_time)
RECENT_ROW_TEST(10, most_recent_earliest_time_being_last_schedule_time)
RECENT_ROW_TEST(11, most_recent_earliest_time_being_last_schedule_time_within_deadline)
RECENT_ROW_TEST(12, most_recent_earliest_time_being_last_schedule_time_outside_deadline)

static void every_most_recent_time_is_one_the_schedule_names(void **state)
{
	int64_t t = top();

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(recent_rows); i++) {
		const struct recent_row *r = &recent_rows[i];
		struct cron_schedule s;
		struct ksim_error err;
		struct cron_history h = { t + r->created, r->last == NONE ? NONE : t + r->last,
					  r->deadline_s };
		struct cron_due d;
		assert_int_equal(cron_parse(r->schedule, &s, &err), 0);
		if (cron_due(&s, NULL, &h, t + r->now, r->with_deadline, &d) || d.recent == NONE)
			continue;
		/* the time the schedule gives just before it is d.recent's own predecessor */
		int64_t k = cron_next(&s, NULL, d.earliest);
		while (k != NONE && k < d.recent)
			k = cron_next(&s, NULL, k);
		assert_int_equal(k, d.recent);
	}
}

/* TestNextScheduleTimeDuration: the requeue delay after a sync. */
struct sync_row {
	const char *name, *schedule;
	int64_t last, now, want_delay;
};

static const struct sync_row sync_rows[] = {
	{ "complex schedule skipping weekend", "30 6-16/4 * * 1-5", 30 * MIN, DAY + 31 * MIN,
	  3 * HOUR + 59 * MIN },
	{ "another complex schedule skipping weekend", "30 10,11,12 * * 1-5", 30 * MIN,
	  30 * HOUR + 30 * MIN, 66 * HOUR },
	{ "once a week cronjob, missed two runs", "0 12 * * 4", 2 * HOUR,
	  19 * DAY + 1 * HOUR + 30 * MIN, 48 * HOUR + 30 * MIN },
	{ "no previous run of a cronjob", "0 12 * * 5", NONE, 6 * HOUR, 20 * HOUR },
};

static void check_sync(const struct sync_row *r)
{
	int64_t t = top();
	struct cron_schedule s;
	struct ksim_error err;
	struct cron_history h = { t, r->last == NONE ? NONE : t + r->last, -1 };

	print_message("%s\n", r->name);
	assert_int_equal(cron_parse(r->schedule, &s, &err), 0);
	assert_int_equal(cron_next_sync(&s, NULL, &h, t + r->now) - (t + r->now),
			 r->want_delay + CRON_NEXT_SCHEDULE_DELTA_MS);
}

#define SYNC_ROW_TEST(n, fname)            \
	static void fname(void **state)    \
	{                                  \
		(void)state;               \
		check_sync(&sync_rows[n]); \
	}

SYNC_ROW_TEST(0, next_sync_complex_schedule_skipping_weekend)
SYNC_ROW_TEST(1, next_sync_another_complex_schedule_skipping_weekend)
SYNC_ROW_TEST(2, next_sync_once_a_week_cronjob_missed_two_runs)
SYNC_ROW_TEST(3, next_sync_no_previous_run_of_a_cronjob)

static void a_schedule_that_never_fires_has_no_next_sync(void **state)
{
	struct cron_schedule s;
	struct ksim_error err;
	struct cron_history h = { top(), NONE, -1 };

	(void)state;
	assert_int_equal(cron_parse("59 23 31 2 *", &s, &err), 0);
	assert_int_equal(cron_next_sync(&s, NULL, &h, top() + HOUR), NONE);
}

static void a_timestamp_carries_the_offset_of_its_zone(void **state)
{
	struct ksim_error err;
	struct cron_tz *rome = cron_tz_load("Europe/Rome", &err);
	char buf[32];

	(void)state;
	if (!rome)
		skip();
	cron_rfc3339(rome, top(), buf, sizeof buf);
	assert_string_equal(buf, "2016-05-19T12:00:00+02:00");
	cron_rfc3339(NULL, top(), buf, sizeof buf);
	assert_string_equal(buf, "2016-05-19T10:00:00Z");
	cron_tz_free(rome);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(most_recent_now_before_next_schedule),
		cmocka_unit_test(most_recent_now_just_after_next_schedule),
		cmocka_unit_test(most_recent_missed_5_schedules),
		cmocka_unit_test(most_recent_complex_schedule),
		cmocka_unit_test(most_recent_another_complex_schedule_finds_nothing_due),
		cmocka_unit_test(most_recent_complex_schedule_with_longer_diff_between_executions),
		cmocka_unit_test(most_recent_complex_schedule_with_shorter_diff_between_executions),
		cmocka_unit_test(most_recent_every_schedule_counts_many_missed),
		cmocka_unit_test(most_recent_rogue_cronjob_is_an_error),
		cmocka_unit_test(most_recent_earliest_time_being_creation_and_last_schedule_time),
		cmocka_unit_test(most_recent_earliest_time_being_last_schedule_time),
		cmocka_unit_test(most_recent_earliest_time_being_last_schedule_time_within_deadline),
		cmocka_unit_test(most_recent_earliest_time_being_last_schedule_time_outside_deadline),
		cmocka_unit_test(every_most_recent_time_is_one_the_schedule_names),
		cmocka_unit_test(next_sync_complex_schedule_skipping_weekend),
		cmocka_unit_test(next_sync_another_complex_schedule_skipping_weekend),
		cmocka_unit_test(next_sync_once_a_week_cronjob_missed_two_runs),
		cmocka_unit_test(next_sync_no_previous_run_of_a_cronjob),
		cmocka_unit_test(a_schedule_that_never_fires_has_no_next_sync),
		cmocka_unit_test(a_timestamp_carries_the_offset_of_its_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
