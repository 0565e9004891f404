/*
 * The Job controller (pkg/controller/job/job_controller.go, 1.29-1.30
 * conditions). Keeps min(parallelism, completions - succeeded) pods active
 * (parallelism until the first success when completions is unset), counts
 * each finished pod once, waits 10 s x 2^(n-1) (capped at 10 min) after n
 * failures in a row before replacing a pod, and fails the Job on
 * backoffLimit (failed pods under Never, container restarts under
 * OnFailure) or activeDeadlineSeconds, deleting what still runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char SRC[] = "job-controller";

#define BACKOFF_BASE_MS 10000
#define BACKOFF_MAX_MS 600000 /* MaxJobPodFailureBackOff: the docs' "six minutes" is outdated */
#define MAX_PODS_PER_SYNC 500

struct census {
	int32_t active, ready, terminating, restarts;
	uint32_t nactive, cap;
	uint32_t *active_pods;
};

static bool job_finished(const struct job *j)
{
	return j->status.condition != JOB_RUNNING;
}

/* Counts every newly finished pod once; lists the active ones. */
static void take_census(struct engine *e, uint32_t idx, struct census *cs)
{
	struct cluster *c = e->c;
	struct job *j = cluster_get(c, KIND_JOB, idx);

	memset(cs, 0, sizeof *cs);
	for (uint32_t i = j->meta.kids; i != NONE32;) {
		struct pod *p = cluster_get(c, KIND_POD, i);
		uint32_t next = p->meta.sib_next;
		e->stats.touched++;
		if (!(p->ctl.flags & POD_COUNTED) && pod_is_terminal(p)) {
			const struct ctr_status *last = &p->ctrs[p->ninit + p->ncontainers - 1];
			p->ctl.flags |= POD_COUNTED;
			if (p->phase == PHASE_SUCCEEDED) {
				j->status.succeeded++;
				j->ctl.failures_since_success = 0;
				if (j->status.index_done && p->ordinal < (uint32_t)j->spec.completions)
					j->status.index_done[p->ordinal] = 1;
			} else {
				j->status.failed++;
				j->ctl.failures_since_success++;
				if (last->finished_ms > j->ctl.last_failure_ms)
					j->ctl.last_failure_ms = last->finished_ms;
			}
		} else if (!(p->ctl.flags & POD_COUNTED) && p->meta.deleted_ms != TIME_NONE) {
			/* Deleted before it finished (evicted, or by hand): a failure. */
			p->ctl.flags |= POD_COUNTED;
			j->status.failed++;
			j->ctl.failures_since_success++;
			j->ctl.last_failure_ms = c->now_ms;
		}
		if (p->meta.deleted_ms != TIME_NONE && !pod_is_terminal(p))
			cs->terminating++;
		if (pod_is_active(p)) {
			xgrow(&cs->active_pods, &cs->cap, cs->nactive + 1, sizeof *cs->active_pods);
			cs->active_pods[cs->nactive++] = i;
			cs->active++;
			cs->ready += pod_is_ready(p);
			for (uint32_t k = 0; k < (uint32_t)p->ninit + p->ncontainers; k++)
				cs->restarts += (int32_t)p->ctrs[k].restarts;
		}
		i = next;
	}
}

/* Deletes pods the Job no longer wants; counted marks them as not failures. */
static void delete_active(struct engine *e, uint32_t idx, const struct census *cs, uint32_t from,
			  bool counted)
{
	struct cluster *c = e->c;

	for (uint32_t k = from; k < cs->nactive; k++) {
		struct pod *p = cluster_get(c, KIND_POD, cs->active_pods[k]);
		if (counted)
			p->ctl.flags |= POD_COUNTED;
		cluster_event(c, KIND_JOB, idx, EVENT_NORMAL, "SuccessfulDelete", SRC,
			      "Deleted pod: %s", p->meta.name);
		pod_delete(e, cs->active_pods[k], -1);
	}
}

