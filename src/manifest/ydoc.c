/*
 * A small YAML document tree (maps, lists, scalars) for what works on whole
 * objects rather than on Kubernetes fields: `kubectl patch` (JSON merge
 * patch RFC 7386, strategic merge by list-item name, JSON patch RFC 6902)
 * and `kubectl edit`. JSON is YAML, so one parser reads both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ksim/manifest.h"

enum ytype { Y_SCALAR, Y_MAP, Y_LIST };

struct ynode {
	enum ytype type;
	char *text;  /* scalar value; map key for members */
	bool quoted; /* scalar written in quotes: a string even if it reads as a number */
	struct ynode *kids, *next;
	char *key; /* set on map members */
};

static struct ynode *node_new(enum ytype type)
{
	struct ynode *n = xcalloc(1, sizeof *n);

	n->type = type;
	return n;
}

void ydoc_free(struct ynode *n)
{
	while (n) {
		struct ynode *next = n->next;
		ydoc_free(n->kids);
		free(n->text);
		free(n->key);
		free(n);
		n = next;
	}
}

static void append(struct ynode *parent, struct ynode *kid)
{
	struct ynode **p = &parent->kids;

	while (*p)
		p = &(*p)->next;
	*p = kid;
}

/* As deep as a manifest may nest (the loader's limit); deeper text is refused before libyaml slows down. */
#define MAX_DEPTH 512

/* Builds the tree from libyaml events; returns NULL on a syntax error (err filled). */
static struct ynode *parse_value(yaml_parser_t *p, yaml_event_t *ev, int depth,
				 struct ksim_error *err);

static bool next_event(yaml_parser_t *p, yaml_event_t *ev, struct ksim_error *err)
{
	if (yaml_parser_parse(p, ev))
		return true;
	error_at(err, "patch", (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1, "",
		 "%s", p->problem ? p->problem : "invalid YAML");
	return false;
}

static struct ynode *parse_collection(yaml_parser_t *p, enum ytype type, int depth,
				      struct ksim_error *err)
{
	struct ynode *n = node_new(type);
	yaml_event_t ev;

	if (depth > MAX_DEPTH) {
		error_set(err, "the document nests deeper than %d levels", MAX_DEPTH);
		ydoc_free(n);
		return NULL;
	}
	for (;;) {
		char *key = NULL;
		if (!next_event(p, &ev, err))
			break;
		if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return n;
		}
		if (type == Y_MAP) {
			if (ev.type != YAML_SCALAR_EVENT) {
				error_set(err, "a mapping key must be a scalar");
				yaml_event_delete(&ev);
				break;
			}
			key = xstrdup((const char *)ev.data.scalar.value);
			yaml_event_delete(&ev);
			if (!next_event(p, &ev, err)) {
				free(key);
				break;
			}
		}
		struct ynode *kid = parse_value(p, &ev, depth, err);
		yaml_event_delete(&ev);
		if (!kid) {
			free(key);
			break;
		}
		kid->key = key;
		append(n, kid);
	}
	ydoc_free(n);
	return NULL;
}

static struct ynode *parse_value(yaml_parser_t *p, yaml_event_t *ev, int depth, struct ksim_error *err)
{
	struct ynode *n;

	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = node_new(Y_SCALAR);
		n->text = xstrdup((const char *)ev->data.scalar.value);
		n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
		return n;
	case YAML_MAPPING_START_EVENT:
		return parse_collection(p, Y_MAP, depth + 1, err);
	case YAML_SEQUENCE_START_EVENT:
		return parse_collection(p, Y_LIST, depth + 1, err);
	case YAML_ALIAS_EVENT:
		error_set(err, "aliases are not supported here");
		return NULL;
	default:
		error_set(err, "unexpected YAML structure");
		return NULL;
	}
}

