/*
 * ConfigMap and Secret data rules: base64 as Go's StdEncoding (its error
 * offsets), key names as the API server checks them, and kubectl's
 * --from-literal, --from-file and --from-env-file parsing with its messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ksim/configdata.h"

static void assert_encodes(const char *plain, const char *want)
{
	struct strbuf sb;

	sb_init(&sb);
	configdata_base64_encode(plain, strlen(plain), &sb);
	assert_string_equal(sb.data ? sb.data : "", want);
	sb_free(&sb);
}

static void base64_encodes_with_padding(void **state)
{
	(void)state;
	assert_encodes("", "");
	assert_encodes("a", "YQ==");
	assert_encodes("ab", "YWI=");
	assert_encodes("abc", "YWJj");
	assert_encodes("admin", "YWRtaW4=");
}

/* want is the decoded text when rc is 0, else the error message. */
static void assert_decode(const char *coded, int rc, const char *want)
{
	struct strbuf sb;
	struct ksim_error err = { 0 };

	sb_init(&sb);
	assert_int_equal(configdata_base64_decode(coded, &sb, &err), rc);
	assert_string_equal(rc ? err.msg : sb.data ? sb.data : "", want);
	sb_free(&sb);
}

static void base64_decodes_and_skips_newlines(void **state)
{
	(void)state;
	assert_decode("YWRtaW4=", 0, "admin");
	assert_decode("YWJj", 0, "abc");
	assert_decode("YW\nJj\r\n", 0, "abc");
	assert_decode("YQ==", 0, "a");
	assert_decode("", 0, "");
}

static void base64_reports_the_offset_go_reports(void **state)
{
	(void)state;
	assert_decode("YWJ", -1, "illegal base64 data at input byte 0");
	assert_decode("YWJjZA", -1, "illegal base64 data at input byte 4");
	assert_decode("YW!j", -1, "illegal base64 data at input byte 2");
	assert_decode("YQ=", -1, "illegal base64 data at input byte 3");
	assert_decode("YQ==YQ==", -1, "illegal base64 data at input byte 4");
	assert_decode("Y===", -1, "illegal base64 data at input byte 1");
	assert_decode("admin", -1, "illegal base64 data at input byte 4");
}

static char *reasons(const char *key, bool env_name)
{
	struct strbuf sb;

	sb_init(&sb);
	if (!configdata_key_check(key, env_name, "; ", &sb)) {
		sb_free(&sb);
		return NULL;
	}
	return sb_take(&sb);
}

static void config_keys_allow_dots_dashes_and_digits(void **state)
{
	(void)state;
	assert_null(reasons("app.properties", false));
	assert_null(reasons("1-key_name", false));
	assert_null(reasons(".hidden", false));
}

static void config_keys_refuse_spaces_slashes_and_dot_dirs(void **state)
{
	char *r;
	char long_key[300];

	(void)state;
	r = reasons("a b", false);
	assert_non_null(strstr(r, "a valid config key must consist of alphanumeric characters"));
	free(r);
	r = reasons("dir/file", false);
	assert_non_null(r);
	free(r);
	r = reasons("..", false);
	assert_string_equal(r, "must not be '..'");
	free(r);
	r = reasons("..data", false);
	assert_string_equal(r, "must not start with '..'");
	free(r);
	memset(long_key, 'k', 254);
	long_key[254] = '\0';
	r = reasons(long_key, false);
	assert_string_equal(r, "must be no more than 253 characters");
	free(r);
}

static void env_names_refuse_a_leading_digit(void **state)
{
	char *r;

	(void)state;
	assert_null(reasons("MY_ENV.NAME", true));
	assert_null(reasons("1key", false));
	r = reasons("1key", true);
	assert_non_null(strstr(r, "must not start with a digit"));
	free(r);
}

static void literal_splits_at_the_first_equals(void **state)
{
	char *k, *v;
	struct ksim_error err = { 0 };

	(void)state;
	assert_int_equal(configdata_literal_parse("url=a=b", &k, &v, &err), 0);
	assert_string_equal(k, "url");
	assert_string_equal(v, "a=b");
	free(k);
	free(v);
	assert_int_equal(configdata_literal_parse("empty=", &k, &v, &err), 0);
	assert_string_equal(v, "");
	free(k);
	free(v);
}

static void literal_without_a_key_or_equals_is_refused(void **state)
{
	char *k, *v;
	struct ksim_error err = { 0 };

	(void)state;
	assert_int_equal(configdata_literal_parse("=v", &k, &v, &err), -1);
	assert_string_equal(err.msg, "invalid literal source =v, expected key=value");
	assert_int_equal(configdata_literal_parse("novalue", &k, &v, &err), -1);
	assert_string_equal(err.msg, "invalid literal source novalue, expected key=value");
}

static void assert_file_source(const char *source, const char *want_key, const char *want_path)
{
	char *k, *p;
	struct ksim_error err = { 0 };

	assert_int_equal(configdata_file_source_parse(source, &k, &p, &err), 0);
	assert_string_equal(k, want_key);
	assert_string_equal(p, want_path);
	free(k);
	free(p);
}

static void file_source_key_defaults_to_the_base_name(void **state)
{
	(void)state;
	assert_file_source("conf/app.properties", "app.properties", "conf/app.properties");
	assert_file_source("game.cfg", "game.cfg", "game.cfg");
	assert_file_source("conf/", "conf", "conf/");
	assert_file_source("settings=conf/app.properties", "settings", "conf/app.properties");
}