static void finish(struct engine *e, uint32_t idx, enum job_condition cond, const char *reason,
		   const char *message, const struct census *cs)
{
	struct cluster *c = e->c;
	struct job *j = cluster_get(c, KIND_JOB, idx);
	struct event *ev;

	j->status.condition = cond;
	j->status.condition_ms = c->now_ms;
	if (cond == JOB_COMPLETE) {
		j->status.completion_ms = c->now_ms;
		ev = cluster_event(c, KIND_JOB, idx, EVENT_NORMAL, "Completed", SRC, "Job completed");
		if (j->spec.completions < 0)
			event_why(ev, "spec.completions is unset: a pod succeeded and none is active");
		else
			event_why(ev, "%d succeeded and spec.completions is %d",
				  (int64_t)j->status.succeeded, (int64_t)j->spec.completions);
		return;
	}
	j->status.reason = cluster_intern(c, reason);
	ev = cluster_event(c, KIND_JOB, idx, EVENT_WARNING, reason, SRC, "%s",
			   cluster_intern(c, message));
	if (strcmp(reason, "DeadlineExceeded") == 0)
		event_why(ev,
			  "active for %d s since it started, activeDeadlineSeconds is %d; its running "
			  "pods are deleted",
			  (c->now_ms - j->status.start_ms) / 1000, j->spec.active_deadline_s);
	else if (j->status.failed > j->spec.backoff_limit)
		event_why(ev, "%d failed pods, more than backoffLimit %d; its running pods are deleted",
			  (int64_t)j->status.failed, (int64_t)j->spec.backoff_limit);
	else /* pastBackoffLimitOnFailure */
		event_why(ev,
			  "restartPolicy OnFailure: its pods' containers restarted %d times, backoffLimit "
			  "is %d; its running pods are deleted",
			  (int64_t)cs->restarts, (int64_t)j->spec.backoff_limit);
	/* The pods the Job kills on failure count as failed. */
	j->status.failed += (int32_t)cs->nactive;
	delete_active(e, idx, cs, 0, true);
}

/* The lowest completion indexes neither done nor running (Indexed mode). */
static uint32_t next_index(const struct cluster *c, const struct job *j, uint32_t after)
{
	for (uint32_t i = after; i < (uint32_t)j->spec.completions; i++) {
		bool busy = j->status.index_done[i];
		for (uint32_t k = j->meta.kids; k != NONE32 && !busy;) {
			const struct pod *p = cluster_get(c, KIND_POD, k);
			busy = pod_is_active(p) && p->ordinal == i;
			k = p->meta.sib_next;
		}
		if (!busy)
			return i;
	}
	return NONE32;
}

static void create_pods(struct engine *e, uint32_t idx, int32_t n)
{
	struct cluster *c = e->c;
	uint32_t index = 0;

	for (int32_t k = 0; k < n && k < MAX_PODS_PER_SYNC; k++) {
		struct job *j = cluster_get(c, KIND_JOB, idx);
		struct template tpl = j->spec.tpl;
		uint32_t name = 0, pod;
		if (j->spec.mode == COMPLETION_INDEXED) {
			char prefix[300], num[16];
			index = next_index(c, j, index);
			if (index == NONE32)
				return;
			snprintf(num, sizeof num, "%u", index);
			snprintf(prefix, sizeof prefix, "%s-%u-", cluster_str(c, j->meta.name),
				 index);
			name = cluster_generate_name(c, KIND_POD, j->meta.ns, prefix);
			tpl.labels = labels_with(
			    c->labels, tpl.labels,
			    cluster_intern(c, "batch.kubernetes.io/job-completion-index"),
			    cluster_intern(c, num));
			tpl.annotations = labels_with(
			    c->labels, tpl.annotations,
			    cluster_intern(c, "batch.kubernetes.io/job-completion-index"),
			    cluster_intern(c, num));
		}
		if (pod_refused(e, KIND_JOB, idx, &tpl, name, SRC))
			return;
		pod = pod_create(e, KIND_JOB, idx, &tpl, name);
		if (pod == NONE32)
			return;
		struct pod *p = cluster_get(c, KIND_POD, pod);
		p->ordinal = index++;
		j = cluster_get(c, KIND_JOB, idx);
		struct event *ev = cluster_event(c, KIND_JOB, idx, EVENT_NORMAL, "SuccessfulCreate",
						 SRC, "Created pod: %s", p->meta.name);
		event_why(ev, "parallelism %d, %d succeeded so far", (int64_t)j->spec.parallelism,
			  (int64_t)j->status.succeeded);
	}
}

static int32_t wanted_active(const struct job *j)
{
	if (j->spec.completions < 0)
		return j->status.succeeded > 0 ? 0 : j->spec.parallelism;
	int32_t left = j->spec.completions - j->status.succeeded;
	return left < j->spec.parallelism ? (left > 0 ? left : 0) : j->spec.parallelism;
}

static bool complete(const struct job *j, const struct census *cs)
{
	if (j->spec.completions < 0)
		return j->status.succeeded > 0 && cs->active == 0;
	return j->status.succeeded >= j->spec.completions;
}

