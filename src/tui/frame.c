/*
 * One frame: the view copied (at most once, and not more than a fifth of
 * the time), then the header, every visible panel, the status line, the
 * caption and the help overlay, each only when what it shows moved, and
 * one doupdate().
 */
#include "app.h"

#include <stdio.h>
#include <string.h>

/* --- drawing --- */

static void draw_header(struct app *a)
{
	const struct view *v = &a->view;
	char when[32], speed[32], right[64], keys[24], state[160];
	int x = 0, w = COLS;

	player_state(a->play, state, sizeof state);
	struct {
		int64_t second;
		double speed;
		unsigned epoch;
		bool paused;
	} k;
	memset(&k, 0, sizeof k);
	k.second = v->now / 1000, k.speed = v->clock.speed, k.epoch = ui.epoch;
	k.paused = v->clock.paused;
	uint64_t key = hash_bytes(state, strlen(state), hash_bytes(&k, sizeof k, 0)) | 1;
	if (key == a->header_drawn)
		return;
	a->header_drawn = key;
	wbkgdset(a->header, ' ' | ui.attr[ROLE_HEADER]);
	werase(a->header);
	time_rfc3339(v->now, when, sizeof when);
	when[10] = ' ';
	snprintf(when + 19, sizeof when - 19,
		 " UTC"); /* the virtual clock's zone, as CronJobs' differ */
	snprintf(speed, sizeof speed, v->clock.speed < 1 ? "x%.1f" : "x%.0f", v->clock.speed);
	snprintf(right, sizeof right, "%s help ", keys_label(&a->keys, ACT_HELP, keys, sizeof keys));
	char clock[48], player[176];
	if (v->clock.paused)
		snprintf(clock, sizeof clock, " paused %s ", speed);
	else
		snprintf(clock, sizeof clock, "%s %s", ui.g->ascii ? ">" : "▶", speed);
	player[0] = '\0';
	if (state[0])
		snprintf(player, sizeof player, "   %s  ", state);
	/* the key labels (`< >` in the player's state, `? help`) stay whole: the title gives way */
	int fixed = 6 + text_width(when) + 2 + text_width(clock) + text_width(player) + 1 +
		    text_width(right);
	x += put_text(a->header, 0, x, w - x, " ksim ", ROLE_HEADER);
	if (a->o->title && w - fixed >= 6) /* " abc…": a shorter cut says nothing */
		x += put_fmt(a->header, 0, x, w - fixed, ROLE_HEADER, " %s ", a->o->title);
	x += 1 + put_text(a->header, 0, x + 1, w - x - 1, when, ROLE_HEADER) + 2;
	x += put_text(a->header, 0, x, w - x, clock, v->clock.paused ? ROLE_PAUSED : ROLE_HEADER);
	if (state[0])
		x += put_text(a->header, 0, x, w - x - text_width(right), player, ROLE_PAUSED);
	put_right(a->header, 0, x, w - x, right, ROLE_HEADER);
	wnoutrefresh(a->header);
}

/* Two actions that read as one hint ("↑↓ scroll"): Detail's scrolling keys. */
static const struct {
	enum action first, second;
	const char *hint;
} hint_pairs[] = { { ACT_UP, ACT_DOWN, "scroll" }, { ACT_LEFT, ACT_RIGHT, "sideways" } };

/* An arrow key's label as its arrow (unless ASCII), the others as keys_label gives them. */
static void hint_key(const struct keymap *km, enum action act, char *buf, size_t size)
{
	static const char *const arrows[][2] = {
		{ "Up", "↑" }, { "Down", "↓" }, { "Left", "←" }, { "Right", "→" }
	};

	keys_label(km, act, buf, size);
	for (size_t k = 0; !ui.g->ascii && k < ARRAY_LEN(arrows); k++)
		if (!strcmp(buf, arrows[k][0]))
			snprintf(buf, size, "%s", arrows[k][1]);
}

