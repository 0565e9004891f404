/*
 * DaemonSets: kubectl's columns, and under each set a strip with one cell
 * per node showing the set's pod there (or none): "exactly one pod on each
 * eligible node" is the lesson, so it is drawn node by node. During an
 * update each pod says whether it runs the old or the new revision, and a
 * line says how far the update is and how much of maxUnavailable it uses.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct vowner *owner_at(const struct view *v, uint32_t i)
{
	return &v->dss[i].o;
}

static void ds_rows(struct panel *p, const struct view *v)
{
	for (uint32_t i = 0; i < v->ndss; i++)
		if (panel_match(p, v->dss[i].o.name))
			panel_add_row(p, i);
	panel_sort_rows(p, v, owner_at);
}

static uint32_t ds_subs(const struct panel *p, const struct view *v, uint32_t row)
{
	(void)p;
	return v->dss[row].o.npods;
}

/* The set's pods in node order (unscheduled ones last): the order of the strip. A counting
 * sort by node, stable, so a set on 10,000 nodes costs two passes, not nodes x pods. */
static uint32_t pods_by_node(const struct view *v, const struct vds *d, uint32_t *out)
{
	uint32_t *at = xcalloc((size_t)v->nnodes + 2, sizeof *at);

	for (uint32_t k = 0; k < d->o.npods; k++) {
		uint32_t node = v->pods[v->by_owner[d->o.first + k]].node;
		at[(node == NONE32 ? v->nnodes : node) + 1]++;
	}
	for (uint32_t node = 0; node < v->nnodes; node++)
		at[node + 1] += at[node];
	for (uint32_t k = 0; k < d->o.npods; k++) {
		uint32_t pod = v->by_owner[d->o.first + k], node = v->pods[pod].node;
		out[at[node == NONE32 ? v->nnodes : node]++] = pod;
	}
	free(at);
	return d->o.npods;
}

static bool ds_target(const struct panel *p, const struct view *v, struct target *t)
{
	uint32_t i = panel_selected(p);

	if (i == NONE32)
		return false;
	if (p->sub >= 0) {
		uint32_t *pods = xmalloc((v->dss[i].o.npods + 1) * sizeof *pods);
		pods_by_node(v, &v->dss[i], pods);
		target_pod(v, pods[p->sub], t);
		free(pods);
		return true;
	}
	target_owner(v, KIND_DS, &v->dss[i].o, t);
	return true;
}

static const struct column ds_cols[] = {
	{ "DESIRED", 7 },   { "CURRENT", 7 },        { "READY", 5 }, { "UP-TO-DATE", 10 },
	{ "AVAILABLE", 9 }, { "NODE SELECTOR", 13 }, { "AGE", 3 },
};

/* A node's label in the strip: its name, or the part after the last '-' when room is short. */
static const char *node_label(const char *name, bool short_names)
{
	const char *dash = strrchr(name, '-');

	return short_names && dash && dash[1] ? dash + 1 : name;
}

/* "k8s-node1 ●D  k8s-node2 ●D ...": the set's pod on each node, then any not scheduled yet. */
static void strip(struct panel *p, const struct view *v, const struct vds *d, bool sel, int y,
		  struct rect in)
{
	uint32_t *pods = xmalloc((d->o.npods + 1) * sizeof *pods);
	uint32_t n = pods_by_node(v, d, pods), k = 0;
	int x = in.x + 2, end = in.x + in.w, need = 0;

	int mark = d->rolling ? 4 : 0; /* " old" / " new" after each pod while two revisions run */

	for (uint32_t node = 0; node < v->nnodes && x + need <= end; node++)
		need += text_width(v->nodes[node].name) + 5 + mark;
	bool short_names = x + need > end;
	for (uint32_t node = 0; node <= v->nnodes && x < end; node++) {
		if (node < v->nnodes) {
			const char *name = node_label(v->nodes[node].name, short_names);
			int w = text_width(name);
			if (x + w + 3 > end) {
				put_text(p->win, y, x, end - x, ui.g->more, ROLE_DIM);
				break;
			}
			x += put_text(p->win, y, x, w, name, ROLE_DIM) + 1;
		}
		uint32_t on = node < v->nnodes ? node : NONE32, first = k;
		for (; k < n && v->pods[pods[k]].node == on && x + 2 <= end; k++, x += 2) {
			const struct vpod *pod = &v->pods[pods[k]];
			draw_pod_cell(p->win, y, x, 2, pod, sel && p->sub == (int)k);
			if (mark && x + 2 + mark <= end)
				x += put_text(p->win, y, x + 3, 3, pod->outdated ? "old" : "new",
					      pod->outdated ? ROLE_DIM : ROLE_POD_RUNNING) +
				     1;
		}
		if (node < v->nnodes && k == first)
			x += put_text(p->win, y, x, 1, "-", ROLE_DIM);
		x += 2;
	}
	free(pods);
}

/* A set's lines: its row, its strip, and while two revisions run the update's progress. */
static int ds_height(const struct panel *p, const struct view *v, uint32_t item, int ctx)
{
	(void)p, (void)ctx;
	return 2 + v->dss[item].rolling;
}

/*
 * "update: 2/4 nodes new  unavailable 1/1 (maxUnavailable)": how far the
 * update is and how much of its budget it uses (daemon/update.go lets at
 * most maxUnavailable pods be unavailable while old ones are replaced).
 */
