/*
 * -o go-template=... / --template as kubectl runs Go's text/template over
 * the object tree: {{.a.b}}, {{.}}, {{$}}, {{"text"}}, {{- trim -}},
 * {{range PIPE}}...{{else}}...{{end}}, {{if}} / {{else if}} / {{with}},
 * pipelines with "|", parentheses and their fields ((index .items 0).a.b),
 * and the functions the tutorials use:
 * index, printf, print, println, len, eq, ne, lt, le, gt, ge, not, and, or.
 * Variables as text/template has them: $ (the object), {{$x := PIPE}},
 * {{$x = PIPE}}, {{range $i, $e := PIPE}}, {{with $x := PIPE}}, each in
 * scope to the end of the block that declares it (an undeclared one is a
 * parse error, as Go's parser finds it).
 * Values print as Go's fmt prints an unstructured object: maps as
 * map[k:v ...], lists as [a b], a missing key as <no value>.
 */
#include "ksim/kubectl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum tok_type {
	T_FIELD, T_DOLLAR, T_STRING, T_NUMBER, T_IDENT, T_PIPE, T_LPAREN, T_RPAREN,
	T_COMMA, T_DECLARE, T_ASSIGN,
};

struct tok {
	enum tok_type type;
	char *text; /* T_FIELD ".a.b" (or "." ), T_DOLLAR "$.a" ("$", "$x.a"), T_STRING value, T_IDENT name */
	int64_t num;
	bool chain; /* a T_FIELD right after ')': a field of the parenthesised value */
};

enum gnode_type { G_TEXT, G_ACTION, G_IF, G_ELSE, G_ELSE_IF, G_RANGE, G_WITH, G_END };

struct gnode {
	enum gnode_type type;
	char *text;
	struct tok *toks;
	uint32_t ntoks;
	char *decl[2];  /* the variables the pipeline sets ("$x"), range's index first */
	uint32_t ndecl;
	bool assign;    /* = rather than := */
};

struct gtemplate {
	struct gnode *v;
	uint32_t n;
	const char *source;
	const char *error;
	char undefined[96]; /* the error's text for an undefined variable */
	/* parsing: the variables in scope, each with the block depth that declared it */
	struct scope_var {
		const char *name;
		int depth;
	} *scope;
	uint32_t nscope, scope_cap;
};

enum gval_type { V_TREE, V_STR, V_INT, V_BOOL, V_NONE };

struct gval {
	enum gval_type type;
	const struct tree *tree;
	char *str; /* owned */
	int64_t num;
};

static void gval_free(struct gval *v)
{
	free(v->str);
	v->str = NULL;
}

static void template_free(struct gtemplate *g)
{
	for (uint32_t i = 0; i < g->n; i++) {
		for (uint32_t j = 0; j < g->v[i].ntoks; j++)
			free(g->v[i].toks[j].text);
		free(g->v[i].toks);
		free(g->v[i].text);
		free(g->v[i].decl[0]);
		free(g->v[i].decl[1]);
	}
	free(g->v);
	free(g->scope);
}

/* --- parsing --- */

