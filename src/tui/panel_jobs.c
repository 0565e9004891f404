/*
 * Jobs: completions as a bar ("4/6"), failures against backoffLimit, the
 * countdown to activeDeadlineSeconds, and the parallelism lanes: a small
 * Gantt chart of every pod's life on the virtual time axis (pending,
 * running, succeeded, failed, deleted unfinished), one line per lane.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LANES 4

static const struct view *sort_v; /* qsort context; UI thread only */

static int by_created(const void *a, const void *b)
{
	const struct vjob *x = &sort_v->jobs[*(const uint32_t *)a],
			  *y = &sort_v->jobs[*(const uint32_t *)b];

	if (x->o.created != y->o.created)
		return x->o.created < y->o.created ? -1 : 1;
	return strcmp(x->o.name, y->o.name);
}

static void jobs_rows(struct panel *p, const struct view *v)
{
	for (uint32_t i = 0; i < v->njobs; i++)
		if (panel_match(p, v->jobs[i].o.name))
			panel_add_row(p, i);
	sort_v = v;
	xqsort(p->rows, p->nrows, sizeof *p->rows, by_created);
	sort_v = NULL;
}

static uint32_t jobs_subs(const struct panel *p, const struct view *v, uint32_t row)
{
	(void)p;
	return v->jobs[row].nlives;
}

static bool jobs_target(const struct panel *p, const struct view *v, struct target *t)
{
	uint32_t i = panel_selected(p);

	if (i == NONE32)
		return false;
	target_owner(v, KIND_JOB, &v->jobs[i].o, t);
	if (p->sub >= 0) {
		t->kind = KIND_POD;
		snprintf(t->name, sizeof t->name, "%s", v->jobs[i].lives[p->sub].name);
	}
	return true;
}

static int lanes_shown(const struct vjob *j, int max)
{
	return (int)j->nlanes < max ? (int)j->nlanes : max;
}

static int job_height(const struct panel *p, const struct view *v, uint32_t item, int max_lanes)
{
	(void)p;
	return 1 + lanes_shown(&v->jobs[item], max_lanes);
}

/* "Running", "Complete", "Failed: BackoffLimitExceeded", "Suspended" and its role. */
static enum role job_status(const struct vjob *j, char *buf, size_t size)
{
	if (j->condition == JOB_COMPLETE) {
		snprintf(buf, size, "Complete");
		return ROLE_POD_SUCCEEDED;
	}
	if (j->condition == JOB_FAILED) {
		snprintf(buf, size, "Failed%s%s", j->reason[0] ? ": " : "", j->reason);
		return ROLE_POD_FAILED;
	}
	snprintf(buf, size, j->suspended ? "Suspended" : "Running");
	return j->suspended ? ROLE_DIM : ROLE_POD_RUNNING;
}

static void job_line(struct panel *p, const struct view *v, const struct vjob *j, bool sel, int y,
		     struct rect in)
{
	char buf[96], dur[16];
	int x = in.x, end = in.x + in.w, total = j->completions >= 0 ? j->completions : 1;
	int name_w = 14; /* the widest name of the rows, whole up to half the row */
	for (uint32_t r = 0; r < p->nrows; r++) {
		int w = text_width(v->jobs[p->rows[r]].o.name);
		name_w = w > name_w ? w : name_w;
	}
	if (name_w > in.w / 2)
		name_w = in.w / 2;

	put_text(p->win, y, x, name_w, j->o.name, sel ? ROLE_SELECTION : ROLE_NORMAL);
	x += name_w + 1;
	int bar = in.w >= 70 ? 12 : 6;
	if (x + bar + 8 > end)
		return;
	draw_bar(p->win, y, x, bar, j->succeeded, total,
		 j->condition == JOB_FAILED ? ROLE_POD_FAILED : ROLE_POD_SUCCEEDED);
	x += bar + 1;
	x += put_fmt(p->win, y, x, end - x, ROLE_NORMAL, "%d/%d", j->succeeded, total) + 2;
	/* the numbers first: a long reason may be cut, the failures and the deadline never */
	if (x + 8 < end && j->on_failure) /* OnFailure: the restarts are what meet backoffLimit */
		x += put_fmt(p->win, y, x, end - x, j->restarts ? ROLE_POD_CRASH : ROLE_DIM,
			     "restarts %d/%d", j->restarts, j->backoff_limit) +
		     2;
	else if (x + 8 < end)
		x += put_fmt(p->win, y, x, end - x, j->failed ? ROLE_POD_FAILED : ROLE_DIM,
			     "fail %d/%d", j->failed, j->backoff_limit) +
		     2;
	if (j->deadline_s >= 0 && j->condition == JOB_RUNNING && j->start != TIME_NONE &&
	    x + 10 < end) {
		int64_t left = j->start + j->deadline_s * 1000 - v->now;
		duration_human(left > 0 ? left : 0, dur, sizeof dur);
		x += put_fmt(p->win, y, x, end - x, left < 10000 ? ROLE_EVENT_WARNING : ROLE_DIM,
			     "deadline in %s", dur) +
		     2;
	}
	enum role r = job_status(j, buf, sizeof buf);
	if (text_width(buf) > end - x && j->condition == JOB_FAILED && j->reason[0])
		snprintf(buf, sizeof buf, "%s", j->reason); /* the reason says it failed */
	x += put_text(p->win, y, x, end - x, buf, r) + 2;
	if (x + 6 < end)
		x += put_fmt(p->win, y, x, end - x, ROLE_DIM, "par %d", j->parallelism) + 2;
	if (j->start != TIME_NONE && x + 6 < end) {
		duration_human((j->end != TIME_NONE ? j->end : v->now) - j->start, dur, sizeof dur);
		put_text(p->win, y, x, end - x, dur, ROLE_DIM);
	}
}

