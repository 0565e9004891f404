/*
 * The Deployment controller: the arithmetic tables of
 * pkg/controller/deployment (util/deployment_util_test.go, rolling_test.go,
 * sync_test.go TestScale), then rollouts on the lab cluster.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/engine.h"

#include "session_fixture.h"

static struct deployment rolling(int32_t replicas, int32_t surge, bool surge_pct, int32_t unavail,
				 bool unavail_pct)
{
	return (struct deployment){ .replicas = replicas,
				    .strategy = DEPLOY_ROLLING_UPDATE,
				    .max_surge = surge,
				    .max_surge_pct = surge_pct,
				    .max_unavailable = unavail,
				    .max_unavailable_pct = unavail_pct };
}

static void surge_rounds_up_and_unavailable_rounds_down(void **state)
{
	/* TestResolveFenceposts: 39%, 39% of 10 */
	struct deployment d = rolling(10, 39, true, 39, true);

	(void)state;
	assert_int_equal(engine_deploy_max_surge(&d), 4);
	assert_int_equal(engine_deploy_max_unavailable(&d), 3);
	d = rolling(3, 25, true, 25, true);
	assert_int_equal(engine_deploy_max_surge(&d), 1);
	assert_int_equal(engine_deploy_max_unavailable(&d), 0);
}

static void both_budgets_zero_after_rounding_make_one_unavailable(void **state)
{
	struct deployment d = rolling(1, 0, false, 25, true);

	(void)state;
	assert_int_equal(engine_deploy_max_surge(&d), 0);
	assert_int_equal(engine_deploy_max_unavailable(&d), 1);
}

static void unavailable_never_exceeds_the_replicas(void **state)
{
	struct deployment d = rolling(2, 0, false, 5, false);

	(void)state;
	assert_int_equal(engine_deploy_max_unavailable(&d), 2);
	d.replicas = 0;
	assert_int_equal(engine_deploy_max_unavailable(&d), 0);
}

static void recreate_has_no_budgets_and_takes_every_replica(void **state)
{
	struct deployment d = rolling(3, 1, false, 1, false);

	(void)state;
	d.strategy = DEPLOY_RECREATE;
	assert_int_equal(engine_deploy_max_surge(&d), 0);
	assert_int_equal(engine_deploy_max_unavailable(&d), 0);
	/* TestNewRSNewReplicas "recreate - to depReplicas" */
	assert_int_equal(engine_deploy_new_rs_replicas(&d, 2, 1), 3);
}

static void new_set_grows_within_the_surge(void **state)
{
	struct deployment d;

	(void)state;
	/* TestNewRSNewReplicas: "can not scale up - to newRSReplicas", "scale up - to depReplicas" */
	d = rolling(1, 1, false, 0, false);
	assert_int_equal(engine_deploy_new_rs_replicas(&d, 10, 5), 5);
	d = rolling(6, 10, false, 0, false);
	assert_int_equal(engine_deploy_new_rs_replicas(&d, 6, 2), 6);
	/* TestDeploymentController_reconcileNewReplicaSet */
	d = rolling(10, 0, false, 1, false);
	assert_int_equal(engine_deploy_new_rs_replicas(&d, 10, 0), 0);
	d = rolling(10, 2, false, 1, false);
	assert_int_equal(engine_deploy_new_rs_replicas(&d, 10, 0), 2);
	assert_int_equal(engine_deploy_new_rs_replicas(&d, 5, 0), 7);
	assert_int_equal(engine_deploy_new_rs_replicas(&d, 12, 2), 2);
}

static void proportional_scaling_shares_by_the_max_replicas_annotation(void **state)
{
	/* TestScale "proportional scaling: 5 -> 10": old 3 and new 2 become 6 and 4 */
	struct deployment d = rolling(10, 0, false, 1, false);

	(void)state;
	assert_int_equal(engine_deploy_proportion(&d, 3, 5, 5, 0), 3);
	assert_int_equal(engine_deploy_proportion(&d, 2, 5, 5, 3), 2);
	/* "proportional scaling: 5 -> 3": old 3 and new 2 become 2 and 1 */
	d.replicas = 3;
	assert_int_equal(engine_deploy_proportion(&d, 3, 5, -2, 0), -1);
	assert_int_equal(engine_deploy_proportion(&d, 2, 5, -2, -1), -1);
	/* scaled to 0: each set loses all it has */
	d.replicas = 0;
	assert_int_equal(engine_deploy_proportion(&d, 4, 5, -6, 0), -4);
}

