/*
 * kubectl's JSONPath dialect (k8s.io/client-go/util/jsonpath) over the tree
 * `-o json` prints: text with {actions}; an action is a path (.a.b, [n],
 * [a:b:c], [*], .*, ..name, ?(@.x=="y") filters, $ and @), a quoted literal
 * ({"\n"}), or range PATH ... end. Missing keys print nothing, as kubectl
 * get allows them (--allow-missing-template-keys defaults to true). Several
 * results of one action are joined by a space; maps and lists print as
 * compact JSON.
 */
#include "ksim/kubectl.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum step_type { STEP_FIELD, STEP_ALL, STEP_SLICE, STEP_DESCEND, STEP_FILTER };

struct step {
	enum step_type type;
	char *name;                     /* STEP_FIELD ("*": every member) */
	long lo, hi, by;                /* STEP_SLICE */
	bool has_lo, has_hi, single;    /* [n] is a single index */
	struct jp_path *left, *right;   /* STEP_FILTER; right NULL: existence test */
	char *literal;                  /* STEP_FILTER: right-hand literal when no right path */
	char op[3];
};

struct jp_path {
	bool from_root; /* $ */
	struct step *steps;
	uint32_t n;
};

enum node_type { NODE_TEXT, NODE_PATH, NODE_RANGE, NODE_END };

struct jp_node {
	enum node_type type;
	char *text;         /* NODE_TEXT */
	struct jp_path *path; /* NODE_PATH, NODE_RANGE */
};

struct jsonpath {
	struct jp_node *v;
	uint32_t n;
};

struct values {
	const struct tree **v;
	uint32_t n, cap;
	bool out_of_bounds; /* an [n] past the end: client-go fails the template */
	long index, len;
};

static void values_push(struct values *vs, const struct tree *t)
{
	xgrow(&vs->v, &vs->cap, vs->n + 1, sizeof *vs->v);
	vs->v[vs->n++] = t;
}

static void path_free(struct jp_path *p)
{
	if (!p)
		return;
	for (uint32_t i = 0; i < p->n; i++) {
		free(p->steps[i].name);
		free(p->steps[i].literal);
		path_free(p->steps[i].left);
		path_free(p->steps[i].right);
	}
	free(p->steps);
	free(p);
}

void jsonpath_free(struct jsonpath *jp)
{
	if (!jp)
		return;
	for (uint32_t i = 0; i < jp->n; i++) {
		free(jp->v[i].text);
		path_free(jp->v[i].path);
	}
	free(jp->v);
	free(jp);
}

/* --- parsing --- */

struct parser {
	const char *s;
	const char *error; /* the first error, client-go's words */
};

static struct step *step_add(struct jp_path *p, enum step_type type)
{
	p->steps = xrealloc(p->steps, (p->n + 1) * sizeof *p->steps);
	memset(&p->steps[p->n], 0, sizeof *p->steps);
	p->steps[p->n].type = type;
	return &p->steps[p->n++];
}

static bool is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '/' || c == '*' ||
	       (unsigned char)c >= 0x80;
}

/* A quoted literal ('x' or "x", Go escapes in "x"); *s is at the quote. */
static char *parse_quoted(struct parser *ps)
{
	char q = *ps->s++;
	struct strbuf sb;

	sb_init(&sb);
	for (; *ps->s && *ps->s != q; ps->s++) {
		char c = *ps->s;
		if (c == '\\' && q == '"' && ps->s[1]) {
			static const char from[] = "ntr\\\"", to[] = "\n\t\r\\\"";
			const char *e = strchr(from, *++ps->s);
			c = e ? to[e - from] : *ps->s;
		}
		sb_addc(&sb, c);
	}
	if (*ps->s != q) {
		ps->error = "unclosed quote";
		sb_free(&sb);
		return NULL;
	}
	ps->s++;
	return sb_take(&sb);
}

static struct jp_path *parse_path(struct parser *ps, const char *stop);

static bool parse_long(const char **s, long *out)
{
	char *end;
	*out = strtol(*s, &end, 10);
	if (end == *s)
		return false;
	*s = end;
	return true;
}

