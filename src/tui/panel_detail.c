/*
 * Detail: `kubectl describe` of the object Enter picked, a pod's logs (L),
 * or the output of the last `:` command. Describe and logs are re-read at
 * every change of the cluster, so the text stays live; up/down scroll it.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "ksim/session.h"

static int line_count(const char *s)
{
	int n = *s ? 1 : 0;

	for (; *s; s++)
		if (*s == '\n' && s[1])
			n++;
	return n;
}

#define LINE_MAX_BYTES 512

/*
 * A table wider than the box (`get pods -o wide` in 100 columns): the gutters of blanks that
 * every line shares are narrowed to two, so the last columns (NODE) come into view; `w` and
 * `z` show it as printed. Sets keep[c] for the columns drawn; false when the text is not
 * such a table (narrow enough, or not ASCII).
 */
static bool detail_gutters(const char *s, int width, bool keep[LINE_MAX_BYTES])
{
	bool blank[LINE_MAX_BYTES];
	int widest = 0, col = 0;

	memset(blank, 1, sizeof blank);
	for (; *s; s++) {
		if ((unsigned char)*s >= 0x80)
			return false;
		if (*s == '\n') {
			col = 0;
			continue;
		}
		if (col < LINE_MAX_BYTES) {
			blank[col] &= *s == ' ';
			widest = col + 1 > widest ? col + 1 : widest;
		}
		col++;
	}
	if (widest <= width)
		return false;
	for (int c = 0, run = 0; c < LINE_MAX_BYTES; c++) {
		run = c < widest && blank[c] ? run + 1 : 0;
		keep[c] = run <= 2;
	}
	return true;
}


/* Deletes the columns a squeezed table does not keep (keep[c] false) from line, in place. */
static void squeeze_line(char *line, const bool keep[LINE_MAX_BYTES])
{
	size_t o = 0, end = strlen(line);

	for (size_t c = 0; c < end; c++)
		if (keep[c])
			line[o++] = line[c];
	line[o] = '\0';
}

/*
 * A squeezed table still wider than the box scrolls by whole columns with its first column
 * (NAME) kept in place, as a spreadsheet freezes it: left counts the columns scrolled past.
 */
#define TABLE_COLS 32
struct dtable {
	char head[LINE_MAX_BYTES]; /* the header line, squeezed */
	int at[TABLE_COLS], n;     /* where each column starts in it */
	int widest;                /* the widest squeezed line */
	int most;                  /* the most columns left may scroll past */
};

/* The table s is, drawn width columns wide: false when it is none or fits (detail_gutters). */
static bool detail_table(const char *s, int width, bool keep[LINE_MAX_BYTES], struct dtable *t)
{
	if (!detail_gutters(s, width, keep))
		return false;
	t->widest = 0;
	for (const char *l = s; *l;) {
		size_t len = strcspn(l, "\n");
		int w = 0;
		for (size_t c = 0; c < len && c < LINE_MAX_BYTES; c++)
			w += keep[c];
		t->widest = w > t->widest ? w : t->widest;
		l += len + (l[len] == '\n');
	}
	while (!strncmp(s, "Warning:", 8) && strchr(s, '\n')) /* kubectl's warnings come first */
		s = strchr(s, '\n') + 1;
	snprintf(t->head, sizeof t->head, "%.*s", (int)strcspn(s, "\n"), s);
	squeeze_line(t->head, keep);
	t->n = 0;
	for (int c = 0; t->head[c] && t->n < TABLE_COLS; c++) /* a column starts after two blanks */
		if (t->head[c] != ' ' && (c == 0 || (c >= 2 && !strncmp(t->head + c - 2, "  ", 2))))
			t->at[t->n++] = c;
	t->most = 0;
	while (t->n > 2 && t->most < t->n - 2 && t->at[1] + t->widest - t->at[1 + t->most] > width)
		t->most++;
	return t->n > 1;
}