/* own[*i] as one hint, or own[*i] and own[*i + 1] when they are a pair (then *i moves past both). */
static void hint_of(const struct keymap *km, const enum action *own, int *i, struct hint *h)
{
	char one[24], two[24];

	hint_key(km, own[*i], one, sizeof one);
	snprintf(h->key, sizeof h->key, "%s", one);
	h->word = action_hint(own[*i]);
	for (size_t k = 0; k < ARRAY_LEN(hint_pairs); k++)
		if (own[*i] == hint_pairs[k].first && own[*i + 1] == hint_pairs[k].second) {
			hint_key(km, own[*i + 1], two, sizeof two);
			if (one[0] && two[0])
				snprintf(h->key, sizeof h->key, "%s%s%s", one,
					 text_width(one) > 1 ? "/" : "", two);
			h->word = hint_pairs[k].hint;
			++*i;
		}
	++*i;
}

/*
 * "f fail  r recover ..." for the focused panel, then the keys that always apply. Each key
 * shows whole with its label or not at all: by width, the most useful come first (help and
 * quit, then the panel's own keys and the general ones taking turns), kept in list order.
 */
static void hints_choose(struct app *a, int room, struct status_memo *m)
{
	static const enum action always[] = { ACT_NEXT_PANEL, ACT_PAUSE, ACT_COMMAND, ACT_ZOOM,
					      ACT_HELP,       ACT_QUIT,  ACT_NONE };
	const enum action *own = a->panels[a->focus].cls->hints;
	struct hint list[32];
	int rank[32];
	int n = 0, nown = 0, nrank = 0, width[32];
	bool shown[32] = { false };

	for (int i = 0; own[i] && n < 24;)
		hint_of(&a->keys, own, &i, &list[n++]);
	nown = n;
	for (int i = 0; always[i];)
		hint_of(&a->keys, always, &i, &list[n++]);
	rank[nrank++] = n - 2, rank[nrank++] = n - 1;                /* help, quit */
	for (int i = 0, j = nown; i < nown || j < n - 2; i++, j++) { /* the rest, alternating */
		if (i < nown)
			rank[nrank++] = i;
		if (j < n - 2)
			rank[nrank++] = j;
	}
	for (int i = 0; i < n; i++)
		width[i] = list[i].key[0] ? text_width(list[i].key) + 1 + text_width(list[i].word) + 2
					  : -1;
	for (int r = 0; r < nrank; r++)
		if (width[rank[r]] >= 0 && width[rank[r]] <= room) {
			shown[rank[r]] = true;
			room -= width[rank[r]];
		}
	m->nhints = 0;
	for (int i = 0; i < n; i++)
		if (shown[i])
			m->hints[m->nhints++] = list[i];
}

/* The hints from column x to w, chosen again only when the panel, the room or the theme moved. */
static void draw_hints(struct app *a, int x, int w)
{
	struct status_memo *m = &a->status_memo;
	struct {
		const enum action *own;
		const struct glyphs *g;
		unsigned epoch;
		int room;
	} k;
	memset(&k, 0, sizeof k);
	k.own = a->panels[a->focus].cls->hints, k.g = ui.g, k.epoch = ui.epoch;
	k.room = w - x + 2; /* the last item needs no gap after it */
	uint64_t key = hash_bytes(&k, sizeof k, 0) | 1;

	if (key != m->hints_for)
		hints_choose(a, k.room, m);
	m->hints_for = key;
	for (int i = 0; i < m->nhints; i++) {
		x += put_text(a->status, 0, x, w - x, m->hints[i].key, ROLE_KEY) + 1;
		x += put_text(a->status, 0, x, w - x, m->hints[i].word, ROLE_STATUS) + 2;
	}
}

static const struct vpod *selected_pod(const struct view *v, const struct target *t)
{
	for (uint32_t i = 0; t->kind == KIND_POD && i < v->npods; i++)
		if (v->pods[i].uid == t->uid)
			return &v->pods[i];
	return NULL;
}

/*
 * "readiness failed 2x (threshold 3), next in 6s", "readiness ok 3s ago, next
 * in 7s": describe's kubectl_probe_result() cut to the status line. The view is copied only when the
 * cluster changed, and a probe that gives the same success changes nothing:
 * so a due time past the view's clock stepped on by the period is still true.
 */