static struct tok *tok_add(struct gnode *n, enum tok_type type)
{
	n->toks = xrealloc(n->toks, (n->ntoks + 1) * sizeof *n->toks);
	memset(&n->toks[n->ntoks], 0, sizeof *n->toks);
	n->toks[n->ntoks].type = type;
	return &n->toks[n->ntoks++];
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static const char *lex_string(struct gtemplate *g, const char *s, struct tok *t)
{
	char q = *s++;
	struct strbuf sb;

	sb_init(&sb);
	for (; *s && *s != q; s++) {
		char c = *s;
		if (c == '\\' && q == '"' && s[1]) {
			static const char from[] = "ntr\\\"", to[] = "\n\t\r\\\"";
			const char *e = strchr(from, *++s);
			c = e ? to[e - from] : *s;
		}
		sb_addc(&sb, c);
	}
	if (*s != q)
		g->error = "unterminated quoted string";
	t->text = sb_take(&sb);
	return *s ? s + 1 : s;
}

static void lex(struct gtemplate *g, const char *s, struct gnode *n)
{
	const char *start = s;
	int parens = 0;

	while (*s && !g->error) {
		const char *b = s;
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (*s == '|') {
			tok_add(n, T_PIPE);
			s++;
		} else if (*s == ',') {
			tok_add(n, T_COMMA);
			s++;
		} else if (*s == ':' && s[1] == '=') {
			tok_add(n, T_DECLARE);
			s += 2;
		} else if (*s == '=') {
			tok_add(n, T_ASSIGN);
			s++;
		} else if (*s == '(' || *s == ')') {
			tok_add(n, *s == '(' ? T_LPAREN : T_RPAREN);
			parens += *s++ == '(' ? 1 : -1;
			if (parens < 0)
				g->error = "unexpected right paren U+0029 ')'"; /* parse/lex.go lexInsideAction */
		} else if (*s == '"' || *s == '`') {
			s = lex_string(g, s, tok_add(n, T_STRING));
		} else if (*s == '.' || *s == '$') {
			s++;
			while (ident_char(*s) || *s == '.' || *s == '-' || *s == '/')
				s++;
			struct tok *t = tok_add(n, *b == '$' ? T_DOLLAR : T_FIELD);
			t->text = xstrndup(b, (size_t)(s - b));
			t->chain = *b == '.' && b > start && b[-1] == ')';
		} else if (isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))) {
			char *end;
			tok_add(n, T_NUMBER)->num = strtoll(s, &end, 10);
			s = end;
		} else if (ident_char(*s)) {
			while (ident_char(*s))
				s++;
			tok_add(n, T_IDENT)->text = xstrndup(b, (size_t)(s - b));
		} else {
			g->error = "unexpected character in command";
		}
	}
	if (!g->error && parens > 0)
		g->error = "unclosed left paren";
}

static struct gnode *gnode_add(struct gtemplate *g, enum gnode_type type)
{
	g->v = xrealloc(g->v, (g->n + 1) * sizeof *g->v);
	memset(&g->v[g->n], 0, sizeof *g->v);
	g->v[g->n].type = type;
	return &g->v[g->n++];
}

static bool keyword(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*s, word, n) != 0 || ident_char((*s)[n]))
		return false;
	*s += n;
	return true;
}

/* A bare variable token ("$x", not "$" nor "$x.a"). */
static bool is_variable(const struct tok *t)
{
	return t->type == T_DOLLAR && t->text[1] && !strchr(t->text, '.');
}

static bool scope_has(const struct gtemplate *g, const char *var, size_t len)
{
	for (uint32_t i = g->nscope; i-- > 0;)
		if (strlen(g->scope[i].name) == len && strncmp(g->scope[i].name, var, len) == 0)
			return true;
	return false;
}

/* {{end}} back to depth: the variables its block declared go out of scope. */
static void scope_close(struct gtemplate *g, int depth)
{
	while (g->nscope && g->scope[g->nscope - 1].depth > depth)
		g->nscope--;
}

/*
 * Go's parser: "$x :=", "$x =" or (range only) "$i, $e :=" opens the
 * pipeline; the names move to n->decl. Every other variable must be in scope.
 */
