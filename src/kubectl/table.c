/*
 * Go's text/tabwriter as kubectl uses it. A line is a list of cells; every
 * cell but the last is tab-terminated and belongs to a column, the last is
 * trailing text. A column's cells are padded to the widest cell of their
 * block (consecutive lines that all have a cell in that column) plus the
 * padding, and never below the minimum width. Widths count runes, as Go
 * does. `kubectl get` uses (minwidth 6, padding 3); `kubectl describe`
 * formats its whole text with (0, 2).
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct line {
	uint32_t first, ncells; /* into table_out.cells */
};

struct table_out {
	int minwidth, padding;
	char **cells;
	uint32_t ncells, cells_cap;
	struct line *lines;
	uint32_t nlines, lines_cap;
	uint32_t row_start; /* first cell of the row being built */
};

struct table_out *table_new_with(int minwidth, int padding)
{
	struct table_out *t = xcalloc(1, sizeof *t);

	t->minwidth = minwidth;
	t->padding = padding;
	return t;
}

struct table_out *kubectl_table_new(void)
{
	return table_new_with(6, 3);
}

static void table_clear(struct table_out *t)
{
	for (uint32_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	t->ncells = t->nlines = t->row_start = 0;
}

void kubectl_table_free(struct table_out *t)
{
	if (!t)
		return;
	table_clear(t);
	free(t->cells);
	free(t->lines);
	free(t);
}

static void cell_add(struct table_out *t, const char *text, size_t n)
{
	xgrow(&t->cells, &t->cells_cap, t->ncells + 1, sizeof *t->cells);
	t->cells[t->ncells++] = xstrndup(text, n);
}

void kubectl_table_cell(struct table_out *t, const char *text)
{
	cell_add(t, text, strlen(text));
}

void kubectl_table_endrow(struct table_out *t)
{
	xgrow(&t->lines, &t->lines_cap, t->nlines + 1, sizeof *t->lines);
	t->lines[t->nlines++] = (struct line){ t->row_start, t->ncells - t->row_start };
	t->row_start = t->ncells;
}

static int rune_count(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* True when line i has a tab-terminated cell in column col. */
static bool has_column(const struct table_out *t, uint32_t i, uint32_t col)
{
	return t->lines[i].ncells > col + 1;
}

/* Sets width[] of every cell of column col: the widest of its block plus padding. */
static void column_widths(const struct table_out *t, uint32_t col, int *width)
{
	uint32_t i = 0;

	while (i < t->nlines) {
		uint32_t lo = i;
		int w = t->minwidth;

		if (!has_column(t, i, col)) {
			i++;
			continue;
		}
		for (; i < t->nlines && has_column(t, i, col); i++) {
			int cw = rune_count(t->cells[t->lines[i].first + col]) + t->padding;
			if (cw > w)
				w = cw;
		}
		for (uint32_t j = lo; j < i; j++)
			width[t->lines[j].first + col] = w;
	}
}

void kubectl_table_flush(struct table_out *t, struct strbuf *out)
{
	uint32_t maxcells = 0;
	int *width;

	if (t->row_start < t->ncells)
		kubectl_table_endrow(t);
	width = xcalloc(t->ncells + 1, sizeof *width);
	for (uint32_t i = 0; i < t->nlines; i++)
		if (t->lines[i].ncells > maxcells)
			maxcells = t->lines[i].ncells;
	for (uint32_t col = 0; col + 1 < maxcells; col++)
		column_widths(t, col, width);
	for (uint32_t i = 0; i < t->nlines; i++) {
		const struct line *l = &t->lines[i];
		for (uint32_t col = 0; col < l->ncells; col++) {
			const char *text = t->cells[l->first + col];
			sb_add(out, text);
			if (col + 1 == l->ncells)
				break;
			for (int pad = width[l->first + col] - rune_count(text); pad > 0; pad--)
				sb_addc(out, ' ');
		}
		sb_addc(out, '\n');
	}
	free(width);
	table_clear(t);
}

void tabwriter_format(const char *text, int minwidth, int padding, struct strbuf *out)
{
	struct table_out *t = table_new_with(minwidth, padding);
	const char *p = text, *cell = text;

	for (; *p; p++) {
		if (*p == '\t') {
			cell_add(t, cell, (size_t)(p - cell));
			cell = p + 1;
		} else if (*p == '\n') {
			cell_add(t, cell, (size_t)(p - cell));
			kubectl_table_endrow(t);
			cell = p + 1;
		}
	}
	kubectl_table_flush(t, out);
	sb_add(out, cell);
	kubectl_table_free(t);
}
