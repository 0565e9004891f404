/*
 * Deployments: each Deployment's counts as kubectl get prints them, the
 * rollout's budgets in use (surge and unavailability, or Recreate), then
 * its ReplicaSets newest revision first (image, desired and ready, a cell
 * per pod) and its Available and Progressing conditions with their
 * reasons: a rolling update is watched set by set, pod by pod.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct vowner *owner_at(const struct view *v, uint32_t i)
{
	return &v->deploys[i].o;
}

static void deploy_rows(struct panel *p, const struct view *v)
{
	for (uint32_t i = 0; i < v->ndeploys; i++)
		if (panel_match(p, v->deploys[i].o.name))
			panel_add_row(p, i);
	panel_sort_rows(p, v, owner_at);
}

/* The pods of the Deployment's sets, in the order the set lines show them. */
static uint32_t deploy_subs(const struct panel *p, const struct view *v, uint32_t row)
{
	const struct vdeploy *d = &v->deploys[row];
	uint32_t n = 0;

	(void)p;
	for (uint32_t k = 0; k < d->nsets; k++)
		n += v->sets[d->sets[k].set].o.npods;
	return n;
}

static bool deploy_target(const struct panel *p, const struct view *v, struct target *t)
{
	uint32_t i = panel_selected(p);
	const struct vdeploy *d;

	if (i == NONE32)
		return false;
	d = &v->deploys[i];
	for (uint32_t k = 0, sub = (uint32_t)p->sub; p->sub >= 0 && k < d->nsets; k++) {
		const struct vowner *s = &v->sets[d->sets[k].set].o;
		if (sub < s->npods) {
			target_pod(v, v->by_owner[s->first + sub], t);
			return true;
		}
		sub -= s->npods;
	}
	target_owner(v, KIND_DEPLOY, &d->o, t);
	return true;
}

/* "surge 1/1 unavail 0/0", "Recreate", with " paused" while paused. */
static void rollout_text(const struct vdeploy *d, char *buf, size_t size)
{
	int n = d->recreate ? snprintf(buf, size, "Recreate")
			    : snprintf(buf, size, "surge %d/%d unavail %d/%d", d->surge,
				       d->max_surge, d->unavail, d->max_unavail);
	if (d->paused && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " paused");
}

static int counts_text(const struct vdeploy *d, char *buf, size_t size)
{
	return snprintf(buf, size, "ready %d/%d  up-to-date %d  available %d", d->ready,
			d->replicas, d->updated, d->available);
}

/*
 * "Available True MinimumReplicasAvailable  Progressing True ReplicaSetUpdated";
 * with compact, the status as a glyph (✔ True, ✘ False), so both fit on one line at 80 columns.
 */
static void conditions_format(const struct vdeploy *d, bool compact, const char *lead, char *buf,
			      size_t size)
{
	static const char *const names[2] = { "Available", "Progressing" };
	static const char *const words[] = { "-", "True", "False", "Unknown" };
	const char *glyphs[] = { "-", ui.g->pod[PS_SUCCEEDED], ui.g->pod[PS_FAILED], "?" };
	size_t n = (size_t)snprintf(buf, size, "%s", lead);

	for (int k = 0; k < 2 && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s %s %s", k ? "  " : "", names[k],
				      (compact ? glyphs : words)[d->cond_status[k] & 3],
				      d->cond_reason[k]);
}

/* What a Deployment's lines say at a width: made once per view copy, as heights, scrolling
 * and drawing all read it. */
struct deploy_text {
	bool made;
	bool rollout_inline; /* the budgets fit on the Deployment's own line; else they lead the conditions */
	int counts_w, height;
	int name_w, image_w; /* the set lines' columns */
	char name[2 * VIEW_NAME + 2], counts[96], rollout[48], conds[256];
};

static void conditions_text(const struct vdeploy *d, int width, struct deploy_text *t)
{
	char lead[64] = "";

	if (!t->rollout_inline)
		snprintf(lead, sizeof lead, "%s  ", t->rollout);
	/* the words; the glyphs when they make it one line; the words again when nothing does */
	conditions_format(d, false, lead, t->conds, sizeof t->conds);
	if (text_width(t->conds) > width - 2) {
		conditions_format(d, true, lead, t->conds, sizeof t->conds);
		if (text_width(t->conds) > width - 2)
			conditions_format(d, false, lead, t->conds, sizeof t->conds);
	}
}

/*
 * A set's name, or "-<hash>" when it is wider than width: the pod-template-hash
 * that tells the sets apart, going on from the Deployment's name on the line above.
 */
