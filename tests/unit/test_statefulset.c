/* The StatefulSet controller: identities, ordering, claims, updates, on the lab cluster. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "session_fixture.h"

/* The course's set: a headless Service and three nginx pods with a claim each. */
#define WEB(extra_spec)                                                          \
	"apiVersion: v1\nkind: Service\nmetadata: {name: nginx}\n"               \
	"spec: {clusterIP: None, selector: {app: nginx}, ports: [{port: 80}]}\n" \
	"---\n"                                                                  \
	"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\n"        \
	"spec:\n  replicas: 3\n  serviceName: nginx\n" extra_spec                \
	"  selector: {matchLabels: {app: nginx}}\n"                              \
	"  template:\n    metadata: {labels: {app: nginx}}\n"                    \
	"    spec: {containers: [{name: nginx, image: nginx}]}\n"                \
	"  volumeClaimTemplates:\n  - metadata: {name: www}\n"                   \
	"    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n"

static const struct statefulset *sts(struct session *s)
{
	return get(s, KIND_STS, "web");
}

static const char *label(struct session *s, const struct pod *p, const char *key)
{
	uint32_t v = labels_value(s->c->labels, p->meta.labels, cluster_intern(s->c, key));

	return v == NONE32 ? NULL : cluster_str(s->c, v);
}

static void pods_are_named_by_ordinal_from_ordinals_start(void **state)
{
	struct session *s = open_text(
	    WEB("  podManagementPolicy: Parallel\n  ordinals: {start: 5}\n"));

	(void)state;
	run_to(s, 1 * MIN);
	assert_true(running_ready(s, "web-5") && running_ready(s, "web-6") &&
		    running_ready(s, "web-7"));
	assert_null(pod(s, "web-0"));
	assert_int_equal(pod(s, "web-6")->ordinal, 6);
	close_session(s);
}

static void each_pod_carries_its_identity_labels_hostname_subdomain_and_claim(void **state)
{
	struct session *s = open_text(WEB(""));
	const struct pod *p;
	const struct podspec *spec;

	(void)state;
	run_to(s, 1 * MIN);
	p = pod(s, "web-1");
	spec = cluster_spec(s->c, p->spec);
	assert_string_equal(label(s, p, "statefulset.kubernetes.io/pod-name"), "web-1");
	assert_string_equal(label(s, p, "apps.kubernetes.io/pod-index"), "1");
	assert_non_null(label(s, p, "controller-revision-hash"));
	assert_memory_equal(label(s, p, "controller-revision-hash"), "web-", 4);
	assert_string_equal(cluster_str(s->c, spec->hostname), "web-1");
	assert_string_equal(cluster_str(s->c, spec->subdomain), "nginx");
	assert_int_equal(spec->nvolumes, 1);
	assert_string_equal(cluster_str(s->c, spec->volumes[0].name), "www");
	assert_string_equal(cluster_str(s->c, volume_claim(&spec->volumes[0])), "www-web-1");
	close_session(s);
}

static void ordered_ready_creates_a_pod_only_when_the_one_before_is_running_and_ready(void **state)
{
	struct session *s = open_text(WEB(""));

	(void)state;
	run_to(s, 1 * SEC);
	assert_non_null(pod(s, "web-0"));
	assert_false(running_ready(s, "web-0"));
	assert_null(pod(s, "web-1"));
	for (int64_t t = 1 * SEC; t < 1 * MIN; t += 100) {
		run_to(s, t);
		/* Whenever web-1 exists, web-0 is Running and Ready; likewise web-2 and web-1. */
		if (pod(s, "web-1"))
			assert_true(running_ready(s, "web-0"));
		if (pod(s, "web-2"))
			assert_true(running_ready(s, "web-1"));
	}
	assert_true(running_ready(s, "web-2"));
	close_session(s);
}

static void parallel_creates_every_pod_at_once(void **state)
{
	struct session *s = open_text(WEB("  podManagementPolicy: Parallel\n"));

	(void)state;
	assert_non_null(pod(s, "web-0"));
	assert_non_null(pod(s, "web-1"));
	assert_non_null(pod(s, "web-2"));
	close_session(s);
}