static void assert_file_source_error(const char *source, const char *want)
{
	char *k, *p;
	struct ksim_error err = { 0 };

	assert_int_equal(configdata_file_source_parse(source, &k, &p, &err), -1);
	assert_string_equal(err.msg, want);
}

static void file_source_refuses_a_missing_side_or_two_equals(void **state)
{
	(void)state;
	assert_file_source_error("=a.txt", "key name for file path a.txt missing");
	assert_file_source_error("k=", "file path for key name k missing");
	assert_file_source_error("k=a=b", "key names or file paths cannot contain '='");
}

static void env_line(const char *line, int lineno, const char *want_key, const char *want_value)
{
	char *k, *v;
	struct ksim_error err = { 0 };

	assert_int_equal(
	    configdata_env_line_parse(line, strlen(line), lineno, "x.env", &k, &v, &err), 0);
	if (!want_key) {
		assert_null(k);
		return;
	}
	assert_string_equal(k, want_key);
	assert_string_equal(v, want_value);
	free(k);
	free(v);
}

static void env_file_skips_blank_and_comment_lines(void **state)
{
	(void)state;
	env_line("", 1, NULL, NULL);
	env_line("   ", 1, NULL, NULL);
	env_line("  # a comment", 1, NULL, NULL);
}

static void env_file_keeps_quotes_and_trailing_spaces_in_values(void **state)
{
	(void)state;
	env_line("  COLOR=\"blue\" ", 1, "COLOR", "\"blue\" ");
	env_line("URL=a=b", 1, "URL", "a=b");
	env_line("EMPTY=", 1, "EMPTY", "");
}

static void env_file_strips_a_bom_on_the_first_line_only(void **state)
{
	char *k, *v;
	struct ksim_error err = { 0 };
	const char line[] = "\xef\xbb\xbf"
			    "A=1";

	(void)state;
	env_line(line, 0, "A", "1");
	assert_int_equal(configdata_env_line_parse(line, strlen(line), 1, "x.env", &k, &v, &err), -1);
}

static void env_file_line_without_equals_reads_the_environment(void **state)
{
	(void)state;
	setenv("KSIM_TEST_FROM_ENV", "here", 1);
	env_line("KSIM_TEST_FROM_ENV", 1, "KSIM_TEST_FROM_ENV", "here");
	unsetenv("KSIM_TEST_FROM_ENV");
	env_line("KSIM_TEST_FROM_ENV", 1, "KSIM_TEST_FROM_ENV", "");
}

static void env_file_refuses_an_invalid_name_with_kubectls_message(void **state)
{
	char *k, *v;
	struct ksim_error err = { 0 };
	const char line[] = "name: password";

	(void)state;
	assert_int_equal(configdata_env_line_parse(line, strlen(line), 0, "abc.env", &k, &v, &err),
			 -1);
	assert_string_equal(
	    err.msg, "\"name: password\" is not a valid key name: a valid environment variable "
		     "name must consist of alphabetic characters, digits, '_', '-', or '.', and "
		     "must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or "
		     "'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
	assert_null(k);
}

static void env_file_refuses_invalid_utf8(void **state)
{
	char *k, *v;
	struct ksim_error err = { 0 };
	const char line[] = "A=\xff";

	(void)state;
	assert_int_equal(configdata_env_line_parse(line, strlen(line), 2, "x.env", &k, &v, &err), -1);
	assert_string_equal(err.msg,
			    "env file x.env contains invalid utf8 bytes at line 3: [65 61 255]");
}

/* Go's utf8.Valid: the first continuation byte's range depends on the lead byte. */
static void utf8_valid_refuses_overlongs_surrogates_and_past_the_last_rune(void **state)
{
	(void)state;
	assert_true(configdata_utf8_valid("caf\xc3\xa9 \xed\x9f\xbf \xf4\x8f\xbf\xbf", 14));
	assert_false(configdata_utf8_valid("\xc1\xbf", 2));
	assert_false(configdata_utf8_valid("\xe0\x9f\xbf", 3));
	assert_false(configdata_utf8_valid("\xed\xa0\x80", 3));
	assert_false(configdata_utf8_valid("\xf0\x8f\xbf\xbf", 4));
	assert_false(configdata_utf8_valid("\xf4\x90\x80\x80", 4));
	assert_false(configdata_utf8_valid("\xe2\x82", 2));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_encodes_with_padding),
		cmocka_unit_test(base64_decodes_and_skips_newlines),
		cmocka_unit_test(base64_reports_the_offset_go_reports),
		cmocka_unit_test(config_keys_allow_dots_dashes_and_digits),
		cmocka_unit_test(config_keys_refuse_spaces_slashes_and_dot_dirs),
		cmocka_unit_test(env_names_refuse_a_leading_digit),
		cmocka_unit_test(literal_splits_at_the_first_equals),
		cmocka_unit_test(literal_without_a_key_or_equals_is_refused),
		cmocka_unit_test(file_source_key_defaults_to_the_base_name),
		cmocka_unit_test(file_source_refuses_a_missing_side_or_two_equals),
		cmocka_unit_test(env_file_skips_blank_and_comment_lines),
		cmocka_unit_test(env_file_keeps_quotes_and_trailing_spaces_in_values),
		cmocka_unit_test(env_file_strips_a_bom_on_the_first_line_only),
		cmocka_unit_test(env_file_line_without_equals_reads_the_environment),
		cmocka_unit_test(env_file_refuses_an_invalid_name_with_kubectls_message),
		cmocka_unit_test(env_file_refuses_invalid_utf8),
		cmocka_unit_test(utf8_valid_refuses_overlongs_surrogates_and_past_the_last_rune),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
