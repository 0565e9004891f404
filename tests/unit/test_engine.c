/* The engine's controllers, driven through a session built from inline manifests. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ksim/session.h"

#define SEC 1000
#define MIN (60 * SEC)

static const char rs_and_pod[] = "apiVersion: apps/v1\n"
				 "kind: ReplicaSet\n"
				 "metadata: {name: rs-1}\n"
				 "spec:\n"
				 "  replicas: 3\n"
				 "  selector: {matchLabels: {app: web}}\n"
				 "  template:\n"
				 "    metadata: {labels: {app: web}}\n"
				 "    spec:\n"
				 "      containers: [{name: nginx, image: nginx}]\n"
				 "---\n"
				 "apiVersion: v1\n"
				 "kind: Pod\n"
				 "metadata: {name: pod-1}\n"
				 "spec:\n"
				 "  containers: [{name: nginx, image: nginx}]\n";

static struct session *open_text(const char *yaml)
{
	struct session *s = test_malloc(sizeof *s);
	struct session_options o;
	struct ksim_error err;

	session_options_default(&o);
	if (session_init_text(s, &o, "test.yaml", yaml, &err) != 0)
		fail_msg("session_init_text: %s", err.msg);
	return s;
}

static void close_session(struct session *s)
{
	session_destroy(s);
	test_free(s);
}

static void run_for(struct session *s, int64_t ms)
{
	engine_run_until(s->e, engine_now(s->e) + ms);
}

static int exec_ok(struct session *s, const char *line)
{
	struct strbuf out, err;
	int rc;

	sb_init(&out);
	sb_init(&err);
	rc = session_exec(s, line, &out, &err);
	sb_free(&out);
	sb_free(&err);
	return rc;
}

static uint32_t find(struct session *s, enum kind kind, const char *name)
{
	uint32_t id = strtab_lookup(s->c->strings, name);

	return id == NONE32 ? NONE32 : cluster_find(s->c, kind, s->c->s.default_ns, id);
}

static uint32_t node_named(struct session *s, const char *name)
{
	uint32_t id = strtab_lookup(s->c->strings, name);

	return cluster_find(s->c, KIND_NODE, 0, id);
}

/* Pods owned by the named ReplicaSet, counted by phase (active ones only when running). */
static int owned_pods(struct session *s, const char *rs, enum pod_phase phase, bool active_only)
{
	const struct meta *o = cluster_meta(s->c, KIND_RS, find(s, KIND_RS, rs));
	int n = 0;

	for (uint32_t i = o ? o->kids : NONE32; i != NONE32;) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		if (p->phase == phase && (!active_only || p->meta.deleted_ms == TIME_NONE))
			n++;
		i = p->meta.sib_next;
	}
	return n;
}

static bool has_event(struct session *s, const char *reason, const char *object)
{
	for (uint32_t i = 0; i < s->c->events.count; i++) {
		const struct event *ev = cluster_event_at(s->c, i);
		if (strcmp(cluster_str(s->c, ev->reason), reason) == 0 &&
		    strcmp(cluster_str(s->c, ev->name), object) == 0)
			return true;
	}
	return false;
}

static void replicaset_runs_its_replicas_one_per_worker(void **state)
{
	struct session *s = open_text(rs_and_pod);
	uint32_t per_node[8] = { 0 };

	(void)state;
	run_for(s, 30 * SEC);
	assert_int_equal(owned_pods(s, "rs-1", PHASE_RUNNING, true), 3);
	const struct meta *o = cluster_meta(s->c, KIND_RS, find(s, KIND_RS, "rs-1"));
	for (uint32_t i = o->kids; i != NONE32;) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		per_node[p->node]++;
		i = p->meta.sib_next;
	}
	/* The tainted control plane (node 0) gets none; the spread puts one on each worker. */
	assert_int_equal(per_node[0], 0);
	assert_int_equal(per_node[1] + per_node[2] + per_node[3], 3);
	assert_true(per_node[1] == 1 && per_node[2] == 1 && per_node[3] == 1);
	close_session(s);
}

