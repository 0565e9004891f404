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

/* The workload kinds, whose class says where their pod template and selector are. */
static bool is_workload(enum kind k)
{
	return k == KIND_RC || k == KIND_RS || k == KIND_DS || k == KIND_JOB ||
	       k == KIND_CRONJOB || k == KIND_STS || k == KIND_DEPLOY;
}

static void every_workload_kind_has_a_template_and_a_selector_and_no_other_kind_has(void **state)
{
	static char obj[4096] __attribute__((aligned(16)));

	(void)state;
	for (int k = 0; k < KIND_COUNT; k++) {
		const struct template *tpl = kind_template((enum kind)k, obj);
		const struct selector *sel = kind_selector((enum kind)k, obj);
		assert_true(kind_class((enum kind)k)->size <= sizeof obj);
		if (!is_workload((enum kind)k)) {
			assert_null(tpl);
			assert_null(sel);
			continue;
		}
		assert_in_range((const char *)tpl - obj, sizeof(struct meta),
				kind_class((enum kind)k)->size - sizeof *tpl);
		assert_in_range((const char *)sel - obj, sizeof(struct meta),
				kind_class((enum kind)k)->size - sizeof *sel);
	}
}

static void a_job_and_a_cronjob_keep_their_template_in_their_job_spec(void **state)
{
	struct job j = { 0 };
	struct cronjob cj = { 0 };
	struct deployment d = { 0 };

	(void)state;
	assert_ptr_equal(kind_template(KIND_JOB, &j), &j.spec.tpl);
	assert_ptr_equal(kind_selector(KIND_JOB, &j), &j.spec.sel);
	assert_ptr_equal(kind_template(KIND_CRONJOB, &cj), &cj.job.tpl);
	assert_ptr_equal(kind_selector(KIND_CRONJOB, &cj), &cj.job.sel);
	assert_ptr_equal(kind_template(KIND_DEPLOY, &d), &d.tpl);
}

/* The kinds with a scale subresource; Jobs lost theirs. */
static void only_deployments_replica_sets_controllers_and_stateful_sets_scale(void **state)
{
	struct replicaset rs = { 0 };
	struct statefulset sts = { 0 };
	struct deployment d = { 0 };
	struct job j = { 0 };

	(void)state;
	assert_ptr_equal(kind_replicas(KIND_RS, &rs), &rs.replicas);
	assert_ptr_equal(kind_replicas(KIND_RC, &rs), &rs.replicas);
	assert_ptr_equal(kind_replicas(KIND_STS, &sts), &sts.replicas);
	assert_ptr_equal(kind_replicas(KIND_DEPLOY, &d), &d.replicas);
	for (int k = 0; k < KIND_COUNT; k++)
		if (k != KIND_RS && k != KIND_RC && k != KIND_STS && k != KIND_DEPLOY)
			assert_null(kind_replicas((enum kind)k, &j));
}

static void the_workloads_keep_a_generation_and_pods_and_nodes_do_not(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++)
		if (is_workload((enum kind)k))
			assert_true(kind_class((enum kind)k)->generation);
	assert_false(kind_class(KIND_POD)->generation);
	assert_false(kind_class(KIND_NODE)->generation);
}

static void only_volumes_and_claims_carry_a_protection_finalizer(void **state)
{
	(void)state;
	assert_string_equal(kind_class(KIND_PV)->finalizer, "kubernetes.io/pv-protection");
	assert_string_equal(kind_class(KIND_PVC)->finalizer, "kubernetes.io/pvc-protection");
	for (int k = 0; k < KIND_COUNT; k++)
		if (k != KIND_PV && k != KIND_PVC)
			assert_null(kind_class((enum kind)k)->finalizer);
}

/* kubectl logs KIND/NAME: the workloads but a CronJob, and a Service; a pod is no selector. */
static void logs_take_the_selecting_kinds_but_a_cronjob(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++) {
		bool want = (is_workload((enum kind)k) && k != KIND_CRONJOB) || k == KIND_SVC;
		assert_int_equal(kind_class((enum kind)k)->logs, want);
	}
}

static void only_daemon_and_stateful_sets_keep_controller_revisions(void **state)
{
	(void)state;
	for (int k = 0; k < KIND_COUNT; k++)
		assert_int_equal(kind_class((enum kind)k)->revisions, k == KIND_DS || k == KIND_STS);
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
		cmocka_unit_test(every_workload_kind_has_a_template_and_a_selector_and_no_other_kind_has),
		cmocka_unit_test(a_job_and_a_cronjob_keep_their_template_in_their_job_spec),
		cmocka_unit_test(only_deployments_replica_sets_controllers_and_stateful_sets_scale),
		cmocka_unit_test(the_workloads_keep_a_generation_and_pods_and_nodes_do_not),
		cmocka_unit_test(only_volumes_and_claims_carry_a_protection_finalizer),
		cmocka_unit_test(logs_take_the_selecting_kinds_but_a_cronjob),
		cmocka_unit_test(only_daemon_and_stateful_sets_keep_controller_revisions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