static void claims_are_created_before_their_pods_with_the_selector_labels(void **state)
{
	struct session *s = open_text(WEB(""));
	const struct pvc *c;
	struct strbuf msg;

	(void)state;
	c = get(s, KIND_PVC, "www-web-0");
	assert_non_null(c);
	assert_true(c->meta.created_ms <= pod(s, "web-0")->meta.created_ms);
	assert_true(c->meta.uid < pod(s, "web-0")->meta.uid);
	assert_int_equal(labels_value(s->c->labels, c->meta.labels, cluster_intern(s->c, "app")),
			 cluster_intern(s->c, "nginx"));
	sb_init(&msg);
	event_message(s, "SuccessfulCreate", "web", &msg);
	assert_string_equal(msg.data, "create Pod web-0 in StatefulSet web successful");
	sb_free(&msg);
	close_session(s);
}

static void scale_down_removes_the_highest_ordinal_first_one_at_a_time(void **state)
{
	struct session *s = open_text(WEB(""));
	struct strbuf msg;

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "scale sts web --replicas=1", NULL), 0);
	/* web-2 goes first; web-1 waits until web-2 is gone. */
	assert_true(pod(s, "web-2")->meta.deleted_ms != TIME_NONE);
	assert_true(running_ready(s, "web-1"));
	sb_init(&msg);
	event_message(s, "SuccessfulDelete", "web", &msg);
	assert_string_equal(msg.data, "delete Pod web-2 in StatefulSet web successful");
	sb_free(&msg);
	run_to(s, 2 * MIN);
	assert_null(pod(s, "web-2"));
	assert_null(pod(s, "web-1"));
	assert_true(running_ready(s, "web-0"));
	close_session(s);
}

static void scale_down_keeps_the_claims_by_default(void **state)
{
	struct session *s = open_text(WEB(""));

	(void)state;
	run_to(s, 1 * MIN);
	kubectl(s, "scale sts web --replicas=1", NULL);
	run_to(s, 2 * MIN);
	assert_non_null(get(s, KIND_PVC, "www-web-1"));
	assert_non_null(get(s, KIND_PVC, "www-web-2"));
	close_session(s);
}

static void scaled_away_claims_go_with_retention_policy_when_scaled_delete(void **state)
{
	struct session *s = open_text(
	    WEB("  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n"));

	(void)state;
	run_to(s, 1 * MIN);
	kubectl(s, "scale sts web --replicas=2", NULL);
	run_to(s, 2 * MIN);
	assert_null(get(s, KIND_PVC, "www-web-2"));
	assert_non_null(get(s, KIND_PVC, "www-web-1"));
	close_session(s);
}

static void claims_outlive_the_set_unless_retention_policy_when_deleted_delete(void **state)
{
	struct session *keep = open_text(WEB("")),
		       *drop = open_text(
			   WEB("  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete}\n"));

	(void)state;
	run_to(keep, 1 * MIN);
	run_to(drop, 1 * MIN);
	kubectl(keep, "delete sts web", NULL);
	kubectl(drop, "delete sts web", NULL);
	run_to(keep, 2 * MIN);
	run_to(drop, 2 * MIN);
	assert_null(pod(keep, "web-0"));
	assert_non_null(get(keep, KIND_PVC, "www-web-0"));
	assert_null(get(drop, KIND_PVC, "www-web-0"));
	close_session(keep);
	close_session(drop);
}

static void a_deleted_pod_comes_back_with_the_same_name_and_claim(void **state)
{
	struct session *s = open_text(WEB(""));
	uint32_t uid;

	(void)state;
	run_to(s, 1 * MIN);
	uid = pod(s, "web-1")->meta.uid;
	assert_int_equal(kubectl(s, "delete pod web-1", NULL), 0);
	run_to(s, 2 * MIN);
	assert_true(running_ready(s, "web-1"));
	assert_int_not_equal(pod(s, "web-1")->meta.uid, uid);
	assert_string_equal(
	    cluster_str(s->c, volume_claim(&cluster_spec(s->c, pod(s, "web-1")->spec)->volumes[0])),
	    "www-web-1");
	assert_int_equal(((const struct pvc *)get(s, KIND_PVC, "www-web-1"))->phase, VOL_BOUND);
	close_session(s);
}

