/*
 * Key names (apimachinery util/validation IsConfigMapKey, IsEnvVarName) and
 * kubectl's data sources (kubectl pkg/util/env_file.go, pkg/cmd/util/helpers
 * ParseLiteralSource, ParseFileSource), with their messages.
 */
#include "ksim/configdata.h"

#include <stdlib.h>
#include <string.h>

#define KEY_MAX_LEN 253 /* DNS1123SubdomainMaxLength */

static const char config_key_msg[] =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
    "'[-._a-zA-Z0-9]+')";
static const char env_name_msg[] =
    "a valid environment variable name must consist of alphabetic characters, digits, '_', "
    "'-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or "
    "'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

static bool chars_valid(const char *key, bool env_name)
{
	if (!*key || (env_name && key[0] >= '0' && key[0] <= '9'))
		return false;
	for (const char *p = key; *p; p++)
		if (!is_key_char(*p))
			return false;
	return true;
}

static void reason_add(struct strbuf *out, const char *sep, int *count, const char *reason)
{
	if ((*count)++)
		sb_add(out, sep);
	sb_add(out, reason);
}

int configdata_key_check(const char *key, bool env_name, const char *sep, struct strbuf *out)
{
	int count = 0;

	if (!env_name && strlen(key) > KEY_MAX_LEN)
		reason_add(out, sep, &count, "must be no more than 253 characters");
	if (!chars_valid(key, env_name))
		reason_add(out, sep, &count, env_name ? env_name_msg : config_key_msg);
	if (strcmp(key, ".") == 0)
		reason_add(out, sep, &count, "must not be '.'");
	else if (strcmp(key, "..") == 0)
		reason_add(out, sep, &count, "must not be '..'");
	else if (strncmp(key, "..", 2) == 0)
		reason_add(out, sep, &count, "must not start with '..'");
	return count;
}

static void split_at(const char *s, const char *eq, char **left, char **right)
{
	*left = xstrndup(s, (size_t)(eq - s));
	*right = xstrdup(eq + 1);
}

int configdata_literal_parse(const char *source, char **key, char **value, struct ksim_error *err)
{
	const char *eq = strchr(source, '=');

	if (!eq || eq == source) {
		error_set(err, "invalid literal source %s, expected key=value", source);
		return -1;
	}
	split_at(source, eq, key, value);
	return 0;
}

/* Go's path.Base: the last element, trailing slashes removed; "/" for all slashes. */
static char *path_base(const char *p)
{
	size_t end = strlen(p), start;

	while (end > 1 && p[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && p[start - 1] != '/')
		start--;
	return start == end ? xstrdup(end ? "/" : ".") : xstrndup(p + start, end - start);
}

int configdata_file_source_parse(const char *source, char **key, char **path, struct ksim_error *err)
{
	const char *eq = strchr(source, '=');
	size_t n = strlen(source);

	if (!eq) {
		*key = path_base(source);
		*path = xstrdup(source);
		return 0;
	}
	if (strchr(eq + 1, '='))
		error_set(err, "key names or file paths cannot contain '='");
	else if (eq == source)
		error_set(err, "key name for file path %s missing", source + 1);
	else if (eq == source + n - 1)
		error_set(err, "file path for key name %.*s missing", (int)(n - 1), source);
	else {
		split_at(source, eq, key, path);
		return 0;
	}
	return -1;
}

/*
 * Length of the valid UTF-8 sequence at p (at most n bytes), 0 if invalid:
 * Go's unicode/utf8 accept ranges, no overlong forms, surrogates or runes
 * past U+10FFFF.
 */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len = p[0] < 0x80                   ? 1
		     : p[0] >= 0xc2 && p[0] < 0xe0 ? 2
		     : p[0] >= 0xe0 && p[0] < 0xf0 ? 3
		     : p[0] >= 0xf0 && p[0] < 0xf5 ? 4
						   : 0;
	unsigned char lo = p[0] == 0xe0 ? 0xa0 : p[0] == 0xf0 ? 0x90 : 0x80;
	unsigned char hi = p[0] == 0xed ? 0x9f : p[0] == 0xf4 ? 0x8f : 0xbf;

	if (len == 0 || len > n)
		return 0;
	if (len > 1 && (p[1] < lo || p[1] > hi))
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

bool configdata_utf8_valid(const char *s, size_t n)
{
	for (size_t i = 0, len; i < n; i += len)
		if (!(len = utf8_len((const unsigned char *)s + i, n - i)))
			return false;
	return true;
}

/* Go's %v of a []byte: "[104 105]". */
static void bytes_format(const char *s, size_t n, struct strbuf *out)
{
	sb_addc(out, '[');
	for (size_t i = 0; i < n; i++)
		sb_printf(out, "%s%u", i ? " " : "", (unsigned char)s[i]);
	sb_addc(out, ']');
}

/* unicode.IsSpace's ASCII part; U+0085 and U+00A0 are left as key characters. */
static bool is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int configdata_env_line_parse(const char *line, size_t n, int lineno, const char *path, char **key,
			      char **value, struct ksim_error *err)
{
	const char *end = line + n, *eq;
	struct strbuf sb;

	*key = *value = NULL;
	if (!configdata_utf8_valid(line, n)) {
		sb_init(&sb);
		bytes_format(line, n, &sb);
		error_set(err, "env file %s contains invalid utf8 bytes at line %d: %s", path,
			  lineno + 1, sb.data);
		sb_free(&sb);
		return -1;
	}
	if (lineno == 0 && n >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
		line += 3;
	while (line < end && is_space(*line))
		line++;
	if (line == end || *line == '#')
		return 0;
	eq = memchr(line, '=', (size_t)(end - line));
	*key = xstrndup(line, (size_t)((eq ? eq : end) - line));
	sb_init(&sb);
	if (configdata_key_check(*key, true, ";", &sb)) {
		error_set(err, "\"%s\" is not a valid key name: %s", *key, sb.data);
		sb_free(&sb);
		free(*key);
		*key = NULL;
		return -1;
	}
	sb_free(&sb);
	*value = eq ? xstrndup(eq + 1, (size_t)(end - eq - 1))
		    : xstrdup(getenv(*key) ? getenv(*key) : "");
	return 0;
}