static bool detail_key(struct panel *p, const struct view *v, enum action act)
{
	const char *text = v->detail_text.data ? v->detail_text.data : "";
	int n = line_count(text), page = p->r.h - 3;
	bool keep[LINE_MAX_BYTES];
	struct dtable t;

	if ((act == ACT_LEFT || act == ACT_RIGHT) && v->detail.mode == DETAIL_OUTPUT && !p->wrap &&
	    detail_table(text, panel_inner(p).w, keep, &t)) { /* a column at a time */
		p->left += act == ACT_RIGHT ? 1 : -1;
		p->left = p->left < 0 ? 0 : p->left > t.most ? t.most : p->left;
		return true;
	}
	switch (act) {
	case ACT_UP:
		p->top--;
		break;
	case ACT_DOWN:
		p->top++;
		break;
	case ACT_PAGE_UP:
		p->top -= page;
		break;
	case ACT_PAGE_DOWN:
		p->top += page;
		break;
	case ACT_LEFT:
		p->left = p->left > 8 ? p->left - 8 : 0;
		return true;
	case ACT_RIGHT:
		p->left += p->left < 400 ? 8 : 0; /* lines are cut at 511 bytes */
		return true;
	case ACT_HOME:
		p->top = p->left = 0;
		break;
	case ACT_END:
		p->top = n - page;
		break;
	default:
		return false;
	}
	if (p->top > n - page)
		p->top = n - page;
	if (p->top < 0)
		p->top = 0;
	return true;
}

static bool detail_pages(const struct panel *p, const struct view *v)
{
	return v->detail.mode != DETAIL_NONE &&
	       line_count(v->detail_text.data ? v->detail_text.data : "") > panel_inner(p).h;
}

/*
 * On the bottom border, the columns out of view by name: "← READY, STATUS  → NODE,
 * NOMINATED NODE" (that a wide table has a NODE column must be seen without scrolling).
 */
static void table_marks(struct panel *p, const struct dtable *t, int width, int x)
{
	char buf[LINE_MAX_BYTES + 16];
	int end = t->at[1 + p->left] + width - t->at[1];
	size_t len = 0;

	for (int side = 0; side < 2; side++)
		for (int j = 1, named = 0; j < t->n && len < sizeof buf; j++) {
			const char *name = t->head + t->at[j], *gap = strstr(name, "  ");
			int w = gap ? (int)(gap - name) : (int)strlen(name);
			if (side ? t->at[j] + w <= end || j <= p->left : j > p->left)
				continue;
			const char *arrow = side ? ui.g->ascii ? "-> " : "→ " : ui.g->ascii ? "<- " : "← ";
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s%.*s",
						named ? ", " : len ? "  " : " ", named ? "" : arrow, w,
						name);
			named++;
		}
	if (len && len < sizeof buf - 1)
		put_fmt(p->win, p->r.h - 1, x, p->r.w - x - 12, ROLE_DIM, "%s ", buf);
}

