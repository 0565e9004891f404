/*
 * The bottom line when it takes text: the `:` command line (with history
 * and Tab completion of verbs, kinds and the names the view holds), the `/`
 * filter and number prompts; and the `?` overlay listing every key.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/kubectl.h"
#include "ksim/session.h"

#define CTRL(c) ((c)&0x1f)

void lineedit_set(struct lineedit *e, const char *text)
{
	snprintf(e->buf, sizeof e->buf, "%s", text);
	e->len = e->cur = (int)strlen(e->buf);
}

/* Byte length of the UTF-8 character ending just before byte i. */
static int back_len(const struct lineedit *e, int i)
{
	int n = 1;

	while (i - n > 0 && ((unsigned char)e->buf[i - n] & 0xc0) == 0x80)
		n++;
	return n;
}

static int fwd_len(const struct lineedit *e, int i)
{
	int n = 1;

	while (i + n < e->len && ((unsigned char)e->buf[i + n] & 0xc0) == 0x80)
		n++;
	return n;
}

static void cut(struct lineedit *e, int from, int to)
{
	memmove(e->buf + from, e->buf + to, (size_t)(e->len - to + 1));
	e->len -= to - from;
	e->cur = from;
}

static void insert_char(struct lineedit *e, int key)
{
	char u[4];
	int n;

	if (key < 0x80)
		u[0] = (char)key, n = 1;
	else if (key < 0x800)
		u[0] = (char)(0xc0 | key >> 6), u[1] = (char)(0x80 | (key & 0x3f)), n = 2;
	else if (key < 0x10000)
		u[0] = (char)(0xe0 | key >> 12), u[1] = (char)(0x80 | (key >> 6 & 0x3f)),
		u[2] = (char)(0x80 | (key & 0x3f)), n = 3;
	else
		u[0] = (char)(0xf0 | key >> 18), u[1] = (char)(0x80 | (key >> 12 & 0x3f)),
		u[2] = (char)(0x80 | (key >> 6 & 0x3f)), u[3] = (char)(0x80 | (key & 0x3f)), n = 4;
	if (e->len + n >= (int)sizeof e->buf)
		return;
	memmove(e->buf + e->cur + n, e->buf + e->cur, (size_t)(e->len - e->cur + 1));
	memcpy(e->buf + e->cur, u, (size_t)n);
	e->len += n;
	e->cur += n;
}

bool lineedit_key(struct lineedit *e, int key)
{
	if (key == FKEY(KEY_LEFT) || key == CTRL('b')) {
		if (e->cur > 0)
			e->cur -= back_len(e, e->cur);
	} else if (key == FKEY(KEY_RIGHT) || key == CTRL('f')) {
		if (e->cur < e->len)
			e->cur += fwd_len(e, e->cur);
	} else if (key == FKEY(KEY_HOME) || key == CTRL('a')) {
		e->cur = 0;
	} else if (key == FKEY(KEY_END) || key == CTRL('e')) {
		e->cur = e->len;
	} else if (key == FKEY(KEY_BACKSPACE) || key == 127 || key == CTRL('h')) {
		if (e->cur > 0)
			cut(e, e->cur - back_len(e, e->cur), e->cur);
	} else if (key == FKEY(KEY_DC) || key == CTRL('d')) {
		if (e->cur < e->len)
			cut(e, e->cur, e->cur + fwd_len(e, e->cur));
	} else if (key == CTRL('u')) {
		cut(e, 0, e->cur);
	} else if (key == CTRL('w')) {
		int from = e->cur;
		while (from > 0 && e->buf[from - 1] == ' ')
			from--;
		while (from > 0 && e->buf[from - 1] != ' ')
			from--;
		cut(e, from, e->cur);
	} else if (key >= 32 && key < 0x110000 && key != 127) {
		insert_char(e, key);
	} else {
		return false;
	}
	return true;
}

