/*
 * Nodes: one box per node (status, roles, taints and labels, requested /
 * allocatable cpu and memory) with a cell per pod on it, in one form per box
 * size (see grid_plan); the boxes scroll by rows to keep the selected node in
 * view, and those that do not fit are counted on the bottom border.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define MIN_BOX_W 19
#define MIN_NAMED_CELL 12

static void nodes_rows(struct panel *p, const struct view *v)
{
	for (uint32_t i = 0; i < v->nnodes; i++)
		if (panel_match(p, v->nodes[i].name))
			panel_add_row(p, i);
}

static uint32_t nodes_subs(const struct panel *p, const struct view *v, uint32_t row)
{
	(void)p;
	return v->nodes[row].npods;
}

static bool nodes_target(const struct panel *p, const struct view *v, struct target *t)
{
	uint32_t n = panel_selected(p);

	if (n == NONE32)
		return false;
	if (p->sub >= 0) {
		target_pod(v, v->by_node[v->nodes[n].first + (uint32_t)p->sub], t);
		return true;
	}
	t->kind = KIND_NODE;
	t->uid = v->nodes[n].uid;
	t->idx = v->nodes[n].idx;
	t->ns[0] = '\0';
	snprintf(t->name, sizeof t->name, "%s", v->nodes[n].name);
	snprintf(t->node, sizeof t->node, "%s", v->nodes[n].name);
	return true;
}

/* The geometry every box shares in one frame. */
struct grid {
	int cols, bw; /* boxes per line, box width */
	int info;     /* text lines above the pods */
	int cell;     /* columns per pod cell */
	int per_line; /* pod cells per line */
	int fit;      /* box-rows the panel shows at once */
	int row_h;    /* every box-row's height */
};

static int pod_lines(const struct grid *g, uint32_t npods)
{
	return npods ? (int)((npods + (uint32_t)g->per_line - 1) / (uint32_t)g->per_line) : 0;
}

static int box_rows(const struct panel *p, const struct grid *g)
{
	return ((int)p->nrows + g->cols - 1) / g->cols;
}

static int total_height(const struct panel *p, const struct grid *g)
{
	return box_rows(p, g) * g->row_h;
}

/* Taints or labels as words to wrap at: "a:NoSchedule,b=c" as "a:NoSchedule b=c". */
static void tag_words(const char *tags, char *out, size_t size)
{
	snprintf(out, size, "%s", tags);
	for (char *c = out; *c; c++)
		*c = *c == ',' ? ' ' : *c;
}

/* Lines a node's taints and labels take at width w, each whole. */
static int tag_lines(const struct vnode *n, int w)
{
	char words[96];
	int tw = n->taints[0] ? text_width(n->taints) : 0, lw = n->labels[0] ? text_width(n->labels) : 0;
	int lines;

	if (tw <= w && lw <= w) /* the common case, without wrapping: 100 nodes a frame */
		return (tw > 0) + (lw > 0);
	tag_words(n->taints, words, sizeof words);
	lines = put_wrapped(NULL, 0, 0, w, 0, words, ROLE_NORMAL);
	tag_words(n->labels, words, sizeof words);
	return lines + put_wrapped(NULL, 0, 0, w, 0, words, ROLE_DIM);
}

/*
 * One form per box size (not per pod count, so cells do not switch forms as pods come and
 * go): a name cell of NAMED_CELL columns or more when the box is wide enough and has lines
 * for three of them (or all there are), glyph cells otherwise; a "+N more" cell when a
 * node's pods do not fit. Every box-row is as tall as the fullest node needs, up to what the panel gives each.
 */
#define NAMED_CELL 36