static void take_declarations(struct gtemplate *g, struct gnode *n, int depth)
{
	uint32_t skip = 0;

	if (n->ntoks >= 2 && is_variable(&n->toks[0]) &&
	    (n->toks[1].type == T_DECLARE || n->toks[1].type == T_ASSIGN))
		skip = 2;
	else if (n->ntoks >= 4 && is_variable(&n->toks[0]) && n->toks[1].type == T_COMMA &&
		 is_variable(&n->toks[2]) && n->toks[3].type == T_DECLARE)
		skip = 4;
	if (skip == 4 && n->type != G_RANGE) {
		g->error = "too many declarations in command";
		return;
	}
	n->assign = skip == 2 && n->toks[1].type == T_ASSIGN;
	for (uint32_t i = skip; i < n->ntoks && !g->error; i++) {
		const struct tok *t = &n->toks[i];
		size_t len = t->type == T_DOLLAR ? strcspn(t->text, ".") : 0;
		if (t->type == T_COMMA || t->type == T_DECLARE || t->type == T_ASSIGN) {
			g->error = t->type == T_COMMA ? "unexpected \",\" in command"
						      : "unexpected \":=\" in operand";
		} else if (len > 1 && !scope_has(g, t->text, len)) {
			snprintf(g->undefined, sizeof g->undefined, "undefined variable \"%.*s\"",
				 (int)(len < 60 ? len : 60), t->text);
			g->error = g->undefined;
		}
	}
	if (g->error || !skip)
		return;
	if (n->assign && !scope_has(g, n->toks[0].text, strlen(n->toks[0].text))) {
		snprintf(g->undefined, sizeof g->undefined, "undefined variable \"%.60s\"",
			 n->toks[0].text);
		g->error = g->undefined;
		return;
	}
	for (uint32_t i = 0; i < skip; i++) {
		if (n->toks[i].type == T_DOLLAR) {
			n->decl[n->ndecl] = n->toks[i].text;
			if (!n->assign) {
				xgrow(&g->scope, &g->scope_cap, g->nscope + 1, sizeof *g->scope);
				g->scope[g->nscope++] = (struct scope_var){ n->decl[n->ndecl], depth };
			}
			n->ndecl++;
		} else {
			free(n->toks[i].text);
		}
	}
	n->ntoks -= skip;
	memmove(n->toks, n->toks + skip, n->ntoks * sizeof *n->toks);
}

static void parse_action(struct gtemplate *g, const char *s, int *depth)
{
	static const struct {
		const char *word;
		enum gnode_type type;
	} words[] = { { "if", G_IF }, { "range", G_RANGE }, { "with", G_WITH }, { "end", G_END } };
	enum gnode_type type = G_ACTION;

	while (isspace((unsigned char)*s))
		s++;
	if (strncmp(s, "/*", 2) == 0)
		return; /* a comment */
	if (keyword(&s, "else")) {
		while (isspace((unsigned char)*s))
			s++;
		type = keyword(&s, "if") ? G_ELSE_IF : G_ELSE;
	}
	for (size_t i = 0; type == G_ACTION && i < ARRAY_LEN(words); i++)
		if (keyword(&s, words[i].word))
			type = words[i].type;
	if (type == G_IF || type == G_RANGE || type == G_WITH)
		++*depth;
	if (type == G_END && (*depth)-- == 0)
		g->error = "unexpected {{end}}";
	if ((type == G_ELSE || type == G_ELSE_IF) && *depth == 0)
		g->error = "unexpected {{else}}";
	if (type == G_END)
		scope_close(g, *depth);
	struct gnode *n = gnode_add(g, type);
	lex(g, s, n);
	if (!g->error)
		take_declarations(g, n, *depth);
	if (!g->error && (type == G_ACTION || type == G_IF || type == G_RANGE || type == G_WITH ||
			  type == G_ELSE_IF) && !n->ntoks)
		g->error = "missing value for command";
}

static void parse(struct gtemplate *g, const char *text)
{
	int depth = 0;
	bool trim_next = false;

	for (const char *s = text; *s && !g->error;) {
		const char *open = strstr(s, "{{"), *close;
		const char *text_end = open ? open : s + strlen(s);
		bool trim_prev = open && open[2] == '-' && isspace((unsigned char)open[3]);
		if (trim_next)
			while (s < text_end && isspace((unsigned char)*s))
				s++;
		const char *e = text_end;
		if (trim_prev)
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
		if (e > s)
			gnode_add(g, G_TEXT)->text = xstrndup(s, (size_t)(e - s));
		if (!open)
			break;
		close = strstr(open + 2, "}}");
		if (!close) {
			g->error = "unclosed action";
			break;
		}
		trim_next = close > open + 2 && close[-1] == '-' && isspace((unsigned char)close[-2]);
		char *inner = xstrndup(open + 2 + trim_prev, (size_t)(close - open - 2 - trim_prev - trim_next));
		parse_action(g, inner, &depth);
		free(inner);
		s = close + 2;
	}
	if (!g->error && depth)
		g->error = "unexpected EOF";
}

/* --- values --- */