void lineedit_draw(WINDOW *w, int y, int x, int width, const char *prompt, const struct lineedit *e)
{
	int pw = put_text(w, y, x, width, prompt, ROLE_KEY);
	int room = width - pw - 1;
	char before[sizeof e->buf];
	const char *shown = before;

	if (room < 4)
		return;
	snprintf(before, sizeof before, "%.*s", e->cur, e->buf);
	while (text_width(shown) > room - 1) /* keep the cursor in view */
		shown++;
	x += pw;
	x += put_text(w, y, x, room, shown, ROLE_STATUS);
	char at[8] = " ";
	if (e->cur < e->len)
		snprintf(at, sizeof at, "%.*s", fwd_len(e, e->cur), e->buf + e->cur);
	put_text(w, y, x, 1, at, ROLE_SELECTION);
	if (e->cur < e->len)
		put_text(w, y, x + 1, width - (x + 1), e->buf + e->cur + strlen(at), ROLE_STATUS);
}

/* --- completion --- */

struct cands {
	const char *word; /* the prefix typed */
	size_t wlen;
	const char *pre; /* "cronjob/" kept before names, or "" */
	int n;
	char first[128], common[128];
	char list[256];
};

static void cand(struct cands *c, const char *s)
{
	if (strncmp(s, c->word, c->wlen) != 0)
		return;
	if (c->n == 0) {
		snprintf(c->first, sizeof c->first, "%s%s", c->pre, s);
		snprintf(c->common, sizeof c->common, "%s%s", c->pre, s);
	} else {
		size_t k = strlen(c->pre);
		while (c->common[k] && c->common[k] == s[k - strlen(c->pre)])
			k++;
		c->common[k] = '\0';
	}
	if (strlen(c->list) + strlen(s) + 2 < sizeof c->list)
		snprintf(c->list + strlen(c->list), sizeof c->list - strlen(c->list), "%s%s",
			 c->n ? " " : "", s);
	c->n++;
}

static void names_of(struct cands *c, const struct view *v, enum kind kind)
{
	const struct vowner *o;

	for (uint32_t i = 0; kind == KIND_NODE && i < v->nnodes; i++)
		cand(c, v->nodes[i].name);
	for (uint32_t i = 0; kind == KIND_POD && i < v->npods; i++)
		cand(c, v->pods[i].name);
	for (uint32_t i = 0; (o = view_owner(v, kind, i)); i++)
		if (o->kind == kind)
			cand(c, o->name);
}

/* The verbs whose first word is a node or a pod, not a kind. */
static enum kind implied_kind(const char *verb)
{
	static const char *const node_verbs[] = { "cordon", "uncordon", "drain" };

	for (size_t i = 0; i < ARRAY_LEN(node_verbs); i++)
		if (strcmp(verb, node_verbs[i]) == 0)
			return KIND_NODE;
	return strcmp(verb, "logs") == 0 ? KIND_POD : KIND_NONE;
}