/* "?(@.a.b == "x")" after the '[' */
static void parse_filter(struct parser *ps, struct step *st)
{
	static const char *const ops[] = { "==", "!=", "<=", ">=", "<", ">" };

	ps->s += 2; /* "?(" */
	while (*ps->s == ' ')
		ps->s++;
	st->left = parse_path(ps, " =!<>)");
	while (*ps->s == ' ')
		ps->s++;
	for (size_t i = 0; i < ARRAY_LEN(ops) && !st->op[0]; i++)
		if (strncmp(ps->s, ops[i], strlen(ops[i])) == 0) {
			strcpy(st->op, ops[i]);
			ps->s += strlen(ops[i]);
		}
	while (*ps->s == ' ')
		ps->s++;
	if (st->op[0]) {
		if (*ps->s == '"' || *ps->s == '\'') {
			st->literal = parse_quoted(ps);
		} else if (*ps->s == '@' || *ps->s == '$' || *ps->s == '.') {
			st->right = parse_path(ps, " )");
		} else {
			const char *b = ps->s;
			while (*ps->s && *ps->s != ')' && *ps->s != ' ')
				ps->s++;
			st->literal = xstrndup(b, (size_t)(ps->s - b));
		}
	}
	while (*ps->s == ' ')
		ps->s++;
	if (*ps->s != ')' || ps->s[1] != ']') {
		ps->error = "unclosed filter expect )]";
		return;
	}
	ps->s += 2;
}

/* "[...]" at *s. */
static void parse_bracket(struct parser *ps, struct jp_path *p)
{
	const char *s = ps->s + 1;
	struct step *st;

	if (s[0] == '?' && s[1] == '(') {
		ps->s = s;
		parse_filter(ps, step_add(p, STEP_FILTER));
		return;
	}
	if (*s == '\'' || *s == '"') {
		ps->s = s;
		st = step_add(p, STEP_FIELD);
		st->name = parse_quoted(ps);
		if (*ps->s != ']')
			ps->error = "unclosed array expect ]";
		else
			ps->s++;
		return;
	}
	if (s[0] == '*' && s[1] == ']') {
		step_add(p, STEP_ALL);
		ps->s = s + 2;
		return;
	}
	st = step_add(p, STEP_SLICE);
	st->by = 1;
	st->has_lo = parse_long(&s, &st->lo);
	if (*s == ']') {
		st->single = st->has_lo;
		if (!st->has_lo)
			ps->error = "invalid array index";
	} else if (*s == ':') {
		s++;
		st->has_hi = parse_long(&s, &st->hi);
		if (*s == ':') {
			s++;
			if (!parse_long(&s, &st->by) || st->by <= 0)
				st->by = 1;
		}
	}
	if (*s != ']') {
		ps->error = "unclosed array expect ]";
		return;
	}
	ps->s = s + 1;
}

/* A path up to one of stop's characters (or the end). */
static struct jp_path *parse_path(struct parser *ps, const char *stop)
{
	struct jp_path *p = xcalloc(1, sizeof *p);

	if (*ps->s == '$') {
		p->from_root = true;
		ps->s++;
	} else if (*ps->s == '@') {
		ps->s++;
	}
	while (*ps->s && !strchr(stop, *ps->s) && !ps->error) {
		if (ps->s[0] == '.' && ps->s[1] == '.') {
			step_add(p, STEP_DESCEND);
			ps->s += 2;
			continue;
		}
		if (*ps->s == '.')
			ps->s++;
		if (*ps->s == '[') {
			parse_bracket(ps, p);
			continue;
		}
		const char *b = ps->s;
		while (is_name_char(*ps->s) || (*ps->s == '\\' && ps->s[1]))
			ps->s += 1 + (*ps->s == '\\');
		if (ps->s == b) {
			if (*ps->s && !strchr(stop, *ps->s) && *ps->s != '.')
				ps->error = "unrecognized character in action";
			continue;
		}
		char *name = xstrndup(b, (size_t)(ps->s - b)), *w = name;
		for (const char *r = name; *r; r++) { /* "app\.kubernetes\.io/name" */
			r += *r == '\\' && r[1];
			*w++ = *r;
		}
		*w = '\0';
		step_add(p, STEP_FIELD)->name = name;
	}
	return p;
}

static struct jp_node *node_add(struct jsonpath *jp, enum node_type type)
{
	jp->v = xrealloc(jp->v, (jp->n + 1) * sizeof *jp->v);
	memset(&jp->v[jp->n], 0, sizeof *jp->v);
	jp->v[jp->n].type = type;
	return &jp->v[jp->n++];
}

/* The text of an action; its end is the '}' outside quotes. */
static const char *action_end(const char *s)
{
	for (char q = 0; *s; s++) {
		if (q && *s == '\\' && s[1])
			s++;
		else if (q && *s == q)
			q = 0;
		else if (!q && (*s == '"' || *s == '\''))
			q = *s;
		else if (!q && *s == '}')
			return s;
	}
	return NULL;
}

