/*
 * Unit tests for src/api/ through its face, ksim/api.h alone: the API
 * server's create-or-update says what it did and prints nothing (kubectl
 * prints the line), and an object's fields read as the served document.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/api.h"

static const char rs_yaml[] = "apiVersion: apps/v1\n"
			      "kind: ReplicaSet\n"
			      "metadata:\n"
			      "  name: rs-1\n"
			      "spec:\n"
			      "  replicas: %d\n"
			      "  selector:\n"
			      "    matchLabels:\n"
			      "      app: web\n"
			      "  template:\n"
			      "    metadata:\n"
			      "      labels:\n"
			      "        app: web\n"
			      "    spec:\n"
			      "      containers:\n"
			      "      - name: nginx\n"
			      "        image: nginx\n";

static int setup(void **state)
{
	*state = cluster_new(42, 1024);
	return 0;
}

static int teardown(void **state)
{
	cluster_free(*state);
	return 0;
}

/* Loads one document (a format with one %d, given n) and writes it as `kubectl apply` does. */
static struct api_written apply_doc(struct cluster *c, const char *fmt, int n)
{
	struct manifest m;
	struct ksim_error err;
	struct api_error refusal;
	struct api_written done = { KIND_NONE, NONE32, NULL };
	char yaml[1024];

	snprintf(yaml, sizeof yaml, fmt, n);
	manifest_init(&m);
	if (manifest_load_string(c, "t.yaml", yaml, strlen(yaml), &m, &err))
		fail_msg("fixture YAML: %s", err.msg);
	assert_int_equal(m.count, 1);
	if (api_apply_object(c, c->s.default_ns, &m.objects[0], &done, &refusal))
		fail_msg("apply: %s", refusal.message);
	assert_null(m.objects[0].obj);
	manifest_free(c, &m);
	return done;
}

static void applying_a_new_object_says_created_with_its_slot(void **state)
{
	struct cluster *c = *state;
	struct api_written done = apply_doc(c, rs_yaml, 2);

	assert_int_equal(done.kind, KIND_RS);
	assert_string_equal(done.operation, "created");
	assert_int_equal(done.idx,
			 cluster_find(c, KIND_RS, c->s.default_ns, cluster_intern(c, "rs-1")));
}

static void applying_the_same_object_again_says_unchanged(void **state)
{
	struct cluster *c = *state;

	apply_doc(c, rs_yaml, 2);
	assert_string_equal(apply_doc(c, rs_yaml, 2).operation, "unchanged");
}

static void applying_a_changed_spec_says_configured_and_bumps_the_generation(void **state)
{
	struct cluster *c = *state;
	struct api_written done;

	apply_doc(c, rs_yaml, 2);
	done = apply_doc(c, rs_yaml, 3);
	assert_string_equal(done.operation, "configured");
	assert_int_equal(cluster_meta(c, KIND_RS, done.idx)->generation, 2);
}

static void applying_a_namespace_says_created_with_its_name(void **state)
{
	struct cluster *c = *state;
	struct api_written done = apply_doc(
	    c, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team%d\n", 1);

	assert_int_equal(done.kind, KIND_NONE);
	assert_string_equal(cluster_str(c, done.idx), "team1");
	assert_string_equal(done.operation, "created");
}

static void a_field_reads_as_the_served_document_has_it(void **state)
{
	struct cluster *c = *state;
	struct api_written done = apply_doc(c, rs_yaml, 2);
	struct strbuf out;

	sb_init(&out);
	assert_int_equal(
	    api_object_field(c, KIND_RS, done.idx, ".spec.template.spec.containers[0].image", &out),
	    0);
	assert_string_equal(out.data, "nginx");
	assert_int_equal(api_object_field(c, KIND_RS, done.idx, "spec.nothing", &out), -1);
	sb_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(applying_a_new_object_says_created_with_its_slot,
						setup, teardown),
		cmocka_unit_test_setup_teardown(applying_the_same_object_again_says_unchanged,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
		    applying_a_changed_spec_says_configured_and_bumps_the_generation, setup, teardown),
		cmocka_unit_test_setup_teardown(applying_a_namespace_says_created_with_its_name,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_field_reads_as_the_served_document_has_it, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
