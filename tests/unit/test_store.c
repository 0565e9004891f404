/*
 * The store itself (src/cluster/store.c), without an engine: objects added,
 * found by namespace and name, removed; generations and resource versions;
 * handles (index + generation) that go stale when their slot is reused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "ksim/cluster.h"

struct fixture {
	struct cluster *c;
	uint32_t ns;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	f->c = cluster_new(1, 16);
	f->ns = cluster_intern(f->c, "default");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	cluster_free(f->c);
	free(f);
	return 0;
}

static uint32_t add(struct fixture *f, enum kind kind, const char *name)
{
	uint32_t idx = cluster_add(f->c, kind, f->ns, cluster_intern(f->c, name));

	if (idx != NONE32)
		cluster_changed(f->c, kind, idx, CHANGE_ADDED);
	return idx;
}

static uint32_t find(struct fixture *f, enum kind kind, const char *name)
{
	return cluster_find(f->c, kind, f->ns, cluster_intern(f->c, name));
}

static void an_added_object_is_found_by_namespace_and_name(void **state)
{
	struct fixture *f = *state;
	uint32_t idx = add(f, KIND_JOB, "pi");
	const struct job *j = cluster_get(f->c, KIND_JOB, idx);

	assert_int_not_equal(idx, NONE32);
	assert_int_equal(find(f, KIND_JOB, "pi"), idx);
	assert_string_equal(cluster_str(f->c, j->meta.name), "pi");
	assert_int_equal(j->meta.deleted_ms, TIME_NONE);
	assert_int_equal(cluster_count(f->c, KIND_JOB), 1);
}

static void a_name_is_taken_once_per_kind_and_namespace(void **state)
{
	struct fixture *f = *state;

	assert_int_not_equal(add(f, KIND_JOB, "pi"), NONE32);
	assert_int_equal(add(f, KIND_JOB, "pi"), NONE32);
	assert_int_not_equal(add(f, KIND_CRONJOB, "pi"), NONE32);
	assert_int_not_equal(cluster_add(f->c, KIND_JOB, cluster_intern(f->c, "other"),
					 cluster_intern(f->c, "pi")),
			     NONE32);
}

static void a_removed_object_is_gone_and_its_name_free_again(void **state)
{
	struct fixture *f = *state;
	uint32_t idx = add(f, KIND_JOB, "pi");

	cluster_remove(f->c, KIND_JOB, idx);
	assert_null(cluster_get(f->c, KIND_JOB, idx));
	assert_int_equal(find(f, KIND_JOB, "pi"), NONE32);
	assert_int_equal(cluster_count(f->c, KIND_JOB), 0);
	assert_int_not_equal(add(f, KIND_JOB, "pi"), NONE32);
}

static void a_handle_goes_stale_when_its_slot_is_reused(void **state)
{
	struct fixture *f = *state;
	uint32_t idx = add(f, KIND_JOB, "old");
	struct ref r = cluster_ref(f->c, KIND_JOB, idx);

	assert_non_null(cluster_deref(f->c, KIND_JOB, r));
	cluster_remove(f->c, KIND_JOB, idx);
	assert_null(cluster_deref(f->c, KIND_JOB, r));
	uint32_t again = add(f, KIND_JOB, "new");
	assert_int_equal(again, idx); /* the freed slot is taken first */
	assert_null(cluster_deref(f->c, KIND_JOB, r));
	assert_int_not_equal(cluster_ref(f->c, KIND_JOB, again).gen, r.gen);
}

static void every_change_bumps_the_resource_version_and_the_generation(void **state)
{
	struct fixture *f = *state;
	uint32_t idx = add(f, KIND_JOB, "pi");
	const struct meta *m = cluster_meta(f->c, KIND_JOB, idx);
	uint64_t rv = m->rv, gen = f->c->generation;

	cluster_changed(f->c, KIND_JOB, idx, CHANGE_UPDATED);
	assert_true(m->rv > rv);
	assert_true(f->c->generation > gen);
	rv = m->rv;
	gen = f->c->generation;
	cluster_touch(f->c, KIND_JOB, idx);
	assert_true(m->rv > rv);
	assert_true(f->c->generation > gen);
}

static void uids_are_never_reused(void **state)
{
	struct fixture *f = *state;
	uint32_t idx = add(f, KIND_JOB, "pi");
	uint32_t uid = ((const struct meta *)cluster_meta(f->c, KIND_JOB, idx))->uid;

	cluster_remove(f->c, KIND_JOB, idx);
	idx = add(f, KIND_JOB, "pi");
	assert_int_not_equal(((const struct meta *)cluster_meta(f->c, KIND_JOB, idx))->uid, uid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(an_added_object_is_found_by_namespace_and_name, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_name_is_taken_once_per_kind_and_namespace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_removed_object_is_gone_and_its_name_free_again,
						setup, teardown),
		cmocka_unit_test_setup_teardown(a_handle_goes_stale_when_its_slot_is_reused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(every_change_bumps_the_resource_version_and_the_generation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(uids_are_never_reused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
