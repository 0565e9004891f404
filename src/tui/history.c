/*
 * What the cluster forgets but a lesson needs: the pods a Job had (deleted
 * ones included) for its lanes, and a CronJob's runs (pruned Jobs, skipped
 * and missed times) for its history strip. Each copy of the view starts
 * from the previous copy's record of the same object (matched by uid), adds
 * what the cluster shows now, and reads the CronJob controller's events
 * (reasons and arguments as engine/cronjob.c emits them, which are
 * kubectl's).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static const struct vjob *old_job(const struct view *v, uint32_t uid)
{
	for (uint32_t i = 0; i < v->nold_jobs; i++)
		if (v->old_jobs[i].uid == uid)
			return &v->old_jobs[i];
	return NULL;
}

static const struct vcron *old_cron(const struct view *v, uint32_t uid)
{
	for (uint32_t i = 0; i < v->nold_crons; i++)
		if (v->old_crons[i].uid == uid)
			return &v->old_crons[i];
	return NULL;
}

/* --- Job lanes --- */

static enum pstate life_state(const struct pod *p)
{
	if (p->meta.deleted_ms != TIME_NONE)
		return PS_TERMINATING;
	switch (p->phase) {
	case PHASE_SUCCEEDED:
		return PS_SUCCEEDED;
	case PHASE_FAILED:
		return PS_FAILED;
	case PHASE_RUNNING:
		return PS_RUNNING;
	default:
		return PS_PENDING;
	}
}

static bool life_over(const struct vlife *l)
{
	return l->to != TIME_NONE;
}

/* The first lane free from t on: a pod takes the lane of one that ended before it began. */
static uint16_t free_lane(const struct vjob *j, int64_t t)
{
	for (uint16_t lane = 0;; lane++) {
		bool busy = false;
		for (uint32_t i = 0; i < j->nlives && !busy; i++)
			busy = j->lives[i].lane == lane &&
			       (!life_over(&j->lives[i]) || j->lives[i].to > t);
		if (!busy)
			return lane;
	}
}

static const struct cluster *new_pods_c; /* qsort has no context argument; UI thread only */

/* Creation order (then uid): lanes go to pods as the Job made them, however many came at once. */
static int created_cmp(const void *pa, const void *pb)
{
	const struct pod *a = cluster_get(new_pods_c, KIND_POD, *(const uint32_t *)pa);
	const struct pod *b = cluster_get(new_pods_c, KIND_POD, *(const uint32_t *)pb);

	if (a->meta.created_ms != b->meta.created_ms)
		return a->meta.created_ms < b->meta.created_ms ? -1 : 1;
	return a->meta.uid < b->meta.uid ? -1 : a->meta.uid > b->meta.uid;
}

/* Makes room by forgetting the oldest finished life (seen[] moves with the lives). */
static bool drop_oldest(struct vjob *j, bool *seen)
{
	for (uint32_t i = 0; i < j->nlives; i++)
		if (life_over(&j->lives[i])) {
			memmove(&j->lives[i], &j->lives[i + 1],
				(j->nlives - i - 1) * sizeof *j->lives);
			memmove(&seen[i], &seen[i + 1], (j->nlives - i - 1) * sizeof *seen);
			seen[j->nlives - 1] = false;
			j->nlives--;
			return true;
		}
	return false;
}

static void life_update(struct vlife *l, const struct pod *p, int64_t now)
{
	l->state = (uint8_t)life_state(p);
	if ((l->state == PS_SUCCEEDED || l->state == PS_FAILED) && l->to == TIME_NONE) {
		l->to = now;
		for (uint32_t k = 0; p->ctrs && k < (uint32_t)p->ninit + p->ncontainers; k++)
			if (p->ctrs[k].finished_ms != TIME_NONE)
				l->to = p->ctrs[k].finished_ms;
	}
}