static void failed_node_turns_not_ready_after_the_grace_period(void **state)
{
	struct session *s = open_text(rs_and_pod);
	uint32_t n = node_named(s, "k8s-node1");

	(void)state;
	run_for(s, 10 * SEC);
	assert_int_equal(exec_ok(s, "fail node k8s-node1"), 0);
	run_for(s, 39 * SEC);
	assert_int_equal(((struct node *)cluster_get(s->c, KIND_NODE, n))->ready, NODE_READY);
	run_for(s, 1 * SEC);
	assert_int_equal(((struct node *)cluster_get(s->c, KIND_NODE, n))->ready, NODE_UNKNOWN);
	assert_true(has_event(s, "NodeNotReady", "k8s-node1"));
	close_session(s);
}

static void evicted_replicaset_pods_are_replaced_but_the_bare_pod_is_not(void **state)
{
	struct session *s = open_text(rs_and_pod);
	uint32_t bare = find(s, KIND_POD, "pod-1");
	const struct pod *p;
	char cmd[64];

	(void)state;
	run_for(s, 10 * SEC);
	p = cluster_get(s->c, KIND_POD, bare);
	snprintf(cmd, sizeof cmd, "fail node %s",
		 cluster_str(s->c, ((struct node *)cluster_get(s->c, KIND_NODE, p->node))->meta.name));
	exec_ok(s, cmd);
	/* 40 s grace + 300 s toleration: just before, nothing was evicted. */
	run_for(s, 339 * SEC);
	assert_false(has_event(s, "TaintManagerEviction", "pod-1"));
	run_for(s, 2 * SEC);
	assert_true(has_event(s, "TaintManagerEviction", "pod-1"));
	run_for(s, 60 * SEC);
	assert_int_equal(owned_pods(s, "rs-1", PHASE_RUNNING, true), 3);
	/* The bare pod stays Terminating on the dead node; nobody replaces it. */
	p = cluster_get(s->c, KIND_POD, find(s, KIND_POD, "pod-1"));
	assert_non_null(p);
	assert_true(p->meta.deleted_ms != TIME_NONE);
	close_session(s);
}

static const char finishing_pod[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: short}\n"
    "spec:\n  nodeName: k8s-node1\n  restartPolicy: Never\n"
    "  tolerations: [{key: k, operator: Exists, effect: NoExecute, tolerationSeconds: 300}]\n"
    "  containers: [{name: c, image: busybox, command: [sh, -c, \"sleep 20\"]}]\n";

static void a_pod_that_finished_keeps_no_eviction_deadline(void **state)
{
	struct session *s = open_text(finishing_pod);
	uint32_t pod = find(s, KIND_POD, "short");

	(void)state;
	run_for(s, 2 * SEC);
	exec_ok(s, "kubectl taint nodes k8s-node1 k=v:NoExecute");
	run_for(s, 1 * SEC);
	assert_true(((const struct pod *)cluster_get(s->c, KIND_POD, pod))->evict_ms != TIME_NONE);
	run_for(s, 60 * SEC);
	assert_int_equal(((const struct pod *)cluster_get(s->c, KIND_POD, pod))->phase,
			 PHASE_SUCCEEDED);
	assert_int_equal(((const struct pod *)cluster_get(s->c, KIND_POD, pod))->evict_ms,
			 TIME_NONE);
	close_session(s);
}

static void recovered_node_finishes_its_terminating_pods(void **state)
{
	struct session *s = open_text(rs_and_pod);
	char cmd[64];

	(void)state;
	run_for(s, 10 * SEC);
	const struct pod *p = cluster_get(s->c, KIND_POD, find(s, KIND_POD, "pod-1"));
	snprintf(cmd, sizeof cmd, "%s",
		 cluster_str(s->c, ((struct node *)cluster_get(s->c, KIND_NODE, p->node))->meta.name));
	char fail_cmd[96], recover_cmd[96];
	snprintf(fail_cmd, sizeof fail_cmd, "fail node %s", cmd);
	snprintf(recover_cmd, sizeof recover_cmd, "recover node %s", cmd);
	exec_ok(s, fail_cmd);
	run_for(s, 400 * SEC);
	exec_ok(s, recover_cmd);
	run_for(s, 40 * SEC);
	assert_int_equal(find(s, KIND_POD, "pod-1"), NONE32);
	assert_int_equal(((struct node *)cluster_get(s->c, KIND_NODE, node_named(s, cmd)))->ready,
			 NODE_READY);
	close_session(s);
}

