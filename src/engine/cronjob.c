/*
 * The CronJob controller, v2 of 1.29-1.31 (pkg/controller/cronjob/
 * cronjob_controllerv2.go, utils.go). Each sync reconciles status.active with
 * the Jobs it owns, finds the most recent unmet schedule time (one Job per
 * sync, for the latest missed time only), applies startingDeadlineSeconds
 * and the concurrency policy, creates <cronjob>-<minutes since epoch>, prunes
 * finished Jobs beyond the history limits, and asks to be woken at the next
 * schedule time + 100 ms. Nothing polls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ksim/cron.h"

static const char SRC[] = "cronjob-controller";

static bool finished(const struct job *j)
{
	return j->status.condition != JOB_RUNNING;
}

static int active_index(const struct cronjob *cj, struct ref r)
{
	for (uint32_t i = 0; i < cj->status.nactive; i++)
		if (cj->status.active[i].job.idx == r.idx && cj->status.active[i].job.gen == r.gen)
			return (int)i;
	return -1;
}

static void active_remove(struct cronjob *cj, uint32_t i)
{
	memmove(&cj->status.active[i], &cj->status.active[i + 1],
		(cj->status.nactive - i - 1) * sizeof *cj->status.active);
	cj->status.nactive--;
}

static void active_add(struct cronjob *cj, struct ref r, uint32_t name)
{
	xgrow(&cj->status.active, &cj->status.active_cap, cj->status.nactive + 1,
	      sizeof *cj->status.active);
	cj->status.active[cj->status.nactive++] = (struct active_job){ r, name };
}

/* Step 1: finished Jobs leave status.active; unknown running ones are reported. */
static void reconcile_children(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct cronjob *cj = cluster_get(c, KIND_CRONJOB, idx);

	for (uint32_t i = cj->meta.kids; i != NONE32;) {
		const struct job *j = cluster_get(c, KIND_JOB, i);
		int at = active_index(cj, cluster_ref(c, KIND_JOB, i));
		e->stats.touched++;
		if (at < 0 && !finished(j)) {
			struct event *ev = cluster_event(
			    c, KIND_CRONJOB, idx, EVENT_WARNING, "UnexpectedJob", SRC,
			    "Saw a job that the controller did not create or forgot: %s",
			    j->meta.name);
			event_why(ev,
				  "job %s is owned by the CronJob but is not in status.active "
				  "(a manual run): it is not counted in ACTIVE",
				  j->meta.name);
		} else if (at >= 0 && finished(j)) {
			active_remove(cj, (uint32_t)at);
			cluster_event(c, KIND_CRONJOB, idx, EVENT_NORMAL, "SawCompletedJob", SRC,
				      "Saw completed job: %s, status: %s", j->meta.name,
				      cluster_intern(c, j->status.condition == JOB_COMPLETE
							    ? "Complete"
							    : "Failed"));
		}
		if (finished(j) && j->status.completion_ms != TIME_NONE &&
		    (cj->status.last_success_ms == TIME_NONE ||
		     j->status.completion_ms > cj->status.last_success_ms))
			cj->status.last_success_ms = j->status.completion_ms;
		i = j->meta.sib_next;
	}
	for (uint32_t i = 0; i < cj->status.nactive;) {
		if (cluster_deref(c, KIND_JOB, cj->status.active[i].job)) {
			i++;
			continue;
		}
		cluster_event(c, KIND_CRONJOB, idx, EVENT_NORMAL, "MissingJob", SRC,
			      "Active job went missing: %s", cj->status.active[i].name);
		active_remove(cj, i);
	}
}