static void progress(struct panel *p, const struct vds *d, int y, struct rect in)
{
	int x = in.x + 2, end = in.x + in.w;

	x += put_fmt(p->win, y, x, end - x, ROLE_WHY, "%s: %d/%d nodes new",
		     d->on_delete ? "OnDelete update (delete a pod to replace it)" : "update",
		     d->updated, d->desired) +
	     2;
	if (!d->on_delete)
		put_fmt(p->win, y, x, end - x, d->unavail ? ROLE_POD_PENDING : ROLE_DIM,
			"unavailable %d/%d (maxUnavailable)", d->unavail, d->max_unavail);
}

static void ds_draw(struct panel *p, const struct view *v)
{
	struct rect in = panel_inner(p);
	int xs[ARRAY_LEN(ds_cols)], name_w = 12;
	char name[2 * VIEW_NAME], age[16];

	panel_frame(p, NULL);
	if (!p->nrows) {
		put_text(p->win, in.y, in.x, in.w,
			 p->filter[0] ? "no DaemonSet matches" : "no DaemonSets", ROLE_DIM);
		return;
	}
	for (uint32_t r = 0; r < p->nrows; r++) {
		const struct vds *d = &v->dss[p->rows[r]];
		int w = text_width(d->o.name) + (strcmp(view_ns(v, d->o.ns), "default")
						     ? text_width(view_ns(v, d->o.ns)) + 1
						     : 0);
		if (w > name_w)
			name_w = w;
	}
	int age_w = 3; /* AGE as wide as its values, so a cut name has all the slack */
	for (uint32_t r = 0; r < p->nrows; r++) {
		text_age(v->now, v->dss[p->rows[r]].o.created, age, sizeof age);
		age_w = text_width(age) > age_w ? text_width(age) : age_w;
	}
	/* kubectl's fixed columns first, the name cut before they drop; NODE SELECTOR, free text,
	 * takes what is left (at least its header) or goes. */
	struct column cols[ARRAY_LEN(ds_cols)];
	memcpy(cols, ds_cols, sizeof cols);
	cols[5] = (struct column){ "AGE", age_w };
	int fixed = 0;
	for (size_t c = 0; c < ARRAY_LEN(cols) - 1; c++)
		fixed += cols[c].width + 1;
	int cap = in.w - fixed > 12 ? in.w - fixed : 12;
	name_w = columns_name_width(cols, ARRAY_LEN(cols) - 1, in.w, name_w, cap < 40 ? cap : 40);
	int sel_w = text_width("NODE SELECTOR");
	for (uint32_t r = 0; r < p->nrows; r++) {
		int w = text_width(v->dss[p->rows[r]].selector);
		sel_w = w > sel_w ? w : sel_w;
	}
	int room = in.w - name_w - fixed - 1;
	sel_w = sel_w < room ? sel_w : room;
	bool has_sel = sel_w >= text_width("NODE SELECTOR");
	if (has_sel) {
		cols[6] = cols[5];
		cols[5] = (struct column){ "NODE SELECTOR", sel_w };
	}
	int ncols = columns_place(cols, ARRAY_LEN(cols) - !has_sel, in.w, name_w, xs);
	columns_head(p->win, in.y, in.x, "NAME", name_w, cols, ncols, xs);
	panel_scroll_var(p, v, in.h - 1, ds_height, 0);
	for (int r = p->top, y = in.y + 1, per; r < (int)p->nrows &&
						y + (per = ds_height(p, v, p->rows[r], 0)) <= in.y + in.h;
	     r++, y += per) {
		const struct vds *d = &v->dss[p->rows[r]];
		bool sel = r == p->sel && p->focus;
		int32_t vals[] = { d->desired, d->current, d->ready, d->updated, d->available };
		if (strcmp(view_ns(v, d->o.ns), "default"))
			snprintf(name, sizeof name, "%s/%s", view_ns(v, d->o.ns), d->o.name);
		else
			snprintf(name, sizeof name, "%s", d->o.name);
		put_text(p->win, y, in.x, name_w, name,
			 sel && p->sub < 0 ? ROLE_SELECTION : ROLE_NORMAL);
		for (int c = 0; c < ncols && c < 5; c++) {
			enum role role = c > 0 && vals[c] < d->desired ? ROLE_POD_PENDING
								       : ROLE_NORMAL;
			put_fmt(p->win, y, in.x + xs[c], cols[c].width, role, "%d", vals[c]);
		}
		if (has_sel && ncols > 5)
			put_text(p->win, y, in.x + xs[5], cols[5].width, d->selector, ROLE_NORMAL);
		if (ncols > 5 + has_sel) {
			text_age(v->now, d->o.created, age, sizeof age);
			put_text(p->win, y, in.x + xs[5 + has_sel], cols[5 + has_sel].width, age,
				 ROLE_NORMAL);
		}
		strip(p, v, d, r == p->sel && p->focus, y + 1, in);
		if (d->rolling)
			progress(p, d, y + 2, in);
	}
}

static const enum action ds_hints[] = { ACT_DESCRIBE, ACT_DELETE, ACT_LOGS, ACT_CRASH, ACT_NONE };

const struct panel_class panel_daemonsets = {
	.title = "DaemonSets",
	.rows = ds_rows,
	.subs = ds_subs,
	.draw = ds_draw,
	.target = ds_target,
	.hints = ds_hints,
	.clock = true,
};
