/*
 * Nodes: one box per node (status, roles, taints and labels, requested /
 * allocatable cpu and memory) with a cell per pod on it. Cells shrink with
 * the room: a line per pod with its name, two to a line, or glyph + owner
 * mark only; the boxes scroll by rows to keep the selected node in view.
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
};

static int pod_lines(const struct grid *g, uint32_t npods)
{
	return npods ? (int)((npods + (uint32_t)g->per_line - 1) / (uint32_t)g->per_line) : 0;
}

/* Height of box-row br: the tallest box in it. */
static int row_height(const struct panel *p, const struct view *v, const struct grid *g, int br)
{
	uint32_t most = 0;

	for (int k = 0; k < g->cols; k++) {
		uint32_t i = (uint32_t)(br * g->cols + k);
		if (i < p->nrows && v->nodes[p->rows[i]].npods > most)
			most = v->nodes[p->rows[i]].npods;
	}
	return 2 + g->info + pod_lines(g, most);
}

static int total_height(const struct panel *p, const struct view *v, const struct grid *g)
{
	int h = 0, nbr = ((int)p->nrows + g->cols - 1) / g->cols;

	for (int br = 0; br < nbr; br++)
		h += row_height(p, v, g, br);
	return h;
}

/* The widest cells that let every node show whole; glyph-only cells (and scrolling) otherwise. */
static void grid_plan(const struct panel *p, const struct view *v, struct grid *g, struct rect in)
{
	bool extra = false;

	g->cols = in.w / MIN_BOX_W;
	if (g->cols > (int)p->nrows)
		g->cols = (int)p->nrows;
	if (g->cols < 1)
		g->cols = 1;
	g->bw = in.w / g->cols;
	if (g->bw > 48 && p->nrows > 1)
		g->bw = 48; /* a wider box only adds empty space */
	for (uint32_t i = 0; i < p->nrows; i++)
		extra |= v->nodes[p->rows[i]].taints[0] || v->nodes[p->rows[i]].labels[0];
	g->info = 2 + extra;
	int widths[] = { g->bw - 2, (g->bw - 2) / 2, 3 };
	for (size_t k = 0; k < ARRAY_LEN(widths); k++) {
		g->cell = widths[k];
		if (g->cell < MIN_NAMED_CELL && k + 1 < ARRAY_LEN(widths))
			continue; /* a name cut to a few letters says nothing: glyphs only */
		g->per_line = (g->bw - 2) / g->cell;
		if (g->per_line < 1)
			g->per_line = 1;
		if (g->cell >= 3 && total_height(p, v, g) <= in.h)
			return;
	}
}

int panel_nodes_height(struct panel *p, const struct view *v, int width)
{
	struct grid g;
	struct rect in = { 1, 1, 1 << 20, width - 2 };

	panel_rows(p, v);
	if (!p->nrows)
		return 3;
	grid_plan(p, v, &g, in);
	return total_height(p, v, &g) + 2;
}