/* A Job from the jobTemplate, owned by the CronJob; scheduled_ms TIME_NONE for a manual run. */
static uint32_t make_job(struct engine *e, uint32_t idx, uint32_t name, int64_t scheduled_ms,
			 const struct cron_tz *tz)
{
	struct cluster *c = e->c;
	const struct cronjob *cj = cluster_get(c, KIND_CRONJOB, idx);
	uint32_t ns = cj->meta.ns, j_idx = cluster_add(c, KIND_JOB, ns, name);
	struct job *j;

	if (j_idx == NONE32)
		return NONE32;
	cj = cluster_get(c, KIND_CRONJOB, idx);
	j = cluster_get(c, KIND_JOB, j_idx);
	j->spec = cj->job;
	selector_copy(&j->spec.sel, &cj->job.sel);
	template_copy(c, &j->spec.tpl, &cj->job.tpl);
	j->meta.labels = cj->job.labels;
	j->meta.annotations = cj->job.annotations;
	if (scheduled_ms != TIME_NONE) {
		char ts[32];
		/* getJobFromTemplate2: the scheduled time in the CronJob's zone, with its offset */
		cron_rfc3339(tz, scheduled_ms, ts, sizeof ts);
		j->meta.annotations = labels_with(
		    c->labels, j->meta.annotations,
		    cluster_intern(c, "batch.kubernetes.io/cronjob-scheduled-timestamp"),
		    cluster_intern(c, ts));
	} else {
		j->meta.annotations = labels_with(
		    c->labels, j->meta.annotations,
		    cluster_intern(c, "cronjob.kubernetes.io/instantiate"),
		    cluster_intern(c, "manual"));
	}
	cluster_job_stamp(c, j, j->meta.uid);
	cluster_set_owner(c, KIND_JOB, j_idx, KIND_CRONJOB, idx);
	cluster_changed(c, KIND_JOB, j_idx, CHANGE_ADDED);
	return j_idx;
}

uint32_t engine_job_from_cronjob(struct engine *e, uint32_t cronjob, uint32_t name)
{
	return make_job(e, cronjob, name, TIME_NONE, NULL);
}

static void delete_job(struct engine *e, uint32_t idx, struct ref r, const char *why)
{
	struct cluster *c = e->c;
	struct cronjob *cj = cluster_get(c, KIND_CRONJOB, idx);
	const struct job *j = (const struct job *)cluster_deref(c, KIND_JOB, r);
	int at = active_index(cj, r);

	if (!j)
		return;
	if (at >= 0)
		active_remove(cj, (uint32_t)at);
	struct event *ev = cluster_event(c, KIND_CRONJOB, idx, EVENT_NORMAL, "SuccessfulDelete",
					 SRC, "Deleted job %s", j->meta.name);
	event_why(ev, why, j->meta.name);
	engine_delete(e, KIND_JOB, r.idx, PROPAGATE_BACKGROUND, -1);
}

struct finished_job {
	struct ref r;
	int64_t start;
	const char *name;
};

static int by_start(const void *pa, const void *pb)
{
	const struct finished_job *a = pa, *b = pb;

	/* byJobStartTime: no start time sorts as newest; ties by name. */
	if (a->start != b->start) {
		if (a->start == TIME_NONE)
			return 1;
		if (b->start == TIME_NONE)
			return -1;
		return a->start < b->start ? -1 : 1;
	}
	return strcmp(a->name, b->name);
}

static void prune(struct engine *e, uint32_t idx, enum job_condition cond, int32_t limit)
{
	struct cluster *c = e->c;
	const struct cronjob *cj = cluster_get(c, KIND_CRONJOB, idx);
	struct finished_job *list = NULL;
	uint32_t n = 0, cap = 0;

	for (uint32_t i = cj->meta.kids; i != NONE32;) {
		const struct job *j = cluster_get(c, KIND_JOB, i);
		if (j->status.condition == cond) {
			xgrow(&list, &cap, n + 1, sizeof *list);
			list[n++] = (struct finished_job){ cluster_ref(c, KIND_JOB, i),
							   j->status.start_ms,
							   cluster_str(c, j->meta.name) };
		}
		i = j->meta.sib_next;
	}
	if (n > (uint32_t)limit) {
		xqsort(list, n, sizeof *list, by_start);
		for (uint32_t i = 0; i < n - (uint32_t)limit; i++)
			delete_job(e, idx, list[i].r,
				   cond == JOB_COMPLETE
				       ? "successfulJobsHistoryLimit: %s is the oldest succeeded job"
				       : "failedJobsHistoryLimit: %s is the oldest failed job");
	}
	free(list);
}

/* The zone a schedule is read in; loaded once per name. */
static const struct cron_tz *zone_of(struct engine *e, uint32_t name, struct ksim_error *err)
{
	if (!name)
		return cron_tz_utc();
	for (uint32_t i = 0; i < e->nzones; i++)
		if (strcmp(e->zones[i].name, cluster_str(e->c, name)) == 0)
			return e->zones[i].tz;
	struct cron_tz *tz = cron_tz_load(cluster_str(e->c, name), err);
	if (!tz)
		return NULL;
	xgrow(&e->zones, &e->zones_cap, e->nzones + 1, sizeof *e->zones);
	e->zones[e->nzones].name = xstrdup(cluster_str(e->c, name));
	e->zones[e->nzones++].tz = tz;
	return tz;
}