struct ynode *ydoc_parse(const char *text, size_t len, struct ksim_error *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	struct ynode *root = NULL;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	/* stream start, document start, the value */
	while (next_event(&p, &ev, err)) {
		yaml_event_type_t t = ev.type;
		if (t == YAML_SCALAR_EVENT || t == YAML_MAPPING_START_EVENT ||
		    t == YAML_SEQUENCE_START_EVENT || t == YAML_ALIAS_EVENT) {
			root = parse_value(&p, &ev, 0, err);
			yaml_event_delete(&ev);
			break;
		}
		yaml_event_delete(&ev);
		if (t == YAML_STREAM_END_EVENT) {
			error_set(err, "empty document");
			break;
		}
	}
	yaml_parser_delete(&p);
	return root;
}

bool ydoc_is_map(const struct ynode *n)
{
	return n && n->type == Y_MAP;
}

static struct ynode *member(const struct ynode *map, const char *key)
{
	for (struct ynode *k = map->kids; k; k = k->next)
		if (strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

static bool is_null(const struct ynode *n)
{
	return n->type == Y_SCALAR && !n->quoted && (strcmp(n->text, "null") == 0 || !*n->text);
}

static struct ynode *copy(const struct ynode *n)
{
	struct ynode *c = node_new(n->type);

	c->text = n->text ? xstrdup(n->text) : NULL;
	c->key = n->key ? xstrdup(n->key) : NULL;
	c->quoted = n->quoted;
	for (const struct ynode *k = n->kids; k; k = k->next)
		append(c, copy(k));
	return c;
}

static void remove_member(struct ynode *map, struct ynode *victim)
{
	for (struct ynode **p = &map->kids; *p; p = &(*p)->next)
		if (*p == victim) {
			*p = victim->next;
			victim->next = NULL;
			ydoc_free(victim);
			return;
		}
}

/* Replaces old (a member of parent, or NULL) with a copy of value under key. */
static void set_member(struct ynode *parent, const char *key, const struct ynode *value)
{
	struct ynode *old = member(parent, key), *n = copy(value);

	free(n->key);
	n->key = xstrdup(key);
	if (old) {
		n->next = old->next;
		for (struct ynode **p = &parent->kids; *p; p = &(*p)->next)
			if (*p == old) {
				*p = n;
				break;
			}
		old->next = NULL;
		ydoc_free(old);
	} else {
		append(parent, n);
	}
}

static const char *name_of(const struct ynode *item)
{
	const struct ynode *n = item->type == Y_MAP ? member(item, "name") : NULL;

	return n && n->type == Y_SCALAR ? n->text : NULL;
}

static void merge_map(struct ynode *target, const struct ynode *patch, bool strategic);

/* Strategic merge: a list of named maps (containers, ports...) merges item by item. */
static bool merge_named_list(struct ynode *target, const struct ynode *patch)
{
	for (const struct ynode *p = patch->kids; p; p = p->next)
		if (!name_of(p))
			return false;
	for (const struct ynode *t = target->kids; t; t = t->next)
		if (!name_of(t))
			return false;
	for (const struct ynode *p = patch->kids; p; p = p->next) {
		struct ynode *t = target->kids;
		while (t && strcmp(name_of(t), name_of(p)) != 0)
			t = t->next;
		if (t)
			merge_map(t, p, true);
		else
			append(target, copy(p));
	}
	return true;
}

static void merge_map(struct ynode *target, const struct ynode *patch, bool strategic)
{
	for (const struct ynode *p = patch->kids; p; p = p->next) {
		struct ynode *t = member(target, p->key);
		if (is_null(p)) {
			if (t)
				remove_member(target, t);
		} else if (t && t->type == Y_MAP && p->type == Y_MAP) {
			merge_map(t, p, strategic);
		} else if (!(strategic && t && t->type == Y_LIST && p->type == Y_LIST &&
			     merge_named_list(t, p))) {
			set_member(target, p->key, p);
		}
	}
}

int ydoc_merge(struct ynode *target, const struct ynode *patch, bool strategic, struct ksim_error *err)
{
	if (!ydoc_is_map(target) || !ydoc_is_map(patch)) {
		error_set(err, "a merge patch must be a JSON object");
		return -1;
	}
	merge_map(target, patch, strategic);
	return 0;
}

/* RFC 6901 pointer: the parent of the last token, and that token ("~1" is "/", "~0" is "~"). */
static struct ynode *pointer_parent(struct ynode *root, const char *path, char *last, size_t size)
{
	struct ynode *n = root;
	const char *s = path;

	if (*s != '/')
		return NULL;
	for (;;) {
		char tok[256];
		size_t len = 0;
		s++;
		while (*s && *s != '/') {
			if (len == sizeof tok - 1)
				return NULL; /* no key is that long */
			if (s[0] == '~' && (s[1] == '0' || s[1] == '1')) {
				tok[len++] = s[1] == '0' ? '~' : '/';
				s += 2;
			} else {
				tok[len++] = *s++;
			}
		}
		tok[len] = '\0';
		if (!*s) {
			snprintf(last, size, "%s", tok);
			return n;
		}
		if (n->type == Y_MAP) {
			n = member(n, tok);
		} else if (n->type == Y_LIST) {
			long i = strtol(tok, NULL, 10);
			for (n = n->kids; n && i > 0; i--)
				n = n->next;
		} else {
			return NULL;
		}
		if (!n)
			return NULL;
	}
}

static int json_patch_op(struct ynode *root, const struct ynode *op, struct ksim_error *err)
{
	const struct ynode *verb = member(op, "op"), *path = member(op, "path"),
			   *value = member(op, "value");
	char last[256];
	struct ynode *parent;

	if (!verb || !path || verb->type != Y_SCALAR || path->type != Y_SCALAR) {
		error_set(err, "a JSON patch operation needs \"op\" and \"path\"");
		return -1;
	}
	parent = pointer_parent(root, path->text, last, sizeof last);
	if (!parent || parent->type != Y_MAP) {
		error_set(err, "jsonpatch %s operation does not apply: doc is missing path: \"%s\"",
			  verb->text, path->text);
		return -1;
	}
	if (strcmp(verb->text, "remove") == 0) {
		struct ynode *victim = member(parent, last);
		if (!victim) {
			error_set(err,
				  "jsonpatch remove operation does not apply: doc is missing key: %s",
				  path->text);
			return -1;
		}
		remove_member(parent, victim);
		return 0;
	}
	if ((strcmp(verb->text, "add") == 0 || strcmp(verb->text, "replace") == 0) && value) {
		if (verb->text[0] == 'r' && !member(parent, last)) {
			error_set(err,
				  "jsonpatch replace operation does not apply: doc is missing key: %s",
				  path->text);
			return -1;
		}
		set_member(parent, last, value);
		return 0;
	}
	error_set(err, "unsupported JSON patch operation \"%s\" (ksim knows add, replace, remove)",
		  verb->text);
	return -1;
}

int ydoc_json_patch(struct ynode *target, const struct ynode *ops, struct ksim_error *err)
{
	if (!ops || ops->type != Y_LIST) {
		error_set(err, "a JSON patch must be a list of operations");
		return -1;
	}
	for (const struct ynode *op = ops->kids; op; op = op->next) {
		if (op->type != Y_MAP) {
			error_set(err, "a JSON patch operation must be an object");
			return -1;
		}
		if (json_patch_op(target, op, err))
			return -1;
	}
	return 0;
}

bool ydoc_equal(const struct ynode *a, const struct ynode *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type)
		return false;
	if (a->type == Y_SCALAR)
		return strcmp(a->text, b->text) == 0;
	const struct ynode *x = a->kids, *y = b->kids;
	for (; x && y; x = x->next, y = y->next)
		if ((a->type == Y_MAP && strcmp(x->key, y->key) != 0) || !ydoc_equal(x, y))
			return false;
	return !x && !y;
}

/*
 * What a double-quoted scalar must escape at s: control characters, and
 * the characters YAML 1.1 reads as line breaks (NEL, LS, PS) or strips (a
 * BOM). Fills esc and returns how many bytes of s it stands for; 0 when
 * the character can be written as it is.
 */
static size_t escape_at(const char *s, char esc[8])
{
	static const struct {
		const char *utf8, *esc;
	} breaks[] = { { "\xc2\x85", "\\N" },
		       { "\xe2\x80\xa8", "\\L" },
		       { "\xe2\x80\xa9", "\\P" },
		       { "\xef\xbb\xbf", "\\uFEFF" } };
	unsigned char ch = (unsigned char)*s;

	if (ch == '"' || ch == '\\') {
		snprintf(esc, 8, "\\%c", ch);
		return 1;
	}
	if (ch == '\n' || ch == '\t' || ch == '\r') {
		snprintf(esc, 8, "\\%c", ch == '\n' ? 'n' : ch == '\t' ? 't' : 'r');
		return 1;
	}
	if (ch < 0x20 || ch == 0x7f) {
		snprintf(esc, 8, "\\x%02x", ch);
		return 1;
	}
	for (size_t i = 0; i < ARRAY_LEN(breaks); i++)
		if (strncmp(s, breaks[i].utf8, strlen(breaks[i].utf8)) == 0) {
			snprintf(esc, 8, "%s", breaks[i].esc);
			return strlen(breaks[i].utf8);
		}
	return 0;
}

/* A scalar is written plain unless it was quoted or plain YAML would misread it. */
static bool needs_quotes(const struct ynode *n)
{
	const char *s = n->text;
	size_t len = strlen(s);
	char esc[8];

	if (n->quoted || !len || strpbrk(s, ":#{}[],&*!|>'\"%@`\\") || s[0] == ' ' ||
	    s[len - 1] == ' ' || ((s[0] == '-' || s[0] == '?') && (s[1] == ' ' || !s[1])) ||
	    strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0)
		return true;
	for (; *s; s++)
		if (escape_at(s, esc))
			return true;
	return false;
}

static void emit_scalar(const struct ynode *n, struct strbuf *out)
{
	char esc[8];
	size_t skip;

	if (!needs_quotes(n)) {
		sb_add(out, n->text);
		return;
	}
	sb_addc(out, '"');
	for (const char *s = n->text; *s; s += skip ? skip : 1) {
		skip = escape_at(s, esc);
		if (skip)
			sb_add(out, esc);
		else
			sb_addc(out, *s);
	}
	sb_addc(out, '"');
}

static void indent(struct strbuf *out, int level)
{
	for (int i = 0; i < level; i++)
		sb_add(out, "  ");
}

static void emit(const struct ynode *n, int level, struct strbuf *out);

static void emit_member_value(const struct ynode *v, int level, struct strbuf *out)
{
	if (v->type == Y_SCALAR) {
		sb_addc(out, ' ');
		emit_scalar(v, out);
		sb_addc(out, '\n');
	} else if (!v->kids) {
		sb_add(out, v->type == Y_MAP ? " {}\n" : " []\n");
	} else {
		sb_addc(out, '\n');
		emit(v, v->type == Y_MAP ? level + 1 : level, out);
	}
}

static void emit(const struct ynode *n, int level, struct strbuf *out)
{
	for (const struct ynode *k = n->kids; k; k = k->next) {
		indent(out, level);
		if (n->type == Y_MAP) {
			emit_scalar(&(struct ynode){ .type = Y_SCALAR, .text = k->key }, out);
			sb_addc(out, ':');
			emit_member_value(k, level, out);
			continue;
		}
		sb_add(out, "-");
		if (k->type == Y_SCALAR || !k->kids) {
			emit_member_value(k, level, out);
		} else if (k->type == Y_MAP) {
			/* "- key: v" with the rest of the map aligned under it */
			struct strbuf item;
			sb_init(&item);
			emit(k, level + 1, &item);
			sb_addc(out, ' ');
			sb_add(out, item.data + 2 * (level + 1));
			sb_free(&item);
		} else {
			sb_addc(out, '\n');
			emit(k, level + 1, out);
		}
	}
}

void ydoc_emit(const struct ynode *n, struct strbuf *out)
{
	if (n->type == Y_SCALAR) {
		emit_scalar(n, out);
		sb_addc(out, '\n');
	} else if (!n->kids) {
		sb_add(out, n->type == Y_MAP ? "{}\n" : "[]\n");
	} else {
		emit(n, 0, out);
	}
}
