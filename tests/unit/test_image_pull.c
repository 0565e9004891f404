/* Image pulls: the catalogue of real tags, the ksim.io/image-pull annotation, the kubelet's back-off. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "session_fixture.h"

#define POD(image, annotations)                                                      \
	"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n" annotations "spec:\n" \
	"  containers: [{name: nginx, image: \"" image "\"}]\n"

static const struct ctr_status *web(struct session *s)
{
	return &pod(s, "web")->ctrs[0];
}

static void a_tag_the_registry_lacks_fails_then_backs_off(void **state)
{
	struct session *s = open_text(POD("nginx:1.161", ""));

	(void)state;
	run_to(s, 12 * SEC);
	assert_int_equal(web(s)->state, CTR_WAITING);
	assert_string_equal(ctr_waiting_reason(0, web(s)), "ImagePullBackOff");
	run_to(s, 5 * MIN);
	assert_int_equal(web(s)->state, CTR_WAITING);
	assert_true(web(s)->pull != PULL_OK);
	close_session(s);
}

static void the_back_off_doubles_from_ten_seconds_to_five_minutes(void **state)
{
	struct session *s = open_text(POD("nginx:1.161", ""));
	int64_t seen[16];
	int n = 0;

	(void)state;
	for (int64_t t = 0; t < 20 * MIN && n < 16; t += 100) {
		uint8_t before = web(s) ? web(s)->pull : PULL_OK;
		run_to(s, t);
		if (before != PULL_BACKOFF && web(s)->pull == PULL_BACKOFF)
			seen[n++] = web(s)->backoff_ms;
	}
	assert_true(n >= 6);
	/* backoff_ms is the next delay: 20 s after the first 10 s wait */
	assert_int_equal(seen[0], 20 * SEC);
	assert_int_equal(seen[1], 40 * SEC);
	assert_int_equal(seen[4], 300 * SEC);
	assert_int_equal(seen[5], 300 * SEC);
	close_session(s);
}

static void catalogued_tags_and_untagged_images_pull(void **state)
{
	const char *const ok[] = { POD("nginx:1.14.2", ""), POD("nginx:1.16.1", ""),
				   POD("nginx", ""), POD("example.com/unknown:v9", "") };

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
		struct session *s = open_text(ok[i]);
		run_to(s, 30 * SEC);
		assert_int_equal(web(s)->state, CTR_RUNNING);
		close_session(s);
	}
}

static void the_annotation_makes_any_image_fail(void **state)
{
	struct session *s =
	    open_text(POD("nginx:1.16.1", "  annotations: {ksim.io/image-pull: Fail}\n"));

	(void)state;
	run_to(s, 30 * SEC);
	assert_int_equal(web(s)->state, CTR_WAITING);
	assert_true(web(s)->pull != PULL_OK);
	close_session(s);
}

/* A pull's back-off is not the crash back-off: the first crash after a late pull restarts at once. */
static void a_successful_pull_resets_the_back_off(void **state)
{
	struct session *s = open_text(
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
	    "  annotations: {ksim.io/image-pull: Fail}\nspec:\n"
	    "  containers: [{name: app, image: busybox, command: [sh, -c, \"sleep 5; exit 1\"]}]\n");
	int64_t t = 30 * SEC;

	(void)state;
	run_to(s, t);
	assert_true(web(s)->pull != PULL_OK);
	assert_int_equal(kubectl(s, "annotate pod web ksim.io/image-pull-", NULL), 0);
	while (web(s)->state != CTR_RUNNING && t < 10 * MIN)
		run_to(s, t += 100);
	assert_int_equal(web(s)->state, CTR_RUNNING);
	run_to(s, t + 7 * SEC);
	assert_int_equal(web(s)->restarts, 1);
	close_session(s);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(a_successful_pull_resets_the_back_off),
	cmocka_unit_test(a_tag_the_registry_lacks_fails_then_backs_off),
	cmocka_unit_test(the_back_off_doubles_from_ten_seconds_to_five_minutes),
	cmocka_unit_test(catalogued_tags_and_untagged_images_pull),
	cmocka_unit_test(the_annotation_makes_any_image_fail),
};

int main(void)
{
	return cmocka_run_group_tests(tests, NULL, NULL);
}