void lineedit_complete(struct lineedit *e, const struct view *v, char *msg, size_t size)
{
	char *words[16], copy[sizeof e->buf];
	int nw = 0, start = e->cur;
	struct cands c;

	while (start > 0 && e->buf[start - 1] != ' ')
		start--;
	snprintf(copy, sizeof copy, "%.*s", start, e->buf);
	for (char *t = strtok(copy, " "); t && nw < 16; t = strtok(NULL, " "))
		if (t[0] != '-')
			words[nw++] = t;
	int first = nw && (strcmp(words[0], "kubectl") == 0 || strcmp(words[0], "ksim") == 0);
	char word[sizeof e->buf], pre[sizeof e->buf + 1];
	snprintf(word, sizeof word, "%.*s", e->cur - start, e->buf + start);
	memset(&c, 0, sizeof c);
	c.word = word;
	c.wlen = strlen(word); /* before any candidate: a verb is matched against it too */
	c.pre = "";
	if (nw == first) {
		for (size_t i = 0; kubectl_verbs[i]; i++)
			cand(&c, kubectl_verbs[i]->name);
		for (size_t i = 0; session_verbs[i]; i++)
			cand(&c, session_verbs[i]->name);
	} else {
		const char *verb = words[first];
		enum kind kind = implied_kind(verb);
		char *slash = strchr(word, '/');
		if (slash) {
			*slash = '\0';
			kind = kind_parse(word);
			c.word = slash + 1;
			snprintf(pre, sizeof pre, "%s/", word);
			c.pre = pre;
			c.wlen = strlen(c.word);
			if (kind != KIND_NONE)
				names_of(&c, v, kind);
			goto done;
		}
		if (kind == KIND_NONE && nw > first + 1)
			kind = kind_parse(words[first + 1]);
		if (kind != KIND_NONE && (nw > first + 1 || implied_kind(verb) != KIND_NONE))
			names_of(&c, v, kind);
		else
			for (int k = 0; k < KIND_COUNT;
			     k++) /* kubectl completes resource types by plural */
				cand(&c, kind_info((enum kind)k)->plural);
	}
done:
	msg[0] = '\0';
	if (c.n == 0)
		return;
	const char *put = c.n == 1 ? c.first : c.common;
	char rest[sizeof e->buf];
	snprintf(rest, sizeof rest, "%s", e->buf + e->cur);
	e->len = start;
	e->cur = start;
	e->buf[start] = '\0';
	for (const char *s = put; *s; s++)
		insert_char(e, (unsigned char)*s);
	if (c.n == 1)
		insert_char(e, ' ');
	int at = e->cur;
	for (const char *s = rest; *s; s++)
		insert_char(e, (unsigned char)*s);
	e->cur = at;
	if (c.n > 1)
		snprintf(msg, size, "%s", c.list);
}

/* --- history --- */

void cmdhist_push(struct cmdhist *h, const char *line)
{
	if (!line[0] || (h->n && strcmp(h->items[h->n - 1], line) == 0)) {
		h->pos = h->n;
		return;
	}
	if (h->n == CMDHIST_MAX) {
		free(h->items[0]);
		memmove(h->items, h->items + 1, (CMDHIST_MAX - 1) * sizeof *h->items);
		h->n--;
	}
	h->items[h->n++] = xstrdup(line);
	h->pos = h->n;
}

void cmdhist_move(struct cmdhist *h, int dir, struct lineedit *e)
{
	int pos = h->pos + dir;

	if (pos < 0 || pos > h->n)
		return;
	h->pos = pos;
	lineedit_set(e, pos == h->n ? "" : h->items[pos]);
}

void cmdhist_free(struct cmdhist *h)
{
	for (int i = 0; i < h->n; i++)
		free(h->items[i]);
	memset(h, 0, sizeof *h);
}

/* --- help --- */

static const struct {
	const char *title;
	enum action acts[14];
} help_groups[] = {
	{ "Move",
	  { ACT_NEXT_PANEL, ACT_PREV_PANEL, ACT_PANEL_1, ACT_UP, ACT_DOWN, ACT_LEFT, ACT_RIGHT,
	    ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_HOME, ACT_END, ACT_FILTER, ACT_BACK } },
	{ "Look",
	  { ACT_DESCRIBE, ACT_LOGS, ACT_ZOOM, ACT_WRAP, ACT_COMMAND, ACT_THEME, ACT_REDRAW,
	    ACT_HELP } },
	{ "Clock", { ACT_PAUSE, ACT_FASTER, ACT_SLOWER, ACT_STEP, ACT_NEXT_CRON } },
	{ "Act on the selection",
	  { ACT_SUSPEND, ACT_TRIGGER, ACT_FAIL_NODE, ACT_RECOVER_NODE, ACT_CORDON, ACT_UNCORDON,
	    ACT_DELETE, ACT_CRASH, ACT_SCALE, ACT_QUIT } },
};

