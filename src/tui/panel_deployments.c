/*
 * Deployments: each Deployment's counts as kubectl get prints them, the
 * rollout's budgets in use (surge and unavailability, or Recreate), then
 * its ReplicaSets newest revision first (image, desired and ready, a cell
 * per pod) and its Available and Progressing conditions with their
 * reasons: a rolling update is watched set by set, pod by pod.
 */
#include "internal.h"

#include <stdio.h>
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

static void name_text(const struct view *v, const struct vdeploy *d, char *buf, size_t size)
{
	if (strcmp(view_ns(v, d->o.ns), "default"))
		snprintf(buf, size, "%s/%s", view_ns(v, d->o.ns), d->o.name);
	else
		snprintf(buf, size, "%s", d->o.name);
}

static int counts_text(const struct vdeploy *d, char *buf, size_t size)
{
	return snprintf(buf, size, "ready %d/%d  up-to-date %d  available %d", d->ready,
			d->replicas, d->updated, d->available);
}

/* True when the rollout's budgets fit on the Deployment's own line; else they lead the conditions. */
static bool rollout_inline(const struct view *v, const struct vdeploy *d, int width)
{
	char name[2 * VIEW_NAME + 2], counts[96], rollout[48];

	name_text(v, d, name, sizeof name);
	rollout_text(d, rollout, sizeof rollout);
	return text_width(name) + 2 + counts_text(d, counts, sizeof counts) + 2 +
		   text_width(rollout) <=
	       width;
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

static void conditions_text(const struct view *v, const struct vdeploy *d, int width, char *buf,
			    size_t size)
{
	char rollout[48], lead[64] = "";

	if (!rollout_inline(v, d, width)) { /* the budgets lead the conditions */
		rollout_text(d, rollout, sizeof rollout);
		snprintf(lead, sizeof lead, "%s  ", rollout);
	}
	/* the words; the glyphs when they make it one line; the words again when nothing does */
	conditions_format(d, false, lead, buf, size);
	if (text_width(buf) > width - 2) {
		conditions_format(d, true, lead, buf, size);
		if (text_width(buf) > width - 2)
			conditions_format(d, false, lead, buf, size);
	}
}

/* Lines of a Deployment: its own, a set each, its conditions (wrapped when the box is narrow). */
static int deploy_height(const struct view *v, uint32_t item, int width)
{
	const struct vdeploy *d = &v->deploys[item];
	char conds[256];

	conditions_text(v, d, width, conds, sizeof conds);
	/* with max 0 put_wrapped draws nothing: it counts the lines the words take */
	return 1 + (int)d->nsets + put_wrapped(NULL, 0, 0, width - 2, 0, conds, ROLE_DIM);
}

static void deploy_line(struct panel *p, const struct view *v, const struct vdeploy *d, bool sel,
			int y, struct rect in)
{
	char name[2 * VIEW_NAME + 2], counts[96], rollout[48];
	int end = in.x + in.w, x;
	bool busy = d->surge || d->unavail || d->paused;

	name_text(v, d, name, sizeof name);
	/* the counts are the lesson: the name gives way first, down to 12 columns */
	int rest = 2 + counts_text(d, counts, sizeof counts);
	int name_w = in.w - rest < 12 ? 12 : in.w - rest;
	x = in.x + put_text(p->win, y, in.x, name_w, name,
			    sel && p->sub < 0 ? ROLE_SELECTION : ROLE_NORMAL);
	x += 2;
	x += put_text(p->win, y, x, end - x, counts,
		      d->available < d->replicas || d->updated < d->replicas ? ROLE_POD_PENDING
									     : ROLE_NORMAL) +
	     2;
	rollout_text(d, rollout, sizeof rollout);
	if (rollout_inline(v, d, in.w))
		put_text(p->win, y, x, end - x, rollout, busy ? ROLE_WHY : ROLE_DIM);
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

static void deploy_block(struct panel *p, const struct view *v, const struct vdeploy *d, bool sel,
			 int y, int lines, struct rect in)
{
	char conds[256];
	int name_w = 0, image_w = 0, pods = 0, counts_w = 0, pod = 0, bottom = y + lines;

	deploy_line(p, v, d, sel, y++, in);
	for (uint32_t k = 0; k < d->nsets; k++) {
		const struct vset *s = &v->sets[d->sets[k].set];
		int nw = text_width(s->o.name), iw = text_width(d->sets[k].image);
		name_w = nw > name_w ? nw : name_w;
		image_w = iw > image_w ? iw : image_w;
		int cw = snprintf(NULL, 0, "desired %d ready %d", s->replicas, s->ready);
		pods = (int)s->o.npods > pods ? (int)s->o.npods : pods;
		counts_w = cw > counts_w ? cw : counts_w;
	}
	image_w = image_w > in.w / 4 ? in.w / 4 : image_w;
	/* whole names while the pods of the fullest set (up to 4) keep their room */
	int room = in.w - (2 + 7 + 2 + image_w + 2 + counts_w + 2 + 3 * (pods < 4 ? pods : 4) - 1);
	if (name_w > room) { /* the short forms, as wide as the widest of them */
		char name[VIEW_NAME + 8];
		name_w = 0;
		for (uint32_t k = 0; k < d->nsets; k++) {
			set_name(d, &v->sets[d->sets[k].set], 0, name, sizeof name);
			int nw = text_width(name);
			name_w = nw > name_w ? nw : name_w;
		}
		name_w = name_w > room ? (room < 12 ? 12 : room) : name_w;
	}
	for (uint32_t k = 0; k < d->nsets && y < bottom; k++)
		pod += set_line(p, v, d, k, sel, pod, y++, in, name_w, image_w);
	conditions_text(v, d, in.w, conds, sizeof conds);
	if (y < bottom)
		put_wrapped(p->win, y, in.x + 2, in.w - 2, bottom - y, conds, ROLE_DIM);
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
	panel_scroll_var(p, v, in.h, deploy_height, in.w);
	for (int r = p->top, y = in.y; r < (int)p->nrows && y < in.y + in.h; r++) {
		int lines = deploy_height(v, p->rows[r], in.w);
		if (y + lines > in.y + in.h)
			lines = in.y + in.h - y;
		deploy_block(p, v, &v->deploys[p->rows[r]], r == p->sel && p->focus, y, lines, in);
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
