/*
 * Where the panels go: a layout by terminal size (80x24 shows Nodes, one
 * workload panel and Events), the work slot that shows the focused workload
 * panel when the layout has no place of its own for it, and the height
 * Nodes takes from its slot.
 */
#include "app.h"

#include <math.h>

struct slot {
	int panel;        /* enum panel_id, or SLOT_WORK */
	float x, y, w, h; /* fractions of the body */
	bool share;       /* stacked with the next ones: heights by need (layout_share) */
};

#define SLOT_WORK P_COUNT /* the slot that shows the focused workload panel */

/*
 * Layouts by terminal size: 80x24 shows nodes, one workload panel, events; Detail joins
 * them at 120x32; from 160x40 all seven in two columns, the workload panels stacked on the
 * left. Columns widen with the screen before panels multiply (three columns of 66 at
 * 200x60 cut the names, reasons and taints a lesson is about).
 */
static const struct slot layouts[3][8] = {
	[LAYOUT_SMALL] = { { P_NODES, 0, 0, 1, .40f },
			   { SLOT_WORK, 0, .40f, 1, .32f },
			   { P_EVENTS, 0, .72f, 1, .28f },
			   { -1 } },
	[LAYOUT_MEDIUM] = { { P_NODES, 0, 0, 1, .38f },
			    { SLOT_WORK, 0, .38f, .6f, .34f },
			    { P_EVENTS, 0, .72f, .6f, .28f },
			    { P_DETAIL, .6f, .38f, .4f, .62f },
			    { -1 } },
	[LAYOUT_LARGE] = { { P_NODES, 0, 0, 1, .36f },
			   { P_DAEMONSETS, 0, .36f, .5f, .16f, true },
			   { P_JOBS, 0, .52f, .5f, .16f, true },
			   { P_CRONJOBS, 0, .68f, .5f, .16f, true },
			   { SLOT_WORK, 0, .84f, .5f, .16f, true }, /* Sets or Deployments */
			   { P_EVENTS, .5f, .36f, .5f, .30f },
			   { P_DETAIL, .5f, .66f, .5f, .34f },
			   { -1 } },
};

/*
 * Space goes to what needs it: of the stacked workload panels (slot.share), one that never
 * had an object (app.filled) keeps a box of EMPTY_H lines, the others share the rest.
 * y0/y1 hold each slot's first and end line and are moved in place.
 */
#define EMPTY_H 3

/* The panel a slot shows: its own, or the work slot's turn. */
static int slot_panel(const struct app *a, const struct slot *s)
{
	return s->panel == SLOT_WORK ? (int)a->work : s->panel;
}

static void layout_share(const struct app *a, const struct slot *slots, int *y0, int *y1)
{
	int first = -1, last = -1, full = 0, empty = 0;

	for (int s = 0; slots[s].panel >= 0; s++)
		if (slots[s].share) {
			first = first < 0 ? s : first;
			last = s;
			a->filled & (1u << slot_panel(a, &slots[s])) ? full++ : empty++;
		}
	if (!full || !empty)
		return;
	int top = y0[first], room = y1[last] - top - empty * EMPTY_H;
	int each = room / full, extra = room % full;
	for (int s = first; s <= last; s++) {
		int h = !(a->filled & (1u << slot_panel(a, &slots[s]))) ? EMPTY_H : each + (extra-- > 0);
		y0[s] = top;
		y1[s] = top += h;
	}
}

/* --- layout --- */

bool app_in_layout(const struct app *a, enum panel_id id)
{
	for (const struct slot *s = layouts[a->layout]; s->panel >= 0; s++)
		if (s->panel == (int)id || (s->panel == SLOT_WORK && a->work == id))
			return true;
	return false;
}

/*
 * The whole screen drawn again from blank: windows moved, or Ctrl-L. What no
 * window covers is erased too (stdscr), so nothing of an older layout stays.
 */
void app_repaint(struct app *a)
{
	for (int i = 0; i < P_COUNT; i++)
		a->panels[i].drawn = 0;
	a->header_drawn = a->caption_drawn = 0;
	wbkgdset(stdscr, ' ' | ui.attr[ROLE_NORMAL]);
	werase(stdscr);
	wnoutrefresh(stdscr);
	clearok(curscr, TRUE);
}

void app_windows_free(struct app *a)
{
	WINDOW **wins[] = { &a->header, &a->status, &a->help, &a->caption };

	for (size_t i = 0; i < ARRAY_LEN(wins); i++) {
		if (*wins[i])
			delwin(*wins[i]);
		*wins[i] = NULL;
	}
}