static const char crashing_rs[] =
    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: crash}\n"
    "spec:\n  replicas: 1\n  selector: {matchLabels: {app: c}}\n"
    "  template:\n    metadata: {labels: {app: c}}\n    spec:\n"
    "      containers: [{name: c, image: busybox, command: [sh, -c, 'echo hi; sleep 5; exit 1']}]\n";

static void crashing_container_restarts_in_place_with_growing_backoff(void **state)
{
	struct session *s = open_text(crashing_rs);
	const struct meta *o;
	const struct pod *p;
	uint32_t first;

	(void)state;
	run_for(s, 10 * SEC);
	o = cluster_meta(s->c, KIND_RS, find(s, KIND_RS, "crash"));
	first = o->kids;
	run_for(s, 3 * MIN);
	o = cluster_meta(s->c, KIND_RS, find(s, KIND_RS, "crash"));
	assert_int_equal(o->kids, first); /* same pod: restarted, not recreated */
	p = cluster_get(s->c, KIND_POD, first);
	/* Runs 5 s each time; restarts after ~1 s, then 10, 20, 40, 80 s. */
	assert_in_range(p->ctrs[0].restarts, 4, 6);
	assert_int_equal(p->phase, PHASE_RUNNING);
	assert_true(has_event(s, "BackOff", cluster_str(s->c, p->meta.name)));
	close_session(s);
}

static void scale_down_removes_the_newest_pending_pod_first(void **state)
{
	struct session *s = open_text(rs_and_pod);

	(void)state;
	run_for(s, 30 * SEC);
	assert_int_equal(exec_ok(s, "scale rs/rs-1 --replicas=5"), 0);
	/* The two new pods are not Ready yet: those go first. */
	assert_int_equal(exec_ok(s, "scale rs/rs-1 --replicas=3"), 0);
	run_for(s, 60 * SEC);
	assert_int_equal(owned_pods(s, "rs-1", PHASE_RUNNING, true), 3);
	const struct meta *o = cluster_meta(s->c, KIND_RS, find(s, KIND_RS, "rs-1"));
	for (uint32_t i = o->kids; i != NONE32;) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		if (p->meta.deleted_ms == TIME_NONE)
			assert_true(p->meta.created_ms < engine_now(s->e) - 60 * SEC);
		i = p->meta.sib_next;
	}
	close_session(s);
}

static void orphaned_pods_survive_and_are_adopted_by_a_new_replicaset(void **state)
{
	struct session *s = open_text(rs_and_pod);

	(void)state;
	run_for(s, 30 * SEC);
	assert_int_equal(exec_ok(s, "delete rs rs-1 --cascade=orphan"), 0);
	run_for(s, 10 * SEC);
	assert_int_equal(find(s, KIND_RS, "rs-1"), NONE32);
	int running = 0;
	for (uint32_t i = 0; i < cluster_len(s->c, KIND_POD); i++) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		running += p && p->phase == PHASE_RUNNING && p->meta.owner_kind == KIND_NONE;
	}
	assert_int_equal(running, 4); /* three orphans and the bare pod */
	close_session(s);
}

static void unschedulable_pod_reports_why_in_kubectl_words(void **state)
{
	struct session *s = open_text("apiVersion: v1\nkind: Pod\nmetadata: {name: big}\n"
				      "spec:\n  containers:\n  - name: c\n    image: nginx\n"
				      "    resources: {requests: {cpu: \"64\"}}\n");
	struct strbuf msg;

	(void)state;
	run_for(s, 5 * SEC);
	sb_init(&msg);
	for (uint32_t i = 0; i < s->c->events.count; i++) {
		const struct event *ev = cluster_event_at(s->c, i);
		if (strcmp(cluster_str(s->c, ev->reason), "FailedScheduling") == 0)
			event_text_render(s->c, &ev->msg, &msg);
	}
	assert_string_equal(
	    msg.data, "0/4 nodes are available: 3 Insufficient cpu, 1 node(s) had untolerated taint "
		      "{node-role.kubernetes.io/master: }. preemption: 0/4 nodes are available: "
		      "1 Preemption is not helpful for scheduling, 3 No preemption victims found "
		      "for incoming pod.");
	sb_free(&msg);
	close_session(s);
}