static void print_val(const struct gval *v, struct strbuf *out)
{
	if (v->type == V_TREE)
		tree_go(v->tree, out);
	else if (v->type == V_STR)
		sb_add(out, v->str);
	else if (v->type == V_INT)
		sb_printf(out, "%lld", (long long)v->num);
	else if (v->type == V_BOOL)
		sb_add(out, v->num ? "true" : "false");
	else
		sb_add(out, "<no value>");
}

/* The Go type fmt names for an extra argument ("%!(EXTRA string=x)"); unstructured JSON holds int64s. */
static const char *go_type(const struct gval *v)
{
	static const char *const tree_types[] = { [TK_MAP] = "map[string]interface {}",
						  [TK_LIST] = "[]interface {}",
						  [TK_STR] = "string",
						  [TK_INT] = "int64",
						  [TK_BOOL] = "bool",
						  [TK_NULL] = NULL };

	if (v->type == V_TREE)
		return tree_types[tree_kind_of(v->tree)];
	return v->type == V_STR ? "string" : v->type == V_INT ? "int" : v->type == V_BOOL ? "bool" : NULL;
}

static bool truth(const struct gval *v)
{
	if (v->type == V_TREE) {
		enum tree_kind k = tree_kind_of(v->tree);
		if (k == TK_NULL)
			return false;
		if (k == TK_INT || k == TK_BOOL)
			return tree_num(v->tree) != 0;
		return tree_len(v->tree) > 0;
	}
	if (v->type == V_STR)
		return v->str[0] != '\0';
	return v->type != V_NONE && v->num != 0;
}

static struct gval from_tree(const struct tree *t)
{
	return t ? (struct gval){ .type = V_TREE, .tree = t } : (struct gval){ .type = V_NONE };
}

/* .a.b from base; a missing key gives <no value>. */
static struct gval field(const struct tree *base, const char *path)
{
	const struct tree *t = base;
	char *copy = xstrdup(path), *save = NULL;

	for (char *k = strtok_r(copy, ".", &save); k && t; k = strtok_r(NULL, ".", &save))
		t = tree_kind_of(t) == TK_MAP ? tree_get(t, k) : NULL;
	free(copy);
	return from_tree(t);
}

/* --- execution --- */

struct exec {
	struct gtemplate *g;
	const struct tree *root;
	struct strbuf *err;
	bool failed;
	struct var {
		const char *name; /* the declaring node's */
		struct gval v;    /* owned */
	} *vars;
	uint32_t nvars, vars_cap;
};

static struct gval gval_copy(const struct gval *v)
{
	struct gval c = *v;

	if (v->str)
		c.str = xstrdup(v->str);
	return c;
}

/* Declares name with the value v (taken). */
static void var_push(struct exec *x, const char *name, struct gval v)
{
	xgrow(&x->vars, &x->vars_cap, x->nvars + 1, sizeof *x->vars);
	x->vars[x->nvars++] = (struct var){ name, v };
}

/* Ends the variables declared after mark. */
static void vars_pop(struct exec *x, uint32_t mark)
{
	while (x->nvars > mark)
		gval_free(&x->vars[--x->nvars].v);
}

/* The innermost variable of that name (the parser saw it declared). */
static struct var *var_find(struct exec *x, const char *name, size_t len)
{
	for (uint32_t i = x->nvars; i-- > 0;)
		if (strlen(x->vars[i].name) == len && strncmp(x->vars[i].name, name, len) == 0)
			return &x->vars[i];
	return NULL;
}

/* $, $.a.b, $x or $x.a.b. */
static struct gval variable(struct exec *x, const char *text)
{
	size_t len = strcspn(text, ".");
	const struct var *v = len > 1 ? var_find(x, text, len) : NULL;
	const struct gval root = from_tree(x->root), *base = len > 1 ? (v ? &v->v : NULL) : &root;

	if (!base)
		return (struct gval){ .type = V_NONE };
	if (!text[len] || !text[len + 1])
		return gval_copy(base);
	return base->type == V_TREE ? field(base->tree, text + len + 1) : (struct gval){ .type = V_NONE };
}

static void fail(struct exec *x, const char *fmt, const char *arg)
{
	if (x->failed)
		return;
	x->failed = true;
	sb_printf(x->err, "error: error executing template \"%s\": template: output: ", x->g->source);
	sb_printf(x->err, fmt, arg);
	sb_addc(x->err, '\n');
}

