/*
 * -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[*].image and
 * -o custom-columns-file=FILE (a line of headers over a line of paths), as
 * kubectl's get/customcolumn.go prints them: each path is a relaxed JSONPath
 * ("metadata.name" and "{.metadata.name}" are accepted), several values are
 * joined by ",", none prints "<none>"; a List prints a row per item.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct column {
	char *header;
	struct jsonpath *jp;
};

struct columns {
	struct column *v;
	uint32_t n;
};

static void columns_free(struct columns *cs)
{
	for (uint32_t i = 0; i < cs->n; i++) {
		free(cs->v[i].header);
		jsonpath_free(cs->v[i].jp);
	}
	free(cs->v);
}

/* RelaxedJSONPathExpression: "{.a.b}" from "a.b", ".a.b", "{a.b}" or "{.a.b}". */
static int relaxed_path(const char *path, struct strbuf *out, struct strbuf *err)
{
	size_t n = strlen(path);
	bool open = n && path[0] == '{', close = n && path[n - 1] == '}';
	const char *b = path + open;
	size_t len = n - open - close;

	if (!len || memchr(b, '{', len) || memchr(b, '}', len)) {
		sb_add(err, "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' "
			    "or '{name1.name2}' or '{.name1.name2}'\n");
		return 1;
	}
	sb_printf(out, "{%s%.*s}", *b == '.' ? "" : ".", (int)len, b);
	return 0;
}

static int column_add(struct columns *cs, const char *header, const char *path, struct strbuf *err)
{
	struct strbuf tmpl;
	struct jsonpath *jp = NULL;

	sb_init(&tmpl);
	if (!relaxed_path(path, &tmpl, err))
		jp = jsonpath_parse(tmpl.data, err);
	sb_free(&tmpl);
	if (!jp)
		return 1;
	cs->v = xrealloc(cs->v, (cs->n + 1) * sizeof *cs->v);
	cs->v[cs->n].header = xstrdup(header);
	cs->v[cs->n++].jp = jp;
	return 0;
}

static int parse_spec(const char *spec, struct columns *cs, struct strbuf *err)
{
	char *copy = xstrdup(spec), *save = NULL;
	int rc = 0;

	for (char *col = strtok_r(copy, ",", &save); col && !rc; col = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(col, ':');
		if (!colon) {
			sb_printf(err,
				  "error: unexpected custom-columns spec: %s, expected "
				  "<header>:<json-path-expr>\n",
				  col);
			rc = 1;
			break;
		}
		*colon = '\0';
		rc = column_add(cs, col, colon + 1, err);
	}
	free(copy);
	return rc;
}

/* The file form: headers on the first line, paths on the second, split by blanks. */
static int parse_file(const char *text, struct columns *cs, struct strbuf *err)
{
	char *copy = xstrdup(text), *nl = strchr(copy, '\n'), *hs = NULL, *ps = NULL;
	char *h, *p;
	int rc = 0;

	*nl = '\0';
	h = strtok_r(copy, " \t", &hs);
	p = strtok_r(nl + 1, " \t\n", &ps);
	for (; h && p && !rc; h = strtok_r(NULL, " \t", &hs), p = strtok_r(NULL, " \t\n", &ps))
		rc = column_add(cs, h, p, err);
	if (!rc && (h || p)) {
		sb_add(err, "error: number of columns in the template does not match the number of "
			    "paths\n");
		rc = 1;
	}
	free(copy);
	return rc;
}

struct cell {
	struct strbuf text;
	uint32_t n;
};

static void cell_add(const struct tree *t, void *arg)
{
	struct cell *c = arg;

	if (c->n++)
		sb_addc(&c->text, ',');
	tree_go(t, &c->text); /* customcolumn.go: fmt.Sprintf("%v", value) */
}

static void print_row(const struct columns *cs, const struct tree *obj, struct table_out *t)
{
	for (uint32_t i = 0; i < cs->n; i++) {
		struct cell c = { .n = 0 };
		sb_init(&c.text);
		jsonpath_values(cs->v[i].jp, obj, cell_add, &c);
		kubectl_table_cell(t, c.n ? c.text.data : "<none>");
		sb_free(&c.text);
	}
	kubectl_table_endrow(t);
}

int customcolumns_print(const char *spec, const struct tree *doc, bool no_headers,
			struct strbuf *out, struct strbuf *err)
{
	struct columns cs = { 0 };
	const struct tree *kind = tree_get(doc, "kind"), *items = tree_get(doc, "items");
	struct table_out *t;

	if (strchr(spec, '\n') ? parse_file(spec, &cs, err) : parse_spec(spec, &cs, err)) {
		columns_free(&cs);
		return 1;
	}
	t = kubectl_table_new();
	if (!no_headers) {
		for (uint32_t i = 0; i < cs.n; i++)
			kubectl_table_cell(t, cs.v[i].header);
		kubectl_table_endrow(t);
	}
	if (kind && tree_str(kind) && strcmp(tree_str(kind), "List") == 0 && items)
		for (uint32_t i = 0; i < tree_len(items); i++)
			print_row(&cs, tree_at(items, i), t);
	else
		print_row(&cs, doc, t);
	kubectl_table_flush(t, out);
	kubectl_table_free(t);
	columns_free(&cs);
	return 0;
}