static void a_failed_pod_is_deleted_and_made_again_under_its_name(void **state)
{
	struct session *s = open_text(WEB(""));
	uint32_t idx, uid;
	struct pod *p;

	(void)state;
	run_to(s, 1 * MIN);
	idx = find(s, KIND_POD, "web-0");
	p = cluster_get(s->c, KIND_POD, idx);
	uid = p->meta.uid;
	p->phase = PHASE_FAILED; /* as an eviction by the kubelet would leave it */
	cluster_changed(s->c, KIND_POD, idx, CHANGE_UPDATED);
	engine_settle(s->e);
	assert_non_null(pod(s, "web-0"));
	assert_int_not_equal(pod(s, "web-0")->meta.uid, uid);
	close_session(s);
}

static void a_pod_on_a_lost_node_is_not_replaced_while_it_is_terminating(void **state)
{
	struct session *s = open_text(WEB(""));
	struct strbuf line;
	const struct node *n;

	(void)state;
	run_to(s, 1 * MIN);
	n = cluster_get(s->c, KIND_NODE, pod(s, "web-1")->node);
	sb_init(&line);
	sb_printf(&line, "fail node %s", cluster_str(s->c, n->meta.name));
	kubectl(s, line.data, NULL);
	sb_free(&line);
	run_to(s, 10 * MIN);
	assert_true(pod(s, "web-1")->meta.deleted_ms != TIME_NONE);
	assert_int_equal(sts(s)->status.ready, 2);
	close_session(s);
}

static void rolling_update_goes_from_the_highest_ordinal_down_to_the_partition(void **state)
{
	struct session *s = open_text(WEB("  updateStrategy: {rollingUpdate: {partition: 1}}\n"));
	uint32_t old_rev;

	(void)state;
	run_to(s, 1 * MIN);
	old_rev = pod(s, "web-0")->revision;
	assert_int_equal(kubectl(s,
				 "patch sts web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":"
				 "[{\"name\":\"nginx\",\"image\":\"nginx:1.27\"}]}}}}'",
				 NULL),
			 0);
	/* web-2 first, alone. */
	assert_true(pod(s, "web-2")->meta.deleted_ms != TIME_NONE);
	assert_true(running_ready(s, "web-1"));
	run_to(s, 3 * MIN);
	assert_int_not_equal(pod(s, "web-2")->revision, old_rev);
	assert_int_not_equal(pod(s, "web-1")->revision, old_rev);
	/* Below the partition the pod keeps the old template, even when made again. */
	assert_int_equal(pod(s, "web-0")->revision, old_rev);
	kubectl(s, "delete pod web-0", NULL);
	run_to(s, 4 * MIN);
	assert_true(running_ready(s, "web-0"));
	assert_int_equal(pod(s, "web-0")->revision, old_rev);
	assert_int_equal(sts(s)->status.updated, 2);
	assert_int_equal(sts(s)->status.current, 1);
	close_session(s);
}

static void on_delete_updates_a_pod_only_when_it_is_deleted(void **state)
{
	struct session *s = open_text(WEB("  updateStrategy: {type: OnDelete}\n"));
	uint32_t old_rev;

	(void)state;
	run_to(s, 1 * MIN);
	old_rev = pod(s, "web-2")->revision;
	kubectl(s,
		"patch sts web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":"
		"[{\"name\":\"nginx\",\"image\":\"nginx:1.27\"}]}}}}'",
		NULL);
	run_to(s, 2 * MIN);
	assert_int_equal(pod(s, "web-2")->revision, old_rev);
	kubectl(s, "delete pod web-2", NULL);
	run_to(s, 3 * MIN);
	assert_int_not_equal(pod(s, "web-2")->revision, old_rev);
	assert_int_equal(pod(s, "web-1")->revision, old_rev);
	close_session(s);
}

static void a_completed_rollout_makes_the_update_revision_current(void **state)
{
	struct session *s = open_text(WEB(""));
	const struct statefulset *set;

	(void)state;
	run_to(s, 1 * MIN);
	set = sts(s);
	assert_int_equal(set->status.current_revision, set->status.update_revision);
	kubectl(s,
		"patch sts web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":"
		"[{\"name\":\"nginx\",\"image\":\"nginx:1.27\"}]}}}}'",
		NULL);
	set = sts(s);
	assert_int_not_equal(set->status.current_revision, set->status.update_revision);
	run_to(s, 3 * MIN);
	set = sts(s);
	assert_int_equal(set->status.current_revision, set->status.update_revision);
	assert_int_equal(set->status.replicas, 3);
	assert_int_equal(set->status.ready, 3);
	assert_int_equal(set->status.updated, 3);
	assert_int_equal(set->status.current, 3);
	assert_int_equal(set->status.available, 3);
	close_session(s);
}