static void grid_plan(const struct panel *p, const struct view *v, struct grid *g, struct rect in)
{
	uint32_t most = 0;

	g->cols = in.w / MIN_BOX_W;
	if (g->cols > (int)p->nrows)
		g->cols = (int)p->nrows;
	if (g->cols < 1)
		g->cols = 1;
	g->bw = in.w / g->cols;
	g->info = 2;
	for (uint32_t i = 0; i < p->nrows; i++) {
		if (p->rows[i] >= v->nnodes)
			continue; /* rows of a view a seek back replaced (pages() reads them as they are) */
		const struct vnode *n = &v->nodes[p->rows[i]];
		int tl = tag_lines(n, g->bw - 2);
		tl = tl < 3 ? tl : 3;
		g->info = 2 + tl > g->info ? 2 + tl : g->info;
		most = n->npods > most ? n->npods : most;
	}
	int nbr = box_rows(p, g);
	g->fit = in.h / (3 + g->info);
	g->fit = g->fit < 1 ? 1 : g->fit > nbr ? nbr : g->fit;
	if (g->info > 2 && 2 + g->info + 1 > in.h / g->fit) /* a line of pods before the tags */
		g->info = in.h / g->fit - 3 > 2 ? in.h / g->fit - 3 : 2;
	g->per_line = (g->bw - 2) / NAMED_CELL > 1 ? (g->bw - 2) / NAMED_CELL : 1;
	g->cell = (g->bw - 2) / g->per_line;
	int want = pod_lines(g, most) < 3 ? pod_lines(g, most) : 3; /* all of them, or three lines */
	if (g->cell < MIN_NAMED_CELL || in.h / g->fit - 2 - g->info < want) {
		g->cell = 3;
		g->per_line = (g->bw - 2) / 3 > 1 ? (g->bw - 2) / 3 : 1;
	}
	g->row_h = 2 + g->info + (most ? pod_lines(g, most) : 1);
	if (g->row_h > in.h / g->fit)
		g->row_h = in.h / g->fit;
}

int panel_nodes_height(struct panel *p, const struct view *v, int width)
{
	struct grid g;
	struct rect in = { 1, 1, 1 << 20, width - 2 };

	panel_rows(p, v);
	if (!p->nrows)
		return 3;
	grid_plan(p, v, &g, in);
	return total_height(p, &g) + 2;
}

/*
 * What the simulation knows and kubectl does not show yet: a kubelet silent before the
 * grace period ends, and the countdown to the first taint eviction (as Jobs count down a
 * deadline). "" when the node is well.
 */
static void node_trouble(const struct view *v, const struct vnode *n, char *buf, size_t size)
{
	char dur[16];

	buf[0] = '\0';
	if (n->evict_at != TIME_NONE) {
		duration_human(n->evict_at > v->now ? n->evict_at - v->now : 0, dur, sizeof dur);
		snprintf(buf, size, "evict in %s", dur);
	} else if (n->silent != TIME_NONE) {
		duration_human(v->now - n->silent, dur, sizeof dur);
		snprintf(buf, size, "silent %s", dur);
	}
}

