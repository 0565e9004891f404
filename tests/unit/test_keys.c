/*
 * Unit tests for the key table shared by the dashboard and the demo loader
 * (src/keys/actions.c): key names both ways, a demo's `key:` read as an
 * action, and a demo with a key the dashboard would not answer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ksim/keys.h"
#include "ksim/scenario.h"

static void test_key_names_round_trip(void **state)
{
	static const char *const names[] = { "Space", "Tab",  "S-Tab", "Enter", "Esc",
					     "PgUp",  "PgDn", "Del",   "F1",    "F12",
					     "^L",    "f",    "3",     "+" };
	char label[24];

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int key = key_parse(names[i]);
		assert_int_not_equal(key, 0);
		key_label(key, label, sizeof label);
		assert_string_equal(label, names[i]);
	}
	assert_int_equal(key_parse("pgdn"), FKEY(KC_NPAGE));
	assert_int_equal(key_parse("C-l"), 'l' & 0x1f);
	assert_int_equal(key_parse("PageDown"), 0);
	assert_int_equal(key_parse("F13"), 0);
	assert_int_equal(key_parse(""), 0);
}

static void test_demo_keys(void **state)
{
	char label[24];

	(void)state;
	assert_int_equal(keys_demo_action("Tab"), ACT_NEXT_PANEL);
	assert_int_equal(keys_demo_action("next-panel"), ACT_NEXT_PANEL);
	assert_int_equal(keys_demo_action("3"), ACT_PANEL_1 + 2);
	assert_int_equal(keys_demo_action("Enter"), ACT_DESCRIBE);
	assert_int_equal(keys_demo_action("Z"), ACT_NONE); /* a key, but bound to nothing */
	assert_int_equal(keys_demo_action("PageDown"), ACT_NONE);
	assert_string_equal(keys_demo_label(ACT_FASTER, label, sizeof label), "+");
	assert_string_equal(keys_demo_label(ACT_PANEL_1 + 8, label, sizeof label), "");
}

/* Every key the error message offers is one a demo may press. */
static void test_valid_keys_are_accepted(void **state)
{
	struct strbuf list;
	char *save, *one;

	(void)state;
	sb_init(&list);
	keys_demo_valid(&list);
	assert_non_null(strstr(list.data, "Tab, S-Tab"));
	assert_null(strstr(list.data, "Enter, Enter"));
	for (one = strtok_r(list.data, ", ", &save); one; one = strtok_r(NULL, ", ", &save))
		assert_int_not_equal(keys_demo_action(one), ACT_NONE);
	sb_free(&list);
}

static void test_demo_with_unknown_key(void **state)
{
	static const char yaml[] = "apiVersion: ksim.io/v1alpha1\n"
				   "kind: Scenario\n"
				   "metadata: {name: k}\n"
				   "spec:\n"
				   "  timeline:\n"
				   "  - key: Tab\n"
				   "  - {at: 5s, key: Pause}\n";
	struct scenario *sc = NULL;
	struct ksim_error err;

	(void)state;
	assert_int_equal(scenario_load_text("t.yaml", yaml, &sc, &err), -1);
	assert_null(sc);
	assert_string_equal(err.file, "t.yaml");
	assert_int_equal(err.line, 7);
	assert_int_equal(err.col, 19);
	assert_string_equal(err.path, "spec.timeline[1].key");
	assert_non_null(strstr(err.msg, "\"Pause\": not a dashboard key: press one of ?, F1, q,"));
}

static void actions_on_the_cluster_or_clock_take_over_and_looking_around_does_not(void **state)
{
	(void)state;
	assert_true(action_acts(ACT_STEP));
	assert_true(action_acts(ACT_DELETE));
	assert_true(action_acts(ACT_COMMAND));
	assert_false(action_acts(ACT_PAUSE));
	assert_false(action_acts(ACT_FASTER));
	assert_false(action_acts(ACT_DESCRIBE));
	assert_false(action_acts(ACT_NEXT_PANEL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_names_round_trip),
		cmocka_unit_test(test_demo_keys),
		cmocka_unit_test(test_valid_keys_are_accepted),
		cmocka_unit_test(test_demo_with_unknown_key),
		cmocka_unit_test(actions_on_the_cluster_or_clock_take_over_and_looking_around_does_not),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