void app_layout(struct app *a)
{
	int lines = LINES, cols = COLS;

	app_windows_free(a);
	a->header_drawn = a->caption_drawn = 0;
	a->header = newwin(1, cols, 0, 0);
	a->status = newwin(1, cols, lines - 1, 0);
	keypad(a->header, TRUE); /* keys are read through the header: it is never left touched */
	nodelay(a->header, TRUE);
	a->too_small = cols < MIN_COLS || lines < MIN_LINES;
	a->layout = cols >= 160 && lines >= 40   ? LAYOUT_LARGE
		    : cols >= 120 && lines >= 32 ? LAYOUT_MEDIUM
						 : LAYOUT_SMALL;
	unsigned shared = (1u << P_COUNT) - 1; /* the panels the work slot takes turns showing */
	for (const struct slot *s = layouts[a->layout]; s->panel >= 0; s++)
		shared &= s->panel == SLOT_WORK ? ~0u : ~(1u << s->panel);
	/* one with a slot of its own here would be two slots, one window: another takes its turn
	   (every layout has a work slot and fewer slots than panels, so shared is never 0;
	   __builtin_ctz(0) would be undefined) */
	if (shared && !(shared & 1u << a->work))
		a->work = shared & 1u << a->work_before ? a->work_before
							: (enum panel_id)__builtin_ctz(shared);
	for (int i = 0; i < P_COUNT; i++)
		panel_layout(&a->panels[i], (struct rect){ 0, 0, 0, 0 });
	if (a->too_small)
		return;
	int bh = lines - 2;
	if (a->o->play) { /* a demo's captions get two lines above the status line */
		a->caption_h = a->caption_h > CAPTION_LINES ? a->caption_h : CAPTION_LINES;
		a->caption = newwin(a->caption_h, cols, lines - 1 - a->caption_h, 0);
		bh -= a->caption_h;
	}
	const struct slot *top = &layouts[a->layout][0]; /* Nodes, across the top */
	int top_h = (int)lroundf(top->h * (float)bh);
	if (a->nodes_h > 0 && a->nodes_h < top_h)
		top_h = a->nodes_h; /* the rest move up into what Nodes does not need */
	for (int i = 0; i < P_COUNT; i++)
		a->panels[i].tabs = 0;
	if (a->zoom) { /* the focused panel takes the whole body */
		panel_layout(&a->panels[a->focus], (struct rect){ 1, 0, bh, cols });
		app_repaint(a);
		return;
	}
	const struct slot *slots = layouts[a->layout];
	int y0[8], y1[8];
	float scale = (float)(bh - top_h) / (1 - top->h);
	for (int s = 0; slots[s].panel >= 0; s++) {
		y0[s] = s == 0 ? 0 : top_h + (int)lroundf((slots[s].y - top->h) * scale);
		y1[s] = s == 0 ? top_h : top_h + (int)lroundf((slots[s].y + slots[s].h - top->h) * scale);
	}
	layout_share(a, slots, y0, y1);
	for (int s = 0; slots[s].panel >= 0; s++) {
		int id = slot_panel(a, &slots[s]);
		if (slots[s].panel == SLOT_WORK && shared & (shared - 1)) /* two or more: name them */
			a->panels[id].tabs = shared;
		int x0 = (int)lroundf(slots[s].x * (float)cols),
		    x1 = (int)lroundf((slots[s].x + slots[s].w) * (float)cols);
		panel_layout(&a->panels[id], (struct rect){ 1 + y0[s], x0, y1[s] - y0[s], x1 - x0 });
	}
	if (!app_in_layout(a, a->focus))
		a->focus = P_NODES;
	app_repaint(a);
}

/* Focuses a panel, bringing a workload panel into the work slot if the layout has no place for it. */
void app_focus_panel(struct app *a, enum panel_id id)
{
	bool moved = !app_in_layout(a, id);

	if (moved) {
		if (a->work != P_DETAIL)
			a->work_before = a->work;
		a->work = id;
	}
	a->focus = id;
	if (moved || a->zoom)
		app_layout(a);
}

void app_show_detail(struct app *a)
{
	if (!app_in_layout(a, P_DETAIL) || a->zoom)
		app_focus_panel(a, P_DETAIL);
}

void app_zoom(struct app *a, bool on)
{
	a->zoom = on;
	app_layout(a);
}
