/*
 * The kind classes (struct kind_class, src/cluster/kinds.c): every kind has
 * one, complete, in the one table that kind_class(), kind_info() and
 * kind_parse() read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ksim/cluster.h"

/* What each kind's struct owns; a kind added without an entry here fails the test. */
enum owning { UNSAID, OWNS_MEMORY, OWNS_NOTHING };
static const enum owning owning[KIND_COUNT] = {
	[KIND_NODE] = OWNS_MEMORY,    /* taints, images, host ports */
	[KIND_POD] = OWNS_MEMORY,     /* a spec reference, container and probe statuses */
	[KIND_RC] = OWNS_MEMORY,      /* selector, template */
	[KIND_RS] = OWNS_MEMORY,      /* selector, template */
	[KIND_DS] = OWNS_MEMORY,      /* selector, template */
	[KIND_JOB] = OWNS_MEMORY,     /* selector, template, completed indexes */
	[KIND_CRONJOB] = OWNS_MEMORY, /* schedule, job template, status.active */
	[KIND_STS] = OWNS_MEMORY,     /* selector, templates, claim templates */
	[KIND_SVC] = OWNS_MEMORY,     /* ports */
	[KIND_EP] = OWNS_MEMORY,      /* addresses */
	[KIND_PV] = OWNS_NOTHING,     [KIND_PVC] = OWNS_NOTHING,
	[KIND_DEPLOY] = OWNS_MEMORY, /* selector, template */
	[KIND_CM] = OWNS_MEMORY,     /* entries */
	[KIND_SECRET] = OWNS_MEMORY, /* entries */
	[KIND_CR] = OWNS_MEMORY,     /* template */
};

static void every_kind_has_a_class_with_its_size_names_and_mark(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++) {
		const struct kind_class *kc = kind_class((enum kind)k);
		assert_non_null(kc);
		assert_true(kc->size >= sizeof(struct meta));
		assert_non_null(kc->info.kind);
		assert_non_null(kc->info.plural);
		assert_non_null(kc->info.singular);
		assert_non_null(kc->info.api_version);
		assert_non_null(kc->info.group);
		assert_non_null(kc->mark); /* every struct holds an id beyond its meta's */
		assert_ptr_equal(kind_info((enum kind)k), &kc->info);
	}
}

static void every_kind_that_owns_memory_has_a_release(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++) {
		const struct kind_class *kc = kind_class((enum kind)k);
		assert_int_not_equal(owning[k], UNSAID);
		if (owning[k] == OWNS_MEMORY)
			assert_non_null(kc->release);
		else
			assert_null(kc->release);
	}
}

/* A class that forgot .child would hold Nodes (KIND_NODE is 0): nothing owns a Node. */
static void no_kind_has_nodes_for_children(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++)
		assert_int_not_equal(kind_child_of((enum kind)k), KIND_NODE);
}

static void each_owner_kind_names_its_child_kind(void **state)
{
	(void)state;
	assert_int_equal(kind_child_of(KIND_DEPLOY), KIND_RS);
	assert_int_equal(kind_child_of(KIND_CRONJOB), KIND_JOB);
	assert_int_equal(kind_child_of(KIND_RS), KIND_POD);
	assert_int_equal(kind_child_of(KIND_STS), KIND_POD);
	assert_int_equal(kind_child_of(KIND_CR), KIND_NONE);
	assert_int_equal(kind_child_of(KIND_NONE), KIND_NONE);
}

static void every_name_of_a_kind_parses_back_to_it(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++) {
		const struct kind_info *ki = kind_info((enum kind)k);
		assert_int_equal(kind_parse(ki->kind), k);
		assert_int_equal(kind_parse(ki->plural), k);
		assert_int_equal(kind_parse(ki->singular), k);
		if (ki->shortname)
			assert_int_equal(kind_parse(ki->shortname), k);
	}
}

static void kind_none_has_no_class(void **state)
{
	(void)state;
	assert_null(kind_class(KIND_NONE));
	assert_null(kind_info(KIND_NONE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_has_a_class_with_its_size_names_and_mark),
		cmocka_unit_test(every_kind_that_owns_memory_has_a_release),
		cmocka_unit_test(no_kind_has_nodes_for_children),
		cmocka_unit_test(each_owner_kind_names_its_child_kind),
		cmocka_unit_test(every_name_of_a_kind_parses_back_to_it),
		cmocka_unit_test(kind_none_has_no_class),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
