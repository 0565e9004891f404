/*
 * CronJobs: kubectl's columns plus the next run with a countdown, and a
 * history strip of past runs, newest on the right: succeeded, failed,
 * running, skipped (Forbid), replaced (Replace), missed (deadline, or
 * skipped at a resume), and times that came due while suspended; the
 * selected run says which rule made it. Runs the history limits pruned are
 * drawn faded; left/right walks the strip and Enter describes that Job.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static const struct vowner *owner_at(const struct view *v, uint32_t i)
{
	return &v->crons[i].o;
}

static void cron_rows(struct panel *p, const struct view *v)
{
	for (uint32_t i = 0; i < v->ncrons; i++)
		if (panel_match(p, v->crons[i].o.name))
			panel_add_row(p, i);
	panel_sort_rows(p, v, owner_at);
}

static uint32_t cron_subs(const struct panel *p, const struct view *v, uint32_t row)
{
	(void)p;
	return v->crons[row].nruns;
}

static bool cron_target(const struct panel *p, const struct view *v, struct target *t)
{
	uint32_t i = panel_selected(p);

	if (i == NONE32)
		return false;
	target_owner(v, KIND_CRONJOB, &v->crons[i].o, t);
	if (p->sub >= 0 && v->crons[i].runs[p->sub].job[0]) {
		t->kind = KIND_JOB;
		snprintf(t->name, sizeof t->name, "%s", v->crons[i].runs[p->sub].job);
	}
	return true;
}

/* kubectl's order (NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE), NEXT before LAST
 * SCHEDULE, POLICY before AGE */
enum { C_SCHEDULE, C_TIMEZONE, C_SUSPEND, C_ACTIVE, C_NEXT, C_LAST, C_POLICY, C_AGE };
static const struct column cron_cols[] = {
	[C_SCHEDULE] = { "SCHEDULE", 8 }, [C_TIMEZONE] = { "TIMEZONE", 8 },
	[C_SUSPEND] = { "SUSPEND", 7 },	  [C_ACTIVE] = { "ACTIVE", 6 },
	[C_NEXT] = { "NEXT", 9 },	  [C_LAST] = { "LAST SCHEDULE", 13 },
	[C_POLICY] = { "POLICY", 7 },	  [C_AGE] = { "AGE", 5 },
};

/*
 * The columns that fit beside a name name_w wide, packed into cols in their
 * order, id[k] saying which each is; short of room they go in this order:
 * AGE, LAST SCHEDULE (the strip shows the runs) and ACTIVE first, then
 * POLICY; the schedule, its zone, SUSPEND and the countdown stay longest.
 */
static int shown_columns(struct column *cols, int width, int name_w, int *id)
{
	static const int drop[] = { C_AGE,     C_LAST,	C_ACTIVE,   C_POLICY,
				    C_SUSPEND, C_NEXT, C_TIMEZONE, C_SCHEDULE };
	bool gone[ARRAY_LEN(cron_cols)] = { false };
	int need = name_w, n = 0;

	for (size_t k = 0; k < ARRAY_LEN(cron_cols); k++)
		need += 1 + cols[k].width;
	for (size_t d = 0; d < ARRAY_LEN(drop) && need > width; d++) {
		gone[drop[d]] = true;
		need -= 1 + cols[drop[d]].width;
	}
	for (size_t k = 0; k < ARRAY_LEN(cron_cols); k++)
		if (!gone[k]) {
			id[n] = (int)k;
			cols[n++] = cols[k];
		}
	return n;
}

static const char *const run_words[RUN_COUNT] = {
	[RUN_RUNNING] = "running",          [RUN_SUCCEEDED] = "succeeded", [RUN_FAILED] = "failed",
	[RUN_SKIPPED] = "skipped (Forbid)", [RUN_REPLACED] = "replaced",   [RUN_MISSED] = "missed",
	[RUN_SUSPENDED] = "suspended",
};

static void history_strip(struct panel *p, const struct vcron *cj, bool sel, int y, struct rect in)
{
	int x = in.x + 2, room = (in.w - 2) / 2 - 1;
	uint32_t first = cj->nruns > (uint32_t)room ? cj->nruns - (uint32_t)room : 0;
	char when[32];

	if (room < 4)
		return;
	if (!cj->nruns) {
		put_text(p->win, y, x, in.w - 2, "no runs yet", ROLE_DIM);
		return;
	}
	for (uint32_t k = first; k < cj->nruns; k++, x += 2) {
		const struct vrun *r = &cj->runs[k];
		enum role role = sel && p->sub == (int)k ? ROLE_SELECTION
				 : r->pruned             ? ROLE_DIM
							 : run_role(r->state);
		put_text(p->win, y, x, 1, ui.g->run[r->state], role);
	}
	if (!sel || p->sub < 0 || x + 20 > in.x + in.w)
		return;
	const struct vrun *r = &cj->runs[p->sub];
	time_rfc3339(r->at, when, sizeof when);
	put_fmt(p->win, y, x + 1, in.x + in.w - x - 1, ROLE_NORMAL, "%s %s %s%s%s%s%s", when + 11,
		r->job[0] ? r->job : "", run_words[r->state], r->pruned ? ", pruned" : "",
		r->manual ? ", manual" : "", r->why[0] ? ": " : "", r->why);
}