static struct gval pipeline(struct exec *x, const struct tree *dot, const struct tok *t, uint32_t n);

/* The extent of one operand starting at t[0] (a parenthesised pipeline and its fields count as one). */
static uint32_t operand_len(const struct tok *t, uint32_t n)
{
	int depth = 0;
	uint32_t i = 0;

	for (; i < n; i++) {
		depth += t[i].type == T_LPAREN;
		depth -= t[i].type == T_RPAREN;
		if (depth <= 0)
			break;
	}
	if (i == n)
		return n;
	for (i++; i < n && t[i].chain; i++)
		;
	return i;
}

/* (PIPE).a.b: Go's ChainNode; a missing key is <no value>, a field of a scalar an error. */
static struct gval chain_field(struct exec *x, struct gval v, const char *path)
{
	struct gval f;

	if (v.type == V_NONE || (v.type == V_TREE && tree_kind_of(v.tree) == TK_MAP))
		return v.type == V_NONE ? v : field(v.tree, path + 1);
	f = (struct gval){ .type = V_NONE };
	if (v.type != V_TREE || tree_kind_of(v.tree) != TK_NULL) {
		char what[128];
		snprintf(what, sizeof what, "%s in type %s", path + 1, go_type(&v));
		fail(x, "can't evaluate field %s", what);
	}
	gval_free(&v);
	return f;
}

static struct gval operand(struct exec *x, const struct tree *dot, const struct tok *t, uint32_t n)
{
	uint32_t close = n;

	switch (t->type) {
	case T_FIELD:
		return strcmp(t->text, ".") == 0 ? from_tree(dot) : field(dot, t->text + 1);
	case T_DOLLAR:
		return variable(x, t->text);
	case T_STRING:
		return (struct gval){ .type = V_STR, .str = xstrdup(t->text) };
	case T_NUMBER:
		return (struct gval){ .type = V_INT, .num = t->num };
	case T_LPAREN: {
		while (close > 0 && t[close - 1].chain)
			close--;
		struct gval v = pipeline(x, dot, t + 1, close - 2);
		for (uint32_t i = close; i < n && !x->failed; i++)
			v = chain_field(x, v, t[i].text);
		return v;
	}
	case T_IDENT:
		if (strcmp(t->text, "true") == 0 || strcmp(t->text, "false") == 0)
			return (struct gval){ .type = V_BOOL, .num = t->text[0] == 't' };
		if (strcmp(t->text, "nil") == 0)
			return (struct gval){ .type = V_NONE };
		break;
	default:
		break;
	}
	fail(x, "unexpected %s in operand", t->text ? t->text : "token");
	return (struct gval){ .type = V_NONE };
}

static int64_t as_int(const struct gval *v)
{
	if (v->type == V_TREE)
		return tree_kind_of(v->tree) == TK_STR ? strtoll(tree_str(v->tree), NULL, 10)
						       : tree_num(v->tree);
	return v->type == V_STR ? strtoll(v->str, NULL, 10) : v->num;
}

/* Go's printf for the verbs templates use: %s %v %d %q %t, flags and widths passed through. */
static void go_printf(const struct gval *args, uint32_t n, struct strbuf *out)
{
	struct strbuf fmt, text;
	uint32_t next = 1;

	sb_init(&fmt);
	sb_init(&text);
	print_val(&args[0], &fmt);
	for (const char *p = fmt.data; *p; p++) {
		if (*p != '%') {
			sb_addc(out, *p);
			continue;
		}
		if (p[1] == '%') {
			sb_addc(out, '%');
			p++;
			continue;
		}
		const char *spec = p++;
		while (*p && strchr("-+ #0123456789.", *p))
			p++;
		if (!*p)
			break;
		char cfmt[32];
		int w = (int)(p - spec);
		if (next >= n) {
			sb_printf(out, "%%!%c(MISSING)", *p);
			continue;
		}
		const struct gval *a = &args[next++];
		sb_reset(&text);
		if (*p == 'd') {
			snprintf(cfmt, sizeof cfmt, "%.*slld", w < 20 ? w : 20, spec);
			sb_printf(out, cfmt, (long long)as_int(a));
			continue;
		}
		if (*p == 'q')
			sb_addc(&text, '"');
		print_val(a, &text);
		if (*p == 'q')
			sb_addc(&text, '"');
		snprintf(cfmt, sizeof cfmt, "%.*ss", w < 20 ? w : 20, spec);
		sb_printf(out, cfmt, text.data);
	}
	for (uint32_t extra = next; next < n; next++) {
		const char *type = go_type(&args[next]);
		sb_add(out, next == extra ? "%!(EXTRA " : ", ");
		if (type) {
			sb_printf(out, "%s=", type);
			print_val(&args[next], out);
		} else {
			sb_add(out, "<nil>");
		}
		if (next + 1 == n)
			sb_addc(out, ')');
	}
	sb_free(&fmt);
	sb_free(&text);
}