static void orphaned_pods_are_adopted_again_by_a_set_that_selects_them(void **state)
{
	static const char yaml[] = WEB("");
	struct session *s = open_text(yaml);
	char path[] = "/tmp/ksim-sts-XXXXXX";
	int fd = mkstemp(path);
	struct strbuf line;
	uint32_t uid;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, sizeof yaml - 1), (ssize_t)(sizeof yaml - 1));
	close(fd);
	run_to(s, 1 * MIN);
	uid = pod(s, "web-0")->meta.uid;
	kubectl(s, "delete sts web --cascade=orphan", NULL);
	assert_int_equal(pod(s, "web-0")->meta.owner_kind, KIND_NONE);
	/* The orphan keeps the identity the set wrote into its spec. */
	assert_int_equal(cluster_spec(s->c, pod(s, "web-0")->spec)->hostname,
			 pod(s, "web-0")->meta.name);
	sb_init(&line);
	sb_printf(&line, "apply -f %s", path);
	assert_int_equal(kubectl(s, line.data, NULL), 0);
	sb_free(&line);
	unlink(path);
	assert_int_equal(pod(s, "web-0")->meta.owner_kind, KIND_STS);
	assert_int_equal(pod(s, "web-0")->meta.uid, uid);
	assert_int_equal(sts(s)->status.replicas, 3);
	close_session(s);
}

#define PATCH_IMAGE                                                            \
	"patch sts web -p '{\"spec\":{\"template\":{\"spec\":{\"containers\":" \
	"[{\"name\":\"nginx\",\"image\":\"nginx:1.27\"}]}}}}'"

static void rollout_status_of_a_defaulted_strategy_says_partitioned_roll_out_complete(void **state)
{
	struct session *s = open_text(WEB(""));
	struct strbuf out;

	(void)state;
	run_to(s, 1 * MIN);
	sb_init(&out);
	assert_int_equal(kubectl(s, PATCH_IMAGE, NULL), 0);
	/* An unset updateStrategy is defaulted with rollingUpdate.partition 0, and kubectl says so. */
	assert_int_equal(kubectl(s, "rollout status sts/web", &out), 0);
	assert_non_null(strstr(out.data, "Waiting for 1 pods to be ready...\n"));
	/* The watch ends on the line that says it is done. */
	assert_string_equal(strstr(out.data, "\npartitioned roll out complete") + 1,
			    "partitioned roll out complete: 3 new pods have been updated...\n");
	sb_free(&out);
	close_session(s);
}

static void rollout_status_names_the_revision_when_only_the_type_is_written(void **state)
{
	struct session *s = open_text(WEB("  updateStrategy: {type: RollingUpdate}\n"));
	struct strbuf out, want;
	const char *hash;

	(void)state;
	run_to(s, 1 * MIN);
	sb_init(&out);
	sb_init(&want);
	hash = label(s, pod(s, "web-0"), "controller-revision-hash");
	sb_printf(&want, "statefulset rolling update complete 3 pods at revision %s...\n", hash);
	assert_int_equal(kubectl(s, "rollout status sts/web", &out), 0);
	assert_string_equal(out.data, want.data);
	/* Not defaulted: no rollingUpdate in the object, no Partition line in describe. */
	sb_reset(&out);
	kubectl(s, "get sts web -o yaml", &out);
	assert_null(strstr(out.data, "rollingUpdate"));
	sb_reset(&out);
	kubectl(s, "describe sts web", &out);
	assert_null(strstr(out.data, "Partition:"));
	sb_free(&out);
	sb_free(&want);
	close_session(s);
}

static void revision_hashes_use_the_api_servers_alphabet(void **state)
{
	struct session *s = open_text(WEB(""));
	const char *hash;

	(void)state;
	run_to(s, 10 * SEC);
	hash = label(s, pod(s, "web-0"), "controller-revision-hash");
	assert_memory_equal(hash, "web-", 4);
	assert_true(strlen(hash + 4) >= 1 && strlen(hash + 4) <= 8);
	assert_int_equal(strspn(hash + 4, "bcdfghjklmnpqrstvwxz2456789"), strlen(hash + 4));
	close_session(s);
}