static void cron_draw(struct panel *p, const struct view *v)
{
	struct rect in = panel_inner(p);
	struct column cols[ARRAY_LEN(cron_cols)];
	int xs[ARRAY_LEN(cron_cols)], name_w = 6;
	char buf[64];

	panel_frame(p, NULL);
	if (!p->nrows) {
		put_text(p->win, in.y, in.x, in.w,
			 p->filter[0] ? "no CronJob matches" : "no CronJobs", ROLE_DIM);
		return;
	}
	memcpy(cols, cron_cols, sizeof cols);
	for (uint32_t r = 0; r < p->nrows; r++) { /* name, schedule and zone as wide as they are */
		const struct vcron *cj = &v->crons[p->rows[r]];
		int w = text_width(cj->o.name), sw = text_width(cj->schedule),
		    zw = text_width(cj->zone);
		if (w > name_w)
			name_w = w;
		if (sw > cols[C_SCHEDULE].width)
			cols[C_SCHEDULE].width = sw < 24 ? sw : 24;
		if (zw > cols[C_TIMEZONE].width)
			cols[C_TIMEZONE].width = zw < 32 ? zw : 32;
	}
	int id[ARRAY_LEN(cron_cols)], n = shown_columns(cols, in.w, name_w < 16 ? name_w : 16, id);
	name_w = columns_name_width(cols, n, in.w, name_w, 32);
	int ncols = columns_place(cols, n, in.w, name_w, xs);
	columns_head(p->win, in.y, in.x, "NAME", name_w, cols, ncols, xs);
	int per = 2;
	panel_scroll_to(p, p->sel, (in.h - 1) / per);
	for (int r = p->top, y = in.y + 1; r < (int)p->nrows && y + per <= in.y + in.h;
	     r++, y += per) {
		const struct vcron *cj = &v->crons[p->rows[r]];
		bool sel = r == p->sel && p->focus;
		put_text(p->win, y, in.x, name_w, cj->o.name,
			 sel && p->sub < 0 ? ROLE_SELECTION : ROLE_NORMAL);
		for (int c = 0; c < ncols; c++) {
			enum role role = ROLE_NORMAL;
			buf[0] = '\0';
			switch (id[c]) {
			case C_SCHEDULE:
				snprintf(buf, sizeof buf, "%s", cj->schedule);
				role = cj->bad_schedule ? ROLE_ERROR : ROLE_NORMAL;
				break;
			case C_TIMEZONE:
				snprintf(buf, sizeof buf, "%s", cj->zone[0] ? cj->zone : "<none>");
				break;
			case C_SUSPEND:
				snprintf(buf, sizeof buf, "%s", cj->suspend ? "True" : "False");
				role = cj->suspend ? ROLE_PAUSED : ROLE_NORMAL;
				break;
			case C_ACTIVE:
				snprintf(buf, sizeof buf, "%d", cj->active);
				role = cj->active ? ROLE_POD_RUNNING : ROLE_NORMAL;
				break;
			case C_NEXT:
				if (cj->suspend) {
					snprintf(buf, sizeof buf, "suspended");
					role = ROLE_DIM;
				} else if (cj->next != TIME_NONE) {
					char in_s[16];
					int64_t left = cj->next - v->now;
					duration_human(left > 0 ? left : 0, in_s, sizeof in_s);
					snprintf(buf, sizeof buf, "in %s", in_s);
					role = left < 10000 ? ROLE_EVENT_WARNING : ROLE_NORMAL;
				}
				break;
			case C_LAST:
				if (cj->last_schedule == TIME_NONE)
					snprintf(buf, sizeof buf, "<none>");
				else
					text_age(v->now, cj->last_schedule, buf, sizeof buf);
				break;
			case C_POLICY:
				snprintf(buf, sizeof buf, "%s", cj->policy);
				break;
			default:
				text_age(v->now, cj->o.created, buf, sizeof buf);
				break;
			}
			put_text(p->win, y, in.x + xs[c], cols[c].width, buf, role);
		}
		history_strip(p, cj, sel, y + 1, in);
	}
}

static const enum action cron_hints[] = { ACT_SUSPEND,  ACT_TRIGGER, ACT_NEXT_CRON,
					  ACT_DESCRIBE, ACT_DELETE,  ACT_NONE };

const struct panel_class panel_cronjobs = {
	.title = "CronJobs",
	.rows = cron_rows,
	.subs = cron_subs,
	.draw = cron_draw,
	.target = cron_target,
	.hints = cron_hints,
	.clock = true,
};