static int compare(const struct gval *a, const struct gval *b)
{
	struct strbuf x, y;
	int rc;

	bool numeric = (a->type == V_INT || (a->type == V_TREE && tree_kind_of(a->tree) == TK_INT)) &&
		       (b->type == V_INT || (b->type == V_TREE && tree_kind_of(b->tree) == TK_INT));
	if (numeric)
		return (as_int(a) > as_int(b)) - (as_int(a) < as_int(b));
	sb_init(&x);
	sb_init(&y);
	print_val(a, &x);
	print_val(b, &y);
	rc = strcmp(x.data, y.data);
	sb_free(&x);
	sb_free(&y);
	return rc;
}

static struct gval call_index(struct exec *x, const struct gval *args, uint32_t n)
{
	const struct tree *t = args[0].type == V_TREE ? args[0].tree : NULL;

	for (uint32_t i = 1; t && i < n; i++) {
		if (tree_kind_of(t) == TK_MAP) {
			struct strbuf k;
			sb_init(&k);
			print_val(&args[i], &k);
			t = tree_get(t, k.data);
			sb_free(&k);
		} else if (tree_kind_of(t) == TK_LIST) {
			int64_t j = as_int(&args[i]);
			if (j < 0 || j >= tree_len(t)) {
				fail(x, "error calling index: index out of range: %s", "");
				return (struct gval){ .type = V_NONE };
			}
			t = tree_at(t, (uint32_t)j);
		} else {
			fail(x, "error calling index: can't index item of type %s", "interface {}");
			return (struct gval){ .type = V_NONE };
		}
	}
	return from_tree(t);
}

static struct gval call(struct exec *x, const char *name, struct gval *args, uint32_t n)
{
	static const char *const cmps[] = { "eq", "ne", "lt", "le", "gt", "ge" };
	struct strbuf sb;

	if (strcmp(name, "index") == 0 && n >= 1)
		return call_index(x, args, n);
	if (strcmp(name, "len") == 0 && n == 1) {
		if (args[0].type == V_TREE && tree_kind_of(args[0].tree) <= TK_STR)
			return (struct gval){ .type = V_INT, .num = tree_len(args[0].tree) };
		if (args[0].type == V_STR)
			return (struct gval){ .type = V_INT, .num = (int64_t)strlen(args[0].str) };
		fail(x, "error calling len: len of %s", "nil pointer");
		return (struct gval){ .type = V_NONE };
	}
	if (strcmp(name, "not") == 0 && n == 1)
		return (struct gval){ .type = V_BOOL, .num = !truth(&args[0]) };
	if ((strcmp(name, "and") == 0 || strcmp(name, "or") == 0) && n >= 1) {
		uint32_t i = 0;
		while (i + 1 < n && truth(&args[i]) == (name[0] == 'a'))
			i++;
		struct gval v = args[i];
		args[i].str = NULL; /* moved */
		return v;
	}
	for (size_t c = 0; c < ARRAY_LEN(cmps); c++)
		if (strcmp(name, cmps[c]) == 0 && n == 2) {
			int r = compare(&args[0], &args[1]);
			bool v[] = { r == 0, r != 0, r < 0, r <= 0, r > 0, r >= 0 };
			return (struct gval){ .type = V_BOOL, .num = v[c] };
		}
	sb_init(&sb);
	if (strcmp(name, "printf") == 0 && n >= 1) {
		go_printf(args, n, &sb);
	} else if (strcmp(name, "print") == 0 || strcmp(name, "println") == 0) {
		for (uint32_t i = 0; i < n; i++) {
			bool strs = (args[i].type == V_STR) && i && args[i - 1].type == V_STR;
			if (i && (name[5] == 'l' || !strs))
				sb_addc(&sb, ' ');
			print_val(&args[i], &sb);
		}
		if (name[5] == 'l')
			sb_addc(&sb, '\n');
	} else {
		sb_free(&sb);
		fail(x, "function \"%s\" not defined", name);
		return (struct gval){ .type = V_NONE };
	}
	return (struct gval){ .type = V_STR, .str = sb_take(&sb) };
}

