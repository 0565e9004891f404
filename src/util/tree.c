/*
 * A small document tree (maps, lists, strings, integers, booleans) and the
 * two ways kubectl prints one: YAML as sigs.k8s.io/yaml (go-yaml v2) writes
 * it, and JSON as encoding/json's MarshalIndent with four spaces. kubectl
 * prints objects decoded as unstructured maps, so keys come out sorted in
 * both formats.
 */
#include "ksim/tree.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum tree_type { TREE_MAP, TREE_LIST, TREE_STR, TREE_INT, TREE_BOOL, TREE_NULL };

struct tree {
	enum tree_type type;
	char *key; /* set when the node is a map member */
	char *str;
	int64_t num;
	struct tree **kids;
	uint32_t nkids, cap;
	bool sorted; /* a map's kids are in key order: nothing attached since the last sort */
};

static struct tree *node_new(enum tree_type type)
{
	struct tree *t = xcalloc(1, sizeof *t);

	t->type = type;
	return t;
}

struct tree *tree_map(void)
{
	return node_new(TREE_MAP);
}

void tree_free(struct tree *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; i < t->nkids; i++)
		tree_free(t->kids[i]);
	free(t->kids);
	free(t->key);
	free(t->str);
	free(t);
}

static struct tree *attach(struct tree *parent, const char *key, struct tree *kid)
{
	xgrow(&parent->kids, &parent->cap, parent->nkids + 1, sizeof *parent->kids);
	parent->kids[parent->nkids++] = kid;
	parent->sorted = false;
	if (key)
		kid->key = xstrdup(key);
	return kid;
}

struct tree *tree_add_map(struct tree *parent, const char *key)
{
	return attach(parent, key, node_new(TREE_MAP));
}

struct tree *tree_add_list(struct tree *parent, const char *key)
{
	return attach(parent, key, node_new(TREE_LIST));
}

void tree_add_str(struct tree *parent, const char *key, const char *value)
{
	attach(parent, key, node_new(TREE_STR))->str = xstrdup(value);
}

void tree_add_int(struct tree *parent, const char *key, int64_t value)
{
	attach(parent, key, node_new(TREE_INT))->num = value;
}

void tree_add_bool(struct tree *parent, const char *key, bool value)
{
	attach(parent, key, node_new(TREE_BOOL))->num = value;
}

void tree_add_null(struct tree *parent, const char *key)
{
	attach(parent, key, node_new(TREE_NULL));
}

struct tree *tree_list(struct tree **items, uint32_t n)
{
	struct tree *doc = tree_map(), *list;

	tree_add_str(doc, "apiVersion", "v1");
	list = tree_add_list(doc, "items");
	for (uint32_t i = 0; i < n; i++)
		attach(list, NULL, items[i]);
	tree_add_str(doc, "kind", "List");
	tree_add_str(tree_add_map(doc, "metadata"), "resourceVersion", "");
	return doc;
}

static int by_key(const void *a, const void *b)
{
	return strcmp((*(struct tree *const *)a)->key, (*(struct tree *const *)b)->key);
}

/* Maps print with sorted keys; sorting once in place is enough (readers take const trees). */
static void sort_keys(const struct tree *t)
{
	if (t->type == TREE_MAP && !t->sorted) {
		xqsort(t->kids, t->nkids, sizeof *t->kids, by_key);
		((struct tree *)t)->sorted = true;
	}
}

/* --- YAML --- */

