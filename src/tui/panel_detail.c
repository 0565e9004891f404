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

static bool detail_key(struct panel *p, const struct view *v, enum action act)
{
	int n = line_count(v->detail_text.data ? v->detail_text.data : ""), page = p->r.h - 3;

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
	bool squeeze = d->mode == DETAIL_OUTPUT && !p->wrap && detail_gutters(s, in.w, keep);
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
		for (size_t c = 0, o = 0, end = strlen(line); squeeze && c <= end; c++) /* the NUL too */
			if (keep[c] || c == end)
				line[o++] = line[c];
		bool err = strncmp(line, "error:", 6) == 0 || strncmp(line, "Error ", 6) == 0;
		bool warn = strncmp(line, "Warning:", 8) == 0;
		/* a message is read whole (the did-you-mean is at its end): it always wraps */
		bool wrap = p->wrap || err || warn;
		enum role role = err ? ROLE_ERROR : warn ? ROLE_EVENT_WARNING : ROLE_NORMAL;
		const char *from = line;
		for (int c = 0; !wrap && c < p->left && *from; c++) /* scrolled sideways */
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
		put_fmt(p->win, p->r.h - 1, 2, p->r.w - 16, ROLE_DIM,
			d->watch ? " watching: each change a line " : " taken at %s ", when + 11);
	}
}

static const enum action detail_hints[] = { ACT_UP, ACT_DOWN, ACT_RIGHT, ACT_WRAP,
					    ACT_PAGE_DOWN, ACT_BACK, ACT_NONE };

const struct panel_class panel_detail = {
	.title = "Detail",
	.draw = detail_draw,
	.key = detail_key,
	.pages = detail_pages,
	.hints = detail_hints,
};
