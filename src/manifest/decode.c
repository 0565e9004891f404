/*
 * The decoding engine: the field path, errors and warnings with positions,
 * YAML 1.1 scalar typing as Kubernetes' decoder applies it, and the walk of
 * a mapping against a table of fields. Each field type has one handler in
 * field_handlers[]; kinds only write tables and check hooks.
 */
#include "decode.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/labels.h"

/* --- path --- */

static struct dec_frame dec_push(struct dec *d, yaml_node_t *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct dec_frame dec_push(struct dec *d, yaml_node_t *node, const char *fmt, ...)
{
	struct dec_frame f = { d->pathlen, d->depth };
	va_list ap;

	if (d->pathlen < sizeof d->path) {
		va_start(ap, fmt);
		vsnprintf(d->path + d->pathlen, sizeof d->path - d->pathlen, fmt, ap);
		va_end(ap);
		d->pathlen += strlen(d->path + d->pathlen);
	}
	if (d->depth < DEC_DEPTH)
		d->nodes[d->depth] = node;
	d->depth++;
	return f;
}

struct dec_frame dec_enter(struct dec *d, yaml_node_t *node, const char *key)
{
	return dec_push(d, node, "%s%s", d->pathlen ? "." : "", key);
}

struct dec_frame dec_enter_index(struct dec *d, yaml_node_t *node, size_t i)
{
	return dec_push(d, node, "[%zu]", i);
}

void dec_leave(struct dec *d, struct dec_frame f)
{
	d->pathlen = f.pathlen;
	d->path[f.pathlen] = '\0';
	d->depth = f.depth;
}

/* --- nodes --- */

yaml_node_t *dec_node(const struct dec *d, int index)
{
	return yaml_document_get_node(d->doc, index);
}

const char *dec_text(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

yaml_node_t *dec_lookup(const struct dec *d, yaml_node_t *map, const char *key)
{
	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
	     p++) {
		const char *k = dec_text(dec_node(d, p->key));

		if (k && strcmp(k, key) == 0)
			return dec_node(d, p->value);
	}
	return NULL;
}

static const char *const null_words[] = { "", "~", "null", "Null", "NULL" };
static const char *const true_words[] = { "y",  "Y",  "yes",  "Yes",  "YES", "on",
					  "On", "ON", "true", "True", "TRUE" };
static const char *const false_words[] = { "n",   "N",   "no",    "No",    "NO",   "off",
					   "Off", "OFF", "false", "False", "FALSE" };

static bool word_in(const char *s, const char *const *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/* Plain digits with an optional sign, 0x hex and '_' separators, as go-yaml's ParseInt(s, 0). */
static bool parse_yaml_int(const char *s, int64_t *out)
{
	char buf[64];
	size_t n = 0;
	char *end;

	for (; *s && n + 1 < sizeof buf; s++)
		if (*s != '_')
			buf[n++] = *s;
	if (*s || n == 0)
		return false;
	buf[n] = '\0';
	if (!strchr("+-0123456789", buf[0]))
		return false;
	errno = 0;
	*out = strtoll(buf, &end, 0);
	return *end == '\0' && errno == 0 && end != buf;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? or .inf/.nan */
static bool is_yaml_float(const char *s)
{
	static const char *const special[] = { ".inf",  ".Inf",  ".INF", "-.inf", "-.Inf",
					       "-.INF", "+.inf", ".nan", ".NaN",  ".NAN" };
	bool digits = false;

	if (word_in(s, special, ARRAY_LEN(special)))
		return true;
	if (*s == '+' || *s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits = true;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits = true;
	if (!digits)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

enum scalar_class dec_class(const yaml_node_t *n)
{
	const char *s = dec_text(n);
	int64_t v;

	if (!n)
		return SC_NULL;
	if (!s || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return SC_STRING;
	if (word_in(s, null_words, ARRAY_LEN(null_words)))
		return SC_NULL;
	if (word_in(s, true_words, ARRAY_LEN(true_words)) ||
	    word_in(s, false_words, ARRAY_LEN(false_words)))
		return SC_BOOL;
	if (parse_yaml_int(s, &v))
		return SC_INT;
	return is_yaml_float(s) ? SC_FLOAT : SC_STRING;
}

bool dec_is_null(const yaml_node_t *n)
{
	return !n || (n->type == YAML_SCALAR_NODE && dec_class(n) == SC_NULL);
}

/* --- errors --- */

const char *dec_quote(struct dec *d, const char *s)
{
	char *buf = d->quoted[d->nquoted++ % 2];
	size_t cap = sizeof d->quoted[0], n = 0;

	buf[n++] = '"';
	for (; *s && n + 8 < cap; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			n += (size_t)snprintf(buf + n, cap - n, "\\%c", ch);
		else if (ch == '\n')
			n += (size_t)snprintf(buf + n, cap - n, "\\n");
		else if (ch == '\t')
			n += (size_t)snprintf(buf + n, cap - n, "\\t");
		else if (ch < 0x20 || ch == 0x7f)
			n += (size_t)snprintf(buf + n, cap - n, "\\x%02x", ch);
		else
			buf[n++] = (char)ch;
	}
	if (*s)
		n += (size_t)snprintf(buf + n, cap - n, "...");
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

static yaml_node_t *innermost(const struct dec *d)
{
	for (int i = (d->depth < DEC_DEPTH ? d->depth : DEC_DEPTH) - 1; i >= 0; i--)
		if (d->nodes[i])
			return d->nodes[i];
	return NULL;
}

/* One step of a path: "[2]" into a list, "[key]" or "key" into a mapping. */
static yaml_node_t *step(const struct dec *d, yaml_node_t *at, const char *key, size_t n)
{
	char buf[128];
	char *end;
	long i;

	snprintf(buf, sizeof buf, "%.*s", (int)n, key);
	if (at->type != YAML_SEQUENCE_NODE)
		return dec_lookup(d, at, buf);
	i = strtol(buf, &end, 10);
	if (*end || i < 0 || i >= at->data.sequence.items.top - at->data.sequence.items.start)
		return NULL;
	return dec_node(d, at->data.sequence.items.start[i]);
}

/* The node at rel ("a.b[2].c") below at, or the deepest part of it that exists. */
static yaml_node_t *node_at(const struct dec *d, yaml_node_t *at, const char *rel)
{
	while (rel && *rel && at) {
		bool bracket = *rel == '[';
		size_t n = bracket ? strcspn(++rel, "]") : strcspn(rel, ".[");
		yaml_node_t *next = step(d, at, rel, n);

		if (!next)
			break;
		at = next;
		rel += n;
		rel += bracket && *rel == ']';
		rel += *rel == '.';
	}
	return at;
}

static void mark_of(const yaml_node_t *n, int *line, int *col)
{
	*line = n ? (int)n->start_mark.line + 1 : 0;
	*col = n ? (int)n->start_mark.column + 1 : 0;
}

int dec_fail(struct dec *d, yaml_node_t *at, const char *rel, const char *fmt, ...)
{
	char path[sizeof d->path + 128];
	int line, col;
	va_list ap;

	if (!d->err)
		return -1;
	mark_of(node_at(d, at ? at : innermost(d), rel), &line, &col);
	snprintf(path, sizeof path, "%s%s%s", d->path, rel && d->pathlen ? "." : "", rel ? rel : "");
	error_at(d->err, d->file, line, col, path, "%s", "");
	va_start(ap, fmt);
	vsnprintf(d->err->msg, sizeof d->err->msg, fmt, ap);
	va_end(ap);
	return -1;
}

/* Appends "file:line:col: path.key: message" to the manifest's warnings. */
static void dec_warn(struct dec *d, yaml_node_t *at, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void dec_warn(struct dec *d, yaml_node_t *at, const char *key, const char *fmt, ...)
{
	int line, col;
	va_list ap;

	mark_of(at, &line, &col);
	sb_printf(&d->m->warnings, "%s:%d:%d: %s%s%s: ", d->file, line, col, d->path,
		  d->pathlen ? "." : "", key);
	va_start(ap, fmt);
	sb_vprintf(&d->m->warnings, fmt, ap);
	va_end(ap);
	sb_addc(&d->m->warnings, '\n');
}

int dec_spend(struct dec *d, yaml_node_t *n)
{
	if (d->budget-- > 0)
		return 0;
	return dec_fail(d, n, NULL, "the document expands too far through aliases");
}

/* How a value reads in "expected ..., got X". */
static const char *describe(struct dec *d, yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a list";
	if (dec_class(n) == SC_STRING)
		return dec_quote(d, dec_text(n));
	return dec_text(n);
}

static int fail_type(struct dec *d, yaml_node_t *n, const char *want)
{
	return dec_fail(d, n, NULL, "expected %s, got %s", want, describe(d, n));
}

int dec_expect(struct dec *d, yaml_node_t *n, yaml_node_type_t type)
{
	if (n->type == type)
		return 0;
	return fail_type(d, n, type == YAML_MAPPING_NODE ? "a mapping" : "a list");
}

size_t dec_len(const yaml_node_t *n)
{
	return n->type == YAML_SEQUENCE_NODE
		   ? (size_t)(n->data.sequence.items.top - n->data.sequence.items.start)
		   : 0;
}

int dec_each(struct dec *d, yaml_node_t *n, dec_item_fn fn, void *ctx)
{
	if (dec_expect(d, n, YAML_SEQUENCE_NODE))
		return -1;
	for (size_t i = 0; i < dec_len(n); i++) {
		yaml_node_t *item = dec_node(d, n->data.sequence.items.start[i]);
		struct dec_frame fr = dec_enter_index(d, item, i);
		int rc = fn(d, item, i, ctx);

		dec_leave(d, fr);
		if (rc)
			return -1;
	}
	return 0;
}

int dec_string(struct dec *d, yaml_node_t *n, const char **out)
{
	*out = "";
	if (n->type != YAML_SCALAR_NODE)
		return fail_type(d, n, "a string");
	switch (dec_class(n)) {
	case SC_NULL:
		return 0;
	case SC_STRING:
		*out = dec_text(n);
		return 0;
	default:
		/* Kubernetes reads `version: 1` as a number, which a string field refuses. */
		return dec_fail(d, n, NULL, "expected a string, got %s (quote it: %s)", dec_text(n),
				dec_quote(d, dec_text(n)));
	}
}

int dec_intern(struct dec *d, yaml_node_t *n, uint32_t *out)
{
	const char *s;

	if (dec_string(d, n, &s))
		return -1;
	*out = cluster_intern(d->c, s);
	return 0;
}

/* An integer of that many bits; one written in digits that does not fit says so. */
static int read_int(struct dec *d, yaml_node_t *n, int bits, int64_t *out)
{
	const char *s = n->type == YAML_SCALAR_NODE ? dec_text(n) : NULL;
	size_t sign = s && (*s == '+' || *s == '-');
	bool fits = s && dec_class(n) == SC_INT && parse_yaml_int(s, out) &&
		    (bits == 64 || (*out >= INT32_MIN && *out <= INT32_MAX));

	if (fits)
		return 0;
	if (s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && s[sign] &&
	    strspn(s + sign, "0123456789_") == strlen(s + sign))
		return dec_fail(d, n, NULL, "expected a %d-bit integer, got %s (out of range)",
				bits, s);
	return fail_type(d, n, "an integer");
}

int dec_int64(struct dec *d, yaml_node_t *n, int64_t *out)
{
	return read_int(d, n, 64, out);
}

int dec_bool(struct dec *d, yaml_node_t *n, bool *out)
{
	if (n->type != YAML_SCALAR_NODE || dec_class(n) != SC_BOOL)
		return fail_type(d, n, "true or false");
	*out = word_in(dec_text(n), true_words, ARRAY_LEN(true_words));
	return 0;
}

/* "Unsupported value: "x": supported values: "A", "B"" at n. */
static int dec_fail_enum(struct dec *d, yaml_node_t *n, const char *value,
			 const struct enum_value *values)
{
	struct strbuf sb;
	int rc;

	sb_init(&sb);
	for (const struct enum_value *v = values; v->name; v++)
		sb_printf(&sb, "%s%s", v == values ? "" : ", ", dec_quote(d, v->name));
	rc = dec_fail(d, n, NULL, "Unsupported value: %s: supported values: %s",
		      dec_quote(d, value), sb.data);
	sb_free(&sb);
	return rc;
}

void dec_format_labels(const struct dec *d, uint32_t set, struct strbuf *out)
{
	uint32_t n;
	const struct label *l = labels_get(d->c->labels, set, &n);

	if (n == 0) {
		sb_add(out, "map[string]string(nil)");
		return;
	}
	sb_add(out, "map[string]string{");
	for (uint32_t i = 0; i < n; i++)
		sb_printf(out, "%s\"%s\":\"%s\"", i ? ", " : "", cluster_str(d->c, l[i].key),
			  cluster_str(d->c, l[i].val));
	sb_addc(out, '}');
}

/* --- field handlers: each returns 0, -1 on error, or 1 when the value counts as unset --- */

#define FIELD_PTR(base, f, type) ((type *)((char *)(base) + (f)->off))
#define FIELD_AUX(base, f, type) ((type *)((char *)(base) + (f)->aux))

typedef int (*field_handler)(struct dec *d, yaml_node_t *n, const struct field *f, void *base);

static int check_int_flags(struct dec *d, yaml_node_t *n, const struct field *f, int64_t v)
{
	if ((f->flags & F_NONNEG) && v < 0)
		return dec_fail(d, n, NULL, "Invalid value: %lld: must be greater than or equal to 0",
				(long long)v);
	if ((f->flags & F_PORT) && v != 0 && (v < 1 || v > 65535))
		return dec_fail(d, n, NULL,
				"Invalid value: %lld: must be between 1 and 65535, inclusive",
				(long long)v);
	return 0;
}

static int field_ignore(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	(void)d, (void)n, (void)f, (void)base;
	return 0;
}

static int field_int32(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	int64_t v;

	if (read_int(d, n, 32, &v))
		return -1;
	if (check_int_flags(d, n, f, v))
		return -1;
	*FIELD_PTR(base, f, int32_t) = (int32_t)v;
	return 0;
}

static int field_int64(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	int64_t v;

	if (dec_int64(d, n, &v) || check_int_flags(d, n, f, v))
		return -1;
	*FIELD_PTR(base, f, int64_t) = v;
	return 0;
}

static int field_bool(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	return dec_bool(d, n, FIELD_PTR(base, f, bool));
}

static const struct {
	unsigned flag;
	enum name_rule rule;
} string_rules[] = {
	{ F_DNS_LABEL, NAME_DNS_LABEL },
	{ F_LABEL_KEY, NAME_LABEL_KEY },
	{ F_LABEL_VALUE, NAME_LABEL_VALUE },
};

static int field_string(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	const char *s;

	if (dec_string(d, n, &s))
		return -1;
	for (size_t i = 0; i < ARRAY_LEN(string_rules); i++)
		if ((f->flags & string_rules[i].flag) && *s &&
		    dec_check_name(d, n, NULL, string_rules[i].rule, s))
			return -1;
	*FIELD_PTR(base, f, uint32_t) = cluster_intern(d->c, s);
	return 0;
}

int dec_enum(struct dec *d, yaml_node_t *n, const struct enum_value *values, int *out)
{
	const char *s;

	if (dec_string(d, n, &s))
		return -1;
	if (!*s)
		return 1;
	for (const struct enum_value *v = values; v->name; v++)
		if (strcmp(v->name, s) == 0) {
			*out = v->value;
			return 0;
		}
	return dec_fail_enum(d, n, s, values);
}

/* FIELD_ENUM stores through an int, which is what these enums are. */
_Static_assert(
    sizeof(enum restart_policy) == sizeof(int) && sizeof(enum sel_op) == sizeof(int) &&
	sizeof(enum toleration_op) == sizeof(int) && sizeof(enum taint_effect) == sizeof(int) &&
	sizeof(enum ds_strategy) == sizeof(int) && sizeof(enum pod_management) == sizeof(int) &&
	sizeof(enum sts_strategy) == sizeof(int) && sizeof(enum completion_mode) == sizeof(int) &&
	sizeof(enum concurrency_policy) == sizeof(int) &&
	sizeof(enum service_type) == sizeof(int) && sizeof(enum reclaim_policy) == sizeof(int),
    "FIELD_ENUM writes an int");

const char *dec_enum_name(const struct enum_value *values, int v)
{
	for (; values->name; values++)
		if (values->value == v)
			return values->name;
	return "";
}

static int field_enum(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	int v = 0, rc = dec_enum(d, n, f->values, &v);

	if (rc == 0)
		*FIELD_PTR(base, f, int) = v;
	return rc;
}

static int field_enum_bool(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	int v = 0, rc = dec_enum(d, n, f->values, &v);

	if (rc == 0)
		*FIELD_PTR(base, f, bool) = v != 0;
	return rc;
}

/*
 * A quantity scaled as parse does; numbers and strings are both accepted, as
 * by Quantity. limit is the largest value in words, for one too large.
 */
static int read_quantity(struct dec *d, yaml_node_t *n, int (*parse)(const char *, int64_t *),
			 const char *limit, int64_t *out)
{
	enum scalar_class sc = dec_class(n);
	int rc;

	if (n->type != YAML_SCALAR_NODE || sc == SC_BOOL)
		return dec_fail(d, n, NULL, "expected a quantity such as \"500m\" or \"1Gi\", got %s",
				describe(d, n));
	rc = parse(dec_text(n), out);
	if (rc == -2)
		return dec_fail(d, n, NULL, "Invalid value: %s: too large (ksim holds up to %s)",
				dec_quote(d, dec_text(n)), limit);
	if (rc)
		return dec_fail(d, n, NULL,
				"Invalid value: %s: quantities must match the regular expression "
				"'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
				dec_quote(d, dec_text(n)));
	if (*out < 0)
		return dec_fail(d, n, NULL, "Invalid value: %s: must be greater than or equal to 0",
				dec_quote(d, dec_text(n)));
	return 0;
}

static int field_cpu(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	return read_quantity(d, n, quantity_parse_milli, "9223372036854775807m",
			     FIELD_PTR(base, f, int64_t));
}

static int field_memory(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	return read_quantity(d, n, quantity_parse, "9223372036854775807",
			     FIELD_PTR(base, f, int64_t));
}

static int field_count(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	int64_t v;

	if (read_quantity(d, n, quantity_parse, "9223372036854775807", &v))
		return -1;
	*FIELD_PTR(base, f, int32_t) = v > INT32_MAX ? INT32_MAX : (int32_t)v;
	return 0;
}

/* A map of strings to a label set; values are checked as label values when labels. */
static int label_map(struct dec *d, yaml_node_t *n, uint32_t *out, bool labels)
{
	yaml_node_pair_t *start = n->data.mapping.pairs.start;
	uint32_t count = (uint32_t)(n->data.mapping.pairs.top - start);
	struct label *pairs = xcalloc(count, sizeof *pairs);
	int rc = 0;

	for (uint32_t i = 0; i < count; i++) {
		yaml_node_t *k = dec_node(d, start[i].key), *v = dec_node(d, start[i].value);
		const char *ks, *vs;

		if (dec_spend(d, k) || dec_string(d, k, &ks) ||
		    dec_check_name(d, k, NULL, NAME_LABEL_KEY, ks) || dec_string(d, v, &vs) ||
		    (labels && dec_check_name(d, v, NULL, NAME_LABEL_VALUE, vs))) {
			rc = -1;
			break;
		}
		pairs[i] = (struct label){ cluster_intern(d->c, ks), cluster_intern(d->c, vs) };
	}
	if (rc == 0)
		*out = count ? labels_intern(d->c->labels, pairs, count) : 0;
	free(pairs);
	return rc;
}

static int field_labels(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	if (dec_expect(d, n, YAML_MAPPING_NODE))
		return -1;
	return label_map(d, n, FIELD_PTR(base, f, uint32_t), f->type == FIELD_LABELS);
}

struct list_ctx {
	const struct field *f;
	void *items;
};

static int word_item(struct dec *d, yaml_node_t *item, size_t i, void *ctx)
{
	const struct list_ctx *l = ctx;
	uint32_t *ids = l->items;

	if (dec_spend(d, item) || dec_intern(d, item, &ids[i]))
		return -1;
	if (l->f->flags & F_LABEL_VALUE)
		return dec_check_name(d, item, NULL, NAME_LABEL_VALUE, cluster_str(d->c, ids[i]));
	return 0;
}

static int field_words(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	uint32_t **ids = FIELD_PTR(base, f, uint32_t *);
	struct list_ctx l = { f, NULL };

	if (dec_expect(d, n, YAML_SEQUENCE_NODE))
		return -1;
	free(*ids);
	*ids = xcalloc(dec_len(n), sizeof **ids);
	*FIELD_AUX(base, f, uint32_t) = (uint32_t)dec_len(n);
	l.items = *ids;
	return dec_each(d, n, word_item, &l);
}

static int field_int_or_percent(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	const char *s = dec_text(n);
	int64_t v;
	char *end;

	if (dec_class(n) == SC_INT) {
		if (dec_int64(d, n, &v) || check_int_flags(d, n, f, v))
			return -1;
		*FIELD_PTR(base, f, int32_t) = (int32_t)(v > INT32_MAX ? INT32_MAX : v);
		*FIELD_AUX(base, f, bool) = false;
		return 0;
	}
	if (!s || dec_class(n) != SC_STRING)
		return fail_type(d, n, "an integer or a percentage");
	v = strtol(s, &end, 10);
	if (end == s || !(*s >= '0' && *s <= '9') || strcmp(end, "%") != 0)
		return dec_fail(d, n, NULL,
				"Invalid value: %s: a valid percent string must be a numeric string "
				"followed by an ending '%%' (e.g. '1%%',  or '93%%', regex used for "
				"validation is '[0-9]+%%')",
				dec_quote(d, s));
	*FIELD_PTR(base, f, int32_t) = (int32_t)(v > 100 ? 100 : v);
	*FIELD_AUX(base, f, bool) = true;
	return 0;
}

static int field_map(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	return dec_map(d, n, FIELD_PTR(base, f, char), f->sub);
}

static int list_item(struct dec *d, yaml_node_t *item, size_t i, void *ctx)
{
	const struct list_ctx *l = ctx;

	return dec_spend(d, item) ? -1
				  : dec_map(d, item, (char *)l->items + i * l->f->sub->size, l->f->sub);
}

static int field_list(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	char **items = FIELD_PTR(base, f, char *);
	struct list_ctx l = { f, NULL };

	if (dec_expect(d, n, YAML_SEQUENCE_NODE))
		return -1;
	/* All elements exist (zeroed) from the start, so a failure part-way frees cleanly. */
	*items = xcalloc(dec_len(n), f->sub->size);
	*FIELD_AUX(base, f, uint32_t) = (uint32_t)dec_len(n);
	l.items = *items;
	return dec_each(d, n, list_item, &l);
}

static int field_fn(struct dec *d, yaml_node_t *n, const struct field *f, void *base)
{
	return f->fn(d, n, FIELD_PTR(base, f, char));
}

static const field_handler field_handlers[] = {
	[FIELD_IGNORE] = field_ignore,
	[FIELD_INT32] = field_int32,
	[FIELD_INT64] = field_int64,
	[FIELD_BOOL] = field_bool,
	[FIELD_STRING] = field_string,
	[FIELD_ENUM] = field_enum,
	[FIELD_ENUM_BOOL] = field_enum_bool,
	[FIELD_CPU] = field_cpu,
	[FIELD_MEMORY] = field_memory,
	[FIELD_COUNT] = field_count,
	[FIELD_LABELS] = field_labels,
	[FIELD_ANNOTATIONS] = field_labels,
	[FIELD_WORDS] = field_words,
	[FIELD_INT_OR_PERCENT] = field_int_or_percent,
	[FIELD_MAP] = field_map,
	[FIELD_LIST] = field_list,
	[FIELD_FN] = field_fn,
};

/* --- the walk --- */

/* Optimal string alignment distance (a swap of neighbours counts 1), capped at 3. */
static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[3][64];

	if (la >= 63 || lb >= 63 || (la > lb ? la - lb : lb - la) > 2)
		return 3;
	for (size_t j = 0; j <= lb; j++)
		row[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int *cur = row[i % 3], *prev = row[(i - 1) % 3], *prev2 = row[(i + 1) % 3];

		cur[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int best = prev[j - 1] + cost;

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
	}
	return row[la % 3][lb] < 3 ? row[la % 3][lb] : 3;
}

/* The field named key in dc or the decoders it chains to; *index counts across them. */
static const struct field *find_field(const struct decoder *dc, const char *key, size_t *index)
{
	size_t base = 0;

	for (; dc; base += dc->nfields, dc = dc->also)
		for (size_t i = 0; i < dc->nfields; i++)
			if (strcmp(dc->fields[i].name, key) == 0) {
				*index = base + i;
				return &dc->fields[i];
			}
	return NULL;
}

/* Keeps name as *best when k is a likelier typo of it than of *best. */
static void closer(const char *k, const char *name, const char **best, int *best_dist)
{
	size_t len = strlen(name);
	int limit = len >= 5 ? 2 : len >= 3 ? 1 : 0;
	int dist = edit_distance(k, name);

	if (dist <= limit && dist < *best_dist) {
		*best = name;
		*best_dist = dist;
	}
}

static bool is_open(const struct decoder *dc)
{
	for (; dc; dc = dc->also)
		if (dc->open)
			return true;
	return false;
}

/*
 * A key the object's type does not have: kubectl's strict validation refuses
 * the object (--validate=warn: a warning, --validate=false: nothing), with a
 * hint when the key is close to one it has. In an open map (a ResourceList)
 * only a likely typo gets the hint, as a warning. Returns -1 when refused.
 */
static int unknown_key(struct dec *d, yaml_node_t *key, const struct decoder *dc)
{
	const char *k = dec_text(key), *best = NULL, *name;
	bool open = is_open(dc);
	int best_dist = 3;
	char hint[128] = "";

	if (d->m->validation == MANIFEST_IGNORE)
		return 0;
	for (; dc; dc = dc->also) {
		for (size_t i = 0; i < dc->nfields; i++)
			closer(k, dc->fields[i].name, &best, &best_dist);
		for (size_t i = 0; dc->ignored && (name = dc->ignored(i)); i++)
			closer(k, name, &best, &best_dist);
	}
	if (best)
		snprintf(hint, sizeof hint, " (did you mean \"%s\"?)", best);
	if (open || d->m->validation == MANIFEST_WARN) {
		if (best || !open)
			dec_warn(d, key, k, "unknown field%s", hint);
		return 0;
	}
	/* strict decoding error: unknown field "spec.replcas" (the API server's words) */
	return dec_fail(d, key, k, "strict decoding error: unknown field \"%s%s%s\"%s", d->path,
			d->pathlen ? "." : "", k, hint);
}

/* True when key is one of the chain's ignored() keys. */
static bool is_ignored(const struct decoder *dc, const char *key)
{
	const char *name;

	for (; dc; dc = dc->also)
		for (size_t i = 0; dc->ignored && (name = dc->ignored(i)); i++)
			if (strcmp(name, key) == 0)
				return true;
	return false;
}

static bool field_empty(const struct field *f, const void *base)
{
	switch (f->type) {
	case FIELD_STRING:
		return *FIELD_PTR(base, f, const uint32_t) == 0;
	case FIELD_INT32:
		return *FIELD_PTR(base, f, const int32_t) == 0;
	case FIELD_LIST:
	case FIELD_WORDS:
		return *FIELD_AUX(base, f, const uint32_t) == 0;
	default:
		return false;
	}
}

/* Every field of the chain, in order, with its index across the chain. */
#define FOR_EACH_FIELD(dc0, dc, f, idx)                           \
	for (const struct decoder *dc = (dc0); dc; dc = dc->also) \
		for (const struct field *f = dc->fields; f < dc->fields + dc->nfields; f++, idx++)

#define MAX_FIELDS 128

static int read_keys(struct dec *d, yaml_node_t *node, void *base, const struct decoder *dc,
		     bool *seen)
{
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *key = dec_node(d, p->key), *val = dec_node(d, p->value);
		const char *k = dec_text(key);
		const struct field *f;
		struct dec_frame fr;
		size_t idx;
		int rc;

		if (dec_spend(d, key))
			return -1;
		if (!k)
			continue;
		f = find_field(dc, k, &idx);
		if (!f) {
			if (!is_ignored(dc, k) && unknown_key(d, key, dc))
				return -1;
			continue;
		}
		if (dec_is_null(val))
			continue;
		fr = dec_enter(d, val, k);
		rc = field_handlers[f->type](d, val, f, base);
		dec_leave(d, fr);
		if (rc < 0)
			return -1;
		seen[idx] = rc == 0;
	}
	return 0;
}

static int check_required(struct dec *d, yaml_node_t *node, void *base, const struct decoder *dc,
			  const bool *seen)
{
	size_t idx = 0;

	FOR_EACH_FIELD(dc, c, f, idx)
	{
		if ((f->flags & F_REQUIRED) && (!seen[idx] || field_empty(f, base))) {
			yaml_node_t *val = dec_lookup(d, node, f->name);
			struct dec_frame fr = dec_enter(d, dec_is_null(val) ? NULL : val, f->name);

			dec_fail(d, NULL, NULL, "Required value");
			dec_leave(d, fr);
			return -1;
		}
	}
	return 0;
}

static int walk(struct dec *d, yaml_node_t *node, void *base, const struct decoder *dc, bool strict);

/* Absent nested mappings still get their defaults and checks; F_ALWAYS ones their required fields. */
static int visit_absent(struct dec *d, void *base, const struct decoder *dc, const bool *seen,
			bool strict)
{
	size_t idx = 0;

	FOR_EACH_FIELD(dc, c, f, idx)
	{
		bool always = strict && (f->flags & F_ALWAYS);
		struct dec_frame fr;
		int rc = 0;

		if (seen[idx] || !(f->type == FIELD_MAP || (f->type == FIELD_FN && always)))
			continue;
		fr = dec_enter(d, NULL, f->name);
		if (f->type == FIELD_MAP)
			rc = walk(d, NULL, FIELD_PTR(base, f, char), f->sub, always);
		else
			rc = f->fn(d, NULL, FIELD_PTR(base, f, char));
		dec_leave(d, fr);
		if (rc)
			return -1;
	}
	return 0;
}

/* strict: an absent mapping (node NULL) must still have its required fields. */
static int walk(struct dec *d, yaml_node_t *node, void *base, const struct decoder *dc, bool strict)
{
	bool seen[MAX_FIELDS] = { false };
	size_t total = 0;

	FOR_EACH_FIELD(dc, c, f, total);
	assert(total <= MAX_FIELDS);
	if (node && dec_expect(d, node, YAML_MAPPING_NODE))
		return -1;
	for (const struct decoder *c = dc; c; c = c->also)
		if (c->init)
			c->init(base);
	strict |= node != NULL;
	if ((node && read_keys(d, node, base, dc, seen)) ||
	    (strict && check_required(d, node, base, dc, seen)) ||
	    visit_absent(d, base, dc, seen, strict))
		return -1;
	for (const struct decoder *c = dc; c; c = c->also)
		if (c->check && c->check(d, node, base))
			return -1;
	return 0;
}

int dec_map(struct dec *d, yaml_node_t *node, void *base, const struct decoder *dc)
{
	return walk(d, node, base, dc, true);
}