static void same_seed_gives_the_same_run(void **state)
{
	struct session *a = open_text(rs_and_pod), *b = open_text(rs_and_pod);
	struct strbuf la, lb;

	(void)state;
	run_for(a, 2 * MIN);
	run_for(b, 2 * MIN);
	sb_init(&la);
	sb_init(&lb);
	for (uint32_t i = 0; i < a->c->events.count; i++)
		session_event_line(a, i, true, &la);
	for (uint32_t i = 0; i < b->c->events.count; i++)
		session_event_line(b, i, true, &lb);
	assert_true(la.len > 0);
	assert_string_equal(la.data, lb.data);
	sb_free(&la);
	sb_free(&lb);
	close_session(a);
	close_session(b);
}

/* Revisions are listed by reading the whole ControllerRevision table: not on a sync where none changed. */
static void a_daemonset_sync_reads_no_revisions_while_none_changed(void **state)
{
	struct strbuf yaml;
	struct session *s;
	const struct meta *o;
	char cmd[96];

	(void)state;
	sb_init(&yaml);
	for (int i = 0; i < 200; i++)
		sb_printf(&yaml,
			  "---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds-%d}\n"
			  "spec:\n  selector: {matchLabels: {app: ds-%d}}\n  template:\n"
			  "    metadata: {labels: {app: ds-%d}}\n"
			  "    spec: {containers: [{name: c, image: nginx}]}\n",
			  i, i, i);
	s = open_text(yaml.data);
	run_for(s, 30 * SEC);
	o = cluster_meta(s->c, KIND_DS, find(s, KIND_DS, "ds-0"));
	snprintf(cmd, sizeof cmd, "delete pod %s",
		 cluster_str(s->c, ((struct pod *)cluster_get(s->c, KIND_POD, o->kids))->meta.name));
	engine_stats_reset(s->e);
	exec_ok(s, cmd);
	run_for(s, 10 * SEC);
	/*
	 * About 1,100: the syncs that follow, with one reading of the 200
	 * revisions (ds-0's first since the others made theirs); about 2,900
	 * when each of ds-0's syncs read them twice (record, prune).
	 */
	assert_in_range(engine_stats(s->e)->touched, 3, 1500);
	sb_free(&yaml);
	close_session(s);
}

static const char two_sets[] =
    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs-1}\n"
    "spec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n"
    "---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: big}\n"
    "spec:\n  replicas: 60\n  selector: {matchLabels: {app: big}}\n"
    "  template:\n    metadata: {labels: {app: big}}\n    spec: {containers: [{name: c, image: nginx}]}\n";

static void deleting_one_pod_touches_only_its_replicaset(void **state)
{
	struct session *s = open_text(two_sets);
	const struct meta *o;
	char cmd[96];

	(void)state;
	run_for(s, 30 * SEC);
	o = cluster_meta(s->c, KIND_RS, find(s, KIND_RS, "rs-1"));
	snprintf(cmd, sizeof cmd, "delete pod %s",
		 cluster_str(s->c, ((struct pod *)cluster_get(s->c, KIND_POD, o->kids))->meta.name));
	engine_stats_reset(s->e);
	exec_ok(s, cmd);
	/* Its RS and that RS's pods, the new pod, the kubelet: never the other set's 60 pods. */
	assert_in_range(engine_stats(s->e)->touched, 3, 30);
	run_for(s, 30 * SEC);
	assert_int_equal(owned_pods(s, "rs-1", PHASE_RUNNING, true), 3);
	close_session(s);
}