static void rollout_status_refuses_on_delete(void **state)
{
	struct session *s = open_text(WEB("  updateStrategy: {type: OnDelete}\n"));
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "rollout status sts/web", &out), 1);
	assert_string_equal(
	    out.data, "error: rollout status is only available for RollingUpdate strategy type\n");
	sb_free(&out);
	close_session(s);
}

static void a_scaled_away_claim_stays_bound_until_its_pod_is_gone(void **state)
{
	struct session *s = open_text(
	    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\n"
	    "spec:\n  replicas: 2\n  serviceName: db\n"
	    "  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n"
	    "  selector: {matchLabels: {app: db}}\n"
	    "  template:\n    metadata: {labels: {app: db}}\n"
	    "    spec: {terminationGracePeriodSeconds: 10, containers: [{name: c, image: busybox, "
	    "command: [sleep, infinity]}]}\n"
	    "  volumeClaimTemplates:\n  - metadata: {name: data}\n"
	    "    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n");
	const struct pvc *claim;

	(void)state;
	run_to(s, 1 * MIN);
	kubectl(s, "scale sts db --replicas=1", NULL);
	run_to(s, 1 * MIN + 5 * SEC);
	/* The claim is owned by the terminating pod: still Bound, not Terminating. */
	assert_true(pod(s, "db-1")->meta.deleted_ms != TIME_NONE);
	claim = get(s, KIND_PVC, "data-db-1");
	assert_non_null(claim);
	assert_int_equal(claim->phase, VOL_BOUND);
	assert_true(claim->meta.deleted_ms == TIME_NONE);
	run_to(s, 1 * MIN + 15 * SEC);
	assert_null(pod(s, "db-1"));
	assert_null(get(s, KIND_PVC, "data-db-1"));
	assert_non_null(get(s, KIND_PVC, "data-db-0"));
	/* Scaled up again, the ordinal gets a new claim. */
	kubectl(s, "scale sts db --replicas=2", NULL);
	run_to(s, 2 * MIN);
	assert_non_null(get(s, KIND_PVC, "data-db-1"));
	assert_int_equal(((const struct pvc *)get(s, KIND_PVC, "data-db-1"))->owner_pod, 0);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pods_are_named_by_ordinal_from_ordinals_start),
		cmocka_unit_test(each_pod_carries_its_identity_labels_hostname_subdomain_and_claim),
		cmocka_unit_test(
		    ordered_ready_creates_a_pod_only_when_the_one_before_is_running_and_ready),
		cmocka_unit_test(parallel_creates_every_pod_at_once),
		cmocka_unit_test(claims_are_created_before_their_pods_with_the_selector_labels),
		cmocka_unit_test(scale_down_removes_the_highest_ordinal_first_one_at_a_time),
		cmocka_unit_test(scale_down_keeps_the_claims_by_default),
		cmocka_unit_test(scaled_away_claims_go_with_retention_policy_when_scaled_delete),
		cmocka_unit_test(claims_outlive_the_set_unless_retention_policy_when_deleted_delete),
		cmocka_unit_test(a_deleted_pod_comes_back_with_the_same_name_and_claim),
		cmocka_unit_test(a_failed_pod_is_deleted_and_made_again_under_its_name),
		cmocka_unit_test(a_pod_on_a_lost_node_is_not_replaced_while_it_is_terminating),
		cmocka_unit_test(rolling_update_goes_from_the_highest_ordinal_down_to_the_partition),
		cmocka_unit_test(on_delete_updates_a_pod_only_when_it_is_deleted),
		cmocka_unit_test(a_completed_rollout_makes_the_update_revision_current),
		cmocka_unit_test(orphaned_pods_are_adopted_again_by_a_set_that_selects_them),
		cmocka_unit_test(
		    rollout_status_of_a_defaulted_strategy_says_partitioned_roll_out_complete),
		cmocka_unit_test(rollout_status_names_the_revision_when_only_the_type_is_written),
		cmocka_unit_test(revision_hashes_use_the_api_servers_alphabet),
		cmocka_unit_test(rollout_status_refuses_on_delete),
		cmocka_unit_test(a_scaled_away_claim_stays_bound_until_its_pod_is_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
