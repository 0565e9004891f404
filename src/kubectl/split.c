/*
 * Splitting a command line into words as a POSIX shell does, without any
 * expansion: single quotes keep everything, double quotes let a backslash
 * escape $ ` " \ and newline, a backslash outside quotes escapes any
 * character, and backslash-newline joins lines.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

struct words {
	char **v;
	uint32_t n, cap;
};

static void words_push(struct words *w, struct strbuf *word)
{
	xgrow(&w->v, &w->cap, w->n + 2, sizeof *w->v);
	w->v[w->n++] = sb_take(word);
	w->v[w->n] = NULL;
	sb_init(word);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n';
}

/* Copies a single-quoted run; returns the position after the closing quote, NULL if none. */
static const char *single_quoted(const char *p, struct strbuf *word)
{
	const char *end = strchr(p, '\'');

	if (!end)
		return NULL;
	sb_addn(word, p, (size_t)(end - p));
	return end + 1;
}

static const char *double_quoted(const char *p, struct strbuf *word)
{
	for (; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1] && strchr("$`\"\\\n", p[1])) {
			p++;
			if (*p != '\n')
				sb_addc(word, *p);
			continue;
		}
		sb_addc(word, *p);
	}
	return *p == '"' ? p + 1 : NULL;
}

int kubectl_split(const char *line, int *argc, char ***argv, struct ksim_error *err)
{
	struct words w = { 0 };
	struct strbuf word;
	bool in_word = false;
	const char *p = line;

	sb_init(&word);
	xgrow(&w.v, &w.cap, 1, sizeof *w.v);
	w.v[0] = NULL;
	while (*p) {
		if (is_blank(*p)) {
			if (in_word)
				words_push(&w, &word);
			in_word = false;
			p++;
			continue;
		}
		in_word = true;
		if (*p == '\'') {
			p = single_quoted(p + 1, &word);
		} else if (*p == '"') {
			p = double_quoted(p + 1, &word);
		} else if (*p == '\\') {
			if (p[1] == '\n')
				in_word = word.len > 0;
			else if (p[1])
				sb_addc(&word, p[1]);
			p += p[1] ? 2 : 1;
		} else {
			sb_addc(&word, *p++);
		}
		if (!p) {
			error_set(err, "unterminated quote in: %s", line);
			sb_free(&word);
			kubectl_split_free((int)w.n, w.v);
			return -1;
		}
	}
	if (in_word)
		words_push(&w, &word);
	sb_free(&word);
	*argc = (int)w.n;
	*argv = w.v;
	return 0;
}

void kubectl_split_free(int argc, char **argv)
{
	if (!argv)
		return;
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
}