static void detail_draw(struct panel *p, const struct view *v)
{
	static const char *const modes[] = { "", "describe", "logs", "$" };
	const struct detail_target *d = &v->detail;
	struct rect in = panel_inner(p);
	char title[320];
	const char *s = v->detail_text.data ? v->detail_text.data : "";

	if (d->mode == DETAIL_OUTPUT && !d->line[0]) /* no command: what loading the files said */
		snprintf(title, sizeof title, "the files' warnings");
	else if (d->mode == DETAIL_OUTPUT)
		snprintf(title, sizeof title, "%s %s %s", modes[d->mode], session_line_program(d->line),
			 d->line);
	else if (d->mode != DETAIL_NONE)
		snprintf(title, sizeof title, "%s %s/%s", modes[d->mode],
			 kind_info(d->kind)->singular, d->name);
	else
		title[0] = '\0';
	panel_frame(p, title);
	if (d->mode == DETAIL_NONE) {
		put_wrapped(
		    p->win, in.y, in.x, in.w, in.h,
		    "Enter describes the selection, L shows a pod's logs, : runs a kubectl command.",
		    ROLE_DIM);
		return;
	}
	if (!*s) { /* an empty log, or a command that printed nothing */
		put_text(p->win, in.y, in.x, in.w, "(no output)", ROLE_DIM);
		return;
	}
	bool keep[LINE_MAX_BYTES];
	struct dtable t;
	bool squeeze = d->mode == DETAIL_OUTPUT && !p->wrap && detail_gutters(s, in.w, keep);
	bool table = squeeze && detail_table(s, in.w, keep, &t);
	if (table && p->left > t.most) /* the box grew */
		p->left = t.most;
	int n = line_count(s);
	if (p->top > n - 1)
		p->top = n > 0 ? n - 1 : 0;
	for (int i = 0; i < p->top && *s; i++)
		s = strchr(s, '\n') ? strchr(s, '\n') + 1 : s + strlen(s);
	for (int y = in.y; *s && y < in.y + in.h; y++) {
		size_t len = strcspn(s, "\n");
		char line[LINE_MAX_BYTES];
		snprintf(line, sizeof line, "%.*s",
			 (int)(len < sizeof line ? len : sizeof line - 1), s);
		if (squeeze)
			squeeze_line(line, keep);
		if (table && p->left > 0) { /* NAME stays, the columns after it scroll */
			int end = (int)strlen(line),
			    from = t.at[1 + p->left] < end ? t.at[1 + p->left] : end;
			if (end > t.at[1])
				memmove(line + t.at[1], line + from, (size_t)(end - from) + 1);
		}
		bool err = strncmp(line, "error:", 6) == 0 || strncmp(line, "Error ", 6) == 0;
		bool warn = strncmp(line, "Warning:", 8) == 0;
		/* a message is read whole (the did-you-mean is at its end): it always wraps */
		bool wrap = p->wrap || err || warn;
		enum role role = err ? ROLE_ERROR : warn ? ROLE_EVENT_WARNING : ROLE_NORMAL;
		const char *from = line;
		for (int c = 0; !wrap && !table && c < p->left && *from; c++) /* scrolled sideways */
			for (from++; (*from & 0xc0) == 0x80; from++)
				;
		/* wrapped (w): the rest of a long line on the next rows, indented by 2 */
		for (size_t fit; wrap && text_width(from) > in.w && y < in.y + in.h - 1 &&
				 (fit = text_fit(from, in.w - (from == line ? 0 : 2))) > 0;
		     from += fit, y++)
			put_fmt(p->win, y, in.x, in.w, role, "%*s%.*s", from == line ? 0 : 2, "",
				(int)fit, from);
		put_fmt(p->win, y, in.x, in.w, role, "%*s%s", from == line ? 0 : 2, "", from);
		s += len + (s[len] == '\n');
	}
	if (p->top + in.h < n)
		put_fmt(p->win, p->r.h - 1, p->r.w - 12, 10, ROLE_DIM, " %d more ",
			n - p->top - in.h);
	/* a command's output is a snapshot: when it was taken, or that it follows (get -w) */
	if (d->mode == DETAIL_OUTPUT) {
		char when[32];
		time_rfc3339(d->at, when, sizeof when);
		when[19] = '\0';
		int x = 2 + put_fmt(p->win, p->r.h - 1, 2, p->r.w - 16, ROLE_DIM,
				    d->watch ? " watching: each change a line " : " taken at %s ",
				    when + 11);
		if (table)
			table_marks(p, &t, in.w, x + 1);
	}
}

static const enum action detail_hints[] = { ACT_UP,	ACT_DOWN,      ACT_LEFT, ACT_RIGHT,
					    ACT_WRAP, ACT_PAGE_DOWN, ACT_BACK, ACT_NONE };

const struct panel_class panel_detail = {
	.title = "Detail",
	.draw = detail_draw,
	.key = detail_key,
	.pages = detail_pages,
	.hints = detail_hints,
};