/* A legend: a title, then glyph + word pairs, wrapped; returns the lines used. */
static int legend(WINDOW *w, int y, int width, const char *title, const char *const *glyph,
		  const char *const *words, const enum role *roles, int n)
{
	int x = 7, lines = 1;

	put_text(w, y, 0, 6, title, ROLE_TITLE);
	for (int i = 0; i < n; i++) {
		int gw = text_width(glyph[i]), need = gw + 1 + text_width(words[i]);
		if (x + need > width && x > 7)
			x = 7, lines++, y++;
		put_text(w, y, x, gw, glyph[i], roles[i]);
		x += gw + 1 + put_text(w, y, x + gw + 1, width - x - gw - 1, words[i], ROLE_NORMAL) + 2;
	}
	return lines;
}

/* Keys that are no action of keys.yaml: the player's and the terminal's. */
static const struct {
	const char *keys, *help;
} fixed_keys[] = {
	{ "> PgDn", "demo: next step (PgDn pages a long Detail)" },
	{ "< PgUp", "demo: a step back, re-simulated" },
	{ "^C", "quit at once (q asks when recording)" },
	{ "^Z", "suspend, the clock stopped; fg resumes" },
};

/* One key row: keys, what they do, and the action's name as keys.yaml takes it. */
static void help_row(WINDOW *in, int y, int x, int width, const char *keys, const char *help,
		     const char *name)
{
	put_text(in, y, x, 9, keys[0] ? keys : "-", ROLE_KEY);
	int used = put_text(in, y, x + 10, width - 11, help, ROLE_NORMAL);
	if (name[0])
		put_fmt(in, y, x + 11 + used, width - 12 - used, ROLE_DIM, "(%s)", name);
}

