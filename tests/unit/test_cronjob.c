/*
 * The CronJob controller as 1.29-1.31 runs it, through sessions: catching
 * up after a resume (one Job, for a time the schedule names), schedule
 * edits that only move the requeue (cronjob_controllerv2_test.go
 * TestControllerV2UpdateCronJob), a schedule that never fires, and the
 * scheduled-timestamp annotation. topOfTheHour is 2016-05-19T10:00:00Z, a
 * Thursday, as in the upstream tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "session_fixture.h"

#define HOUR (60 * MIN)
#define DAY (24 * HOUR)
#define TOP "2016-05-19T10:00:00Z"

static const char cron_yaml[] =
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\n"
    "spec:\n  schedule: \"%s\"\n%s"
    "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
    "          containers: [{name: c, image: busybox, command: [date]}]\n";

static int64_t top(void)
{
	int64_t t;

	assert_int_equal(time_parse_rfc3339(TOP, &t), 0);
	return t;
}

static struct session *cron_at(const char *schedule, const char *extra, const char *start)
{
	char yaml[1024];

	snprintf(yaml, sizeof yaml, cron_yaml, schedule, extra);
	return open_at(yaml, start);
}

static struct cronjob *cj_of(struct session *s)
{
	return get(s, KIND_CRONJOB, "cj");
}

/* The Job the controller names for scheduled time at. */
static const struct job *job_for(struct session *s, int64_t at)
{
	char name[64];

	snprintf(name, sizeof name, "cj-%lld", (long long)(at / 60000));
	return get(s, KIND_JOB, name);
}

static void patch(struct session *s, const char *spec_json)
{
	char line[256];

	snprintf(line, sizeof line, "patch cronjob cj -p '{\"spec\":%s}'", spec_json);
	assert_int_equal(kubectl(s, line, NULL), 0);
}

/* Runs a weekday CronJob from Thu 10:00 past its Thu 10:30 run, suspends it, resumes it at resume. */
static struct session *suspended_until(const char *schedule, int64_t resume)
{
	struct session *s = cron_at(schedule, "", TOP);

	engine_run_until(s->e, top() + 31 * MIN);
	assert_non_null(job_for(s, top() + 30 * MIN));
	patch(s, "{\"suspend\":true}");
	engine_run_until(s->e, resume);
	patch(s, "{\"suspend\":false}");
	return s;
}

static void a_weekday_schedule_resumed_on_friday_runs_only_the_latest_missed_time(void **state)
{
	struct session *s = suspended_until("30 6-16/4 * * 1-5", top() + DAY + 31 * MIN);

	(void)state;
	assert_int_equal(count_events(s, "SuccessfulCreate", "cj"), 2);
	assert_non_null(job_for(s, top() + DAY + 30 * MIN));   /* Fri 10:30 */
	assert_null(job_for(s, top() + 20 * HOUR + 30 * MIN)); /* Fri 06:30 */
	assert_int_equal(cj_of(s)->ctl.wake_ms, top() + DAY + 4 * HOUR + 30 * MIN + 100);
	close_session(s);
}

static void a_weekday_schedule_resumed_on_monday_never_runs_a_sunday_time(void **state)
{
	struct session *s = suspended_until("30 6-16/4 * * 1-5", top() + 4 * DAY + 31 * MIN);

	(void)state;
	assert_int_equal(count_events(s, "SuccessfulCreate", "cj"), 2);
	assert_non_null(job_for(s, top() + 4 * DAY + 30 * MIN));         /* Mon 10:30 */
	assert_null(job_for(s, top() + 3 * DAY + 12 * HOUR + 30 * MIN)); /* Sun 22:30 */
	close_session(s);
}