static void set_name(const struct vdeploy *d, const struct vset *s, int width, char *buf,
		     size_t size)
{
	size_t n = strlen(d->o.name);

	if (text_width(s->o.name) > width && strncmp(s->o.name, d->o.name, n) == 0 &&
	    s->o.name[n] == '-')
		snprintf(buf, size, "%s", s->o.name + n);
	else
		snprintf(buf, size, "%s", s->o.name);
}

/* The set lines' name and image columns: whole names while the pods of the fullest set (up to 4)
 * keep their room, else the short forms, as wide as the widest of them. */
static void set_columns(const struct view *v, const struct vdeploy *d, int width,
			struct deploy_text *t)
{
	int name_w = 0, image_w = 0, pods = 0, counts_w = 0;

	for (uint32_t k = 0; k < d->nsets; k++) {
		const struct vset *s = &v->sets[d->sets[k].set];
		int nw = text_width(s->o.name), iw = text_width(d->sets[k].image);
		name_w = nw > name_w ? nw : name_w;
		image_w = iw > image_w ? iw : image_w;
		int cw = snprintf(NULL, 0, "desired %d ready %d", s->replicas, s->ready);
		pods = (int)s->o.npods > pods ? (int)s->o.npods : pods;
		counts_w = cw > counts_w ? cw : counts_w;
	}
	image_w = image_w > width / 4 ? width / 4 : image_w;
	int room = width - (2 + 7 + 2 + image_w + 2 + counts_w + 2 + 3 * (pods < 4 ? pods : 4) - 1);
	if (name_w > room) {
		char name[VIEW_NAME + 8];
		name_w = 0;
		for (uint32_t k = 0; k < d->nsets; k++) {
			set_name(d, &v->sets[d->sets[k].set], 0, name, sizeof name);
			int nw = text_width(name);
			name_w = nw > name_w ? nw : name_w;
		}
		name_w = name_w > room ? (room < 12 ? 12 : room) : name_w;
	}
	t->name_w = name_w, t->image_w = image_w;
}

/* The memo kept for this view copy, width and theme: emptied when any of them moved. */
static void deploy_texts_keep(struct panel *p, const struct view *v, int width)
{
	struct {
		uint64_t serial;
		const struct glyphs *g;
		unsigned epoch;
		int width;
	} k;
	memset(&k, 0, sizeof k);
	k.serial = v->serial, k.g = ui.g, k.epoch = ui.epoch, k.width = width;
	uint64_t key = hash_bytes(&k, sizeof k, 0) | 1;

	if (v->ndeploys > p->memo_cap) {
		free(p->memo);
		p->memo = xcalloc(v->ndeploys, sizeof(struct deploy_text));
		p->memo_cap = v->ndeploys;
		p->memo_for = 0;
	}
	if (key != p->memo_for)
		for (uint32_t i = 0; i < p->memo_cap; i++)
			((struct deploy_text *)p->memo)[i].made = false;
	p->memo_for = key;
}

/* Deployment item's texts at width, made on first use (after deploy_texts_keep). */
static const struct deploy_text *deploy_text(const struct panel *p, const struct view *v,
					     uint32_t item, int width)
{
	struct deploy_text *t = &((struct deploy_text *)p->memo)[item];
	const struct vdeploy *d = &v->deploys[item];

	if (t->made)
		return t;
	if (strcmp(view_ns(v, d->o.ns), "default"))
		snprintf(t->name, sizeof t->name, "%s/%s", view_ns(v, d->o.ns), d->o.name);
	else
		snprintf(t->name, sizeof t->name, "%s", d->o.name);
	t->counts_w = counts_text(d, t->counts, sizeof t->counts);
	rollout_text(d, t->rollout, sizeof t->rollout);
	t->rollout_inline =
	    text_width(t->name) + 2 + t->counts_w + 2 + text_width(t->rollout) <= width;
	conditions_text(d, width, t);
	/* Lines: its own, a set each, its conditions (wrapped when the box is narrow); with max 0
	 * put_wrapped draws nothing: it counts the lines the words take */
	t->height = 1 + (int)d->nsets + put_wrapped(NULL, 0, 0, width - 2, 0, t->conds, ROLE_DIM);
	set_columns(v, d, width, t);
	t->made = true;
	return t;
}

static int deploy_height(const struct panel *p, const struct view *v, uint32_t item, int width)
{
	return deploy_text(p, v, item, width)->height;
}