static void a_zero_max_replicas_annotation_gives_the_set_the_whole_budget(void **state)
{
	struct deployment d = rolling(5, 0, false, 1, false);

	(void)state;
	d.status.replicas = 0;
	assert_int_equal(engine_deploy_proportion(&d, 3, 0, 2, 0), 2);
	assert_int_equal(engine_deploy_proportion(&d, 3, -1, -2, 0), -2);
}

#define NGINX(image, extra)                                                      \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx}\n"       \
	"spec:\n  replicas: 3\n" extra "  selector: {matchLabels: {app: nginx}}\n" \
	"  template:\n    metadata: {labels: {app: nginx}}\n"                    \
	"    spec: {containers: [{name: nginx, image: \"" image "\"}]}\n"

static uint32_t count_sets(struct session *s)
{
	return cluster_count(s->c, KIND_RS);
}

static const struct deployment *deploy(struct session *s)
{
	return get(s, KIND_DEPLOY, "nginx");
}

static void pod_template_hash_is_at_most_ten_safe_characters_and_stable(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));
	char a[11], b[11];

	(void)state;
	engine_deploy_hash(s->c, &deploy(s)->tpl, 0, a);
	engine_deploy_hash(s->c, &deploy(s)->tpl, 0, b);
	assert_string_equal(a, b);
	assert_true(strlen(a) <= 10);
	assert_int_equal(strspn(a, "bcdfghjklmnpqrstvwxz2456789"), strlen(a));
	engine_deploy_hash(s->c, &deploy(s)->tpl, 1, b);
	assert_string_not_equal(a, b);
	close_session(s);
}

static void first_revision_is_one_set_named_by_the_hash_with_its_label(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));
	char hash[11], name[64];
	const struct replicaset *rs;

	(void)state;
	run_to(s, 1 * MIN);
	engine_deploy_hash(s->c, &deploy(s)->tpl, 0, hash);
	snprintf(name, sizeof name, "nginx-%s", hash);
	rs = get(s, KIND_RS, name);
	assert_non_null(rs);
	assert_int_equal(rs->replicas, 3);
	assert_int_equal(rs->meta.owner_kind, KIND_DEPLOY);
	assert_int_equal(deploy(s)->status.available, 3);
	assert_string_equal(deploy(s)->status.progressing_cond.reason, "NewReplicaSetAvailable");
	assert_string_equal(deploy(s)->status.available_cond.reason, "MinimumReplicasAvailable");
	close_session(s);
}

/* Counts the pods in the default namespace; terminating ones too when asked. */
static int32_t nginx_pods(struct session *s, bool terminating)
{
	int32_t n = 0;

	for (uint32_t i = 0; i < cluster_len(s->c, KIND_POD); i++) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		n += p && p->meta.ns == s->c->s.default_ns &&
		     (terminating || p->meta.deleted_ms == TIME_NONE);
	}
	return n;
}

static void rolling_update_keeps_within_max_surge_and_max_unavailable(void **state)
{
	/* 3 replicas, 25%: maxSurge 1 (rounded up), maxUnavailable 0 (rounded down) */
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "set image deployment/nginx nginx=nginx:1.16.1", NULL), 0);
	for (int64_t t = 1 * MIN; t <= 3 * MIN; t += SEC / 2) {
		run_to(s, t);
		assert_true(nginx_pods(s, false) <= 4);
		assert_true(deploy(s)->status.available >= 3);
	}
	assert_int_equal(deploy(s)->status.updated, 3);
	assert_int_equal(count_sets(s), 2);
	assert_string_equal(deploy(s)->status.progressing_cond.reason, "NewReplicaSetAvailable");
	close_session(s);
}

#define POD(image)                                                         \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n"                    \
	"spec: {containers: [{name: nginx, image: \"" image "\"}]}\n"