static void every_seventh_minute_resumed_at_01_10_runs_the_01_07_slot(void **state)
{
	struct session *s = cron_at("*/7 * * * *", "", "2016-05-19T00:45:00Z");
	int64_t t0 = top() - 10 * HOUR;

	(void)state;
	engine_run_until(s->e, t0 + 50 * MIN);
	assert_non_null(job_for(s, t0 + 49 * MIN));
	patch(s, "{\"suspend\":true}");
	engine_run_until(s->e, t0 + 70 * MIN);
	patch(s, "{\"suspend\":false}");
	assert_non_null(job_for(s, t0 + 67 * MIN));
	assert_null(job_for(s, t0 + 68 * MIN));
	close_session(s);
}

static void an_uneven_schedule_resumed_after_hours_runs_nothing_until_monday(void **state)
{
	struct session *s = suspended_until("30 10,11,12 * * 1-5", top() + 30 * HOUR + 30 * MIN);

	(void)state;
	assert_int_equal(count_events(s, "SuccessfulCreate", "cj"), 1);
	assert_int_equal(cj_of(s)->ctl.wake_ms, top() + 96 * HOUR + 30 * MIN + 100); /* Mon 10:30 */
	close_session(s);
}

static void a_resumed_run_says_which_rule_chose_it(void **state)
{
	struct session *s = suspended_until("30 6-16/4 * * 1-5", top() + DAY + 31 * MIN);
	const struct event *ev = NULL;
	struct strbuf why;

	(void)state;
	for (uint32_t i = 0; i < s->c->events.count; i++)
		if (cluster_event_at(s->c, i)->kind == KIND_CRONJOB &&
		    strcmp(cluster_str(s->c, cluster_event_at(s->c, i)->reason),
			   "SuccessfulCreate") == 0)
			ev = cluster_event_at(s->c, i);
	assert_non_null(ev);
	sb_init(&why);
	event_text_render(s->c, &ev->why, &why);
	assert_string_equal(
	    why.data,
	    "resumed at Fri 10:31: only the most recent missed time, Fri 10:30, gets a Job");
	sb_free(&why);
	close_session(s);
}

static void a_schedule_edit_requeues_for_the_new_schedule_and_runs_nothing_at_the_edit(void **state)
{
	struct session *s = cron_at("30 * * * *", "", "2016-05-19T09:00:00Z");

	(void)state;
	engine_run_until(s->e, top() - 1 * SEC); /* 09:59:59, after the 09:30 run */
	assert_non_null(job_for(s, top() - 30 * MIN));
	patch(s, "{\"schedule\":\"*/1 * * * *\"}");
	assert_int_equal(count_events(s, "SuccessfulCreate", "cj"), 1);
	assert_int_equal(cj_of(s)->ctl.wake_ms, top() + 100); /* 1 s + nextScheduleDelta */
	engine_run_until(s->e, top() + 1 * SEC);
	assert_non_null(job_for(s, top()));
	assert_null(job_for(s, top() - 1 * MIN));
	close_session(s);
}

/*
 * TestControllerV2UpdateCronJob: old and new spec, lastScheduleTime
 * justBeforeTheHour (09:59), now justASecondBeforeTheHour (09:59:59). The
 * CronJob is suspended so the only requeue is the one the update asks for.
 */
static int64_t requeue_after_update(const char *old_schedule, const char *patch_json)
{
	struct session *s = cron_at(old_schedule, "  suspend: true\n", "2016-05-19T09:59:30Z");
	int64_t wake;

	cj_of(s)->status.last_schedule_ms = top() - 1 * MIN;
	engine_run_until(s->e, top() - 1 * SEC);
	assert_int_equal(cj_of(s)->ctl.wake_ms, TIME_NONE);
	patch(s, patch_json);
	wake = cj_of(s)->ctl.wake_ms;
	close_session(s);
	return wake == TIME_NONE ? TIME_NONE : wake - (top() - 1 * SEC);
}

static void update_spec_schedule_changed_requeues_after_1_1_seconds(void **state)
{
	(void)state;
	assert_int_equal(requeue_after_update("30 * * * *", "{\"schedule\":\"*/1 * * * *\"}"),
			 1 * SEC + 100);
}

