/*
 * Drawing helpers every panel shares: text fitted by display columns
 * (wcwidth, so a UTF-8 name never spills over a border), glyph sets for
 * UTF-8 and ASCII, boxes with titles, bars, and the formats panels print.
 * A state always has a glyph as well as a colour, so it reads in monochrome.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

struct ui ui;

const struct glyphs glyphs_utf8 = {
	.pod = { [PS_PENDING] = "○",
		 [PS_CREATING] = "◔",
		 [PS_RUNNING] = "●",
		 [PS_SUCCEEDED] = "✔",
		 [PS_FAILED] = "✘",
		 [PS_CRASH] = "↻",
		 [PS_TERMINATING] = "◌",
		 [PS_UNKNOWN] = "?",
		 [PS_NOT_READY] = "◐",
		 [PS_GONE] = "╳" },
	.lane = { [PS_PENDING] = "░",
		  [PS_CREATING] = "░",
		  [PS_RUNNING] = "▓",
		  [PS_SUCCEEDED] = "█",
		  [PS_FAILED] = "▚",
		  [PS_CRASH] = "▚",
		  [PS_TERMINATING] = "┄",
		  [PS_UNKNOWN] = "?",
		  [PS_NOT_READY] = "▒",
		  [PS_GONE] = "┄" },
	.run = { [RUN_RUNNING] = "●",
		 [RUN_SUCCEEDED] = "✔",
		 [RUN_FAILED] = "✘",
		 [RUN_SKIPPED] = "⊘",
		 [RUN_REPLACED] = "↺",
		 [RUN_MISSED] = "!",
		 [RUN_SUSPENDED] = "‖" },
	.bar_full = "█",
	.bar_empty = "░",
	.more = "…",
	.ellipsis = "…",
	.ascii = false,
};

const struct glyphs glyphs_ascii = {
	.pod = { [PS_PENDING] = ".",
		 [PS_CREATING] = ":",
		 [PS_RUNNING] = "*",
		 [PS_SUCCEEDED] = "+",
		 [PS_FAILED] = "x",
		 [PS_CRASH] = "!",
		 [PS_TERMINATING] = "~",
		 [PS_UNKNOWN] = "?",
		 [PS_NOT_READY] = "o",
		 [PS_GONE] = "/" },
	.lane = { [PS_PENDING] = ".",
		  [PS_CREATING] = ".",
		  [PS_RUNNING] = ">",
		  [PS_SUCCEEDED] = "#",
		  [PS_FAILED] = "x",
		  [PS_CRASH] = "x",
		  [PS_TERMINATING] = "-",
		  [PS_UNKNOWN] = "?",
		  [PS_NOT_READY] = "=",
		  [PS_GONE] = "/" },
	.run = { [RUN_RUNNING] = "*",
		 [RUN_SUCCEEDED] = "+",
		 [RUN_FAILED] = "x",
		 [RUN_SKIPPED] = "s",
		 [RUN_REPLACED] = "r",
		 [RUN_MISSED] = "!",
		 [RUN_SUSPENDED] = "|" },
	.bar_full = "#",
	.bar_empty = ".",
	.more = "+",
	.ellipsis = "~",
	.ascii = true,
};

enum role pstate_role(enum pstate s)
{
	static const enum role r[PS_COUNT] = {
		[PS_PENDING] = ROLE_POD_PENDING,         [PS_CREATING] = ROLE_POD_PENDING,
		[PS_RUNNING] = ROLE_POD_RUNNING,         [PS_SUCCEEDED] = ROLE_POD_SUCCEEDED,
		[PS_FAILED] = ROLE_POD_FAILED,           [PS_CRASH] = ROLE_POD_CRASH,
		[PS_TERMINATING] = ROLE_POD_TERMINATING, [PS_UNKNOWN] = ROLE_DIM,
		[PS_NOT_READY] = ROLE_POD_NOT_READY,     [PS_GONE] = ROLE_POD_TERMINATING,
	};
	return s < PS_COUNT ? r[s] : ROLE_NORMAL;
}

enum role run_role(enum run_state s)
{
	static const enum role r[RUN_COUNT] = {
		[RUN_RUNNING] = ROLE_POD_RUNNING, [RUN_SUCCEEDED] = ROLE_POD_SUCCEEDED,
		[RUN_FAILED] = ROLE_POD_FAILED,   [RUN_SKIPPED] = ROLE_POD_PENDING,
		[RUN_REPLACED] = ROLE_POD_CRASH,  [RUN_MISSED] = ROLE_EVENT_WARNING,
		[RUN_SUSPENDED] = ROLE_DIM,
	};
	return s < RUN_COUNT ? r[s] : ROLE_NORMAL;
}

/* Decodes one character at s (n bytes left): its length in bytes and its width. */
static size_t char_at(const char *s, size_t n, int *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t len;

	if ((unsigned char)*s < 0x80 || ui.g == &glyphs_ascii) {
		*width = 1;
		return 1;
	}
	memset(&st, 0, sizeof st);
	len = mbrtowc(&wc, s, n, &st);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		*width = 1;
		return 1;
	}
	*width = wcwidth(wc);
	if (*width < 0)
		*width = 1;
	return len;
}