/* One command; prev (the pipeline's value so far) becomes its last argument. */
static struct gval command(struct exec *x, const struct tree *dot, const struct tok *t, uint32_t n,
			   struct gval *prev)
{
	struct gval args[16], v;
	uint32_t na = 0;
	bool fn = t[0].type == T_IDENT && strcmp(t[0].text, "true") && strcmp(t[0].text, "false") &&
		  strcmp(t[0].text, "nil");

	for (uint32_t i = fn; i < n && na < ARRAY_LEN(args) - 1; i += operand_len(t + i, n - i))
		args[na++] = operand(x, dot, t + i, operand_len(t + i, n - i));
	if (prev)
		args[na++] = *prev;
	if (fn) {
		v = call(x, t[0].text, args, na);
	} else if (na == 1) {
		v = args[0];
		args[0].str = NULL;
	} else {
		fail(x, "can't give argument to non-function %s", t[0].text ? t[0].text : "");
		v = (struct gval){ .type = V_NONE };
	}
	for (uint32_t i = 0; i < na; i++)
		gval_free(&args[i]);
	return v;
}

static struct gval pipeline(struct exec *x, const struct tree *dot, const struct tok *t, uint32_t n)
{
	struct gval v = { .type = V_NONE };
	bool have = false;
	uint32_t start = 0;
	int depth = 0;

	for (uint32_t i = 0; i <= n && !x->failed; i++) {
		if (i < n) {
			depth += t[i].type == T_LPAREN;
			depth -= t[i].type == T_RPAREN;
			if (t[i].type != T_PIPE || depth)
				continue;
		}
		if (i == start) {
			fail(x, "missing command in pipeline%s", "");
			break;
		}
		struct gval prev = v;
		v = command(x, dot, t + start, i - start, have ? &prev : NULL);
		have = true;
		start = i + 1;
	}
	return v;
}

/* The pipeline's value; a declaration (but for range's, set per item) or assignment is made here. */
static struct gval node_value(struct exec *x, const struct tree *dot, const struct gnode *nd)
{
	struct gval v = pipeline(x, dot, nd->toks, nd->ntoks);
	struct var *old;

	if (!nd->ndecl || nd->type == G_RANGE)
		return v;
	if (nd->assign && (old = var_find(x, nd->decl[0], strlen(nd->decl[0])))) {
		gval_free(&old->v);
		old->v = gval_copy(&v);
	} else if (!nd->assign) {
		var_push(x, nd->decl[0], gval_copy(&v));
	}
	return v;
}

/* The matching else (or else if) and end of the block opened at i. */
static void block_bounds(const struct gtemplate *g, uint32_t i, uint32_t to, uint32_t *els,
			 uint32_t *end)
{
	int depth = 0;

	*els = *end = to;
	for (uint32_t j = i + 1; j < to; j++) {
		enum gnode_type t = g->v[j].type;
		if (t == G_IF || t == G_RANGE || t == G_WITH) {
			depth++;
		} else if (t == G_END) {
			if (depth-- == 0) {
				*end = j;
				return;
			}
		} else if ((t == G_ELSE || t == G_ELSE_IF) && depth == 0 && *els == to) {
			*els = j;
		}
	}
}

static void run(struct exec *x, uint32_t from, uint32_t to, const struct tree *dot,
		struct strbuf *out);