static void parse_action(struct jsonpath *jp, struct parser *ps, int *depth)
{
	while (*ps->s == ' ')
		ps->s++;
	if (strncmp(ps->s, "range ", 6) == 0) {
		ps->s += 6;
		while (*ps->s == ' ')
			ps->s++;
		node_add(jp, NODE_RANGE)->path = parse_path(ps, " ");
		++*depth;
	} else if (strncmp(ps->s, "end", 3) == 0 && !is_name_char(ps->s[3])) {
		ps->s += 3;
		if (*depth == 0)
			ps->error = "not in range, nothing to end";
		else
			--*depth;
		node_add(jp, NODE_END);
	} else if (*ps->s == '"' || *ps->s == '\'') {
		char *lit = parse_quoted(ps);
		if (lit)
			node_add(jp, NODE_TEXT)->text = lit;
	} else {
		while (*ps->s && !ps->error) {
			node_add(jp, NODE_PATH)->path = parse_path(ps, " ");
			while (*ps->s == ' ')
				ps->s++;
		}
	}
	while (*ps->s == ' ')
		ps->s++;
	if (*ps->s && !ps->error)
		ps->error = "unrecognized character in action";
}

struct jsonpath *jsonpath_parse(const char *text, struct strbuf *err)
{
	struct jsonpath *jp = xcalloc(1, sizeof *jp);
	struct parser ps = { 0 };
	int depth = 0;

	for (const char *s = text; *s && !ps.error;) {
		const char *open = strchr(s, '{'), *close;
		if (!open) {
			node_add(jp, NODE_TEXT)->text = xstrdup(s);
			break;
		}
		if (open > s)
			node_add(jp, NODE_TEXT)->text = xstrndup(s, (size_t)(open - s));
		close = action_end(open + 1);
		if (!close) {
			ps.error = "unclosed action";
			break;
		}
		char *inner = xstrndup(open + 1, (size_t)(close - open - 1));
		ps.s = inner;
		parse_action(jp, &ps, &depth);
		free(inner);
		s = close + 1;
	}
	if (ps.error) {
		sb_printf(err, "error: error parsing jsonpath %s, %s\n", text, ps.error);
		jsonpath_free(jp);
		return NULL;
	}
	return jp;
}

/* --- evaluation --- */

static void text_of(const struct tree *t, struct strbuf *out)
{
	if (tree_kind_of(t) == TK_STR)
		sb_add(out, tree_str(t));
	else
		tree_json_compact(t, out);
}

static void descend(const struct tree *t, struct values *out)
{
	values_push(out, t);
	if (tree_kind_of(t) == TK_MAP || tree_kind_of(t) == TK_LIST)
		for (uint32_t i = 0; i < tree_len(t); i++)
			descend(tree_at(t, i), out);
}

static void path_eval(const struct jp_path *p, const struct tree *root, const struct tree *cur,
		      struct values *out);

static int compare(const struct tree *l, const struct step *st, const struct tree *r)
{
	struct strbuf a, b;
	int rc;

	sb_init(&a);
	sb_init(&b);
	text_of(l, &a);
	if (r)
		text_of(r, &b);
	else
		sb_add(&b, st->literal);
	char *ea, *eb;
	double x = strtod(a.data, &ea), y = strtod(b.data, &eb);
	if (a.len && b.len && !*ea && !*eb)
		rc = (x > y) - (x < y);
	else
		rc = strcmp(a.data, b.data);
	sb_free(&a);
	sb_free(&b);
	return rc;
}

static bool filter_keeps(const struct step *st, const struct tree *root, const struct tree *item)
{
	struct values l = { 0 }, r = { 0 };
	bool keep = false;

	path_eval(st->left, root, item, &l);
	if (st->right)
		path_eval(st->right, root, item, &r);
	if (!st->op[0]) {
		keep = l.n > 0;
	} else if (l.n && (!st->right || r.n)) {
		int c = compare(l.v[0], st, st->right ? r.v[0] : NULL);
		keep = (!strcmp(st->op, "==") && c == 0) || (!strcmp(st->op, "!=") && c != 0) ||
		       (!strcmp(st->op, "<") && c < 0) || (!strcmp(st->op, ">") && c > 0) ||
		       (!strcmp(st->op, "<=") && c <= 0) || (!strcmp(st->op, ">=") && c >= 0);
	}
	free(l.v);
	free(r.v);
	return keep;
}

static void slice(const struct step *st, const struct tree *t, struct values *out)
{
	long n = (long)tree_len(t), lo = st->has_lo ? st->lo : 0, hi;

	if (lo < 0)
		lo += n;
	if (st->single) {
		if (lo >= 0 && lo < n) {
			values_push(out, tree_at(t, (uint32_t)lo));
		} else if (!out->out_of_bounds) {
			out->out_of_bounds = true;
			out->index = lo;
			out->len = n;
		}
		return;
	}
	hi = st->has_hi ? st->hi : n;
	if (hi < 0)
		hi += n;
	lo = lo < 0 ? 0 : lo;
	hi = hi > n ? n : hi;
	for (long i = lo; i < hi; i += st->by)
		values_push(out, tree_at(t, (uint32_t)i));
}