/* What the runner's "next run" and the dashboard read, kept after every sync and spec change. */
static void next_run_keep(struct engine *e, uint32_t idx)
{
	struct cronjob *cj = cluster_get(e->c, KIND_CRONJOB, idx);
	struct cron_schedule s;
	struct ksim_error err;

	cj->zone = zone_of(e, cj->time_zone, &err);
	cj->next_ms = TIME_NONE;
	if (cj->zone && !cj->suspend && cj->meta.deleted_ms == TIME_NONE &&
	    !cron_parse(cj->schedule, &s, &err))
		cj->next_ms = cron_next(&s, cj->zone, e->c->now_ms);
}

static struct cron_history history_of(const struct cronjob *cj)
{
	return (struct cron_history){ cj->meta.created_ms, cj->status.last_schedule_ms,
				      cj->starting_deadline_s };
}

/*
 * The workqueue's AddAfter: a key waits once, for the earlier of two times
 * (the later one is dropped); a time not in the future adds it now.
 */
static void requeue_at(struct engine *e, uint32_t idx, int64_t at)
{
	struct cronjob *cj = cluster_get(e->c, KIND_CRONJOB, idx);

	if (at <= e->c->now_ms) {
		engine_enqueue(e, CTRL_CRONJOB, idx);
		return;
	}
	if (cj->ctl.wake_ms != TIME_NONE && cj->ctl.wake_ms <= at)
		return;
	cj->ctl.wake_ms = at;
	engine_timer(e, CTRL_CRONJOB, idx, at);
}

static bool cronjob_due(struct engine *e, uint32_t idx, int64_t at)
{
	struct cronjob *cj = cluster_get(e->c, KIND_CRONJOB, idx);

	if (cj->ctl.wake_ms != at)
		return false;
	cj->ctl.wake_ms = TIME_NONE;
	return true;
}

/* After a sync: nextScheduleTimeDuration, which is always in the future here. */
static void requeue(struct engine *e, uint32_t idx, const struct cron_schedule *s,
		    const struct cron_tz *tz)
{
	const struct cronjob *cj = cluster_get(e->c, KIND_CRONJOB, idx);
	struct cron_history h = history_of(cj);
	int64_t at = cron_next_sync(s, tz, &h, e->c->now_ms);

	if (at != TIME_NONE)
		requeue_at(e, idx, at);
}

/* "Fri 10:30" (or "Fri 10:31:05") in the CronJob's zone, interned for an event's why. */
static uint32_t wall_text(struct cluster *c, const struct cron_tz *tz, int64_t ms, bool seconds)
{
	int64_t local = ms / 1000 + cron_tz_offset(tz, ms), days = local / 86400;
	char buf[24];
	int n = snprintf(buf, sizeof buf, "%s %02d:%02d", time_weekday(days),
			 (int)(local / 3600 % 24), (int)(local / 60 % 60));

	if (seconds && local % 60)
		snprintf(buf + n, sizeof buf - (size_t)n, ":%02d", (int)(local % 60));
	return cluster_intern(c, buf);
}

/* Why the Job for `at` is made now: on time, at a resume, or as the latest of missed times. */
static void create_why(struct engine *e, struct event *ev, const struct cronjob *cj,
		       const struct cron_tz *tz, const struct cron_due *d, int64_t at)
{
	struct cluster *c = e->c;
	int64_t now = c->now_ms;

	if (cj->resumed_ms == now && d->first != at)
		event_why(ev, "resumed at %s: only the most recent missed time, %s, gets a Job",
			  wall_text(c, tz, now, true), wall_text(c, tz, at, false));
	else if (cj->resumed_ms == now)
		event_why(ev, "resumed at %s: %s came due while suspended and gets its Job",
			  wall_text(c, tz, now, true), wall_text(c, tz, at, false));
	else if (d->first != at)
		event_why(ev,
			  "times from %s came due without a Job: only the most recent, %s, gets "
			  "one",
			  wall_text(c, tz, d->first, false), wall_text(c, tz, at, false));
	else
		event_why(ev, "schedule \"%s\" came due at %t", cluster_intern(c, cj->schedule), at);
}