void history_job(struct view *v, struct vjob *j, const struct cluster *c, uint32_t idx)
{
	const struct vjob *old = old_job(v, j->uid);
	const struct job *job = cluster_get(c, KIND_JOB, idx);
	bool seen[ARRAY_LEN(j->lives)] = { false };

	if (old) {
		j->nlives = old->nlives;
		memcpy(j->lives, old->lives, old->nlives * sizeof *j->lives);
	}
	uint32_t *fresh = NULL, nfresh = 0, fresh_cap = 0;

	/* known pods first, so one that just ended frees its lane for the pod that replaces it */
	for (uint32_t i = job->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		struct vlife *l = NULL;
		for (uint32_t k = 0; k < j->nlives && !l; k++)
			if (j->lives[k].uid == p->meta.uid)
				l = &j->lives[k];
		if (l) {
			life_update(l, p, c->now_ms);
			seen[l - j->lives] = true;
		} else {
			xgrow(&fresh, &fresh_cap, nfresh + 1, sizeof *fresh);
			fresh[nfresh++] = i;
		}
		i = p->meta.sib_next;
	}
	/* then the new ones, oldest first (a jump of the clock brings several at once) */
	new_pods_c = c;
	if (nfresh > 1)
		xqsort(fresh, nfresh, sizeof *fresh, created_cmp);
	new_pods_c = NULL;
	for (uint32_t f = 0; f < nfresh; f++) {
		const struct pod *p = cluster_get(c, KIND_POD, fresh[f]);
		if (j->nlives == ARRAY_LEN(j->lives) && !drop_oldest(j, seen))
			break;
		uint16_t lane = free_lane(j, p->meta.created_ms);
		struct vlife *l = &j->lives[j->nlives++];
		memset(l, 0, sizeof *l);
		l->uid = p->meta.uid;
		snprintf(l->name, sizeof l->name, "%s", cluster_str(c, p->meta.name));
		l->from = p->meta.created_ms;
		l->to = TIME_NONE;
		l->lane = lane;
		life_update(l, p, c->now_ms);
		seen[l - j->lives] = true;
	}
	free(fresh);
	for (uint32_t k = 0; k < j->nlives; k++) {
		struct vlife *l = &j->lives[k];
		if (!seen[k] && !life_over(l)) { /* deleted before it finished */
			l->state = PS_GONE;
			l->to = c->now_ms;
		}
		if (l->lane + 1u > j->nlanes)
			j->nlanes = l->lane + 1u;
	}
}

/* --- CronJob runs --- */

/* The scheduled minute encoded in "<cronjob>-<minutes>", or TIME_NONE for another name. */
static int64_t scheduled_at(const char *cronjob, const char *job)
{
	size_t n = strlen(cronjob);
	const char *p;
	int64_t minutes = 0;

	if (strncmp(job, cronjob, n) != 0 || job[n] != '-' || !job[n + 1])
		return TIME_NONE;
	for (p = job + n + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return TIME_NONE;
		minutes = minutes * 10 + (*p - '0');
	}
	return minutes * 60000;
}

static int run_cmp(const void *pa, const void *pb)
{
	const struct vrun *a = pa, *b = pb;

	return a->at < b->at ? -1 : a->at > b->at;
}

static struct vrun *run_add(struct vcron *cj, int64_t at, const char *job, enum run_state st)
{
	struct vrun *r;

	if (cj->nruns == VIEW_RUNS) { /* forget the oldest */
		memmove(cj->runs, cj->runs + 1, (VIEW_RUNS - 1) * sizeof *cj->runs);
		cj->nruns--;
	}
	r = &cj->runs[cj->nruns++];
	memset(r, 0, sizeof *r);
	r->at = at;
	r->state = (uint8_t)st;
	snprintf(r->job, sizeof r->job, "%s", job);
	xqsort(cj->runs, cj->nruns, sizeof *cj->runs, run_cmp);
	for (uint32_t i = 0; i < cj->nruns; i++)
		if (cj->runs[i].at == at && strcmp(cj->runs[i].job, job) == 0 &&
		    cj->runs[i].state == st)
			return &cj->runs[i];
	return NULL; /* unreachable: the run was just added */
}