static bool word_is(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

static bool all_of(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

/* YAML 1.1 numbers go-yaml reads back as int or float ("1", "0x1f", "1e3", "1:30"). */
static bool looks_numeric(const char *s)
{
	const char *p = s + (*s == '+' || *s == '-');
	char *end;

	if (!*p || !(isdigit((unsigned char)*p) || *p == '.'))
		return false;
	if ((p[0] == '0' && (p[1] == 'x' || p[1] == 'b')) && all_of(p + 2, "0123456789abcdefABCDEF_"))
		return true;
	if (all_of(p, "0123456789_"))
		return true;
	if (all_of(p, "0123456789_:") && isdigit((unsigned char)*p))
		return true; /* base-60 */
	strtod(s, &end);
	return *end == '\0' && all_of(p, "0123456789._eE+-");
}

/* "2026-01-01" and "2026-01-01T00:00:00Z" resolve to timestamps. */
static bool looks_like_date(const char *s)
{
	return strlen(s) >= 10 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[3]) &&
	       s[4] == '-' && isdigit((unsigned char)s[5]) && (s[7] == '-' || s[6] == '-');
}

/* True when a plain scalar would read back as something other than this string. */
static bool resolves_to_non_string(const char *s)
{
	static const char *const special[] = {
		"",      "~",     "null",  "Null",  "NULL",  "y",    "Y",    "yes",  "Yes",
		"YES",   "n",     "N",     "no",    "No",    "NO",   "true", "True", "TRUE",
		"false", "False", "FALSE", "on",    "On",    "ON",   "off",  "Off",  "OFF",
		".inf",  ".Inf",  ".INF",  "+.inf", "-.inf", ".nan", ".NaN", ".NAN", NULL,
	};
	return word_is(s, special) || looks_numeric(s) || looks_like_date(s);
}

/* libyaml's analysis: may this string be written plain in a block context? */
static bool plain_allowed(const char *s)
{
	size_t n = strlen(s);

	if (s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
		return false;
	if (strchr("#,[]{}&*!|>'\"%@`", s[0]))
		return false;
	if (strchr("-?:", s[0]) && (s[1] == ' ' || s[1] == '\0'))
		return false;
	if (strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0)
		return false;
	if (strstr(s, ": ") || strstr(s, " #"))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

void tree_yaml_quoted(struct strbuf *out, const char *s)
{
	sb_addc(out, '"');
	for (const char *p = s; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '"' || ch == '\\') {
			sb_addc(out, '\\');
			sb_addc(out, (char)ch);
		} else if (ch == '\n') {
			sb_add(out, "\\n");
		} else if (ch == '\t') {
			sb_add(out, "\\t");
		} else if (ch < 0x20) {
			sb_printf(out, "\\x%02X", ch);
		} else {
			sb_addc(out, (char)ch);
		}
	}
	sb_addc(out, '"');
}

static void yaml_indent(int indent, struct strbuf *out)
{
	for (int i = 0; i < indent; i++)
		sb_addc(out, ' ');
}

static void yaml_literal(const char *s, int indent, struct strbuf *out)
{
	size_t n = strlen(s);

	sb_add(out, n && s[n - 1] == '\n' ? "|" : "|-");
	for (const char *line = s; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		sb_addc(out, '\n');
		if (len)
			yaml_indent(indent, out);
		sb_addn(out, line, len);
		line += len + (nl != NULL);
	}
}

static void yaml_string(const char *s, int indent, struct strbuf *out)
{
	if (strchr(s, '\n')) {
		yaml_literal(s, indent, out);
	} else if (resolves_to_non_string(s)) {
		tree_yaml_quoted(out, s);
	} else if (plain_allowed(s)) {
		sb_add(out, s);
	} else {
		sb_addc(out, '\'');
		for (const char *p = s; *p; p++) {
			if (*p == '\'')
				sb_addc(out, '\'');
			sb_addc(out, *p);
		}
		sb_addc(out, '\'');
	}
}

static bool is_empty_collection(const struct tree *t)
{
	return (t->type == TREE_MAP || t->type == TREE_LIST) && t->nkids == 0;
}

static void yaml_scalar(const struct tree *t, int indent, struct strbuf *out)
{
	switch (t->type) {
	case TREE_STR:
		yaml_string(t->str, indent, out);
		break;
	case TREE_INT:
		sb_printf(out, "%lld", (long long)t->num);
		break;
	case TREE_BOOL:
		sb_add(out, t->num ? "true" : "false");
		break;
	case TREE_NULL:
		sb_add(out, "null");
		break;
	case TREE_MAP:
		sb_add(out, "{}");
		break;
	case TREE_LIST:
		sb_add(out, "[]");
		break;
	}
}

static void yaml_node(const struct tree *t, int indent, bool inline_first, struct strbuf *out);

/* A map's members; the first may continue the current line (after "- "). */
static void yaml_map(const struct tree *t, int indent, bool inline_first, struct strbuf *out)
{
	sort_keys(t);
	for (uint32_t i = 0; i < t->nkids; i++) {
		const struct tree *kid = t->kids[i];
		if (i || !inline_first)
			yaml_indent(indent, out);
		yaml_string(kid->key, indent, out);
		sb_addc(out, ':');
		if (kid->type == TREE_MAP && kid->nkids) {
			sb_addc(out, '\n');
			yaml_node(kid, indent + 2, false, out);
		} else if (kid->type == TREE_LIST && kid->nkids) {
			/* go-yaml v2 does not indent a sequence under its key. */
			sb_addc(out, '\n');
			yaml_node(kid, indent, false, out);
		} else {
			sb_addc(out, ' ');
			yaml_scalar(kid, indent + 2, out);
			sb_addc(out, '\n');
		}
	}
}

static void yaml_list(const struct tree *t, int indent, bool inline_first, struct strbuf *out)
{
	for (uint32_t i = 0; i < t->nkids; i++) {
		const struct tree *kid = t->kids[i];
		if (i || !inline_first)
			yaml_indent(indent, out);
		sb_add(out, "- ");
		if (!is_empty_collection(kid) && (kid->type == TREE_MAP || kid->type == TREE_LIST)) {
			yaml_node(kid, indent + 2, true, out);
		} else {
			yaml_scalar(kid, indent + 2, out);
			sb_addc(out, '\n');
		}
	}
}

static void yaml_node(const struct tree *t, int indent, bool inline_first, struct strbuf *out)
{
	if (t->type == TREE_MAP && t->nkids) {
		yaml_map(t, indent, inline_first, out);
	} else if (t->type == TREE_LIST && t->nkids) {
		yaml_list(t, indent, inline_first, out);
	} else {
		yaml_scalar(t, indent, out);
		sb_addc(out, '\n');
	}
}

void tree_yaml(const struct tree *t, struct strbuf *out)
{
	yaml_node(t, 0, false, out);
}

/* --- JSON --- */

void tree_json_string(const char *s, struct strbuf *out)
{
	static const char *const escapes[128] = {
		['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
	};

	sb_addc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 128 && escapes[*p])
			sb_add(out, escapes[*p]);
		else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
			sb_printf(out, "\\u%04x", *p); /* encoding/json escapes HTML characters */
		else
			sb_addc(out, (char)*p);
	}
	sb_addc(out, '"');
}

/* indent < 0: on one line, as json.Marshal writes it; else MarshalIndent's layout. */
static void json_node(const struct tree *t, int indent, struct strbuf *out)
{
	bool map = t->type == TREE_MAP, compact = indent < 0;

	if (t->type == TREE_STR) {
		tree_json_string(t->str, out);
		return;
	}
	if (t->type != TREE_MAP && t->type != TREE_LIST) {
		yaml_scalar(t, 0, out);
		return;
	}
	if (!t->nkids) {
		sb_add(out, map ? "{}" : "[]");
		return;
	}
	sort_keys(t);
	sb_addc(out, map ? '{' : '[');
	for (uint32_t i = 0; i < t->nkids; i++) {
		if (!compact) {
			sb_addc(out, '\n');
			yaml_indent(indent + 4, out);
		}
		if (map) {
			tree_json_string(t->kids[i]->key, out);
			sb_add(out, compact ? ":" : ": ");
		}
		json_node(t->kids[i], compact ? indent : indent + 4, out);
		if (i + 1 < t->nkids)
			sb_addc(out, ',');
	}
	if (!compact) {
		sb_addc(out, '\n');
		yaml_indent(indent, out);
	}
	sb_addc(out, map ? '}' : ']');
}

void tree_json(const struct tree *t, struct strbuf *out)
{
	json_node(t, 0, out);
	sb_addc(out, '\n');
}

/* --- reading, for the template printers --- */

enum tree_kind tree_kind_of(const struct tree *t)
{
	static const enum tree_kind kinds[] = {
		[TREE_MAP] = TK_MAP, [TREE_LIST] = TK_LIST, [TREE_STR] = TK_STR,
		[TREE_INT] = TK_INT, [TREE_BOOL] = TK_BOOL, [TREE_NULL] = TK_NULL,
	};
	return kinds[t->type];
}

uint32_t tree_len(const struct tree *t)
{
	return t->type == TREE_STR ? (uint32_t)strlen(t->str) : t->nkids;
}

const struct tree *tree_at(const struct tree *t, uint32_t i)
{
	sort_keys(t);
	return t->kids[i];
}

const char *tree_key(const struct tree *t)
{
	return t->key;
}

const struct tree *tree_get(const struct tree *t, const char *key)
{
	for (uint32_t i = 0; t->type == TREE_MAP && i < t->nkids; i++)
		if (strcmp(t->kids[i]->key, key) == 0)
			return t->kids[i];
	return NULL;
}

const char *tree_str(const struct tree *t)
{
	return t->type == TREE_STR ? t->str : NULL;
}

int64_t tree_num(const struct tree *t)
{
	return t->num;
}

void tree_json_compact(const struct tree *t, struct strbuf *out)
{
	json_node(t, -1, out);
}

/* --- paths: one field, as demo expectations read it --- */

/* The item of a list at index text ("2"), or NULL. */
static const struct tree *list_item(const struct tree *t, const char *text)
{
	char *end;
	long i = strtol(text, &end, 10);

	if (t->type != TREE_LIST || end == text || *end || i < 0 || i >= (long)t->nkids)
		return NULL;
	return t->kids[i];
}

/*
 * The member ("key", with "\." for a dot inside it) or item ("[2]", or "2"
 * in a list) that starts *path; advances *path.
 */
static const struct tree *path_step(const struct tree *t, const char **path)
{
	const struct tree *found = NULL;
	bool bracket = **path == '[';
	const char *p = *path + bracket;
	struct strbuf key;

	sb_init(&key);
	for (; *p && (bracket ? *p != ']' : *p != '.' && *p != '['); p++) {
		p += *p == '\\' && p[1];
		sb_addc(&key, *p);
	}
	*path = p + (bracket && *p == ']');
	if (t->type == TREE_LIST)
		found = list_item(t, key.data);
	for (uint32_t i = 0; !bracket && t->type == TREE_MAP && i < t->nkids && !found; i++)
		if (strcmp(t->kids[i]->key, key.data) == 0)
			found = t->kids[i];
	sb_free(&key);
	return found;
}

int tree_field(const struct tree *t, const char *path, struct strbuf *out)
{
	path += *path == '.';
	while (t && *path) {
		t = path_step(t, &path);
		path += *path == '.';
	}
	if (t && t->type == TREE_STR)
		sb_add(out, t->str);
	else if (t && (t->type == TREE_MAP || t->type == TREE_LIST))
		json_node(t, 0, out);
	else if (t)
		yaml_scalar(t, 0, out);
	return t ? 0 : -1;
}

void tree_go(const struct tree *t, struct strbuf *out)
{
	switch (tree_kind_of(t)) {
	case TK_STR:
		sb_add(out, tree_str(t));
		break;
	case TK_INT:
		sb_printf(out, "%lld", (long long)tree_num(t));
		break;
	case TK_BOOL:
		sb_add(out, tree_num(t) ? "true" : "false");
		break;
	case TK_NULL:
		sb_add(out, "<nil>");
		break;
	case TK_MAP:
	case TK_LIST:
		sb_add(out, tree_kind_of(t) == TK_MAP ? "map[" : "[");
		for (uint32_t i = 0; i < tree_len(t); i++) {
			const struct tree *kid = tree_at(t, i);
			if (i)
				sb_addc(out, ' ');
			if (tree_kind_of(t) == TK_MAP)
				sb_printf(out, "%s:", tree_key(kid));
			tree_go(kid, out);
		}
		sb_addc(out, ']');
		break;
	}
}