/* Draws box `row` unless the box there already shows it; blanks its inside first unless the window was erased. */
static void node_box(struct panel *p, const struct view *v, const struct grid *g, uint32_t row,
		     int y, int x, int h, bool erased)
{
	const struct vnode *n = &v->nodes[p->rows[row]];
	bool sel = (int)row == p->sel;
	char trouble[32];

	node_trouble(v, n, trouble, sizeof trouble);
	uint64_t key = hash_bytes(trouble, strlen(trouble),
				  hash_u64(n->look ^ hash_u64((uint64_t)p->rows[row] << 16 |
							      (sel ? (uint64_t)(p->sub + 2) << 1 |
									 p->focus
								   : 0))));

	if (!panel_part_stale(p, row, key))
		return;
	int w = g->bw - 2, line = y + 1, bottom = y + h - 1; /* lines from bottom on are not ours */
	char cpu[16], cpu_a[16], mem[16], mem_a[16], buf[128];
	enum role status_role = !n->ready     ? ROLE_NODE_NOT_READY
				: n->cordoned ? ROLE_NODE_CORDONED
					      : ROLE_NODE_READY;

	draw_box(p->win, y, x, h, g->bw, n->name, sel && p->focus);
	if (sel && p->focus && p->sub < 0) /* the node itself selected: its name reversed */
		put_fmt(p->win, y, x + 2, g->bw - 4, ROLE_SELECTION, " %s ", n->name);
	x++;
	for (int yy = line; !erased && yy < y + h - 1; yy++)
		mvwhline(p->win, yy, x, ' ', w);
	char status[sizeof n->status];
	const char *cordon = strstr(n->status, "SchedulingDisabled");
	snprintf(status, sizeof status, "%s", n->status);
	if (cordon && text_width(status) > w) /* kubectl's long word does not fit a small box */
		snprintf(status + (cordon - n->status),
			 sizeof status - (size_t)(cordon - n->status), "Cordoned");
	int used = put_text(p->win, line, x, w, status, status_role);
	/* the trouble follows the status, or takes the resources' line when it does not fit */
	bool own_line = trouble[0] && used + 1 + text_width(trouble) > w;
	if (trouble[0] && !own_line)
		used += 1 + put_text(p->win, line, x + used + 1, w - used - 1, trouble,
				     ROLE_EVENT_WARNING);
	/* the roles whole, or the first one, or none: a cut word says nothing */
	char roles[sizeof n->roles];
	snprintf(roles, sizeof roles, "%s", strcmp(n->roles, "<none>") ? n->roles : "");
	if (used + 1 + text_width(roles) > w)
		roles[strcspn(roles, ",")] = '\0';
	if (roles[0] && used + 1 + text_width(roles) <= w)
		put_text(p->win, line, x + used + 1, w - used - 1, roles, ROLE_DIM);
	if (++line >= bottom)
		return;
	if (own_line) {
		put_text(p->win, line++, x, w, trouble, ROLE_EVENT_WARNING);
		goto taints;
	}
	text_cpu(n->cpu_req, cpu, sizeof cpu);
	text_cpu(n->cpu_alloc, cpu_a, sizeof cpu_a);
	text_mem(n->mem_req, mem, sizeof mem);
	text_mem(n->mem_alloc, mem_a, sizeof mem_a);
	snprintf(buf, sizeof buf, "cpu %s/%s mem %s/%s", cpu, cpu_a, mem, mem_a);
	if (text_width(buf) > w)
		snprintf(buf, sizeof buf, "cpu %d%% mem %d%%",
			 n->cpu_alloc ? (int)(n->cpu_req * 100 / n->cpu_alloc) : 0,
			 n->mem_alloc ? (int)(n->mem_req * 100 / n->mem_alloc) : 0);
	put_text(p->win, line++, x, w, buf, ROLE_NORMAL);
taints:
	for (int k = 0; k < 2 && line < y + 1 + g->info && line < bottom; k++) { /* taints, then labels */
		char words[96];
		tag_words(k ? n->labels : n->taints, words, sizeof words);
		int most = y + 1 + g->info - line < bottom - line ? y + 1 + g->info - line : bottom - line;
		line += put_wrapped(p->win, line, x, w, most, words,
				    k ? ROLE_DIM : ROLE_NODE_CORDONED);
	}
	line = y + 1 + g->info < bottom ? y + 1 + g->info : bottom;
	int room = (bottom - line) * g->per_line;
	for (uint32_t k = 0; k < n->npods; k++) {
		const struct vpod *pod = &v->pods[v->by_node[n->first + k]];
		int cx = x + (int)(k % (uint32_t)g->per_line) * g->cell;
		int cy = line + (int)(k / (uint32_t)g->per_line);
		if (cy >= bottom)
			break;
		if ((int)k == room - 1 && n->npods > k + 1) {
			put_fmt(p->win, cy, cx, g->cell, ROLE_DIM, g->cell > 8 ? "+%u more" : "+%u",
				n->npods - k);
			break;
		}
		int cw = g->cell - (g->cell > 3);
		draw_pod_cell(p->win, cy, cx, cw, pod, sel && p->sub == (int)k);
		if (sel && p->sub == (int)k && cw > 3) /* the selected pod's cell, whole */
			mvwchgat(p->win, cy, cx + 3, cw - 3, ui.attr[ROLE_SELECTION] & ~A_COLOR,
				 (short)PAIR_NUMBER(ui.attr[ROLE_SELECTION]), NULL);
	}
}

/*
 * Where every box goes and what surrounds them: a frame in the same layout redraws only the
 * boxes whose key moved (j/k or one pod changing touch one or two boxes of a hundred).
 */