static void set_image_changes_a_pods_own_container_image(void **state)
{
	struct session *s = open_text(POD("nginx:1.14.2"));
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "set image pod/web nginx=nginx:1.16.1", &out), 0);
	assert_string_equal(out.data, "pod/web image updated\n");
	assert_string_equal(
	    cluster_str(s->c, cluster_spec(s->c, pod(s, "web")->spec)->containers[0].image),
	    "nginx:1.16.1");
	sb_free(&out);
	close_session(s);
}

#define WITH_SA                                                                        \
	"apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx}\n"                  \
	"spec:\n  replicas: 2\n  selector: {matchLabels: {app: nginx}}\n"                    \
	"  template:\n    metadata: {labels: {app: nginx}}\n"                                \
	"    spec:\n      serviceAccountName: web-sa\n"                                      \
	"      containers: [{name: nginx, image: \"nginx:1.16.1\"}]\n"

static void a_set_refused_by_admission_gives_the_deployment_replica_failure(void **state)
{
	struct session *s = open_text(WITH_SA);
	const struct deploy_condition *cond;
	struct strbuf msg, want;
	char hash[11];

	(void)state;
	sb_init(&msg);
	sb_init(&want);
	run_to(s, 1 * MIN);
	cond = &deploy(s)->status.failure_cond;
	assert_int_equal(cond->status, COND_TRUE);
	assert_string_equal(cond->reason, "FailedCreate");
	engine_deploy_hash(s->c, &deploy(s)->tpl, 0, hash);
	sb_printf(&want,
		  "pods \"nginx-%s-\" is forbidden: error looking up service account "
		  "default/web-sa: serviceaccount \"web-sa\" not found",
		  hash);
	assert_string_equal(cluster_str(s->c, cond->rs_name), want.data);
	sb_reset(&msg);
	sb_printf(&msg, "nginx-%s", hash);
	assert_int_equal(count_events(s, "FailedCreate", msg.data), 1);
	assert_int_equal(nginx_pods(s, true), 0);
	/* without the service account the next revision's pods are admitted */
	setenv("KUBE_EDITOR", "sed -i '/serviceAccount/d'", 1);
	assert_int_equal(kubectl(s, "edit deployment nginx", NULL), 0);
	unsetenv("KUBE_EDITOR");
	run_to(s, 3 * MIN);
	assert_int_equal(deploy(s)->status.failure_cond.status, COND_UNSET);
	assert_int_equal(deploy(s)->status.available, 2);
	sb_free(&msg);
	sb_free(&want);
	close_session(s);
}

static void editing_the_image_of_a_deployment_starts_a_rollout(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, 1 * MIN);
	setenv("KUBE_EDITOR", "sed -i 's/image: nginx:1.14.2/image: nginx:1.16.1/'", 1);
	assert_int_equal(kubectl(s, "edit deployment nginx", &out), 0);
	unsetenv("KUBE_EDITOR");
	assert_string_equal(out.data, "deployment.apps/nginx edited\n");
	assert_int_equal(deploy(s)->meta.generation, 2);
	run_to(s, 3 * MIN);
	assert_int_equal(count_sets(s), 2);
	assert_int_equal(deploy(s)->status.updated, 3);
	assert_true(count_events(s, "ScalingReplicaSet", "nginx") >= 2);
	assert_string_equal(
	    cluster_str(s->c, cluster_spec(s->c, deploy(s)->tpl.spec)->containers[0].image),
	    "nginx:1.16.1");
	sb_free(&out);
	close_session(s);
}

static void set_image_on_a_pod_restarts_that_container_with_the_new_image(void **state)
{
	struct session *s = open_text(POD("nginx:1.14.2"));
	struct strbuf msg;

	(void)state;
	sb_init(&msg);
	run_to(s, 1 * MIN);
	assert_int_equal(pod(s, "web")->ctrs[0].restarts, 0);
	assert_int_equal(kubectl(s, "set image pod/web nginx=nginx:1.16.1", NULL), 0);
	run_to(s, 2 * MIN);
	event_message(s, "Killing", "web", &msg);
	assert_string_equal(msg.data, "Container nginx definition changed, will be restarted");
	assert_int_equal(count_events(s, "Pulling", "web"), 2);
	assert_int_equal(count_events(s, "Started", "web"), 2);
	assert_int_equal(pod(s, "web")->ctrs[0].restarts, 1);
	assert_true(running_ready(s, "web"));
	assert_string_equal(cluster_str(s->c, pod(s, "web")->ctrs[0].image), "nginx:1.16.1");
	sb_free(&msg);
	close_session(s);
}