int text_width(const char *s)
{
	size_t n = strlen(s);
	int w = 0, cw;

	for (size_t i = 0; i < n; w += cw)
		i += char_at(s + i, n - i, &cw);
	return w;
}

int put_text(WINDOW *w, int y, int x, int width, const char *s, enum role r)
{
	size_t n = strlen(s), i = 0;
	int used = 0, cw, ell = text_width(ui.g->ellipsis);

	if (width <= 0 || y < 0 || y >= getmaxy(w))
		return 0;
	bool fits = text_width(s) <= width;
	while (i < n) {
		size_t len = char_at(s + i, n - i, &cw);
		if (used + cw > width - (fits ? 0 : ell))
			break;
		used += cw;
		i += len;
	}
	if (r == ROLE_SELECTION) { /* the lines the selection is on: panel_draw fills them whole */
		if (ui.sel_win != w)
			ui.sel_win = w, ui.sel_y0 = ui.sel_y1 = y;
		ui.sel_y0 = y < ui.sel_y0 ? y : ui.sel_y0;
		ui.sel_y1 = y > ui.sel_y1 ? y : ui.sel_y1;
	}
	wattrset(w, ui.attr[r]);
	mvwaddnstr(w, y, x, s, (int)i);
	if (!fits) {
		waddstr(w, ui.g->ellipsis);
		used += ell;
	}
	wattrset(w, ui.attr[ROLE_NORMAL]);
	return used;
}

void put_right(WINDOW *w, int y, int x, int width, const char *s, enum role r)
{
	int tw = text_width(s);

	if (tw < width)
		x += width - tw;
	put_text(w, y, x, width, s, r);
}

int put_fmt(WINDOW *w, int y, int x, int width, enum role r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return put_text(w, y, x, width, buf, r);
}

size_t text_fit(const char *s, int width)
{
	size_t n = strlen(s), take = 0;
	int used = 0, cw;

	while (take < n) {
		size_t len = char_at(s + take, n - take, &cw);
		if (used + cw > width)
			break;
		used += cw;
		take += len;
	}
	return take;
}

int put_wrapped(WINDOW *w, int y, int x, int width, int max, const char *s, enum role r)
{
	int lines = 0;
	char line[512];

	while (*s && width > 0) {
		size_t n = strlen(s), take = 0, brk = 0;
		int used = 0, cw;
		while (take < n && s[take] != '\n') {
			size_t len = char_at(s + take, n - take, &cw);
			if (used + cw > width)
				break;
			used += cw;
			take += len;
			if (s[take] == ' ')
				brk = take;
		}
		if (take < n && s[take] != '\n' && brk > 0)
			take = brk; /* break at the last space */
		if (take == 0 && s[0] != '\n')
			take = char_at(s, n, &cw); /* wider than the line: show it cut */
		if (lines < max && take < sizeof line) {
			memcpy(line, s, take);
			line[take] = '\0';
			put_text(w, y + lines, x, width, line, r);
		}
		lines++;
		s += take;
		while (*s == ' ' || *s == '\n')
			s++;
	}
	return lines;
}

void draw_box(WINDOW *w, int y, int x, int h, int wd, const char *title, bool focus)
{
	enum role br = focus ? ROLE_BORDER_FOCUS : ROLE_BORDER;

	if (h < 2 || wd < 2)
		return;
	wattrset(w, ui.attr[br]);
	if (ui.g->ascii) {
		mvwhline(w, y, x + 1, '-', wd - 2);
		mvwhline(w, y + h - 1, x + 1, '-', wd - 2);
		mvwvline(w, y + 1, x, '|', h - 2);
		mvwvline(w, y + 1, x + wd - 1, '|', h - 2);
		mvwaddch(w, y, x, '+');
		mvwaddch(w, y, x + wd - 1, '+');
		mvwaddch(w, y + h - 1, x, '+');
		mvwaddch(w, y + h - 1, x + wd - 1, '+');
	} else { /* the wide-character set: Unicode lines, not the terminal's alternate charset */
		mvwhline_set(w, y, x + 1, WACS_HLINE, wd - 2);
		mvwhline_set(w, y + h - 1, x + 1, WACS_HLINE, wd - 2);
		mvwvline_set(w, y + 1, x, WACS_VLINE, h - 2);
		mvwvline_set(w, y + 1, x + wd - 1, WACS_VLINE, h - 2);
		mvwadd_wch(w, y, x, WACS_ULCORNER);
		mvwadd_wch(w, y, x + wd - 1, WACS_URCORNER);
		mvwadd_wch(w, y + h - 1, x, WACS_LLCORNER);
		mvwadd_wch(w, y + h - 1, x + wd - 1, WACS_LRCORNER);
	}
	wattrset(w, ui.attr[ROLE_NORMAL]);
	if (title && wd > 6) {
		char t[160];
		snprintf(t, sizeof t, " %s ", title);
		put_text(w, y, x + 2, wd - 4, t, focus ? ROLE_TITLE_FOCUS : ROLE_TITLE);
	}
}

