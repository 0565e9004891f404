/*
 * The syntax kubectl accepts for taint arguments (cmd/taint/utils.go), with
 * its messages word for word; keys and values are checked as labels are
 * (labels/syntax.c).
 */
#include "write.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Appends a message to why; returns -1 for `return fail(...)`. */
static int fail(struct strbuf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct strbuf *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(why, fmt, ap);
	va_end(ap);
	return -1;
}

/* "invalid taint spec: SPEC, msg1; msg2" */
static int fail_problems(struct strbuf *why, const char *spec, const char *msgs[4], int n)
{
	fail(why, "invalid taint spec: %s, ", spec);
	for (int i = 0; i < n; i++)
		fail(why, "%s%s", i ? "; " : "", msgs[i]);
	return -1;
}

/* Splits "k[=v][:Effect]" (the "-" already cut off) as parseTaint does. */
static int taint_split(struct cluster *c, const char *spec, char *work, struct taint *t,
		       struct strbuf *why)
{
	char *colon = strchr(work, ':'), *eq;
	const char *msgs[4];
	int n;

	if (colon && strchr(colon + 1, ':'))
		return fail(why, "invalid taint spec: %s", spec);
	if (colon) {
		*colon = '\0';
		t->effect = api_taint_effect_parse(colon + 1);
		if (t->effect == EFFECT_ALL)
			return fail(why, "invalid taint effect: %s, unsupported taint effect",
				    colon + 1);
		eq = strchr(work, '=');
		if (eq && strchr(eq + 1, '='))
			return fail(why, "invalid taint spec: %s", spec);
		if (eq) {
			*eq = '\0';
			if ((n = labels_value_problems(eq + 1, msgs)) > 0)
				return fail_problems(why, spec, msgs, n);
			t->value = cluster_intern(c, eq + 1);
		}
	}
	if ((n = labels_key_problems(work, msgs)) > 0)
		return fail_problems(why, spec, msgs, n);
	t->key = cluster_intern(c, work);
	return 0;
}

int kubectl_taint_arg_parse(struct cluster *c, const char *spec, struct taint_arg *out,
			    struct strbuf *why)
{
	size_t len = strlen(spec);
	char *shown, *work;
	int rc;

	memset(out, 0, sizeof *out);
	out->taint.added_ms = TIME_NONE;
	out->remove = len && spec[len - 1] == '-';
	/* kubectl parses a removal with its "-" cut off, and names it so in errors. */
	shown = out->remove ? xstrndup(spec, len - 1) : xstrdup(spec);
	work = xstrdup(shown);
	rc = taint_split(c, shown, work, &out->taint, why);
	/* Adding needs an effect; only a removal may name the key alone. */
	if (!rc && !out->remove && out->taint.effect == EFFECT_ALL) {
		sb_printf(why, "invalid taint spec: %s", spec);
		rc = -1;
	}
	free(work);
	free(shown);
	return rc;
}

void taint_format(const struct cluster *c, const struct taint *t, struct strbuf *out)
{
	sb_add(out, cluster_str(c, t->key));
	if (t->value)
		sb_printf(out, "=%s", cluster_str(c, t->value));
	if (t->effect != EFFECT_ALL)
		sb_printf(out, ":%s", api_taint_effect_name(t->effect));
}
