/* Label selectors: matchLabels plus matchExpressions, and kubectl's -l syntax. */
#include "ksim/labels.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void selector_init(struct selector *sel)
{
	memset(sel, 0, sizeof *sel);
}

void selector_free(struct selector *sel)
{
	for (uint32_t i = 0; i < sel->nreqs; i++)
		free(sel->reqs[i].values);
	free(sel->reqs);
	selector_init(sel);
}

void selector_copy(struct selector *dst, const struct selector *src)
{
	*dst = *src;
	if (!src->nreqs)
		return;
	dst->reqs = xmalloc(src->nreqs * sizeof *dst->reqs);
	for (uint32_t i = 0; i < src->nreqs; i++) {
		dst->reqs[i] = src->reqs[i];
		dst->reqs[i].values = xmalloc((src->reqs[i].nvalues + 1) * sizeof(uint32_t));
		memcpy(dst->reqs[i].values, src->reqs[i].values,
		       src->reqs[i].nvalues * sizeof(uint32_t));
	}
}

bool selector_empty(const struct selector *sel)
{
	return !sel->nothing && sel->match_labels == 0 && sel->nreqs == 0;
}

static bool has_value(const struct selector_req *r, uint32_t v)
{
	for (uint32_t i = 0; i < r->nvalues; i++)
		if (r->values[i] == v)
			return true;
	return false;
}

static bool req_matches(const struct labeltab *lt, const struct selector_req *r, uint32_t set)
{
	uint32_t v = labels_value(lt, set, r->key);

	switch (r->op) {
	case SEL_IN:
		return v != NONE32 && has_value(r, v);
	case SEL_NOT_IN:
		return v == NONE32 || !has_value(r, v);
	case SEL_EXISTS:
		return v != NONE32;
	case SEL_DOES_NOT_EXIST:
		return v == NONE32;
	case SEL_GT:
	case SEL_LT: {
		if (v == NONE32 || r->nvalues != 1)
			return false;
		const struct strtab *st = labeltab_strings(lt);
		char *end;
		long long have = strtoll(strtab_get(st, v), &end, 10);
		if (*end)
			return false;
		long long want = strtoll(strtab_get(st, r->values[0]), NULL, 10);
		return r->op == SEL_GT ? have > want : have < want;
	}
	}
	return false;
}

bool selector_matches(const struct labeltab *lt, const struct selector *sel, uint32_t set)
{
	if (sel->nothing)
		return false;
	if (!labels_subset(lt, sel->match_labels, set))
		return false;
	for (uint32_t i = 0; i < sel->nreqs; i++)
		if (!req_matches(lt, &sel->reqs[i], set))
			return false;
	return true;
}

static void add_req(struct selector *sel, uint32_t key, enum sel_op op, const uint32_t *vals,
		    uint32_t n)
{
	sel->reqs = xrealloc(sel->reqs, (sel->nreqs + 1) * sizeof *sel->reqs);
	struct selector_req *r = &sel->reqs[sel->nreqs++];
	r->key = key;
	r->op = op;
	r->nvalues = n;
	r->values = xmalloc((n + 1) * sizeof *r->values);
	if (n) /* Exists / DoesNotExist have no values (and vals may be NULL) */
		memcpy(r->values, vals, n * sizeof *vals);
}