static void update_every_cadence_decrease_requeues_after_2_minutes_1_1_seconds(void **state)
{
	(void)state;
	assert_int_equal(requeue_after_update("@every 1m", "{\"schedule\":\"@every 3m\"}"),
			 2 * MIN + 1 * SEC + 100);
}

static void update_every_cadence_increase_requeues_after_1_1_seconds(void **state)
{
	(void)state;
	assert_int_equal(requeue_after_update("@every 3m", "{\"schedule\":\"@every 1m\"}"),
			 1 * SEC + 100);
}

/*
 * Whether an update syncs at once: a manual Job that is still running makes
 * every sync report UnexpectedJob, so a sync shows as one more warning.
 */
static int syncs_at_update(const char *schedule, const char *extra, const char *patch_json)
{
	struct session *s = cron_at(schedule, extra, "2016-05-19T09:59:30Z");
	int before;

	engine_run_until(s->e, top() - 2 * SEC);
	assert_int_equal(kubectl(s, "create job --from=cronjob/cj manual", NULL), 0);
	engine_run_until(s->e, top() - 1 * SEC);
	before = count_events(s, "UnexpectedJob", "cj");
	patch(s, patch_json);
	before = count_events(s, "UnexpectedJob", "cj") - before;
	close_session(s);
	return before;
}

static void update_spec_template_changed_syncs_at_once(void **state)
{
	(void)state;
	assert_int_equal(
	    syncs_at_update("30 * * * *", "",
			    "{\"jobTemplate\":{\"metadata\":{\"labels\":{\"a\":\"foo\"}}}}"),
	    1);
}

static void update_time_zone_not_changed_syncs_at_once(void **state)
{
	(void)state;
	assert_int_equal(
	    syncs_at_update("30 * * * *", "  timeZone: America/New_York\n",
			    "{\"jobTemplate\":{\"metadata\":{\"labels\":{\"a\":\"foo\"}}}}"),
	    1);
}

static void update_spec_schedule_changed_does_not_sync_at_once(void **state)
{
	(void)state;
	assert_int_equal(syncs_at_update("30 * * * *", "", "{\"schedule\":\"*/1 * * * *\"}"), 0);
}

static void a_schedule_that_never_fires_warns_once_and_waits_for_a_spec_change(void **state)
{
	struct session *s = cron_at("59 23 31 2 *", "", TOP);
	struct strbuf msg;

	(void)state;
	engine_run_until(s->e, top() + 3 * DAY);
	assert_int_equal(count_events(s, "InvalidSchedule", "cj"), 1);
	assert_int_equal(cj_of(s)->ctl.wake_ms, TIME_NONE);
	assert_int_equal(cluster_count(s->c, KIND_JOB), 0);
	sb_init(&msg);
	event_message(s, "InvalidSchedule", "cj", &msg);
	assert_string_equal(msg.data, "invalid schedule: 59 23 31 2 * : time difference between "
				      "two schedules is less than 1 second");
	sb_free(&msg);
	patch(s, "{\"concurrencyPolicy\":\"Forbid\"}");
	engine_run_until(s->e, top() + 4 * DAY);
	assert_int_equal(count_events(s, "InvalidSchedule", "cj"), 2);
	close_session(s);
}

static void more_than_100_missed_times_warn_and_still_run_the_latest(void **state)
{
	struct session *s = cron_at("*/1 * * * *", "  suspend: true\n", TOP);
	struct strbuf msg;

	(void)state;
	engine_run_until(s->e, top() + 3 * HOUR + 30 * SEC);
	patch(s, "{\"suspend\":false}");
	assert_int_equal(count_events(s, "TooManyMissedTimes", "cj"), 1);
	sb_init(&msg);
	event_message(s, "TooManyMissedTimes", "cj", &msg);
	assert_string_equal(msg.data, "too many missed start times. Set or decrease "
				      ".spec.startingDeadlineSeconds or check clock skew");
	sb_free(&msg);
	assert_non_null(job_for(s, top() + 3 * HOUR));
	assert_int_equal(count_events(s, "SuccessfulCreate", "cj"), 1);
	close_session(s);
}