static void probe_summary(const struct view *v, const struct vprobe *pr, char *buf, size_t size)
{
	static const char *const kinds[PROBE_KINDS] = { "liveness", "readiness", "startup" };
	int64_t now = v->now, last = pr->last_ms, next = pr->next_ms;
	char ago[24] = "", in[24] = "";

	if ((next != TIME_NONE) && next <= now && pr->period_ms > 0 && pr->last == PROBE_SUCCESS) {
		int64_t steps = (now - next) / pr->period_ms;
		last = next + steps * pr->period_ms;
		next = last + pr->period_ms;
	}
	if ((last != TIME_NONE))
		duration_human(now - last, ago, sizeof ago);
	if ((next != TIME_NONE))
		duration_human(next > now ? next - now : 0, in, sizeof in);
	int n = last == TIME_NONE ? snprintf(buf, size, "%s not probed yet", kinds[pr->kind])
		: pr->last == PROBE_SUCCESS
		    ? snprintf(buf, size, "%s ok %s ago", kinds[pr->kind], ago)
		    : snprintf(buf, size, "%s failed %ux (threshold %d)", kinds[pr->kind], pr->run,
			       pr->failure_threshold);
	if (n > 0 && (size_t)n < size && (next != TIME_NONE || pr->on_hold))
		snprintf(buf + n, size - (size_t)n, ", %s%s",
			 next != TIME_NONE ? "next in " : "held", next != TIME_NONE ? in : "");
}

/*
 * What a selected pod waits on or its probe says, "" for anything else: looked up again only
 * for another view copy, selection or clock (the pods are scanned for it).
 */
static const char *selection_detail(struct status_memo *m, const struct view *v,
				    const struct target *t)
{
	char *buf = m->detail;
	size_t size = sizeof m->detail;
	struct {
		uint64_t serial;
		int64_t now;
		enum kind kind;
		uint32_t uid;
	} k;
	memset(&k, 0, sizeof k);
	k.serial = v->serial, k.now = v->now, k.kind = t->kind, k.uid = t->uid;
	uint64_t key = hash_bytes(&k, sizeof k, 0) | 1;
	const struct vpod *p;

	if (key == m->detail_for)
		return buf;
	m->detail_for = key;
	p = selected_pod(v, t);
	buf[0] = '\0';
	if (p && pod_waiting_reason(p))
		snprintf(buf, size, "%s ", p->status);
	else if (p && p->probe.kind < PROBE_KINDS) {
		probe_summary(v, &p->probe, buf, size - 1);
		strcat(buf, " ");
	}
	return buf;
}

static void draw_status(struct app *a)
{
	int w = COLS;
	struct target t;
	char sel[160];

	wbkgdset(a->status, ' ' | ui.attr[ROLE_STATUS]);
	werase(a->status);
	switch (a->mode) {
	case MODE_COMMAND:
		lineedit_draw(a->status, 0, 0, w, ":", &a->edit);
		break;
	case MODE_FILTER:
		lineedit_draw(a->status, 0, 0, w, "filter: /", &a->edit);
		break;
	case MODE_NUMBER:
		lineedit_draw(a->status, 0, 0, w, a->prompt, &a->edit);
		break;
	case MODE_CONFIRM:
		put_text(a->status, 0, 1, w - 1, a->prompt, ROLE_ERROR);
		break;
	default:
		if (a->message[0]) {
			put_text(a->status, 0, 1, w - 1, a->message,
				 a->message_error ? ROLE_ERROR : ROLE_MESSAGE);
			break;
		}
		sel[0] = '\0';
		int room = w / 3;
		if (app_selection(a, &t) && t.kind != KIND_NONE) {
			const char *detail = selection_detail(&a->status_memo, &a->view, &t);
			snprintf(sel, sizeof sel, " %s/%.*s %s", kind_info(t.kind)->singular,
				 VIEW_NAME - 1, t.name, detail);
			if (detail[0]) /* a pod's probe or wait is worth the room */
				room = w / 2;
		}
		int sw = text_width(sel) < room ? text_width(sel) : room;
		draw_hints(a, 1, w - sw - 1);
		put_right(a->status, 0, w - sw, sw, sel, ROLE_MESSAGE);
		break;
	}
	if (a->mode == MODE_COMMAND && a->message[0]) /* completion candidates above the line */
		put_text(a->status, 0, w / 2, w - w / 2, a->message, ROLE_MESSAGE);
	wnoutrefresh(a->status);
}

int app_help_height(void)
{
	return LINES - 2 < 30 ? LINES - 2 : 30;
}