static const char *skip_ws(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

static size_t token_len(const char *s)
{
	size_t n = 0;
	while (s[n] && !isspace((unsigned char)s[n]) && !strchr(",=!()", s[n]))
		n++;
	return n;
}

/* "(a, b)" after in/notin */
static const char *parse_set(struct strtab *st, const char *s, uint32_t **vals, uint32_t *n)
{
	s = skip_ws(s);
	if (*s != '(')
		return NULL;
	s++;
	for (;;) {
		s = skip_ws(s);
		size_t len = token_len(s);
		*vals = xrealloc(*vals, (*n + 1) * sizeof **vals);
		(*vals)[(*n)++] = strtab_intern_n(st, s, len);
		s = skip_ws(s + len);
		if (*s == ')')
			return s + 1;
		if (*s != ',')
			return NULL;
		s++;
	}
}

static const char *parse_req(struct labeltab *lt, const char *s, struct selector *sel,
			     struct label *eq, uint32_t *neq)
{
	struct strtab *st = labeltab_strings(lt);
	bool negate = false;
	uint32_t *vals = NULL, n = 0;

	s = skip_ws(s);
	if (*s == '!') {
		negate = true;
		s = skip_ws(s + 1);
	}
	size_t klen = token_len(s);
	if (!klen)
		return NULL;
	uint32_t key = strtab_intern_n(st, s, klen);
	s = skip_ws(s + klen);
	if (negate || !*s || *s == ',') {
		add_req(sel, key, negate ? SEL_DOES_NOT_EXIST : SEL_EXISTS, NULL, 0);
		return s;
	}
	if (*s == '=' || (*s == '!' && s[1] == '=')) {
		bool ne = *s == '!';
		s += ne ? 2 : (s[1] == '=' ? 2 : 1);
		s = skip_ws(s);
		size_t vlen = token_len(s);
		uint32_t v = strtab_intern_n(st, s, vlen);
		if (ne)
			add_req(sel, key, SEL_NOT_IN, &v, 1);
		else
			eq[(*neq)++] = (struct label){ key, v };
		return s + vlen;
	}
	size_t oplen = token_len(s);
	enum sel_op op;
	if (oplen == 2 && strncmp(s, "in", 2) == 0)
		op = SEL_IN;
	else if (oplen == 5 && strncmp(s, "notin", 5) == 0)
		op = SEL_NOT_IN;
	else
		return NULL;
	s = parse_set(st, s + oplen, &vals, &n);
	if (s)
		add_req(sel, key, op, vals, n);
	free(vals);
	return s;
}

int selector_parse(struct labeltab *lt, const char *text, struct selector *out, struct ksim_error *err)
{
	size_t cap = strlen(text) + 1;
	struct label *eq = xmalloc(cap * sizeof *eq);
	uint32_t neq = 0;
	const char *s = text;

	selector_init(out);
	while (*(s = skip_ws(s))) {
		s = parse_req(lt, s, out, eq, &neq);
		if (!s || (*(s = skip_ws(s)) && *s != ',')) {
			error_set(err, "unable to parse requirement: invalid label selector \"%s\"",
				  text);
			selector_free(out);
			free(eq);
			return -1;
		}
		if (*s == ',')
			s++;
	}
	out->match_labels = labels_intern(lt, eq, neq);
	free(eq);
	return 0;
}

void selector_format(const struct labeltab *lt, const struct selector *sel, struct strbuf *out)
{
	static const char *const ops[] = { " in ", " notin ", "", "!", ">", "<" };
	const struct strtab *st = labeltab_strings(lt);
	size_t start = out->len;

	labels_format(lt, sel->match_labels, ",", out);
	for (uint32_t i = 0; i < sel->nreqs; i++) {
		const struct selector_req *r = &sel->reqs[i];
		if (out->len > start)
			sb_addc(out, ',');
		if (r->op == SEL_DOES_NOT_EXIST)
			sb_addc(out, '!');
		sb_add(out, strtab_get(st, r->key));
		if (r->op == SEL_EXISTS || r->op == SEL_DOES_NOT_EXIST)
			continue;
		sb_add(out, ops[r->op]);
		bool set = r->op == SEL_IN || r->op == SEL_NOT_IN;
		if (set)
			sb_addc(out, '(');
		for (uint32_t j = 0; j < r->nvalues; j++) {
			if (j)
				sb_addc(out, ',');
			sb_add(out, strtab_get(st, r->values[j]));
		}
		if (set)
			sb_addc(out, ')');
	}
}
