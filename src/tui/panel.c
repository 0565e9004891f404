/*
 * What every panel shares (htop's Panel, ncdu's browser): a window, the
 * rows that pass its filter, a selected row and a selected pod inside it,
 * scrolling, and the box with its numbered title. A panel file supplies
 * rows/draw/target (and optionally key) as a const struct panel_class.
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void panel_layout(struct panel *p, struct rect r)
{
	if (p->win)
		delwin(p->win);
	p->win = NULL;
	p->r = r;
	p->drawn = 0;
	p->visible = r.h >= 3 && r.w >= 10;
	if (p->visible)
		p->win = newwin(r.h, r.w, r.y, r.x);
}

struct rect panel_inner(const struct panel *p)
{
	return (struct rect){ 1, 1, p->r.h - 2, p->r.w - 2 };
}

void panel_add_row(struct panel *p, uint32_t i)
{
	xgrow(&p->rows, &p->rows_cap, p->nrows + 1, sizeof *p->rows);
	p->rows[p->nrows++] = i;
}

bool panel_match(const struct panel *p, const char *name)
{
	size_t n = strlen(p->filter);

	if (!n)
		return true;
	for (const char *s = name; *s; s++) {
		size_t i = 0;
		while (i < n && s[i] &&
		       tolower((unsigned char)s[i]) == tolower((unsigned char)p->filter[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

uint32_t panel_selected(const struct panel *p)
{
	return p->sel >= 0 && (uint32_t)p->sel < p->nrows ? p->rows[p->sel] : NONE32;
}

void panel_scroll_to(struct panel *p, int sel, int visible)
{
	if (visible < 1)
		visible = 1;
	if (sel < p->top)
		p->top = sel;
	if (sel >= p->top + visible)
		p->top = sel - visible + 1;
	if (p->top > (int)p->nrows - visible) /* the box grew: no blank rows under the last */
		p->top = (int)p->nrows - visible;
	if (p->top < 0)
		p->top = 0;
}

/*
 * The panels sharing the slot named on its top border, the one shown marked:
 * "2 DaemonSets · 3 Jobs · 4 CronJobs · 5 Sets · 7 Detail", so one knows
 * they exist (and their digits) without opening help. By width, the first
 * form that fits: the shown one's whole title, then its short name, then the
 * same with the others' digits only, so the strip is never cut. Draws when
 * draw is set; returns the end column.
 */
enum { TABS_SHORT = 1, TABS_DIGITS = 2, TABS_FORMS = 4 }; /* form bits */

static int frame_tabs(struct panel *p, int form, bool draw)
{
	static const char *const names[P_COUNT] = { "Nodes",  "DaemonSets", "Jobs",
						    "CronJobs", "Sets",      "Events",
						    "Detail", "Deployments" };
	int x = 2, end = p->r.w - 2;
	char tab[48];

	for (int i = 0; i < P_COUNT; i++) {
		if (!(p->tabs & (1u << i)))
			continue;
		bool shown = i == (int)p->id, named = shown || !(form & TABS_DIGITS);
		const char *sep = ui.g->ascii ? "|" : "·";
		if (x > 2)
			x += draw ? put_text(p->win, 0, x, end - x, sep, ROLE_BORDER) : text_width(sep);
		snprintf(tab, sizeof tab, " %d%s%s ", i + 1, named ? " " : "",
			 shown && !(form & TABS_SHORT) ? p->cls->title
			 : named		       ? names[i]
						       : "");
		x += draw ? put_text(p->win, 0, x, end - x, tab,
				     !shown ? ROLE_NORMAL : p->focus ? ROLE_TITLE_FOCUS : ROLE_TITLE)
			  : text_width(tab);
	}
	return x;
}

void panel_frame(struct panel *p, const char *extra)
{
	char title[160];
	int n = snprintf(title, sizeof title, "%d %s", (int)p->id + 1, p->cls->title);

	if (p->tabs) {
		draw_box(p->win, 0, 0, p->r.h, p->r.w, NULL, p->focus);
		n = snprintf(title, sizeof title, " %s", extra ? extra : "");
		if (p->filter[0])
			n += snprintf(title + n, sizeof title - (size_t)n, " /%s", p->filter);
		int tw = n > 1 ? text_width(title) + 2 : 0; /* the title first */
		int form = 0;
		while (form + 1 < TABS_FORMS && frame_tabs(p, form, false) + tw > p->r.w - 2)
			form++;
		int x = frame_tabs(p, form, true);
		if (n > 1)
			put_fmt(p->win, 0, x + 1, p->r.w - 3 - x, p->focus ? ROLE_TITLE_FOCUS : ROLE_TITLE,
				"%s ", title);
		return;
	}
	if (extra && extra[0])
		n += snprintf(title + n, sizeof title - (size_t)n, "  %s", extra);
	if (p->filter[0])
		snprintf(title + n, sizeof title - (size_t)n, "  /%s", p->filter);
	draw_box(p->win, 0, 0, p->r.h, p->r.w, title, p->focus);
}

