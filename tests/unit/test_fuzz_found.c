/*
 * Regression tests for what `make fuzz` found (tests/fuzz/) and what the
 * bad-input corpus led to, one test per finding, named after what must
 * hold. Run under ASan+UBSan by `make check`, where the original failures
 * were sanitizer reports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksim/labels.h"
#include "ksim/manifest.h"
#include "ksim/scenario.h"
#include "ksim/tui.h"
#include "ksim/util.h"

/* fuzz_values: "9223372036854775807" overflowed when turned into milliseconds. */
static void duration_digits_that_overflow_are_refused(void **state)
{
	int64_t ms = 0;

	(void)state;
	assert_int_equal(duration_parse("9223372036854775807", &ms), -1);
	assert_int_equal(duration_parse("99999999999999999999", &ms), -1);
	assert_int_equal(duration_parse("9223372036854775", &ms), 0);
	assert_true(ms == 9223372036854775LL * 1000);
}

/* fuzz_values: strtod read "nan", "inf", hex and exponents, which Go's ParseDuration refuses. */
static void durations_follow_gos_grammar(void **state)
{
	static const char *const refused[] = { "nanh",   "infs", "0x10s", "1e3s", ".s",
					       "1.5.5s", "+1s",  " 1s",   "s" };
	int64_t ms = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(refused); i++)
		if (duration_parse(refused[i], &ms) != -1)
			fail_msg("accepted \"%s\"", refused[i]);
	assert_int_equal(duration_parse("1.5h", &ms), 0);
	assert_true(ms == 5400000);
	assert_int_equal(duration_parse(".5s", &ms), 0);
	assert_true(ms == 500);
	assert_int_equal(duration_parse("1h30m250ms", &ms), 0);
	assert_true(ms == 5400250);
}

/* fuzz_values: a requirement without values ("team", "!canary") copied from a NULL list. */
static void selector_requirements_without_values_parse(void **state)
{
	struct strtab *st = strtab_new();
	struct labeltab *lt = labeltab_new(st);
	struct selector sel;
	struct ksim_error err;
	struct strbuf sb;

	(void)state;
	sb_init(&sb);
	selector_init(&sel);
	assert_int_equal(selector_parse(lt, "team,!canary", &sel, &err), 0);
	selector_format(lt, &sel, &sb);
	assert_string_equal(sb.data, "team,!canary");
	sb_free(&sb);
	selector_free(&sel);
	labeltab_free(lt);
	strtab_free(st);
}

/* Emits n, parses it back, and checks the tree is the same. */
static void assert_round_trip(const char *yaml)
{
	struct ksim_error err;
	struct ynode *n = ydoc_parse(yaml, strlen(yaml), &err), *again;
	struct strbuf out;

	if (!n)
		fail_msg("cannot parse %s: %s", yaml, err.msg);
	sb_init(&out);
	ydoc_emit(n, &out);
	again = ydoc_parse(out.data, out.len, &err);
	if (!again || !ydoc_equal(n, again))
		fail_msg("%s came back from\n%s", yaml, out.data);
	ydoc_free(n);
	ydoc_free(again);
	sb_free(&out);
}

/* fuzz_patch: an empty top-level list or map was written as nothing at all. */
static void empty_documents_survive_a_round_trip(void **state)
{
	(void)state;
	assert_round_trip("[]");
	assert_round_trip("{}");
	assert_round_trip("{a: [], b: {}}");
}

/* fuzz_patch: control characters and YAML's other line breaks must be escaped in quotes. */
static void strings_with_breaks_and_controls_survive_a_round_trip(void **state)
{
	(void)state;
	assert_round_trip("a: \"x\\ry\"");
	assert_round_trip("a: \"bell\\a and \\x01\"");
	assert_round_trip("a: \"next\\Nline\"");
	assert_round_trip("a: \"line\\Lsep\\Ppara\"");
	assert_round_trip("a: \"\\uFEFFbom\"");
	assert_round_trip("a: [\"---\", \"...\", \"? x\", \"- y\"]");
	assert_round_trip("\"---\"");
}

/* A patch nested 100,000 deep took minutes in libyaml and overflowed the runner's stack. */
static void patches_nested_too_deep_are_refused_early(void **state)
{
	struct ksim_error err;
	struct ynode *n;
	char text[2 * 100000 + 1];

	(void)state;
	memset(text, '[', 100000);
	memset(text + 100000, ']', 100000);
	text[sizeof text - 1] = '\0';
	assert_null(ydoc_parse(text, strlen(text), &err));
	assert_string_equal(err.msg, "the document nests deeper than 512 levels");
	n = ydoc_parse(text + 100000 - 500, 1000, &err);
	assert_non_null(n);
	ydoc_free(n);
}

/* fuzz_cast: a dashboard with no Job sorted the Jobs panel's rows, still NULL, with qsort. */
static void a_dashboard_without_jobs_exports_a_cast(void **state)
{
	static const char demo[] = "apiVersion: ksim.io/v1alpha1\nkind: Scenario\n"
				   "metadata: {name: nojobs}\nspec:\n  timeline:\n"
				   "  - say: hello\n  - {at: 2s, key: \"3\"}\n";
	struct tui_options o = { .title = "nojobs", .speed = 1 };
	struct scenario *sc = NULL;
	struct session s;
	struct ksim_error err;
	char path[] = "/tmp/ksim-cast-XXXXXX", head[16] = "";
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	assert_int_equal(scenario_load_text("nojobs.yaml", demo, &sc, &err), 0);
	assert_int_equal(scenario_session(sc, &s, &err), 0);
	o.play = sc;
	assert_int_equal(tui_cast(&s, &o, path, 80, 24, &err), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(head, sizeof head, f));
	assert_int_equal(strncmp(head, "{\"version\": 2,", 14), 0);
	fclose(f);
	unlink(path);
	scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(duration_digits_that_overflow_are_refused),
		cmocka_unit_test(durations_follow_gos_grammar),
		cmocka_unit_test(selector_requirements_without_values_parse),
		cmocka_unit_test(empty_documents_survive_a_round_trip),
		cmocka_unit_test(strings_with_breaks_and_controls_survive_a_round_trip),
		cmocka_unit_test(patches_nested_too_deep_are_refused_early),
		cmocka_unit_test(a_dashboard_without_jobs_exports_a_cast),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