/* An if/with/else-if chain: the first true branch runs. */
static void run_cond(struct exec *x, uint32_t i, uint32_t end, const struct tree *dot,
		     struct strbuf *out)
{
	uint32_t els, e;
	const struct gnode *nd = &x->g->v[i];
	uint32_t mark = x->nvars;
	struct gval v = node_value(x, dot, nd);

	block_bounds(x->g, i, end + 1, &els, &e);
	if (els > end)
		els = end;
	if (truth(&v))
		run(x, i + 1, els, nd->type == G_WITH && v.type == V_TREE ? v.tree : dot, out);
	else if (els < end && x->g->v[els].type == G_ELSE_IF)
		run_cond(x, els, end, dot, out);
	else if (els < end)
		run(x, els + 1, end, dot, out);
	vars_pop(x, mark);
	gval_free(&v);
}

/* One item of a range: $e (and $i, its index or key) set for the body. */
static void range_item(struct exec *x, const struct gnode *nd, uint32_t from, uint32_t to,
		       const struct tree *coll, uint32_t k, struct strbuf *out)
{
	const struct tree *item = tree_at(coll, k);
	uint32_t mark = x->nvars;

	if (nd->ndecl == 2)
		var_push(x, nd->decl[0],
			 tree_kind_of(coll) == TK_MAP
			     ? (struct gval){ .type = V_STR, .str = xstrdup(tree_key(item)) }
			     : (struct gval){ .type = V_INT, .num = k });
	if (nd->ndecl)
		var_push(x, nd->decl[nd->ndecl - 1], from_tree(item));
	run(x, from, to, item, out);
	vars_pop(x, mark);
}

static void run_range(struct exec *x, uint32_t i, uint32_t end, const struct tree *dot,
		      struct strbuf *out)
{
	uint32_t els, e;
	struct gval v = node_value(x, dot, &x->g->v[i]);
	const struct tree *t = v.type == V_TREE ? v.tree : NULL;
	bool coll = t && (tree_kind_of(t) == TK_MAP || tree_kind_of(t) == TK_LIST);

	block_bounds(x->g, i, end + 1, &els, &e);
	if (els > end)
		els = end;
	if (!coll && v.type != V_NONE && !(t && tree_kind_of(t) == TK_NULL))
		fail(x, "range can't iterate over %s", "a scalar");
	else if (coll && tree_len(t))
		for (uint32_t k = 0; k < tree_len(t) && !x->failed; k++)
			range_item(x, &x->g->v[i], i + 1, els, t, k, out);
	else if (els < end)
		run(x, els + 1, end, dot, out);
	gval_free(&v);
}

static void run(struct exec *x, uint32_t from, uint32_t to, const struct tree *dot,
		struct strbuf *out)
{
	uint32_t mark = x->nvars;

	for (uint32_t i = from; i < to && !x->failed; i++) {
		const struct gnode *nd = &x->g->v[i];
		uint32_t els, end;
		if (nd->type == G_TEXT) {
			sb_add(out, nd->text);
			continue;
		}
		if (nd->type == G_ACTION) {
			struct gval v = node_value(x, dot, nd);
			if (!nd->ndecl) /* a declaration or assignment prints nothing */
				print_val(&v, out);
			gval_free(&v);
			continue;
		}
		block_bounds(x->g, i, to, &els, &end);
		if (nd->type == G_RANGE)
			run_range(x, i, end, dot, out);
		else
			run_cond(x, i, end, dot, out);
		i = end;
	}
	vars_pop(x, mark);
}

int gotemplate_print(const char *text, const struct tree *doc, struct strbuf *out,
		     struct strbuf *err)
{
	struct gtemplate g = { .source = text };
	struct exec x = { .g = &g, .root = doc, .err = err };
	struct strbuf sb;

	parse(&g, text);
	if (g.error) {
		sb_printf(err, "error: error parsing template %s, template: output:1: %s\n", text,
			  g.error);
		template_free(&g);
		return 1;
	}
	sb_init(&sb);
	run(&x, 0, g.n, doc, &sb);
	free(x.vars);
	if (!x.failed)
		sb_add(out, sb.data);
	sb_free(&sb);
	template_free(&g);
	return x.failed;
}