static void the_scheduled_timestamp_annotation_is_in_the_cronjobs_time_zone(void **state)
{
	struct session *s = cron_at("0 12 * * *", "  timeZone: Europe/Rome\n",
				    "2016-05-19T09:59:00Z");
	const struct job *j;
	uint32_t key, val;

	(void)state;
	engine_run_until(s->e, top() + 1 * SEC);
	assert_non_null(j = job_for(s, top()));
	key = strtab_lookup(s->c->strings, "batch.kubernetes.io/cronjob-scheduled-timestamp");
	assert_int_not_equal(key, NONE32);
	val = labels_value(s->c->labels, j->meta.annotations, key);
	assert_string_equal(cluster_str(s->c, val), "2016-05-19T12:00:00+02:00");
	close_session(s);
}

static void the_status_holds_the_next_run_in_the_cronjobs_time_zone(void **state)
{
	struct session *s = cron_at("0 12 * * *", "  timeZone: Europe/Rome\n",
				    "2016-05-19T09:59:00Z");

	(void)state;
	assert_int_equal(cj_of(s)->next_ms, top()); /* 12:00+02:00 */
	engine_run_until(s->e, top() + 1 * SEC);
	assert_int_equal(cj_of(s)->next_ms, top() + DAY);
	close_session(s);
}

static void a_suspended_cronjob_has_no_next_run(void **state)
{
	struct session *s = cron_at("30 * * * *", "", TOP);

	(void)state;
	patch(s, "{\"suspend\":true}");
	assert_int_equal(cj_of(s)->next_ms, TIME_NONE);
	patch(s, "{\"suspend\":false}");
	assert_int_equal(cj_of(s)->next_ms, top() + 30 * MIN);
	close_session(s);
}

static void a_schedule_edit_moves_the_next_run_before_the_requeue(void **state)
{
	struct session *s = cron_at("30 * * * *", "", TOP);

	(void)state;
	patch(s, "{\"schedule\":\"0 11 * * *\",\"timeZone\":\"Asia/Tokyo\"}");
	assert_int_equal(cj_of(s)->next_ms, top() + DAY - 8 * HOUR); /* 11:00+09:00 */
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_weekday_schedule_resumed_on_friday_runs_only_the_latest_missed_time),
		cmocka_unit_test(a_weekday_schedule_resumed_on_monday_never_runs_a_sunday_time),
		cmocka_unit_test(every_seventh_minute_resumed_at_01_10_runs_the_01_07_slot),
		cmocka_unit_test(an_uneven_schedule_resumed_after_hours_runs_nothing_until_monday),
		cmocka_unit_test(a_resumed_run_says_which_rule_chose_it),
		cmocka_unit_test(
		    a_schedule_edit_requeues_for_the_new_schedule_and_runs_nothing_at_the_edit),
		cmocka_unit_test(update_spec_schedule_changed_requeues_after_1_1_seconds),
		cmocka_unit_test(update_every_cadence_decrease_requeues_after_2_minutes_1_1_seconds),
		cmocka_unit_test(update_every_cadence_increase_requeues_after_1_1_seconds),
		cmocka_unit_test(update_spec_template_changed_syncs_at_once),
		cmocka_unit_test(update_time_zone_not_changed_syncs_at_once),
		cmocka_unit_test(update_spec_schedule_changed_does_not_sync_at_once),
		cmocka_unit_test(a_schedule_that_never_fires_warns_once_and_waits_for_a_spec_change),
		cmocka_unit_test(more_than_100_missed_times_warn_and_still_run_the_latest),
		cmocka_unit_test(the_scheduled_timestamp_annotation_is_in_the_cronjobs_time_zone),
		cmocka_unit_test(the_status_holds_the_next_run_in_the_cronjobs_time_zone),
		cmocka_unit_test(a_suspended_cronjob_has_no_next_run),
		cmocka_unit_test(a_schedule_edit_moves_the_next_run_before_the_requeue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