static void set_image_refuses_a_container_name_that_does_not_exist(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));
	struct strbuf out;
	uint32_t gen;

	(void)state;
	sb_init(&out);
	run_to(s, 1 * MIN);
	gen = deploy(s)->meta.generation;
	assert_int_not_equal(kubectl(s, "set image deployment/nginx web=nginx:1.16.1", &out), 0);
	assert_string_equal(out.data, "error: unable to find container named \"web\"\n");
	assert_int_equal(deploy(s)->meta.generation, gen);
	sb_free(&out);
	close_session(s);
}

/* A scale-down deletes the lowest-ranked pods: here the lowest pod-deletion-cost first. */
static void scale_down_deletes_the_pods_of_lowest_deletion_cost(void **state)
{
	struct session *s = open_text(
	    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\n"
	    "spec:\n  replicas: 6\n  selector: {matchLabels: {app: web}}\n"
	    "  template:\n    metadata: {labels: {app: web}}\n"
	    "    spec: {containers: [{name: nginx, image: nginx}]}\n");
	char line[200], kept[2][64];
	int nkept = 0, cost = 0;

	(void)state;
	run_to(s, 1 * MIN);
	for (uint32_t i = 0; i < cluster_len(s->c, KIND_POD); i++) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		if (!p || p->meta.ns != s->c->s.default_ns)
			continue;
		/* costs 1..6 in table order; the two of cost 5 and 6 must stay */
		cost++;
		snprintf(line, sizeof line,
			 "annotate pod %s controller.kubernetes.io/pod-deletion-cost=%d",
			 cluster_str(s->c, p->meta.name), cost);
		if (cost >= 5)
			snprintf(kept[cost - 5], sizeof kept[0], "%s", cluster_str(s->c, p->meta.name));
		assert_int_equal(kubectl(s, line, NULL), 0);
	}
	assert_int_equal(cost, 6);
	assert_int_equal(kubectl(s, "scale rs web --replicas=2", NULL), 0);
	run_to(s, 2 * MIN);
	for (uint32_t i = 0; i < cluster_len(s->c, KIND_POD); i++) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		if (p && p->meta.ns == s->c->s.default_ns && p->meta.deleted_ms == TIME_NONE) {
			const char *name = cluster_str(s->c, p->meta.name);
			assert_true(strcmp(name, kept[0]) == 0 || strcmp(name, kept[1]) == 0);
			nkept++;
		}
	}
	assert_int_equal(nkept, 2);
	close_session(s);
}

static void recreate_starts_the_new_set_only_when_the_old_pods_are_gone(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", "  strategy: {type: Recreate}\n"));
	bool overlap = false;

	(void)state;
	run_to(s, 1 * MIN);
	kubectl(s, "set image deployment/nginx nginx=nginx:1.16.1", NULL);
	for (int64_t t = 1 * MIN; t <= 3 * MIN; t += SEC / 2) {
		run_to(s, t);
		overlap |= nginx_pods(s, true) > 3;
	}
	assert_false(overlap);
	assert_int_equal(deploy(s)->status.updated, 3);
	close_session(s);
}

static void paused_deployment_takes_changes_without_a_new_set(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", "  paused: true\n"));

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(count_sets(s), 0);
	assert_string_equal(deploy(s)->status.progressing_cond.reason, "DeploymentPaused");
	close_session(s);
}

static void deleting_a_deployment_deletes_its_sets_unless_orphaned(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "delete deployment nginx --cascade=orphan", NULL), 0);
	run_to(s, 2 * MIN);
	assert_int_equal(count_sets(s), 1);
	close_session(s);
	s = open_text(NGINX("nginx:1.14.2", ""));
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "delete deployment nginx", NULL), 0);
	run_to(s, 2 * MIN);
	assert_int_equal(count_sets(s), 0);
	close_session(s);
}


static void a_finished_rollout_leaves_at_most_one_deadline_timer(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "set image deployment/nginx nginx=nginx:1.16.1", NULL), 0);
	run_to(s, 3 * MIN);
	assert_string_equal(deploy(s)->status.progressing_cond.reason, "NewReplicaSetAvailable");
	engine_stats_reset(s->e);
	run_to(s, 20 * MIN);
	assert_true(engine_stats(s->e)->timers_fired <= 1);
	close_session(s);
}