static void draw_help(struct app *a)
{
	int h = app_help_height(), w = COLS - 4 < 100 ? COLS - 4 : 100;

	if (!a->help)
		a->help = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	a->help_lines = help_draw(a->help, &a->keys, a->help_top);
	wnoutrefresh(a->help);
}

void app_frame(struct app *a)
{
	struct view *v = &a->view;

	if (a->too_small) {
		char lines[3][32];
		snprintf(lines[0], sizeof lines[0], "terminal too small");
		snprintf(lines[1], sizeof lines[1], "need %dx%d", MIN_COLS, MIN_LINES);
		snprintf(lines[2], sizeof lines[2], "now %dx%d", COLS, LINES);
		werase(stdscr);
		for (int i = 0; i < 3; i++) {
			int len = (int)strlen(lines[i]);
			mvwaddnstr(stdscr, (LINES - 3) / 2 + i, len < COLS ? (COLS - len) / 2 : 0,
				   lines[i], COLS);
		}
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	app_clock(a, &v->clock);
	uint64_t t0 = runner_wall_ns();
	a->view_stale = t0 < a->view_due;
	if (!a->view_stale) { /* 200,000 pods take tens of ms to copy: keys must not wait for each */
		view_update(v, runner_cluster(a->r));
		a->view_due = t0 + 4 * (runner_wall_ns() - t0);
	}
	if (v->serial != a->nodes_h_serial) { /* the cluster changed: does Nodes need more room? */
		/* a line to spare: a pod replaced (the old one terminating beside the new) or one
		   more pod does not push every panel down mid-lesson */
		int want = panel_nodes_height(&a->panels[P_NODES], v, COLS) + 1;
		unsigned filled = a->filled | (v->ndss ? 1u << P_DAEMONSETS : 0) |
				  (v->njobs ? 1u << P_JOBS : 0) |
				  (v->ncrons ? 1u << P_CRONJOBS : 0) | (v->nsets ? 1u << P_SETS : 0) |
				  (v->ndeploys ? 1u << P_DEPLOYMENTS : 0);
		a->nodes_h_serial = v->serial;
		if (want > a->nodes_h ||
		    filled != a->filled) { /* grow only: panels that jump about are hard to follow */
			a->nodes_h = want > a->nodes_h ? want : a->nodes_h;
			a->filled = filled;
			app_layout(a);
		}
	}
	v->now = a->cast ? v->cluster_now : runner_clock_at(&v->clock, runner_wall_ns());
	if (v->now < v->cluster_now)
		v->now = v->cluster_now;
	if (a->mode != MODE_HELP && a->help) {
		delwin(a->help);
		a->help = NULL;
		for (int i = 0; i < P_COUNT; i++) /* uncover what the overlay hid */
			a->panels[i].drawn = 0;
		a->header_drawn = a->caption_drawn = 0;
	}
	uint64_t caption_key = hash_bytes(player_caption(a->play), strlen(player_caption(a->play)),
					  hash_u64(ui.epoch)) |
			       1;
	if (a->caption && caption_key != a->caption_drawn && a->caption_h < CAPTION_MAX) {
		/* long text wraps whole: the bar grows (only) to the longest caption yet */
		int need = put_wrapped(NULL, 0, 0, COLS - 2, 0, player_caption(a->play),
				       ROLE_CAPTION);
		if (need > a->caption_h) {
			a->caption_h = need < CAPTION_MAX ? need : CAPTION_MAX;
			app_layout(a);
		}
	}
	draw_header(a);
	for (int i = 0; i < P_COUNT; i++) {
		a->panels[i].focus = a->focus == (enum panel_id)i;
		panel_draw(&a->panels[i], v);
	}
	draw_status(a);
	if (a->caption && caption_key != a->caption_drawn) {
		a->caption_drawn = caption_key;
		wbkgdset(a->caption, ' ' | ui.attr[ROLE_CAPTION]);
		werase(a->caption);
		put_wrapped(a->caption, 0, 1, COLS - 2, a->caption_h, player_caption(a->play),
			    ROLE_CAPTION);
		wnoutrefresh(a->caption);
	}
	if (a->mode == MODE_HELP)
		draw_help(a);
	doupdate();
}