/* The time axis every Job on screen shares: from t0, per ms a column. */
struct axis {
	int64_t t0, per;
};

/* One column's time, rounded up to a step one reads at a glance (1s, 2s, 5s ... 1h). */
static int64_t axis_step(int64_t raw)
{
	static const int64_t steps[] = { 1000,   2000,   5000,   10000,   15000,   30000,
					 60000,  120000, 300000, 600000,  900000,  1800000,
					 3600000, 7200000, 21600000, 43200000, 86400000 };

	for (size_t i = 0; i < ARRAY_LEN(steps); i++)
		if (raw <= steps[i])
			return steps[i];
	return (raw + 86399999) / 86400000 * 86400000;
}

/* The span of what rows top.. (up to `last`) show: the first pod's creation to the last end or now. */
static struct axis jobs_axis(const struct panel *p, const struct view *v, int last, int width)
{
	int64_t t0 = TIME_NONE, t1 = v->now;

	for (int r = p->top; r <= last && r < (int)p->nrows; r++) {
		const struct vjob *j = &v->jobs[p->rows[r]];
		if (j->start != TIME_NONE && (t0 == TIME_NONE || j->start < t0))
			t0 = j->start;
		for (uint32_t k = 0; k < j->nlives; k++)
			if (t0 == TIME_NONE || j->lives[k].from < t0)
				t0 = j->lives[k].from;
	}
	if (t0 == TIME_NONE)
		t0 = v->now;
	int64_t span = t1 > t0 ? t1 - t0 : 1;
	return (struct axis){ t0, axis_step((span + width - 1) / (width > 0 ? width : 1)) };
}

/* The lanes: each pod's life from creation to its end (or now) on the shared axis. */
static void job_lanes(struct panel *p, const struct view *v, const struct vjob *j, bool sel, int y,
		      int nlanes, struct rect in, struct axis ax)
{
	int x0 = in.x + 5, width = in.w - 5;

	if (width < 4)
		return;
	for (int lane = 0; lane < nlanes; lane++) {
		put_fmt(p->win, y + lane, in.x + 1, 3, ROLE_DIM, "%d", lane + 1);
		mvwhline(p->win, y + lane, x0, ' ', width);
	}
	for (uint32_t k = 0; k < j->nlives; k++) {
		const struct vlife *l = &j->lives[k];
		if (l->lane >= nlanes)
			continue;
		int a = (int)((l->from - ax.t0) / ax.per);
		int b = (int)(((l->to != TIME_NONE ? l->to : v->now) - ax.t0 + ax.per - 1) / ax.per);
		if (a >= width)
			a = width - 1;
		if (b <= a)
			b = a + 1;
		if (b > width)
			b = width;
		if (b - a >= 3 && l->to != TIME_NONE)
			b--; /* a gap before the next pod in the lane */
		enum role r = sel && p->sub == (int)k ? ROLE_SELECTION : pstate_role(l->state);
		wattrset(p->win, ui.attr[r]);
		wmove(p->win, y + l->lane, x0 + a);
		for (int c = a; c < b; c++)
			waddstr(p->win, ui.g->lane[l->state]);
		wattrset(p->win, ui.attr[ROLE_NORMAL]);
	}
}

static void jobs_draw(struct panel *p, const struct view *v)
{
	struct rect in = panel_inner(p);
	int max_lanes = MAX_LANES, need = 0, last;
	char scale[96], from[32], step[16];

	panel_rows(p, v);
	if (!p->nrows) {
		panel_frame(p, NULL);
		put_text(p->win, in.y, in.x, in.w, p->filter[0] ? "no Job matches" : "no Jobs",
			 ROLE_DIM);
		return;
	}
	for (uint32_t r = 0; r < p->nrows; r++)
		need += job_height(p, v, p->rows[r], max_lanes);
	if (need > in.h)
		max_lanes = 1; /* crowded: one lane each, the rest scrolls */
	panel_scroll_var(p, v, in.h, job_height, max_lanes);
	last = p->top;
	for (int y = in.y; last < (int)p->nrows &&
			   (y += job_height(p, v, p->rows[last], max_lanes)) <= in.y + in.h;)
		last++;
	/* one axis for every Job on screen, said on the border: where it starts, a column's time */
	struct axis ax = jobs_axis(p, v, last, in.w - 5);
	time_rfc3339(ax.t0, from, sizeof from);
	from[19] = '\0';
	duration_human(ax.per, step, sizeof step);
	snprintf(scale, sizeof scale, "lanes from %s, 1 column = %s", from + 11, step);
	panel_frame(p, scale);
	for (int r = p->top, y = in.y; r < (int)p->nrows && y < in.y + in.h; r++) {
		const struct vjob *j = &v->jobs[p->rows[r]];
		bool sel = r == p->sel && p->focus;
		int lanes = lanes_shown(j, max_lanes);
		if (y + 1 + lanes > in.y + in.h)
			lanes = in.y + in.h - y - 1;
		job_line(p, v, j, sel && p->sub < 0, y, in);
		job_lanes(p, v, j, sel, y + 1, lanes, in, ax);
		y += 1 + lanes;
	}
}

static const enum action jobs_hints[] = { ACT_DESCRIBE, ACT_LOGS, ACT_SCALE, ACT_DELETE, ACT_NONE };

const struct panel_class panel_jobs = {
	.title = "Jobs",
	.rows = jobs_rows,
	.subs = jobs_subs,
	.draw = jobs_draw,
	.target = jobs_target,
	.hints = jobs_hints,
	.clock = true,
};