static void deploy_line(struct panel *p, const struct vdeploy *d, const struct deploy_text *t,
			bool sel, int y, struct rect in)
{
	int end = in.x + in.w, x;
	bool busy = d->surge || d->unavail || d->paused;

	/* the counts are the lesson: the name gives way first, down to 12 columns */
	int rest = 2 + t->counts_w;
	int name_w = in.w - rest < 12 ? 12 : in.w - rest;
	x = in.x + put_text(p->win, y, in.x, name_w, t->name,
			    sel && p->sub < 0 ? ROLE_SELECTION : ROLE_NORMAL);
	x += 2;
	x += put_text(p->win, y, x, end - x, t->counts,
		      d->available < d->replicas || d->updated < d->replicas ? ROLE_POD_PENDING
									     : ROLE_NORMAL) +
	     2;
	if (t->rollout_inline)
		put_text(p->win, y, x, end - x, t->rollout, busy ? ROLE_WHY : ROLE_DIM);
}

/* "rev 2  nginx-deployment-5c6b9f7d8  nginx:1.16.1  desired 3 ready 1  ●R ◔R". */
static int set_line(struct panel *p, const struct view *v, const struct vdeploy *d, uint32_t k,
		    bool sel, int first_pod, int y, struct rect in, int name_w, int image_w)
{
	const struct vset *s = &v->sets[d->sets[k].set];
	int x = in.x + 2, end = in.x + in.w;
	char name[VIEW_NAME + 8];

	put_fmt(p->win, y, x, 6, ROLE_DIM, "rev %lld", (long long)d->sets[k].revision);
	x += 7;
	set_name(d, s, name_w, name, sizeof name);
	put_text(p->win, y, x, name_w, name, k == 0 ? ROLE_NORMAL : ROLE_DIM);
	x += name_w + 2;
	put_text(p->win, y, x, image_w, d->sets[k].image, ROLE_NORMAL);
	x += image_w + 2;
	x += put_fmt(p->win, y, x, end - x, s->ready < s->replicas ? ROLE_POD_PENDING : ROLE_NORMAL,
		     "desired %d ready %d", s->replicas, s->ready) +
	     2;
	for (uint32_t n = 0; n < s->o.npods; n++, x += 3) {
		if (n + 1 < s->o.npods && x + 5 > end) { /* no room for this one and a "+N" after */
			put_fmt(p->win, y, x, end - x, ROLE_DIM, "+%u", s->o.npods - n);
			break;
		}
		draw_pod_cell(p->win, y, x, 2, &v->pods[v->by_owner[s->o.first + n]],
			      sel && p->sub == first_pod + (int)n);
	}
	return (int)s->o.npods;
}

static void deploy_block(struct panel *p, const struct view *v, uint32_t item, bool sel, int y,
			 int lines, struct rect in)
{
	const struct vdeploy *d = &v->deploys[item];
	const struct deploy_text *t = deploy_text(p, v, item, in.w);
	int pod = 0, bottom = y + lines;

	deploy_line(p, d, t, sel, y++, in);
	for (uint32_t k = 0; k < d->nsets && y < bottom; k++)
		pod += set_line(p, v, d, k, sel, pod, y++, in, t->name_w, t->image_w);
	if (y < bottom)
		put_wrapped(p->win, y, in.x + 2, in.w - 2, bottom - y, t->conds, ROLE_DIM);
}

static void deploy_draw(struct panel *p, const struct view *v)
{
	struct rect in = panel_inner(p);

	panel_frame(p, NULL);
	if (!p->nrows) {
		put_text(p->win, in.y, in.x, in.w,
			 p->filter[0] ? "no Deployment matches" : "no Deployments", ROLE_DIM);
		return;
	}
	deploy_texts_keep(p, v, in.w);
	panel_scroll_var(p, v, in.h, deploy_height, in.w);
	for (int r = p->top, y = in.y; r < (int)p->nrows && y < in.y + in.h; r++) {
		int lines = deploy_height(p, v, p->rows[r], in.w);
		if (y + lines > in.y + in.h)
			lines = in.y + in.h - y;
		deploy_block(p, v, p->rows[r], r == p->sel && p->focus, y, lines, in);
		y += lines;
	}
}

static const enum action deploy_hints[] = { ACT_SCALE,  ACT_DESCRIBE, ACT_LOGS,
					    ACT_DELETE, ACT_CRASH,    ACT_NONE };

const struct panel_class panel_deployments = {
	.title = "Deployments",
	.rows = deploy_rows,
	.subs = deploy_subs,
	.draw = deploy_draw,
	.target = deploy_target,
	.hints = deploy_hints,
};