static void step_eval(const struct step *st, const struct tree *root, const struct tree *t,
		      struct values *out)
{
	enum tree_kind k = tree_kind_of(t);
	bool coll = k == TK_MAP || k == TK_LIST;

	switch (st->type) {
	case STEP_FIELD:
		if (strcmp(st->name, "*") == 0) {
			for (uint32_t i = 0; coll && i < tree_len(t); i++)
				values_push(out, tree_at(t, i));
		} else if (k == TK_MAP && tree_get(t, st->name)) {
			values_push(out, tree_get(t, st->name));
		}
		break;
	case STEP_ALL:
		for (uint32_t i = 0; coll && i < tree_len(t); i++)
			values_push(out, tree_at(t, i));
		break;
	case STEP_SLICE:
		if (k == TK_LIST)
			slice(st, t, out);
		break;
	case STEP_DESCEND:
		descend(t, out);
		break;
	case STEP_FILTER:
		for (uint32_t i = 0; k == TK_LIST && i < tree_len(t); i++)
			if (filter_keeps(st, root, tree_at(t, i)))
				values_push(out, tree_at(t, i));
		break;
	}
}

static void path_eval(const struct jp_path *p, const struct tree *root, const struct tree *cur,
		      struct values *out)
{
	struct values now = { 0 };

	values_push(&now, p->from_root ? root : cur);
	for (uint32_t s = 0; s < p->n; s++) {
		struct values next = { 0 };
		for (uint32_t i = 0; i < now.n; i++)
			step_eval(&p->steps[s], root, now.v[i], &next);
		if (now.out_of_bounds && !next.out_of_bounds) {
			next.out_of_bounds = true;
			next.index = now.index;
			next.len = now.len;
		}
		free(now.v);
		now = next;
	}
	for (uint32_t i = 0; i < now.n; i++)
		values_push(out, now.v[i]);
	if (now.out_of_bounds && !out->out_of_bounds) {
		out->out_of_bounds = true;
		out->index = now.index;
		out->len = now.len;
	}
	free(now.v);
}

/* The index of the END that closes the range at i. */
static uint32_t range_end(const struct jsonpath *jp, uint32_t i, uint32_t stop)
{
	int depth = 0;

	for (uint32_t j = i + 1; j < stop; j++) {
		if (jp->v[j].type == NODE_RANGE)
			depth++;
		else if (jp->v[j].type == NODE_END && depth-- == 0)
			return j;
	}
	return stop;
}

/* Returns false, with the index and length in bad, when an [n] is out of bounds. */
static bool exec_nodes(const struct jsonpath *jp, uint32_t from, uint32_t to,
		       const struct tree *root, const struct tree *cur, struct strbuf *out,
		       struct values *bad)
{
	for (uint32_t i = from; i < to; i++) {
		const struct jp_node *nd = &jp->v[i];
		struct values vs = { 0 };
		bool ok = true;
		if (nd->type == NODE_TEXT) {
			sb_add(out, nd->text);
		} else if (nd->type == NODE_PATH) {
			path_eval(nd->path, root, cur, &vs);
			for (uint32_t j = 0; j < vs.n; j++) {
				if (j)
					sb_addc(out, ' ');
				text_of(vs.v[j], out);
			}
		} else if (nd->type == NODE_RANGE) {
			uint32_t end = range_end(jp, i, to);
			path_eval(nd->path, root, cur, &vs);
			for (uint32_t j = 0; j < vs.n && ok; j++)
				ok = exec_nodes(jp, i + 1, end, root, vs.v[j], out, bad);
			i = end;
		}
		if (vs.out_of_bounds) {
			*bad = vs;
			ok = false;
		}
		free(vs.v);
		if (!ok)
			return false;
	}
	return true;
}

int jsonpath_exec(const struct jsonpath *jp, const char *text, const struct tree *root,
		  struct strbuf *out, struct strbuf *err)
{
	struct values bad = { 0 };

	if (exec_nodes(jp, 0, jp->n, root, root, out, &bad))
		return 0;
	sb_printf(err,
		  "error: error executing jsonpath \"%s\": Error executing template: array index out "
		  "of bounds: index %ld, length %ld. Printing more information for debugging the "
		  "template:\n\ttemplate was:\n\t\t%s\n",
		  text, bad.index, bad.len, text);
	return 1;
}

void jsonpath_values(const struct jsonpath *jp, const struct tree *root,
		     void (*each)(const struct tree *, void *), void *arg)
{
	for (uint32_t i = 0; i < jp->n; i++) {
		struct values vs = { 0 };
		if (jp->v[i].type != NODE_PATH)
			continue;
		path_eval(jp->v[i].path, root, root, &vs);
		for (uint32_t j = 0; j < vs.n; j++)
			each(vs.v[j], arg);
		free(vs.v);
	}
}
