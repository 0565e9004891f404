/*
 * The syntax Kubernetes accepts for label keys and values
 * (apimachinery/pkg/util/validation: IsQualifiedName, IsValidLabelValue,
 * IsDNS1123Subdomain), with their messages word for word.
 */
#include "ksim/labels.h"

#include <ctype.h>
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

int labels_key_problems(const char *key, const char *msgs[4])
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

int labels_value_problems(const char *value, const char *msgs[4])
{
	size_t len = strlen(value);
	int n = 0;

	if (len > 63)
		msgs[n++] = "must be no more than 63 characters";
	if (len && !qname_ok(value, len))
		msgs[n++] = VALUE_MSG;
	return n;
}