/* The run of Job name, made if new (a manual run is dated by its creation). */
static struct vrun *run_of_job(struct vcron *cj, const char *name, int64_t created)
{
	int64_t at = scheduled_at(cj->o.name, name);

	for (uint32_t i = 0; i < cj->nruns; i++)
		if (strcmp(cj->runs[i].job, name) == 0)
			return &cj->runs[i];
	struct vrun *r = run_add(cj, at != TIME_NONE ? at : created, name, RUN_RUNNING);
	if (r)
		r->manual = at == TIME_NONE;
	return r;
}

static bool has_run(const struct vcron *cj, int64_t at, enum run_state st)
{
	for (uint32_t i = 0; i < cj->nruns; i++)
		if (cj->runs[i].at == at && cj->runs[i].state == st)
			return true;
	return false;
}

/* Schedule times that passed while suspended: the controller records nothing for them. */
static void suspended_runs(struct view *v, struct vcron *cj, int64_t now, int64_t resumed_ms)
{
	struct cron_schedule s;
	struct ksim_error err;
	const struct cron_tz *tz = view_zone(v, cj->zone);
	int n = 0;

	if (!cj->suspend && cj->suspended_since == TIME_NONE)
		return;
	if (cj->suspended_since == TIME_NONE)
		cj->suspended_since = cj->missed_until = now;
	/* resumed since the last copy: the times up to the resume came due suspended too */
	int64_t until = cj->suspend ? now : resumed_ms;
	if (!cj->bad_schedule && tz && !cron_parse(cj->schedule, &s, &err))
		for (int64_t t = cron_next(&s, tz, cj->missed_until);
		     t != TIME_NONE && t <= until && n < VIEW_RUNS; t = cron_next(&s, tz, t), n++)
			if (!has_run(cj, t, RUN_SUSPENDED))
				run_add(cj, t, "", RUN_SUSPENDED);
	cj->missed_until = now;
	if (!cj->suspend)
		cj->suspended_since = cj->missed_until = TIME_NONE;
}

void history_cron(struct view *v, struct vcron *cj, const struct cluster *c, uint32_t idx)
{
	const struct vcron *old = old_cron(v, cj->uid);
	const struct cronjob *src = cluster_get(c, KIND_CRONJOB, idx);

	cj->suspended_since = cj->missed_until = TIME_NONE;
	if (old) {
		cj->nruns = old->nruns;
		memcpy(cj->runs, old->runs, old->nruns * sizeof *cj->runs);
		cj->suspended_since = old->suspended_since;
		cj->missed_until = old->missed_until;
	}
	for (uint32_t i = src->meta.kids; i != NONE32;) {
		const struct job *j = cluster_get(c, KIND_JOB, i);
		struct vrun *r = run_of_job(cj, cluster_str(c, j->meta.name), j->meta.created_ms);
		if (r && r->state == RUN_RUNNING && j->status.condition != JOB_RUNNING)
			r->state = j->status.condition == JOB_COMPLETE ? RUN_SUCCEEDED : RUN_FAILED;
		i = j->meta.sib_next;
	}
	suspended_runs(v, cj, c->now_ms, src->ctl.resumed_ms);
}

static struct vcron *cron_by_uid(struct view *v, uint32_t uid)
{
	for (uint32_t i = 0; i < v->ncrons; i++)
		if (v->crons[i].uid == uid)
			return &v->crons[i];
	return NULL;
}

/*
 * The scheduled time an event at t refers to: the latest one at or before t
 * (Forbid repeats JobAlreadyActive at later syncs for the same time).
 */