static void a_sync_that_changes_nothing_keeps_the_resource_version(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", ""));
	char hash[11], line[96];
	uint64_t rv;

	(void)state;
	run_to(s, 1 * MIN);
	rv = deploy(s)->meta.rv;
	engine_deploy_hash(s->c, &deploy(s)->tpl, 0, hash);
	/* a label on its set wakes the Deployment, which has nothing to write */
	snprintf(line, sizeof line, "label rs nginx-%s team=web", hash);
	assert_int_equal(kubectl(s, line, NULL), 0);
	run_to(s, 2 * MIN);
	assert_int_equal(deploy(s)->meta.rv, rv);
	close_session(s);
}

static void a_deployment_with_more_than_64_sets_rolls_back_to_its_first(void **state)
{
	struct session *s = open_text(NGINX("nginx:1.14.2", "  revisionHistoryLimit: 100\n"));
	int64_t t = 1 * MIN;
	char hash[11], name[64];
	const struct replicaset *first;

	(void)state;
	run_to(s, t);
	engine_deploy_hash(s->c, &deploy(s)->tpl, 0, hash);
	snprintf(name, sizeof name, "nginx-%s", hash);
	for (int i = 0; i < 70; i++) {
		assert_int_equal(kubectl(s, "rollout restart deployment/nginx", NULL), 0);
		run_to(s, t += MIN);
		assert_string_equal(deploy(s)->status.progressing_cond.reason,
				    "NewReplicaSetAvailable");
	}
	assert_int_equal(kubectl(s, "rollout undo deployment/nginx --to-revision=1", NULL), 0);
	run_to(s, t += MIN);
	first = get(s, KIND_RS, name);
	assert_non_null(first);
	assert_int_equal(first->replicas, 3);
	assert_int_equal(count_sets(s), 71);
	assert_int_equal(deploy(s)->status.updated, 3);
	assert_int_equal(deploy(s)->status.replicas, 3);
	assert_int_equal(nginx_pods(s, false), 3);
	close_session(s);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(surge_rounds_up_and_unavailable_rounds_down),
	cmocka_unit_test(both_budgets_zero_after_rounding_make_one_unavailable),
	cmocka_unit_test(unavailable_never_exceeds_the_replicas),
	cmocka_unit_test(recreate_has_no_budgets_and_takes_every_replica),
	cmocka_unit_test(new_set_grows_within_the_surge),
	cmocka_unit_test(proportional_scaling_shares_by_the_max_replicas_annotation),
	cmocka_unit_test(pod_template_hash_is_at_most_ten_safe_characters_and_stable),
	cmocka_unit_test(first_revision_is_one_set_named_by_the_hash_with_its_label),
	cmocka_unit_test(rolling_update_keeps_within_max_surge_and_max_unavailable),
	cmocka_unit_test(a_zero_max_replicas_annotation_gives_the_set_the_whole_budget),
	cmocka_unit_test(set_image_changes_a_pods_own_container_image),
	cmocka_unit_test(editing_the_image_of_a_deployment_starts_a_rollout),
	cmocka_unit_test(a_set_refused_by_admission_gives_the_deployment_replica_failure),
	cmocka_unit_test(set_image_on_a_pod_restarts_that_container_with_the_new_image),
	cmocka_unit_test(set_image_refuses_a_container_name_that_does_not_exist),
	cmocka_unit_test(scale_down_deletes_the_pods_of_lowest_deletion_cost),
	cmocka_unit_test(recreate_starts_the_new_set_only_when_the_old_pods_are_gone),
	cmocka_unit_test(paused_deployment_takes_changes_without_a_new_set),
	cmocka_unit_test(deleting_a_deployment_deletes_its_sets_unless_orphaned),
	cmocka_unit_test(a_finished_rollout_leaves_at_most_one_deadline_timer),
	cmocka_unit_test(a_sync_that_changes_nothing_keeps_the_resource_version),
	cmocka_unit_test(a_deployment_with_more_than_64_sets_rolls_back_to_its_first),
};

int main(void)
{
	return cmocka_run_group_tests(tests, NULL, NULL);
}