static uint64_t nodes_layout(const struct panel *p, const struct view *v, const struct grid *g,
			     const char *extra)
{
	int geometry[] = { g->cols, g->bw,  g->info, g->cell,  g->per_line,
			   p->top,  p->r.h, p->r.w,  p->focus, (int)ui.epoch };
	uint64_t h = hash_bytes(geometry, sizeof geometry, hash_u64(v->nnodes));
	h = hash_bytes(p->filter, strlen(p->filter), hash_bytes(extra, strlen(extra), h));
	return hash_u64(h ^ (uint64_t)g->row_h ^ (uint64_t)g->fit << 32);
}

static void nodes_draw(struct panel *p, const struct view *v)
{
	struct rect in = panel_inner(p);
	struct grid g;
	char extra[64];

	snprintf(extra, sizeof extra, "%u nodes, %u pods", v->nnodes, v->npods);
	if (!p->nrows) {
		panel_parts_begin(p, 0, 0);
		panel_frame(p, extra);
		put_text(p->win, in.y, in.x, in.w, p->filter[0] ? "no node matches" : "no nodes",
			 ROLE_DIM);
		return;
	}
	grid_plan(p, v, &g, in);
	/* scroll by box-rows: the selected node's row must be in view */
	int sel_br = p->sel / g.cols, nbr = box_rows(p, &g);
	if (p->top > sel_br)
		p->top = sel_br;
	if (p->top < sel_br - g.fit + 1)
		p->top = sel_br - g.fit + 1;
	bool erased = panel_parts_begin(p, nodes_layout(p, v, &g, extra), p->nrows);
	if (erased)
		panel_frame(p, extra);
	int y = in.y, shown = 0;
	for (int br = p->top; br < nbr && br < p->top + g.fit; br++) {
		for (int k = 0; k < g.cols; k++) {
			uint32_t row = (uint32_t)(br * g.cols + k);
			if (row < p->nrows) {
				node_box(p, v, &g, row, y, in.x + k * g.bw, g.row_h, erased);
				shown++;
			}
		}
		y += g.row_h;
	}
	/* nodes scrolled out, above or below: how many, on the bottom border */
	if (erased && shown < (int)p->nrows) {
		char more[32];
		snprintf(more, sizeof more, " +%d nodes ", (int)p->nrows - shown);
		put_right(p->win, p->r.h - 1, 2, p->r.w - 4, more, ROLE_DIM);
	}
}

/* PgUp/PgDn: a page of boxes, while some do not fit (the "+N nodes" on the border). */
static bool nodes_pages(const struct panel *p, const struct view *v)
{
	struct grid g;

	if (!p->nrows)
		return false;
	grid_plan(p, v, &g, panel_inner(p));
	return box_rows(p, &g) > g.fit;
}

static bool nodes_key(struct panel *p, const struct view *v, enum action act)
{
	struct grid g;

	if ((act != ACT_PAGE_DOWN && act != ACT_PAGE_UP) || !p->nrows)
		return false;
	grid_plan(p, v, &g, panel_inner(p));
	p->sel += (act == ACT_PAGE_DOWN ? 1 : -1) * g.cols * g.fit;
	p->sel = p->sel < 0 ? 0 : p->sel >= (int)p->nrows ? (int)p->nrows - 1 : p->sel;
	p->sub = -1;
	return true;
}

static const enum action nodes_hints[] = { ACT_FAIL_NODE, ACT_RECOVER_NODE, ACT_CORDON,
					   ACT_UNCORDON,  ACT_DELETE,       ACT_CRASH,
					   ACT_DESCRIBE,  ACT_LOGS,         ACT_NONE };

const struct panel_class panel_nodes = {
	.title = "Nodes",
	.rows = nodes_rows,
	.subs = nodes_subs,
	.draw = nodes_draw,
	.target = nodes_target,
	.key = nodes_key,
	.hints = nodes_hints,
	.pages = nodes_pages,
	.clock = true, /* a silent node's seconds, an eviction countdown */
	.parts = true,
};
