/*
 * Name rules of the API server (apimachinery util/validation): RFC 1123
 * subdomains and labels, RFC 1035 labels, label keys and values, with the
 * explanations Kubernetes gives, word for word, so a learner can search them.
 */
#include "decode.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define LABEL_FMT "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
#define SUBDOMAIN_FMT LABEL_FMT "(\\." LABEL_FMT ")*"
#define KEY_FMT "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
#define KEY_MSG \
	"must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

static const char subdomain_msg[] =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '" SUBDOMAIN_FMT "')";
static const char label_msg[] =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '" LABEL_FMT "')";
static const char dns1035_msg[] =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
static const char key_name_msg[] = "name part " KEY_MSG
				   " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
				   "validation is '" KEY_FMT "')";
static const char value_msg[] =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is '(" KEY_FMT ")?')";

static bool is_lower_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

static bool is_alnum(char ch)
{
	return isalnum((unsigned char)ch) && (unsigned char)ch < 0x80;
}

/* [a-z0-9]([-a-z0-9]*[a-z0-9])? over s[0, n), n > 0 */
static bool dns_label_ok(const char *s, size_t n)
{
	if (n == 0 || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && s[i] != '-')
			return false;
	return true;
}

static bool dns_subdomain_ok(const char *s)
{
	for (;;) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);

		if (!dns_label_ok(s, n))
			return false;
		if (!dot)
			return true;
		s = dot + 1;
	}
}

/* ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9] over s[0, n) */
static bool key_name_ok(const char *s, size_t n)
{
	if (n == 0 || !is_alnum(s[0]) || !is_alnum(s[n - 1]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

static const char *max_len(size_t max, const char *prefix, char *buf, size_t size)
{
	snprintf(buf, size, "%smust be no more than %zu characters", prefix, max);
	return buf;
}

static const char *check_label_key(const char *s, char *buf, size_t size)
{
	const char *slash = strchr(s, '/');
	const char *name = slash ? slash + 1 : s;

	if (slash && strchr(name, '/'))
		return "a valid label key " KEY_MSG " (e.g. 'MyName',  or 'my.name',  or '123-abc', "
		       "regex used for validation is '" KEY_FMT "') with an optional DNS subdomain "
		       "prefix and '/' (e.g. 'example.com/MyName')";
	if (slash == s)
		return "prefix part must be non-empty";
	if (slash) {
		char prefix[256];
		size_t n = (size_t)(slash - s);

		if (n > 253)
			return max_len(253, "prefix part ", buf, size);
		snprintf(prefix, sizeof prefix, "%.*s", (int)n, s);
		if (!dns_subdomain_ok(prefix)) {
			snprintf(buf, size, "prefix part %s", subdomain_msg);
			return buf;
		}
	}
	if (!*name)
		return "name part must be non-empty";
	if (strlen(name) > 63)
		return max_len(63, "name part ", buf, size);
	return key_name_ok(name, strlen(name)) ? NULL : key_name_msg;
}

const char *name_check(enum name_rule rule, const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);

	switch (rule) {
	case NAME_DNS_SUBDOMAIN:
		if (n > 253)
			return max_len(253, "", buf, size);
		return dns_subdomain_ok(s) ? NULL : subdomain_msg;
	case NAME_DNS_LABEL:
		if (n > 63)
			return max_len(63, "", buf, size);
		if (dns_label_ok(s, n))
			return NULL;
		return dns_subdomain_ok(s) ? "must not contain dots" : label_msg;
	case NAME_DNS1035_LABEL:
		if (n > 63)
			return max_len(63, "", buf, size);
		return dns_label_ok(s, n) && !isdigit((unsigned char)s[0]) ? NULL : dns1035_msg;
	case NAME_LABEL_KEY:
		return check_label_key(s, buf, size);
	case NAME_LABEL_VALUE:
		if (n > 63)
			return max_len(63, "", buf, size);
		return n == 0 || key_name_ok(s, n) ? NULL : value_msg;
	}
	return NULL;
}

int dec_check_name(struct dec *d, yaml_node_t *n, const char *rel, enum name_rule rule, const char *s)
{
	char buf[600];
	const char *why = name_check(rule, s, buf, sizeof buf);

	if (!why)
		return 0;
	return dec_fail(d, n, rel, "Invalid value: %s: %s", dec_quote(d, s), why);
}