static void schedule(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct cronjob *cj = cluster_get(c, KIND_CRONJOB, idx);
	struct cron_schedule s;
	struct ksim_error err;
	const struct cron_tz *tz = zone_of(e, cj->time_zone, &err);
	struct cron_history h = history_of(cj);
	struct cron_due d;
	int64_t now = c->now_ms, at;
	struct event *ev;

	if (!tz) {
		cluster_event(c, KIND_CRONJOB, idx, EVENT_WARNING, "UnknownTimeZone", SRC,
			      "invalid timeZone: \"%s\": %s", cj->time_zone,
			      cluster_intern(c, err.msg));
		return;
	}
	if (cj->suspend)
		return; /* no requeue: resuming is a spec change, which syncs at once */
	if (cron_parse(cj->schedule, &s, &err)) {
		cluster_event(c, KIND_CRONJOB, idx, EVENT_WARNING, "UnparseableSchedule", SRC,
			      "unparseable schedule: \"%s\" : %s", cluster_intern(c, cj->schedule),
			      cluster_intern(c, err.msg));
		return;
	}
	if (cron_due(&s, tz, &h, now, true, &d)) {
		ev = cluster_event(
		    c, KIND_CRONJOB, idx, EVENT_WARNING, "InvalidSchedule", SRC,
		    "invalid schedule: %s : time difference between two schedules is less than 1 second",
		    cluster_intern(c, cj->schedule));
		event_why(ev, "the schedule names no time in the next five years: nothing runs and "
			      "the controller waits for the spec to change");
		return;
	}
	at = d.recent;
	if (at == TIME_NONE) {
		requeue(e, idx, &s, tz);
		return;
	}
	if (d.missed == CRON_MANY_MISSED) {
		ev = cluster_event(
		    c, KIND_CRONJOB, idx, EVENT_WARNING, "TooManyMissedTimes", SRC,
		    "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew");
		event_why(ev, "more than 100 times were missed: only the most recent still gets "
			      "its Job");
	}
	if (cj->starting_deadline_s >= 0 && at + cj->starting_deadline_s * 1000 < now) {
		char when[40];
		time_rfc1123z(at, when, sizeof when);
		ev = cluster_event(c, KIND_CRONJOB, idx, EVENT_WARNING, "MissSchedule", SRC,
				   "Missed scheduled time to start a job: %s",
				   cluster_intern(c, when));
		event_why(ev, "startingDeadlineSeconds is %d and the scheduled time is older",
			  cj->starting_deadline_s);
		requeue(e, idx, &s, tz);
		return;
	}
	char name[300];
	snprintf(name, sizeof name, "%s-%lld", cluster_str(c, cj->meta.name),
		 (long long)(at / 60000));
	uint32_t name_id = cluster_intern(c, name);
	for (uint32_t i = 0; i < cj->status.nactive; i++) {
		if (cj->status.active[i].name == name_id)
			at = cj->status.last_schedule_ms; /* already processed */
	}
	if (at == cj->status.last_schedule_ms) {
		requeue(e, idx, &s, tz);
		return;
	}
	if (cj->concurrency == CONCURRENCY_FORBID && cj->status.nactive > 0) {
		ev = cluster_event(
		    c, KIND_CRONJOB, idx, EVENT_NORMAL, "JobAlreadyActive", SRC,
		    "Not starting job because prior execution is running and concurrency policy is Forbid");
		event_why(ev,
			  "skipped: concurrencyPolicy Forbid and job %s is still active; the latest "
			  "missed run starts when it ends",
			  cj->status.active[0].name);
		requeue(e, idx, &s, tz);
		return;
	}
	if (cj->concurrency == CONCURRENCY_REPLACE)
		while (cj->status.nactive > 0) {
			delete_job(
			    e, idx, cj->status.active[0].job,
			    "concurrencyPolicy Replace: %s was still running at the next scheduled time");
			cj = cluster_get(c, KIND_CRONJOB, idx);
		}
	uint32_t j = make_job(e, idx, name_id, at, tz);
	cj = cluster_get(c, KIND_CRONJOB, idx);
	if (j == NONE32) {
		requeue(e, idx, &s, tz);
		return;
	}
	ev = cluster_event(c, KIND_CRONJOB, idx, EVENT_NORMAL, "SuccessfulCreate", SRC,
			   "Created job %s", name_id);
	create_why(e, ev, cj, tz, &d, at);
	active_add(cj, cluster_ref(c, KIND_JOB, j), name_id);
	cj->status.last_schedule_ms = at;
	requeue(e, idx, &s, tz);
}

