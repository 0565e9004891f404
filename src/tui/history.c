/*
 * Job lanes and CronJob history strips, derived from what the cluster keeps
 * (a Job's pods with their creation and end times, the CronJob controller's
 * events with reasons and arguments as engine/cronjob.c emits them, which
 * are kubectl's), so a chart is the same however the run was watched,
 * seeked or resized. Only a CronJob's times that came due while suspended
 * are carried from the previous copy (matched by uid): nothing records them.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

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

/* The first lane free from t on: a pod takes the lane of one that ended before it began. */
static uint16_t free_lane(const struct vjob *j, int64_t t)
{
	for (uint16_t lane = 0;; lane++) {
		bool busy = false;
		for (uint32_t i = 0; i < j->nlives && !busy; i++)
			busy = j->lives[i].lane == lane &&
			       (j->lives[i].to == TIME_NONE || j->lives[i].to > t);
		if (!busy)
			return lane;
	}
}

/* Creation order (then uid, then name): lanes go to pods as the Job made them. */
static int life_cmp(const void *pa, const void *pb)
{
	const struct vlife *a = pa, *b = pb;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->uid != b->uid && a->uid && b->uid)
		return a->uid < b->uid ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* When a finished pod ended: its last container's termination, else its creation. */
static int64_t life_end(const struct pod *p)
{
	int64_t to = p->meta.created_ms;

	for (uint32_t k = 0; p->ctrs && k < (uint32_t)p->ninit + p->ncontainers; k++)
		if (p->ctrs[k].finished_ms != TIME_NONE && p->ctrs[k].finished_ms > to)
			to = p->ctrs[k].finished_ms;
	return to;
}

static struct vlife *life_add(struct vlife **lives, uint32_t *n, uint32_t *cap, const char *name,
			      int64_t from)
{
	xgrow(lives, cap, *n + 1, sizeof **lives);
	struct vlife *l = &(*lives)[(*n)++];
	memset(l, 0, sizeof *l);
	snprintf(l->name, sizeof l->name, "%s", name);
	l->from = from;
	l->to = TIME_NONE;
	return l;
}

static struct vlife *life_named(struct vlife *lives, uint32_t n, const char *name)
{
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(lives[i].name, name) == 0)
			return &lives[i];
	return NULL;
}

/* --- events by object --- */

static uint64_t owner_key(enum kind kind, uint32_t uid)
{
	return (uint64_t)kind << 32 | uid;
}

