/*
 * Events, newest at the bottom as `kubectl get events` sorts them: virtual
 * time, type, reason, object, message. Below the list, the selected event's
 * message in full and its `why` (the rule that fired), which is where the
 * teaching is. The list follows the newest event until the user moves up.
 */
#include "internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

static void events_rows(struct panel *p, const struct view *v)
{
	for (uint32_t i = 0; i < v->nevents; i++) {
		const struct vevent *e = &v->events[i];
		if (panel_match(p, e->object) || panel_match(p, e->reason) || panel_match(p, e->msg))
			panel_add_row(p, i);
	}
	if (p->follow)
		p->sel = (int)p->nrows - 1;
}

static bool events_target(const struct panel *p, const struct view *v, struct target *t)
{
	uint32_t i = panel_selected(p);
	const char *slash;

	if (i == NONE32)
		return false;
	/* the event's object: "cronjob/hello" */
	slash = strchr(v->events[i].object, '/');
	t->kind = (enum kind)v->events[i].kind;
	t->uid = v->events[i].uid;
	t->idx = NONE32;
	t->ns[0] = t->node[0] = '\0';
	snprintf(t->name, sizeof t->name, "%s", slash ? slash + 1 : "");
	for (uint32_t k = 0; k < v->npods && t->kind == KIND_POD; k++)
		if (v->pods[k].uid == t->uid || strcmp(v->pods[k].name, t->name) == 0) {
			target_pod(v, k, t);
			break;
		}
	return true;
}

static bool events_key(struct panel *p, const struct view *v, enum action act)
{
	(void)v;
	/*
	 * moving up stops following the newest; End follows again. Enter and L
	 * stop too: the event the hint bar named (the rows of the last frame) is
	 * the one described, and it stays selected instead of running on.
	 */
	if (act == ACT_UP || act == ACT_PAGE_UP || act == ACT_HOME || act == ACT_DESCRIBE ||
	    act == ACT_LOGS)
		p->follow = false;
	else if (act == ACT_END)
		p->follow = true;
	return false;
}

/* The widest of a field over the rows, at most cap. */
static int events_widest(const struct panel *p, const struct view *v, size_t field, int cap)
{
	int most = 0;

	for (uint32_t r = 0; r < p->nrows && most < cap; r++) {
		int w = text_width((const char *)&v->events[p->rows[r]] + field);
		most = w > most ? w : most;
	}
	return most < cap ? most : cap;
}

static void events_draw(struct panel *p, const struct view *v)
{
	struct rect in = panel_inner(p);
	/*
	 * Reasons and objects are never cut: the reason column is as wide as the widest; the
	 * objects get a column when it fits whole beside a message of MSG_MIN, else each leads
	 * its message. The type is one letter below 100 columns.
	 */
	enum { MSG_MIN = 30 };
	int type_w = in.w < 100 ? 2 : 8;
	int room = in.w - 9 - type_w - 1 - MSG_MIN; /* InvalidEnvironmentVariableNames is 31 */
	int reason_w = events_widest(p, v, offsetof(struct vevent, reason), room > 28 ? room : 28);
	int obj_w = events_widest(p, v, offsetof(struct vevent, object), in.w);
	char when[32], why[sizeof v->events[0].why + 8];

	bool narrow = type_w == 2;
	if (9 + type_w + reason_w + 1 + obj_w + 1 + MSG_MIN > in.w)
		obj_w = 0;
	panel_frame(p, p->follow ? NULL : "End: follow");
	if (!p->nrows) {
		put_text(p->win, in.y, in.x, in.w,
			 p->filter[0] ? "no event matches" : "no events yet", ROLE_DIM);
		return;
	}
	/* the selected event's message when the row cut it, then why, at the bottom */
	const struct vevent *s = &v->events[p->rows[p->sel]];
	snprintf(why, sizeof why, "why: %s", s->why);
	int msg_w = in.w - 9 - type_w - reason_w - (obj_w ? obj_w : text_width(s->object)) - 2;
	int ml = in.h >= 8 && text_width(s->msg) > msg_w
		     ? put_wrapped(p->win, -1, in.x, in.w, 0, s->msg, ROLE_NORMAL)
		     : 0;
	int wl = s->why[0] ? put_wrapped(p->win, -1, in.x, in.w, 0, why, ROLE_WHY) : 0;
	ml = ml > 2 ? 2 : ml;
	wl = wl > (in.h >= 8 ? 3 : 2) ? (in.h >= 8 ? 3 : 2) : wl;
	int sep = in.h >= 8 && (ml || wl);
	int list_h = in.h - ml - wl - sep;
	if (list_h < 2)
		ml = wl = sep = 0, list_h = in.h;

	panel_scroll_to(p, p->sel, list_h);
	for (int r = p->top, y = in.y; r < (int)p->nrows && y < in.y + list_h; r++, y++) {
		const struct vevent *e = &v->events[p->rows[r]];
		bool sel = r == p->sel && (p->focus || !p->follow);
		int x = in.x;
		time_rfc3339(e->time, when, sizeof when);
		when[19] = '\0'; /* hh:mm:ss, no Z */
		x += put_text(p->win, y, x, 8, when + 11, sel ? ROLE_SELECTION : ROLE_DIM) + 1;
		put_text(p->win, y, x, type_w - 1,
			 e->warning ? (narrow ? "W" : "Warning") : (narrow ? "N" : "Normal"),
			 e->warning ? ROLE_EVENT_WARNING : ROLE_EVENT_NORMAL);
		x += type_w;
		int used = put_text(p->win, y, x, reason_w, e->reason,
				    e->warning ? ROLE_EVENT_WARNING : ROLE_EVENT_NORMAL);
		x += (used < reason_w ? reason_w : used) + 1;
		if (obj_w) {
			used = put_text(p->win, y, x, obj_w, e->object, ROLE_TITLE);
			x += (used < obj_w ? obj_w : used) + 1;
		} else {
			x += put_text(p->win, y, x, in.x + in.w - x, e->object, ROLE_TITLE) + 1;
		}
		put_text(p->win, y, x, in.x + in.w - x, e->msg, ROLE_NORMAL);
	}
	int y = in.y + list_h;
	if (sep)
		draw_hline(p->win, y++, in.x, in.w, ROLE_BORDER);
	if (ml)
		put_wrapped(p->win, y, in.x, in.w, ml, s->msg, ROLE_NORMAL);
	if (wl)
		put_wrapped(p->win, y + ml, in.x, in.w, wl, why, ROLE_WHY);
}

static const enum action events_hints[] = { ACT_DESCRIBE, ACT_FILTER, ACT_END, ACT_NONE };

const struct panel_class panel_events = {
	.title = "Events",
	.rows = events_rows,
	.draw = events_draw,
	.target = events_target,
	.key = events_key,
	.hints = events_hints,
};
