/* Every built-in theme keeps what it shows readable: WCAG 2 contrast of 4.5:1 or more. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "ksim/tui.h"

static void check(const char *theme)
{
	struct ksim_error err = { 0 };
	const char *role;
	double ratio;

	if (tui_theme_contrast(theme, &ratio, &role, &err))
		fail_msg("%s: %s", theme, err.msg);
	if (ratio < 4.5)
		fail_msg("theme %s: role %s has contrast %.2f:1, under 4.5:1", theme, role, ratio);
}

static void the_compiled_in_default_theme_has_contrast_of_4_5_or_more(void **state)
{
	(void)state;
	check("built-in");
}

static void the_default_theme_file_has_contrast_of_4_5_or_more(void **state)
{
	(void)state;
	check("themes/default.yaml");
}

static void the_light_theme_has_contrast_of_4_5_or_more(void **state)
{
	(void)state;
	check("themes/light.yaml");
}

static void the_high_contrast_theme_has_contrast_of_4_5_or_more(void **state)
{
	(void)state;
	check("themes/high-contrast.yaml");
}

static void the_monochrome_theme_has_contrast_of_4_5_or_more(void **state)
{
	(void)state;
	check("themes/monochrome.yaml");
}

static void a_dark_grey_on_black_theme_is_found_under_4_5(void **state)
{
	struct ksim_error err = { 0 };
	const char *role;
	double ratio;
	FILE *f = fopen("build/test_themes_grey.yaml", "w");

	(void)state;
	assert_non_null(f);
	fputs("name: grey\nroles:\n  normal: {fg: 250, bg: 16}\n  owner: {fg: 238}\n", f);
	fclose(f);
	assert_int_equal(tui_theme_contrast("build/test_themes_grey.yaml", &ratio, &role, &err), 0);
	assert_true(ratio < 4.5);
	assert_string_equal(role, "owner");
	remove("build/test_themes_grey.yaml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_compiled_in_default_theme_has_contrast_of_4_5_or_more),
		cmocka_unit_test(the_default_theme_file_has_contrast_of_4_5_or_more),
		cmocka_unit_test(the_light_theme_has_contrast_of_4_5_or_more),
		cmocka_unit_test(the_high_contrast_theme_has_contrast_of_4_5_or_more),
		cmocka_unit_test(the_monochrome_theme_has_contrast_of_4_5_or_more),
		cmocka_unit_test(a_dark_grey_on_black_theme_is_found_under_4_5),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