void draw_hline(WINDOW *w, int y, int x, int width, enum role r)
{
	wattrset(w, ui.attr[r]);
	if (ui.g->ascii)
		mvwhline(w, y, x, '-', width);
	else
		mvwhline_set(w, y, x, WACS_HLINE, width);
	wattrset(w, ui.attr[ROLE_NORMAL]);
}

void draw_bar(WINDOW *w, int y, int x, int width, int done, int total, enum role r)
{
	int fill = total > 0 ? (int)((int64_t)done * width / total) : 0;

	if (fill > width)
		fill = width;
	wattrset(w, ui.attr[r]);
	wmove(w, y, x);
	for (int i = 0; i < fill; i++)
		waddstr(w, ui.g->bar_full);
	wattrset(w, ui.attr[ROLE_DIM]);
	for (int i = fill; i < width; i++)
		waddstr(w, ui.g->bar_empty);
	wattrset(w, ui.attr[ROLE_NORMAL]);
}

void text_age(int64_t now, int64_t then, char *buf, size_t size)
{
	if (then == TIME_NONE) {
		snprintf(buf, size, "-");
		return;
	}
	duration_human(now > then ? now - then : 0, buf, size);
}

void text_cpu(int64_t milli, char *buf, size_t size)
{
	if (milli % 1000 == 0)
		snprintf(buf, size, "%lld", (long long)(milli / 1000));
	else
		snprintf(buf, size, "%lldm", (long long)milli);
}

void text_mem(int64_t bytes, char *buf, size_t size)
{
	static const char *const units[] = { "", "Ki", "Mi", "Gi", "Ti" };
	int u = 0;

	while (u < 4 && bytes >= 1024 && bytes % 1024 == 0)
		bytes /= 1024, u++;
	if (u < 4 && bytes >= 10240) { /* round big odd values to the next unit */
		snprintf(buf, size, "%.1f%s", (double)bytes / 1024, units[u + 1]);
		return;
	}
	snprintf(buf, size, "%lld%s", (long long)bytes, units[u]);
}

/* One single-column character: the node map draws thousands, so no width fitting. */
static void put_cell(WINDOW *w, int y, int x, const char *glyph, enum role r)
{
	wchar_t wc[2] = { L'?', 0 };
	cchar_t cc;

	if (mbtowc(wc, glyph, strlen(glyph)) <= 0)
		wc[0] = L'?';
	setcchar(&cc, wc, ui.attr[r] & ~A_COLOR, (short)PAIR_NUMBER(ui.attr[r]), NULL);
	mvwadd_wch(w, y, x, &cc);
}

const char *pod_waiting_reason(const struct vpod *pod)
{
	static const char *const plain[] = { "Pending", "ContainerCreating", "PodInitializing" };

	if (pod->state != PS_CREATING || strncmp(pod->status, "Init:", 5) == 0)
		return NULL;
	for (size_t i = 0; i < ARRAY_LEN(plain); i++)
		if (strcmp(pod->status, plain[i]) == 0)
			return NULL;
	return pod->status;
}

int draw_pod_cell(WINDOW *w, int y, int x, int width, const struct vpod *pod, bool selected)
{
	static const char marks[KIND_COUNT + 1] = {
		[KIND_RS] = 'R',  [KIND_RC] = 'C',  [KIND_DS] = 'D',
		[KIND_JOB] = 'J', [KIND_STS] = 'S', [KIND_NONE] = '-'
	};
	char mark[2] = { marks[pod->owner_kind <= KIND_NONE ? pod->owner_kind : KIND_NONE], 0 };
	int used;

	if (width < 2)
		return 0;
	if (!mark[0])
		mark[0] = '?';
	put_cell(w, y, x, ui.g->pod[pod->state], pstate_role(pod->state));
	put_cell(w, y, x + 1, mark,
		 selected && width <= 3       ? ROLE_SELECTION
		 : pod->owner_kind == KIND_DS ? ROLE_POD_DAEMON
					      : ROLE_OWNER);
	used = 2;
	if (width > 3) {
		mvwaddch(w, y, x + used, ' ');
		used += 1 + put_text(w, y, x + used + 1, width - used - 1, pod->name,
				     selected ? ROLE_SELECTION : ROLE_NORMAL);
		if (pod_waiting_reason(pod) && width - used > 2)
			used += 1 + put_text(w, y, x + used + 1, width - used - 1, pod->status,
					     ROLE_DIM);
	}
	return used;
}