/* Three nodes of four pods each: a set of more than 12 keeps some pods Pending. */
static const char one_set[] =
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nstatus: {capacity: {pods: \"4\"}}\n---\n"
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-2}\nstatus: {capacity: {pods: \"4\"}}\n---\n"
    "apiVersion: v1\nkind: Node\nmetadata: {name: node-3}\nstatus: {capacity: {pods: \"4\"}}\n---\n"
    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs-1}\n"
    "spec:\n  replicas: 5\n  selector: {matchLabels: {app: web}}\n"
    "  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n";

/* The set's SuccessfulDelete events, in order. */
static void deleted_pods(struct session *s, struct strbuf *out)
{
	for (uint32_t i = 0; i < s->c->events.count; i++) {
		const struct event *ev = cluster_event_at(s->c, i);
		if (strcmp(cluster_str(s->c, ev->reason), "SuccessfulDelete") == 0)
			session_event_line(s, i, true, out);
	}
}

/* Annotates one active pod of rs-1: not rank-relevant, but it makes the set rank afresh. */
static void touch_a_pod(struct session *s, int n)
{
	const struct meta *o = cluster_meta(s->c, KIND_RS, find(s, KIND_RS, "rs-1"));
	char cmd[128];

	for (uint32_t i = o->kids; i != NONE32;) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		if (p->meta.deleted_ms == TIME_NONE) {
			snprintf(cmd, sizeof cmd, "annotate pod %s touched-%d=yes",
				 cluster_str(s->c, p->meta.name), n);
			assert_int_equal(exec_ok(s, cmd), 0);
			return;
		}
		i = p->meta.sib_next;
	}
}

/*
 * Pods of different ages, readiness and nodes, scaled down step by step:
 * the set reusing its ranking between steps deletes the pods a set ranking
 * afresh at every step deletes.
 */
static void scale_down_steps_delete_the_same_pods_with_or_without_the_kept_ranking(void **state)
{
	static const char *const steps[] = {
		"scale rs/rs-1 --replicas=9",  "scale rs/rs-1 --replicas=18",
		"scale rs/rs-1 --replicas=15", "scale rs/rs-1 --replicas=13",
		"scale rs/rs-1 --replicas=10", "scale rs/rs-1 --replicas=7",
		"scale rs/rs-1 --replicas=4",  "scale rs/rs-1 --replicas=2",
	};
	struct session *kept = open_text(one_set), *fresh = open_text(one_set);
	struct strbuf a, b;

	(void)state;
	run_for(kept, 20 * SEC);
	run_for(fresh, 20 * SEC);
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		if (i > 1)
			touch_a_pod(fresh, (int)i);
		if (*steps[i]) {
			assert_int_equal(exec_ok(kept, steps[i]), 0);
			assert_int_equal(exec_ok(fresh, steps[i]), 0);
		}
		run_for(kept, i < 2 ? 20 * SEC : 1700);
		run_for(fresh, i < 2 ? 20 * SEC : 1700);
	}
	sb_init(&a);
	sb_init(&b);
	deleted_pods(kept, &a);
	deleted_pods(fresh, &b);
	assert_int_equal(owned_pods(kept, "rs-1", PHASE_RUNNING, true), 2);
	assert_true(a.len > 0);
	assert_string_equal(a.data, b.data);
	sb_free(&a);
	sb_free(&b);
	close_session(kept);
	close_session(fresh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replicaset_runs_its_replicas_one_per_worker),
		cmocka_unit_test(failed_node_turns_not_ready_after_the_grace_period),
		cmocka_unit_test(evicted_replicaset_pods_are_replaced_but_the_bare_pod_is_not),
		cmocka_unit_test(a_pod_that_finished_keeps_no_eviction_deadline),
	cmocka_unit_test(recovered_node_finishes_its_terminating_pods),
		cmocka_unit_test(crashing_container_restarts_in_place_with_growing_backoff),
		cmocka_unit_test(scale_down_removes_the_newest_pending_pod_first),
		cmocka_unit_test(orphaned_pods_survive_and_are_adopted_by_a_new_replicaset),
		cmocka_unit_test(unschedulable_pod_reports_why_in_kubectl_words),
		cmocka_unit_test(same_seed_gives_the_same_run),
		cmocka_unit_test(deleting_one_pod_touches_only_its_replicaset),
		cmocka_unit_test(a_daemonset_sync_reads_no_revisions_while_none_changed),
		cmocka_unit_test(scale_down_steps_delete_the_same_pods_with_or_without_the_kept_ranking),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
