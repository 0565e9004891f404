/*
 * The syntax Kubernetes accepts for label keys and values
 * (apimachinery/pkg/util/validation: IsQualifiedName, IsValidLabelValue,
 * IsDNS1123Subdomain) and for kubectl taint arguments (cmd/taint/utils.go),
 * with their messages word for word.
 */
#include "write.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define QNAME_MSG                                                                                \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with " \
	"an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "    \
	"for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
#define DNS_MSG                                                                                   \
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' " \
	"or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "     \
	"regex used for validation is "                                                           \
	"'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
#define VALUE_MSG                                                                                \
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' " \
	"or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "    \
	"'my_value',  or '12345', regex used for validation is "                                 \
	"'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] over s[0..n) */
static bool qname_ok(const char *s, size_t n)
{
	if (n == 0 || !isalnum((unsigned char)s[0]) || !isalnum((unsigned char)s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? separated by dots */
static bool dns_subdomain_ok(const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) &&
			    s[i] != '-')
				return false;
			continue;
		}
		if (i == start || s[start] == '-' || s[i - 1] == '-')
			return false;
		start = i + 1;
	}
	return true;
}

int label_key_problems(const char *key, const char *msgs[4])
{
	const char *slash = strchr(key, '/'), *name = slash ? slash + 1 : key;
	size_t plen = slash ? (size_t)(slash - key) : 0, nlen = strlen(name);
	int n = 0;

	if (slash && strchr(name, '/')) {
		msgs[0] = "a qualified name " QNAME_MSG
			  " with an optional DNS subdomain prefix and '/' "
			  "(e.g. 'example.com/MyName')";
		return 1;
	}
	if (slash && plen == 0)
		msgs[n++] = "prefix part must be non-empty";
	if (slash && plen > 253)
		msgs[n++] = "prefix part must be no more than 253 characters";
	if (slash && plen && !dns_subdomain_ok(key, plen))
		msgs[n++] = "prefix part " DNS_MSG;
	if (nlen == 0)
		msgs[n++] = "name part must be non-empty";
	else if (nlen > 63)
		msgs[n++] = "name part must be no more than 63 characters";
	if (!qname_ok(name, nlen))
		msgs[n++] = "name part " QNAME_MSG;
	return n;
}

int label_value_problems(const char *value, const char *msgs[4])
{
	size_t len = strlen(value);
	int n = 0;

	if (len > 63)
		msgs[n++] = "must be no more than 63 characters";
	if (len && !qname_ok(value, len))
		msgs[n++] = VALUE_MSG;
	return n;
}

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
		t->effect = taint_effect_parse(colon + 1);
		if (t->effect == EFFECT_ALL)
			return fail(why, "invalid taint effect: %s, unsupported taint effect",
				    colon + 1);
		eq = strchr(work, '=');
		if (eq && strchr(eq + 1, '='))
			return fail(why, "invalid taint spec: %s", spec);
		if (eq) {
			*eq = '\0';
			if ((n = label_value_problems(eq + 1, msgs)) > 0)
				return fail_problems(why, spec, msgs, n);
			t->value = cluster_intern(c, eq + 1);
		}
	}
	if ((n = label_key_problems(work, msgs)) > 0)
		return fail_problems(why, spec, msgs, n);
	t->key = cluster_intern(c, work);
	return 0;
}

int taint_arg_parse(struct cluster *c, const char *spec, struct taint_arg *out, struct strbuf *why)
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
		sb_printf(out, ":%s", taint_effect_name(t->effect));
}