static int owner_event_cmp(const void *pa, const void *pb)
{
	const struct owner_event *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/*
 * Once a copy, so each Job and CronJob reads its own events, not the whole
 * list: what the copy costs grows with the events, not events x objects.
 */
void history_index(struct view *v, const struct cluster *c)
{
	v->nowner_events = 0;
	for (uint32_t i = 0; i < c->events.count; i++) {
		const struct event *ev = cluster_event_at(c, i);
		if (ev->kind != KIND_JOB && ev->kind != KIND_CRONJOB)
			continue;
		xgrow(&v->owner_events, &v->owner_events_cap, v->nowner_events + 1,
		      sizeof *v->owner_events);
		v->owner_events[v->nowner_events++] = (struct owner_event){ owner_key(ev->kind, ev->uid), i };
	}
	if (v->nowner_events > 1)
		xqsort(v->owner_events, v->nowner_events, sizeof *v->owner_events, owner_event_cmp);
}

/* The object's events, oldest first: *n of them from the returned one. */
static const struct owner_event *owner_events(const struct view *v, enum kind kind, uint32_t uid,
					      uint32_t *n)
{
	uint64_t key = owner_key(kind, uid);
	uint32_t lo = 0, hi = v->nowner_events;

	while (lo < hi) { /* the first entry not below key */
		uint32_t mid = lo + (hi - lo) / 2;
		if (v->owner_events[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (hi = lo; hi < v->nowner_events && v->owner_events[hi].key == key; hi++)
		;
	*n = hi - lo;
	return *n ? v->owner_events + lo : NULL; /* no events: owner_events may be NULL */
}

/*
 * The pods the Job controller deleted and the cluster no longer has, from its
 * "Created pod: X" and "Deleted pod: X" events (engine/job.c).
 */
static void gone_lives(const struct view *v, struct vlife **lives, uint32_t *n, uint32_t *cap,
		       uint32_t nkept, const struct cluster *c, uint32_t job_uid)
{
	uint32_t nev;
	const struct owner_event *evs = owner_events(v, KIND_JOB, job_uid, &nev);

	for (uint32_t i = 0; i < nev; i++) {
		const struct event *ev = cluster_event_at(c, evs[i].at);
		if (!ev->msg.nargs)
			continue;
		const char *reason = cluster_str(c, ev->reason);
		const char *pod = cluster_str(c, (uint32_t)ev->msg.args[0]);
		struct vlife *l = life_named(*lives, *n, pod);
		if (strcmp(reason, "SuccessfulCreate") == 0 && !l) {
			l = life_add(lives, n, cap, pod, ev->time_ms);
			l->state = PS_GONE;
		} else if (strcmp(reason, "SuccessfulDelete") == 0 && l && l >= *lives + nkept &&
			   l->to == TIME_NONE) {
			l->to = ev->time_ms;
		}
	}
}

/*
 * Lanes from the cluster's own history of the Job: the pods it keeps (their
 * creation and end times) and its events for those it deleted, so a Job's
 * chart is the same however the clock got there.
 */
void history_job(const struct view *v, struct vjob *j, const struct cluster *c, uint32_t idx)
{
	const struct job *job = cluster_get(c, KIND_JOB, idx);
	struct vlife *lives = NULL;
	uint32_t n = 0, cap = 0;

	for (uint32_t i = job->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		struct vlife *l = life_add(&lives, &n, &cap, cluster_str(c, p->meta.name),
					   p->meta.created_ms);
		l->uid = p->meta.uid;
		l->state = (uint8_t)life_state(p);
		if (l->state == PS_SUCCEEDED || l->state == PS_FAILED)
			l->to = life_end(p);
		i = p->meta.sib_next;
	}
	gone_lives(v, &lives, &n, &cap, n, c, job->meta.uid);
	for (uint32_t i = 0; i < n; i++)
		if (lives[i].state == PS_GONE && lives[i].to == TIME_NONE)
			lives[i].to = lives[i].from; /* deleted with no event left to date it */
	if (n > 1)
		xqsort(lives, n, sizeof *lives, life_cmp);
	/* the newest pods when there are more than the chart keeps */
	uint32_t first = n > ARRAY_LEN(j->lives) ? n - (uint32_t)ARRAY_LEN(j->lives) : 0;
	j->nlives = j->nlanes = 0;
	for (uint32_t f = first; f < n; f++) {
		uint16_t lane = free_lane(j, lives[f].from);
		j->lives[j->nlives] = lives[f];
		j->lives[j->nlives++].lane = lane;
		if (lane + 1u > j->nlanes)
			j->nlanes = lane + 1u;
	}
	free(lives);
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
static void suspended_runs(const struct cronjob *src, struct vcron *cj, int64_t now)
{
	struct cron_schedule s;
	struct ksim_error err;
	const struct cron_tz *tz = src->zone;
	int n = 0;

	if (!cj->suspend && cj->suspended_since == TIME_NONE)
		return;
	if (cj->suspended_since == TIME_NONE)
		cj->suspended_since = cj->missed_until = now;
	/* resumed since the last copy: the times up to the resume came due suspended too */
	int64_t until = cj->suspend ? now : src->resumed_ms;
	if (!cj->bad_schedule && tz && !cron_parse(cj->schedule, &s, &err))
		for (int64_t t = cron_next(&s, tz, cj->missed_until);
		     t != TIME_NONE && t <= until && n < VIEW_RUNS; t = cron_next(&s, tz, t), n++)
			if (!has_run(cj, t, RUN_SUSPENDED))
				run_add(cj, t, "", RUN_SUSPENDED);
	cj->missed_until = now;
	if (!cj->suspend)
		cj->suspended_since = cj->missed_until = TIME_NONE;
}

/*
 * The scheduled time an event at t refers to: the latest one at or before t
 * (Forbid repeats JobAlreadyActive at later syncs for the same time).
 */
static int64_t due_before(const struct cronjob *src, const struct vcron *cj, int64_t t)
{
	struct cron_schedule s;
	struct ksim_error err;
	const struct cron_tz *tz = src->zone;
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

/* One of the CronJob controller's events for cj, read into its runs. */
static void cron_event(const struct cronjob *src, struct vcron *cj, const struct cluster *c,
		       const struct event *ev)
{
	const char *reason = cluster_str(c, ev->reason);
	const char *job = ev->msg.nargs ? cluster_str(c, (uint32_t)ev->msg.args[0]) : "";
	struct vrun *r;

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
		int64_t at = due_before(src, cj, ev->time_ms);
		if (!has_run(cj, at, st) && (r = run_add(cj, at, "", st)))
			set_why(c, r, ev);
	}
}

/*
 * The runs from the events the cluster keeps for the CronJob and the Jobs it
 * has, so the strip is the same however the run was watched or seeked. Only
 * the times that came due while suspended come from the previous copy: the
 * controller records nothing for them.
 */
void history_cron(struct view *v, struct vcron *cj, const struct cluster *c, uint32_t idx)
{
	const struct vcron *old = old_cron(v, cj->uid);
	const struct cronjob *src = cluster_get(c, KIND_CRONJOB, idx);

	cj->nruns = 0;
	cj->suspended_since = cj->missed_until = TIME_NONE;
	if (old) {
		for (uint32_t i = 0; i < old->nruns; i++)
			if (!old->runs[i].job[0] && (old->runs[i].state == RUN_SUSPENDED ||
						     old->runs[i].state == RUN_MISSED))
				cj->runs[cj->nruns++] = old->runs[i];
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
	suspended_runs(src, cj, c->now_ms);
	/* last, so a Job made at the resume turns the times suspended before it into missed ones */
	uint32_t nev;
	const struct owner_event *evs = owner_events(v, KIND_CRONJOB, cj->uid, &nev);
	for (uint32_t i = 0; i < nev; i++)
		cron_event(src, cj, c, cluster_event_at(c, evs[i].at));
}

void history_commit(struct view *v)
{
	v->old_crons = xrealloc(v->old_crons, (v->ncrons + 1) * sizeof *v->old_crons);
	if (v->ncrons)
		memcpy(v->old_crons, v->crons, v->ncrons * sizeof *v->crons);
	v->nold_crons = v->ncrons;
}