static uint64_t spec_hash(const struct cluster *c, const struct cronjob *cj)
{
	const char *zone = cj->time_zone ? cluster_str(c, cj->time_zone) : "";

	return hash_bytes(zone, strlen(zone) + 1,
			  hash_bytes(cj->schedule, strlen(cj->schedule) + 1, 0));
}

/* What the informer hands the next update as its old object. */
static void spec_seen(const struct cluster *c, struct cronjob *cj)
{
	cj->ctl.seen = true;
	cj->ctl.seen_suspend = cj->suspend;
	cj->ctl.seen_hash = spec_hash(c, cj);
}

/*
 * updateCronJob: a new schedule or timeZone only moves the requeue, to the
 * new schedule's next time from the old lastScheduleTime; any other change
 * (suspend, concurrencyPolicy, the template) syncs at once.
 */
static void cronjob_updated(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct cronjob *cj = cluster_get(c, KIND_CRONJOB, idx);
	bool moved = cj->ctl.seen && cj->ctl.seen_hash != spec_hash(c, cj);
	struct cron_schedule s;
	struct ksim_error err;
	const struct cron_tz *tz;
	struct cron_history h = history_of(cj);
	int64_t at;

	if (cj->ctl.seen && cj->ctl.seen_suspend && !cj->suspend)
		cj->resumed_ms = c->now_ms;
	spec_seen(c, cj);
	next_run_keep(e, idx);
	if (!moved) {
		engine_enqueue(e, CTRL_CRONJOB, idx);
		return;
	}
	if (cron_parse(cj->schedule, &s, &err)) {
		cluster_event(c, KIND_CRONJOB, idx, EVENT_WARNING, "UnParseableCronJobSchedule",
			      SRC, "unparseable schedule for cronjob: %s",
			      cluster_intern(c, cj->schedule));
		return;
	}
	/* formatSchedule leaves out a zone that does not load: the schedule is read in UTC */
	if (!(tz = zone_of(e, cj->time_zone, &err)))
		tz = cron_tz_utc();
	at = cron_next_sync(&s, tz, &h, c->now_ms);
	/* a schedule that never fires makes Go's delay negative: the key is added now */
	if (at == TIME_NONE)
		engine_enqueue(e, CTRL_CRONJOB, idx);
	else
		requeue_at(e, idx, at);
}

static void cronjob_reconcile(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct cronjob *cj = cluster_get(c, KIND_CRONJOB, idx);

	if (!cj)
		return;
	e->stats.touched++;
	if (!cj->ctl.seen)
		spec_seen(c, cj);
	reconcile_children(e, idx);
	cj = cluster_get(c, KIND_CRONJOB, idx);
	if (cj->meta.deleted_ms == TIME_NONE)
		schedule(e, idx);
	next_run_keep(e, idx);
	cj = cluster_get(c, KIND_CRONJOB, idx);
	prune(e, idx, JOB_COMPLETE, cj->success_history);
	cj = cluster_get(c, KIND_CRONJOB, idx);
	prune(e, idx, JOB_FAILED, cj->failed_history);
	cluster_touch(c, KIND_CRONJOB, idx);
}

static void cronjob_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;

	if (kind == KIND_CRONJOB && change == CHANGE_UPDATED) {
		cronjob_updated(e, idx);
	} else if (kind == KIND_CRONJOB && change == CHANGE_ADDED) {
		spec_seen(c, cluster_get(c, KIND_CRONJOB, idx));
		engine_enqueue(e, CTRL_CRONJOB, idx);
	} else if (kind == KIND_JOB) {
		const struct job *j = cluster_get(c, KIND_JOB, idx);
		if (j->meta.owner_kind == KIND_CRONJOB && cluster_owner(c, &j->meta))
			engine_enqueue(e, CTRL_CRONJOB, j->meta.owner);
	}
}

const struct controller controller_cronjob = {
	.name = "cronjob-controller",
	.kind = KIND_CRONJOB,
	.reconcile = cronjob_reconcile,
	.watch = cronjob_watch,
	.due = cronjob_due,
};