/* Row and sub-selection kept inside what exists now. */
static void clamp(struct panel *p, const struct view *v)
{
	if (p->sel >= (int)p->nrows)
		p->sel = (int)p->nrows - 1;
	if (p->sel < 0)
		p->sel = 0;
	if (p->sub < -1 || !p->nrows)
		p->sub = -1;
	if (p->nrows && p->cls->subs) {
		int n = (int)p->cls->subs(p, v, p->rows[p->sel]);
		if (p->sub >= n)
			p->sub = n - 1;
	}
}

/* FNV-1a over what a panel's picture depends on. */
static uint64_t draw_key(const struct panel *p, const struct view *v)
{
	struct {
		uint64_t serial;
		int64_t second;
		int sel, sub, top, left;
		unsigned epoch;
		bool focus, follow, wrap;
		unsigned tabs;
		char filter[sizeof p->filter];
	} k;
	const unsigned char *b = (const unsigned char *)&k;
	uint64_t h = 14695981039346656037ull;

	memset(&k, 0, sizeof k);
	k.serial = v->serial;
	k.second = p->cls->clock ? v->now / 1000 : 0;
	k.sel = p->sel, k.sub = p->sub, k.top = p->top, k.left = p->left;
	k.epoch = ui.epoch;
	k.focus = p->focus, k.follow = p->follow, k.wrap = p->wrap, k.tabs = p->tabs;
	memcpy(k.filter, p->filter, sizeof k.filter);
	for (size_t i = 0; i < sizeof k; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return h | 1;
}

static uint64_t rows_key(const struct panel *p, const struct view *v)
{
	return hash_bytes(p->filter, strlen(p->filter), hash_u64(v->serial)) | 1;
}

void panel_rows(struct panel *p, const struct view *v)
{
	uint64_t key = rows_key(p, v);

	if (key == p->rows_for)
		return;
	p->nrows = 0;
	if (p->cls->rows)
		p->cls->rows(p, v);
	clamp(p, v);
	p->rows_for = key;
}

void panel_draw(struct panel *p, const struct view *v)
{
	if (!p->visible || draw_key(p, v) == p->drawn)
		return;
	wbkgdset(p->win, ' ' | ui.attr[ROLE_NORMAL]); /* a theme may paint its own background */
	if (!p->cls->parts || !p->drawn)
		werase(p->win);
	if (!p->drawn)
		p->parts_layout = 0; /* laid out again or uncovered: every part must be drawn */
	p->rows_for = 0; /* collected again: following Events moves with each draw */
	panel_rows(p, v);
	ui.sel_win = NULL;
	p->cls->draw(p, v);
	/* a selected row is selected across the whole box (htop, k9s); a pod picked in it stays a cell */
	if (ui.sel_win == p->win && p->sub < 0 && !p->cls->parts)
		for (int y = ui.sel_y0; y <= ui.sel_y1; y++)
			mvwchgat(p->win, y, 1, p->r.w - 2, ui.attr[ROLE_SELECTION] & ~A_COLOR,
				 (short)PAIR_NUMBER(ui.attr[ROLE_SELECTION]), NULL);
	p->drawn = draw_key(p, v); /* after the draw, which clamps the selection */
	wnoutrefresh(p->win);
}

bool panel_parts_begin(struct panel *p, uint64_t layout, uint32_t nparts)
{
	bool whole;

	layout = hash_u64(layout ^ nparts) | 1; /* 0 means not drawn */
	whole = layout != p->parts_layout;
	xgrow(&p->parts, &p->parts_cap, nparts + 1, sizeof *p->parts);
	if (whole) {
		werase(p->win);
		memset(p->parts, 0, (size_t)nparts * sizeof *p->parts);
		p->parts_layout = layout;
	}
	return whole;
}

bool panel_part_stale(struct panel *p, uint32_t i, uint64_t key)
{
	key |= 1; /* 0 means not drawn */
	if (p->parts[i] == key)
		return false;
	p->parts[i] = key;
	return true;
}

bool panel_pages(const struct panel *p, const struct view *v)
{
	return p->visible && p->cls->pages && p->cls->pages(p, v);
}

bool panel_key(struct panel *p, const struct view *v, enum action act)
{
	int page = p->r.h > 4 ? p->r.h - 3 : 1;

	panel_rows(p, v);
	if (p->cls->key && p->cls->key(p, v, act))
		return true;
	switch (act) {
	case ACT_UP:
		p->sel--, p->sub = -1;
		break;
	case ACT_DOWN:
		p->sel++, p->sub = -1;
		break;
	case ACT_PAGE_UP:
		p->sel -= page, p->sub = -1;
		break;
	case ACT_PAGE_DOWN:
		p->sel += page, p->sub = -1;
		break;
	case ACT_HOME:
		p->sel = 0, p->sub = -1;
		break;
	case ACT_END:
		p->sel = (int)p->nrows - 1, p->sub = -1;
		break;
	case ACT_LEFT:
		if (p->sub >= 0)
			p->sub--;
		break;
	case ACT_RIGHT:
		if (p->cls->subs && p->nrows)
			p->sub++;
		break;
	default:
		return false;
	}
	clamp(p, v);
	return true;
}

void target_pod(const struct view *v, uint32_t pod, struct target *t)
{
	const struct vpod *p = &v->pods[pod];

	t->kind = KIND_POD;
	t->uid = p->uid;
	t->idx = p->idx;
	snprintf(t->ns, sizeof t->ns, "%s", view_ns(v, p->ns));
	snprintf(t->name, sizeof t->name, "%s", p->name);
	snprintf(t->node, sizeof t->node, "%s", p->node == NONE32 ? "" : v->nodes[p->node].name);
}

void target_owner(const struct view *v, enum kind kind, const struct vowner *o, struct target *t)
{
	t->kind = kind;
	t->uid = o->uid;
	t->idx = o->idx;
	snprintf(t->ns, sizeof t->ns, "%s", view_ns(v, o->ns));
	snprintf(t->name, sizeof t->name, "%s", o->name);
	t->node[0] = '\0';
}

/* The object with this uid, when only the uid is known (an event's); NULL if gone. */
static const struct meta *find_uid(const struct cluster *c, enum kind kind, uint32_t uid,
				   uint32_t *idx)
{
	for (uint32_t i = 0; i < cluster_len(c, kind); i++) {
		const struct meta *m = cluster_meta(c, kind, i);
		if (m && m->uid == uid) {
			*idx = i;
			return m;
		}
	}
	return NULL;
}

bool target_resolve(struct cluster *c, struct target *t)
{
	const struct meta *m;
	uint32_t idx = t->idx;
	bool found;

	if (t->kind == KIND_NONE || t->kind >= KIND_COUNT)
		return false;
	cluster_lock(c);
	m = idx == NONE32 ? find_uid(c, t->kind, t->uid, &idx) : cluster_meta(c, t->kind, idx);
	found = m && m->uid == t->uid;
	if (found) {
		snprintf(t->name, sizeof t->name, "%s", cluster_str(c, m->name));
		snprintf(t->ns, sizeof t->ns, "%s", m->ns ? cluster_str(c, m->ns) : "");
		if (t->kind == KIND_NODE) {
			snprintf(t->node, sizeof t->node, "%s", t->name);
		} else if (t->kind == KIND_POD) {
			const struct pod *p = (const struct pod *)m;
			const struct meta *n =
			    p->node == NONE32 ? NULL : cluster_meta(c, KIND_NODE, p->node);
			snprintf(t->node, sizeof t->node, "%s", n ? cluster_str(c, n->name) : "");
		}
	}
	cluster_unlock(c);
	/* An event's object that is gone keeps the name the event gave it, as kubectl would take it. */
	return found || t->idx == NONE32;
}

int columns_name_width(const struct column *c, int n, int width, int want, int cap)
{
	int room = width, w = want < cap ? want : cap;

	for (int k = 0; k < n; k++)
		room -= c[k].width + 1;
	if (room > w) /* every column fits and the row has room: the whole name */
		w = room < want ? room : want;
	return w;
}

int columns_place(const struct column *c, int n, int width, int name_w, int *x)
{
	int at = name_w + 1, k = 0;

	for (; k < n && at + c[k].width <= width; k++) {
		x[k] = at;
		at += c[k].width + 1;
	}
	return k;
}

void columns_head(WINDOW *w, int y, int x0, const char *name, int name_w, const struct column *c,
		  int n, const int *x)
{
	put_text(w, y, x0, name_w, name, ROLE_DIM);
	for (int k = 0; k < n; k++)
		put_text(w, y, x0 + x[k], c[k].width, c[k].head, ROLE_DIM);
}

void panel_scroll_var(struct panel *p, const struct view *v, int avail,
		      int (*height)(const struct panel *p, const struct view *v, uint32_t item,
				    int ctx),
		      int ctx)
{
	if (p->top > p->sel)
		p->top = p->sel;
	for (;;) {
		int h = 0;
		for (int r = p->top; r <= p->sel; r++)
			h += height(p, v, p->rows[r], ctx);
		if (h <= avail || p->top >= p->sel)
			return;
		p->top++;
	}
}

static const struct view *sort_v; /* qsort has no context argument; UI thread only */
static const struct vowner *(*sort_owner)(const struct view *v, uint32_t i);

static int owner_cmp(const void *a, const void *b)
{
	const struct vowner *x = sort_owner(sort_v, *(const uint32_t *)a);
	const struct vowner *y = sort_owner(sort_v, *(const uint32_t *)b);
	bool xs = strcmp(view_ns(sort_v, x->ns), "kube-system") == 0;
	bool ys = strcmp(view_ns(sort_v, y->ns), "kube-system") == 0;

	if (xs != ys)
		return xs ? 1 : -1;
	return strcmp(x->name, y->name);
}

void panel_sort_rows(struct panel *p, const struct view *v,
		     const struct vowner *(*owner)(const struct view *v, uint32_t i))
{
	sort_v = v;
	sort_owner = owner;
	if (p->nrows > 1)
		xqsort(p->rows, p->nrows, sizeof *p->rows, owner_cmp);
	sort_v = NULL;
}