/* Draws box `row` unless the box there already shows it; blanks its inside first unless the window was erased. */
static void node_box(struct panel *p, const struct view *v, const struct grid *g, uint32_t row,
		     int y, int x, int h, bool erased)
{
	const struct vnode *n = &v->nodes[p->rows[row]];
	bool sel = (int)row == p->sel;
	uint64_t key = hash_u64(n->look ^
				hash_u64((uint64_t)p->rows[row] << 16 |
					 (sel ? (uint64_t)(p->sub + 2) << 1 | p->focus : 0)));

	if (!panel_part_stale(p, row, key))
		return;
	int w = g->bw - 2, line = y + 1, bottom = y + h - 1; /* lines from bottom on are not ours */
	char cpu[16], cpu_a[16], mem[16], mem_a[16], buf[128];
	enum role status_role = !n->ready     ? ROLE_NODE_NOT_READY
				: n->cordoned ? ROLE_NODE_CORDONED
					      : ROLE_NODE_READY;

	draw_box(p->win, y, x, h, g->bw, n->name, sel && p->focus);
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
	if (used + 2 < w && strcmp(n->roles, "<none>") != 0)
		put_text(p->win, line, x + used + 1, w - used - 1, n->roles, ROLE_DIM);
	if (++line >= bottom)
		return;
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
	if (g->info > 2 && line < bottom) {
		used = put_text(p->win, line, x, w, n->taints, ROLE_NODE_CORDONED);
		if (n->labels[0] && used + 2 < w)
			put_text(p->win, line, x + used + (used ? 1 : 0), w - used - (used ? 1 : 0),
				 n->labels, ROLE_DIM);
		line++;
	}
	int room = (bottom - line) * g->per_line;
	for (uint32_t k = 0; k < n->npods; k++) {
		const struct vpod *pod = &v->pods[v->by_node[n->first + k]];
		int cx = x + (int)(k % (uint32_t)g->per_line) * g->cell;
		int cy = line + (int)(k / (uint32_t)g->per_line);
		if ((int)k == room - 1 && n->npods > k + 1) {
			put_fmt(p->win, cy, cx, g->cell, ROLE_DIM, "%s%u", ui.g->more, n->npods - k);
			break;
		}
		draw_pod_cell(p->win, cy, cx, g->cell - (g->cell > 3), pod, sel && p->sub == (int)k);
	}
}

/*
 * Where every box goes and what surrounds them: a frame in the same layout redraws only the
 * boxes whose key moved (j/k or one pod changing touch one or two boxes of a hundred).
 */
static uint64_t nodes_layout(const struct panel *p, const struct view *v, const struct grid *g,
			     const char *extra)
{
	struct rect in = panel_inner(p);
	int geometry[] = { g->cols, g->bw,  g->info, g->cell,  g->per_line,
			   p->top,  p->r.h, p->r.w,  p->focus, (int)ui.epoch };
	uint64_t h = hash_bytes(geometry, sizeof geometry, hash_u64(v->nnodes));
	int nbr = ((int)p->nrows + g->cols - 1) / g->cols;

	h = hash_bytes(p->filter, strlen(p->filter), hash_bytes(extra, strlen(extra), h));
	for (int br = p->top, y = in.y; br < nbr && y < in.y + in.h; br++) {
		int rh = row_height(p, v, g, br);
		h = hash_u64(h ^ (uint64_t)rh);
		y += rh;
	}
	return h;
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
	int sel_br = p->sel / g.cols, nbr = ((int)p->nrows + g.cols - 1) / g.cols;
	if (p->top > sel_br)
		p->top = sel_br;
	for (;;) {
		int h = 0;
		for (int br = p->top; br <= sel_br; br++)
			h += row_height(p, v, &g, br);
		if (h <= in.h || p->top == sel_br)
			break;
		p->top++;
	}
	bool erased = panel_parts_begin(p, nodes_layout(p, v, &g, extra), p->nrows);
	if (erased)
		panel_frame(p, extra);
	int y = in.y, shown = 0;
	for (int br = p->top; br < nbr && y < in.y + in.h; br++) {
		int h = row_height(p, v, &g, br);
		if (h > in.y + in.h - y && br > p->top)
			break; /* a row of boxes is drawn whole, or not: the marker below counts it */
		if (h > in.y + in.h - y)
			h = in.y + in.h - y; /* the selected row alone is taller than the panel */
		if (h < 3)
			break;
		for (int k = 0; k < g.cols; k++) {
			uint32_t row = (uint32_t)(br * g.cols + k);
			if (row < p->nrows) {
				node_box(p, v, &g, row, y, in.x + k * g.bw, h, erased);
				shown++;
			}
		}
		y += h;
	}
	/* nodes scrolled out, above or below: how many, on the bottom border */
	if (erased && shown < (int)p->nrows) {
		char more[32];
		snprintf(more, sizeof more, " +%d nodes ", (int)p->nrows - shown);
		put_right(p->win, p->r.h - 1, 2, p->r.w - 4, more, ROLE_DIM);
	}
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
	.hints = nodes_hints,
	.parts = true,
};