/* When the next replacement may be created after failures in a row. */
static int64_t backoff_until(const struct job *j)
{
	int64_t d = BACKOFF_BASE_MS;

	if (j->ctl.failures_since_success <= 0)
		return TIME_NONE;
	for (int32_t i = 1; i < j->ctl.failures_since_success && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	return j->ctl.last_failure_ms + (d > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : d);
}

static void suspend_or_resume(struct engine *e, uint32_t idx, const struct census *cs)
{
	struct cluster *c = e->c;
	struct job *j = cluster_get(c, KIND_JOB, idx);

	if (j->spec.suspend && !j->status.suspended) {
		j->status.suspended = true;
		cluster_event(c, KIND_JOB, idx, EVENT_NORMAL, "Suspended", SRC, "Job suspended");
		delete_active(e, idx, cs, 0, true);
	} else if (!j->spec.suspend && j->status.suspended) {
		j->status.suspended = false;
		j->status.start_ms = c->now_ms; /* the deadline counts again from here */
		cluster_event(c, KIND_JOB, idx, EVENT_NORMAL, "Resumed", SRC, "Job resumed");
	}
}

static void ttl_check(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	const struct job *j = cluster_get(c, KIND_JOB, idx);
	int64_t at;

	if (j->spec.ttl_s < 0)
		return;
	at = j->status.condition_ms + j->spec.ttl_s * 1000;
	if (at > c->now_ms) {
		engine_timer(e, CTRL_JOB, idx, at);
		return;
	}
	/* ttlafterfinished deletes with Foreground propagation. */
	engine_delete(e, KIND_JOB, idx, PROPAGATE_FOREGROUND, -1);
}

static void sync(struct engine *e, uint32_t idx, struct census *cs)
{
	struct cluster *c = e->c;
	struct job *j = cluster_get(c, KIND_JOB, idx);
	enum restart_policy rp = cluster_spec(c, j->spec.tpl.spec)->restart_policy;
	int64_t wait;

	if (j->spec.completions > 0 && j->spec.mode == COMPLETION_INDEXED && !j->status.index_done)
		j->status.index_done = xcalloc((size_t)j->spec.completions, 1);
	take_census(e, idx, cs);
	j = cluster_get(c, KIND_JOB, idx);
	suspend_or_resume(e, idx, cs);
	if (j->spec.suspend)
		return;
	if (j->status.start_ms == TIME_NONE)
		j->status.start_ms = c->now_ms;
	if (complete(j, cs)) {
		delete_active(e, idx, cs, 0, true);
		finish(e, idx, JOB_COMPLETE, NULL, NULL, cs);
		return;
	}
	if (j->status.failed > j->spec.backoff_limit ||
	    (rp == RESTART_ON_FAILURE && cs->restarts > 0 && cs->restarts >= j->spec.backoff_limit)) {
		finish(e, idx, JOB_FAILED, "BackoffLimitExceeded",
		       "Job has reached the specified backoff limit", cs);
		return;
	}
	if (j->spec.active_deadline_s >= 0) {
		int64_t deadline = j->status.start_ms + j->spec.active_deadline_s * 1000;
		if (c->now_ms >= deadline) {
			finish(e, idx, JOB_FAILED, "DeadlineExceeded",
			       "Job was active longer than specified deadline", cs);
			return;
		}
		engine_timer(e, CTRL_JOB, idx, deadline);
	}
	int32_t want = wanted_active(j);
	if (cs->active > want) {
		delete_active(e, idx, cs, (uint32_t)want, true);
	} else if (cs->active < want) {
		wait = backoff_until(j);
		if (wait != TIME_NONE && wait > c->now_ms)
			engine_timer(e, CTRL_JOB, idx, wait);
		else
			create_pods(e, idx, want - cs->active);
	}
}

static void job_reconcile(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct job *j = cluster_get(c, KIND_JOB, idx);
	struct census cs;

	if (!j || j->meta.deleted_ms != TIME_NONE)
		return;
	e->stats.touched++;
	if (job_finished(j)) {
		ttl_check(e, idx);
		return;
	}
	sync(e, idx, &cs);
	free(cs.active_pods);
	/* Status: recount after this sync's creations and deletions. */
	j = cluster_get(c, KIND_JOB, idx);
	int32_t active = 0, ready = 0, terminating = 0;
	for (uint32_t i = j->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		active += pod_is_active(p);
		ready += pod_is_active(p) && pod_is_ready(p);
		terminating += p->meta.deleted_ms != TIME_NONE && !pod_is_terminal(p);
		i = p->meta.sib_next;
	}
	j->status.active = active;
	j->status.ready = ready;
	j->status.terminating = terminating;
	cluster_touch(c, KIND_JOB, idx);
	if (job_finished(j)) {
		cluster_changed(c, KIND_JOB, idx, CHANGE_UPDATED);
		ttl_check(e, idx);
	}
}

static void job_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;

	if (kind == KIND_JOB && change != CHANGE_DELETED) {
		engine_enqueue(e, CTRL_JOB, idx);
	} else if (kind == KIND_POD) {
		const struct pod *p = cluster_get(c, KIND_POD, idx);
		if (p->meta.owner_kind == KIND_JOB && cluster_owner(c, &p->meta))
			engine_enqueue(e, CTRL_JOB, p->meta.owner);
	}
}

const struct controller controller_job = {
	.name = "job-controller",
	.kind = KIND_JOB,
	.reconcile = job_reconcile,
	.watch = job_watch,
};