int help_draw(WINDOW *w, const struct keymap *km, int top)
{
	static const char *const pod_words[PS_COUNT] = {
		"pending", "creating", "running", "succeeded", "failed",
		"crash loop", "terminating", "unknown", "not ready", "deleted"
	};
	static const char *const run_words[RUN_COUNT] = { "running",  "succeeded", "failed",
							  "skipped",  "replaced",  "missed",
							  "suspended" };
	static const char *const owner_glyphs[] = { "D", "R", "J", "S", "C", "-" };
	static const char *const owner_words[] = {
		"DaemonSet", "ReplicaSet", "Job", "StatefulSet", "ReplicationController", "none"
	};
	static const enum role owner_roles[] = { ROLE_POD_DAEMON, ROLE_OWNER, ROLE_OWNER,
						 ROLE_OWNER,      ROLE_OWNER, ROLE_OWNER };
	static const enum pstate lane_states[] = { PS_PENDING, PS_RUNNING,   PS_NOT_READY,
						   PS_SUCCEEDED, PS_FAILED, PS_GONE };
	static const char *const lane_words[] = { "pending",   "running", "not ready",
						  "succeeded", "failed",  "deleted unfinished" };
	static const char *const event_glyphs[] = { "N", "W" };
	static const char *const event_words[] = { "Normal", "Warning" };
	static const enum role event_roles[] = { ROLE_EVENT_NORMAL, ROLE_EVENT_WARNING };
	const char *mark_glyphs[] = { ui.g->ellipsis, "+N", "-" };
	static const char *const mark_words[] = { "cut: the whole text in describe or z",
						  "more pods or nodes (j/PgDn reach them)",
						  "no pod of the DaemonSet on that node" };
	static const enum role mark_roles[] = { ROLE_DIM, ROLE_DIM, ROLE_DIM };
	enum role pod_roles[PS_COUNT], run_roles[RUN_COUNT], lane_roles[ARRAY_LEN(lane_states)];
	const char *lane_glyphs[ARRAY_LEN(lane_states)];
	int h, wd, ys[2] = { 0, 0 }, col_w;
	char keys[64], panels[256];

	getmaxyx(w, h, wd);
	werase(w);
	draw_box(w, 0, 0, h, wd, "ksim keys  (j/k scroll, any other key closes)", true);
	/* the inside, scrolled: lines above top fall outside the window and are dropped */
	WINDOW *in = derwin(w, h - 2, wd - 4, 1, 2);
	if (!in)
		return 0;
	wd -= 4;
	int widest = 0; /* two columns when every row keeps its action's name */
	for (size_t g = 0; g < ARRAY_LEN(help_groups); g++)
		for (int a = 0; a < 14 && help_groups[g].acts[a]; a++) {
			enum action act = help_groups[g].acts[a];
			int rw = 14 + text_width(action_help(act)) + text_width(action_name(act));
			widest = rw > widest ? rw : widest;
		}
	col_w = widest < wd / 2 ? wd / 2 : wd;
	for (size_t g = 0; g < ARRAY_LEN(help_groups); g++) {
		int col = col_w < wd ? (int)g % 2 : 0, x = col * col_w, gy = ys[col];
		put_text(in, gy++ - top, x, col_w - 1, help_groups[g].title, ROLE_TITLE);
		for (int a = 0; a < 14 && help_groups[g].acts[a]; a++) {
			enum action act = help_groups[g].acts[a];
			if (act == ACT_PANEL_1)
				snprintf(keys, sizeof keys, "1-%d", P_COUNT);
			else
				keys_labels(km, act, keys, sizeof keys);
			help_row(in, gy++ - top, x, col_w,
				 keys, act == ACT_PANEL_1 ? "panel by number" : action_help(act),
				 act == ACT_PANEL_1 ? "panel-1 ... panel-8" : action_name(act));
		}
		ys[col] = gy + 1;
	}
	int y = (ys[0] > ys[1] ? ys[0] : ys[1]) - top;
	put_text(in, y++, 0, wd, "Playback and the terminal", ROLE_TITLE);
	for (size_t i = 0; i < ARRAY_LEN(fixed_keys); i++)
		help_row(in, y++, 0, wd, fixed_keys[i].keys, fixed_keys[i].help, "");
	int n = snprintf(panels, sizeof panels, "panels:");
	for (int i = 0; i < P_COUNT && n < (int)sizeof panels; i++)
		n += snprintf(panels + n, sizeof panels - (size_t)n, "  %d %s", i + 1,
			      action_help((enum action)(ACT_PANEL_1 + i)));
	y += 1 + put_wrapped(in, y + 1, 0, wd, 4, panels, ROLE_NORMAL);
	y++;
	for (int s = 0; s < PS_COUNT; s++)
		pod_roles[s] = pstate_role((enum pstate)s);
	for (int s = 0; s < RUN_COUNT; s++)
		run_roles[s] = run_role((enum run_state)s);
	for (size_t i = 0; i < ARRAY_LEN(lane_states); i++) {
		lane_glyphs[i] = ui.g->lane[lane_states[i]];
		lane_roles[i] = pstate_role(lane_states[i]);
	}
	y += legend(in, y, wd, "pods", ui.g->pod, pod_words, pod_roles, PS_COUNT - 1);
	y += legend(in, y, wd, "owner", owner_glyphs, owner_words, owner_roles, 6);
	y += legend(in, y, wd, "lanes", lane_glyphs, lane_words, lane_roles,
		    (int)ARRAY_LEN(lane_states));
	y += legend(in, y, wd, "runs", ui.g->run, run_words, run_roles, RUN_COUNT);
	put_text(in, y++, 7, wd - 7, "faded run: pruned by the history limits", ROLE_DIM);
	y += legend(in, y, wd, "events", event_glyphs, event_words, event_roles, 2);
	y += legend(in, y, wd, "marks", mark_glyphs, mark_words, mark_roles, 3);
	delwin(in);
	return y + top;
}