static int64_t due_before(struct view *v, const struct vcron *cj, int64_t t)
{
	struct cron_schedule s;
	struct ksim_error err;
	const struct cron_tz *tz = view_zone(v, cj->zone);
	int64_t from = cj->nruns && cj->runs[cj->nruns - 1].at <= t ? cj->runs[cj->nruns - 1].at
								    : t - 3600000;
	int64_t last = t - t % 60000;

	if (!tz || cron_parse(cj->schedule, &s, &err))
		return last;
	for (int i = 0; i < 1000; i++) {
		int64_t k = cron_next(&s, tz, from);
		if (k == TIME_NONE || k > t)
			break;
		last = from = k;
	}
	return last;
}

static void set_why(const struct cluster *c, struct vrun *r, const struct event *ev)
{
	struct strbuf sb;

	sb_init(&sb);
	if (ev->why.fmt)
		event_text_render(c, &ev->why, &sb);
	snprintf(r->why, sizeof r->why, "%s", sb.data);
	sb_free(&sb);
}

/*
 * A Job was made for r->at: the times that came due suspended before it got
 * none (the controller runs only the most recent missed time), and the one
 * it was made for is a run, not a suspended slot.
 */
static void run_created(const struct cluster *c, struct vcron *cj, struct vrun *r,
			const struct event *ev)
{
	int64_t at = r->at;

	set_why(c, r, ev);
	for (uint32_t i = 0; i < cj->nruns;) {
		struct vrun *s = &cj->runs[i];
		if (s->state == RUN_SUSPENDED && s->at == at) {
			memmove(s, s + 1, (cj->nruns - i - 1) * sizeof *s);
			cj->nruns--;
			continue;
		}
		if (s->state == RUN_SUSPENDED && s->at < at) {
			s->state = RUN_MISSED;
			snprintf(s->why, sizeof s->why,
				 "came due while suspended: at the resume only the most recent "
				 "missed time gets a Job");
		}
		i++;
	}
}

void history_event(struct view *v, const struct cluster *c, const struct event *ev)
{
	struct vcron *cj = cron_by_uid(v, ev->uid);
	const char *reason = cluster_str(c, ev->reason);
	const char *job = ev->msg.nargs ? cluster_str(c, (uint32_t)ev->msg.args[0]) : "";
	struct vrun *r;

	if (!cj)
		return;
	if (strcmp(reason, "SuccessfulCreate") == 0) {
		if ((r = run_of_job(cj, job, ev->time_ms)))
			run_created(c, cj, r, ev);
	} else if (strcmp(reason, "SawCompletedJob") == 0 && ev->msg.nargs == 2) {
		if ((r = run_of_job(cj, job, ev->time_ms)) && r->state == RUN_RUNNING)
			r->state = strcmp(cluster_str(c, (uint32_t)ev->msg.args[1]), "Complete") == 0
				       ? RUN_SUCCEEDED
				       : RUN_FAILED;
	} else if (strcmp(reason, "SuccessfulDelete") == 0) {
		if (!(r = run_of_job(cj, job, ev->time_ms)))
			return;
		if (ev->why.fmt && strstr(ev->why.fmt, "Replace"))
			r->state = RUN_REPLACED;
		else
			r->pruned = true;
	} else if (strcmp(reason, "JobAlreadyActive") == 0 || strcmp(reason, "MissSchedule") == 0) {
		enum run_state st = reason[0] == 'J' ? RUN_SKIPPED : RUN_MISSED;
		int64_t at = due_before(v, cj, ev->time_ms);
		if (!has_run(cj, at, st) && (r = run_add(cj, at, "", st)))
			set_why(c, r, ev);
	}
}

void history_commit(struct view *v)
{
	v->old_jobs = xrealloc(v->old_jobs, (v->njobs + 1) * sizeof *v->old_jobs);
	if (v->njobs) /* jobs is NULL before the first Job */
		memcpy(v->old_jobs, v->jobs, v->njobs * sizeof *v->jobs);
	v->nold_jobs = v->njobs;
	v->old_crons = xrealloc(v->old_crons, (v->ncrons + 1) * sizeof *v->old_crons);
	if (v->ncrons)
		memcpy(v->old_crons, v->crons, v->ncrons * sizeof *v->crons);
	v->nold_crons = v->ncrons;
}
