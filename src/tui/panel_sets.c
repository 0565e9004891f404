/*
 * StatefulSets and ReplicaSets (and ReplicationControllers): each set with
 * its pods, a line per pod (status, restarts, node) in ordinal order for a
 * StatefulSet, with the PersistentVolumeClaim that outlives it, and the
 * claims a scale-down left; in creation order for the others, so scaling
 * down from the highest ordinal can be watched.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define MAX_PODS 8

static const struct vowner *owner_at(const struct view *v, uint32_t i)
{
	return &v->sets[i].o;
}

static void sets_rows(struct panel *p, const struct view *v)
{
	for (uint32_t i = 0; i < v->nsets; i++)
		if (panel_match(p, v->sets[i].o.name))
			panel_add_row(p, i);
	panel_sort_rows(p, v, owner_at);
}

static uint32_t sets_subs(const struct panel *p, const struct view *v, uint32_t row)
{
	(void)p;
	return v->sets[row].o.npods;
}

static bool sets_target(const struct panel *p, const struct view *v, struct target *t)
{
	uint32_t i = panel_selected(p);

	if (i == NONE32)
		return false;
	if (p->sub >= 0)
		target_pod(v, v->by_owner[v->sets[i].o.first + (uint32_t)p->sub], t);
	else
		target_owner(v, (enum kind)v->sets[i].o.kind, &v->sets[i].o, t);
	return true;
}

static int pods_shown(const struct vset *s, int max)
{
	return (int)s->o.npods < max ? (int)s->o.npods : max;
}

static int set_height(const struct panel *p, const struct view *v, uint32_t item, int max)
{
	(void)p;
	return 1 + pods_shown(&v->sets[item], max) + (v->sets[item].kept[0] != '\0');
}

static void set_block(struct panel *p, const struct view *v, const struct vset *s, bool sel, int y,
		      int lines, struct rect in, int cell)
{
	char head[2 * VIEW_NAME + 32];
	int x = in.x, end = in.x + in.w;

	snprintf(head, sizeof head, "%s/%s", kind_info((enum kind)s->o.kind)->singular, s->o.name);
	x += put_text(p->win, y, x, end - x, head, sel && p->sub < 0 ? ROLE_SELECTION : ROLE_NORMAL) +
	     2;
	x += put_fmt(p->win, y, x, end - x,
		     s->ready < s->replicas ? ROLE_POD_PENDING : ROLE_POD_RUNNING, "ready %d/%d",
		     s->ready, s->replicas) +
	     2;
	if (s->service[0])
		put_fmt(p->win, y, x, end - x, ROLE_DIM, "service %s", s->service);
	int status_w = 0, shown = lines - (s->kept[0] != '\0');
	for (int k = 0; k < shown; k++) { /* the status column as wide as the pods shown need */
		int sw = text_width(v->pods[v->by_owner[s->o.first + (uint32_t)k]].status);
		status_w = sw > status_w ? sw : status_w;
	}
	for (int k = 0; k < shown; k++) {
		const struct vpod *pod = &v->pods[v->by_owner[s->o.first + (uint32_t)k]];
		int py = y + 1 + k, px = in.x + 2;
		if (k == shown - 1 && (int)s->o.npods > shown) {
			put_fmt(p->win, py, px, end - px, ROLE_DIM, "+%d more", (int)s->o.npods - k);
			break;
		}
		draw_pod_cell(p->win, py, px, cell, pod, sel && p->sub == k);
		px += cell + 1;
		put_text(p->win, py, px, end - px, pod->status, pstate_role(pod->state));
		px += status_w + 2;
		px += put_fmt(p->win, py, px, end - px, pod->restarts ? ROLE_POD_CRASH : ROLE_DIM,
			      "restarts %u", pod->restarts) +
		      2;
		/* a StatefulSet's claim is its lesson: before the node */
		if (pod->pvc[0])
			px += put_text(p->win, py, px, end - px, pod->pvc, ROLE_NORMAL) + 2;
		if (pod->node != NONE32 && px + 6 < end)
			put_text(p->win, py, px, end - px, v->nodes[pod->node].name, ROLE_DIM);
	}
	if (s->kept[0] && shown < lines) /* what a scale-down leaves: the next scale-up finds it */
		put_fmt(p->win, y + 1 + shown, in.x + 2, end - in.x - 2, ROLE_DIM, "claims kept: %s",
			s->kept);
}

static void sets_draw(struct panel *p, const struct view *v)
{
	struct rect in = panel_inner(p);

	panel_frame(p, NULL);
	if (!p->nrows) {
		put_text(p->win, in.y, in.x, in.w,
			 p->filter[0] ? "no set matches" : "no StatefulSets or ReplicaSets",
			 ROLE_DIM);
		return;
	}
	panel_scroll_var(p, v, in.h, set_height, MAX_PODS);
	/* pod cells as wide as the longest name (glyph, mark, space, name), the status and node beside */
	int cell = 12;
	for (uint32_t r = 0; r < p->nrows; r++)
		for (uint32_t k = 0; k < v->sets[p->rows[r]].o.npods; k++) {
			const struct vowner *o = &v->sets[p->rows[r]].o;
			int w = 3 + text_width(v->pods[v->by_owner[o->first + k]].name);
			cell = w > cell ? w : cell;
		}
	if (cell > in.w - 3 - 12 - 10) /* room for a status and a node name */
		cell = in.w - 3 - 12 - 10;
	for (int r = p->top, y = in.y; r < (int)p->nrows && y < in.y + in.h; r++) {
		const struct vset *s = &v->sets[p->rows[r]];
		int lines = set_height(p, v, p->rows[r], MAX_PODS) - 1;
		if (y + 1 + lines > in.y + in.h)
			lines = in.y + in.h - y - 1;
		set_block(p, v, s, r == p->sel && p->focus, y, lines, in, cell);
		y += 1 + lines;
	}
}

static const enum action sets_hints[] = { ACT_SCALE,  ACT_DESCRIBE, ACT_LOGS,
					  ACT_DELETE, ACT_CRASH,    ACT_NONE };

const struct panel_class panel_sets = {
	.title = "StatefulSets & ReplicaSets",
	.rows = sets_rows,
	.subs = sets_subs,
	.draw = sets_draw,
	.target = sets_target,
	.hints = sets_hints,
};
