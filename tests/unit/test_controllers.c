/* DaemonSet, Job and CronJob controllers, driven through sessions built from inline manifests. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/session.h"

#define SEC 1000LL
#define MIN (60 * SEC)

/* --- fixtures --- */

static struct session *open_at(const char *yaml, const char *start)
{
	struct session *s = test_malloc(sizeof *s);
	struct session_options o;
	struct ksim_error err;

	session_options_default(&o);
	if (start)
		assert_int_equal(time_parse_rfc3339(start, &o.start_ms), 0);
	if (session_init_text(s, &o, "test.yaml", yaml, &err) != 0)
		fail_msg("session_init_text: %s", err.msg);
	return s;
}

static struct session *open_text(const char *yaml)
{
	return open_at(yaml, NULL);
}

static void close_session(struct session *s)
{
	session_destroy(s);
	test_free(s);
}

static void run_to(struct session *s, int64_t ms_from_start, int64_t start)
{
	engine_run_until(s->e, start + ms_from_start);
}

static int exec(struct session *s, const char *line)
{
	struct strbuf out, err;
	int rc;

	sb_init(&out);
	sb_init(&err);
	rc = session_exec(s, line, &out, &err);
	if (rc)
		print_message("%s: %s", line, err.data);
	sb_free(&out);
	sb_free(&err);
	return rc;
}

static uint32_t find(struct session *s, enum kind kind, const char *name)
{
	uint32_t id = strtab_lookup(s->c->strings, name);

	return id == NONE32
		   ? NONE32
		   : cluster_find(s->c, kind, kind == KIND_NODE ? 0 : s->c->s.default_ns, id);
}

/* Live pods owned by (kind, name), optionally only those on node (NULL: any) and active. */
static int pods_of(struct session *s, enum kind kind, const char *name, const char *node)
{
	const struct meta *o = cluster_meta(s->c, kind, find(s, kind, name));
	int n = 0;

	for (uint32_t i = o ? o->kids : NONE32; i != NONE32;) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		const struct node *nd = p->node != NONE32 ? cluster_get(s->c, KIND_NODE, p->node)
							  : NULL;
		bool active = p->meta.deleted_ms == TIME_NONE && p->phase != PHASE_SUCCEEDED &&
			      p->phase != PHASE_FAILED;
		if (active && (!node || (nd && strcmp(cluster_str(s->c, nd->meta.name), node) == 0)))
			n++;
		i = p->meta.sib_next;
	}
	return n;
}

static int events(struct session *s, const char *reason, const char *object)
{
	int n = 0;

	for (uint32_t i = 0; i < s->c->events.count; i++) {
		const struct event *ev = cluster_event_at(s->c, i);
		n += strcmp(cluster_str(s->c, ev->reason), reason) == 0 &&
		     (!object || strcmp(cluster_str(s->c, ev->name), object) == 0);
	}
	return n;
}

static const struct job *job(struct session *s, const char *name)
{
	uint32_t i = find(s, KIND_JOB, name);

	return i == NONE32 ? NULL : cluster_get(s->c, KIND_JOB, i);
}

/* --- DaemonSet --- */

static const char ds_yaml[] = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
			      "spec:\n  selector: {matchLabels: {app: d}}\n"
			      "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
			      "      containers:\n      - name: c\n        image: fluentd\n"
			      "        ports: [{containerPort: 8080, hostPort: 18080}]\n";

static void daemonset_runs_one_pod_on_each_worker_but_not_the_tainted_master(void **state)
{
	struct session *s = open_text(ds_yaml);
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 30 * SEC, t0);
	assert_int_equal(pods_of(s, KIND_DS, "ds", NULL), 3);
	assert_int_equal(pods_of(s, KIND_DS, "ds", "k8s-master"), 0);
	for (int i = 1; i <= 3; i++) {
		char node[32];
		snprintf(node, sizeof node, "k8s-node%d", i);
		assert_int_equal(pods_of(s, KIND_DS, "ds", node), 1);
	}
	close_session(s);
}

/* Live ControllerRevisions in the default namespace, owned or not. */
static uint32_t revisions_in_default(struct session *s, bool *owned)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < cluster_len(s->c, KIND_CR); i++) {
		const struct controller_revision *r = cluster_get(s->c, KIND_CR, i);
		if (r && r->meta.ns == s->c->s.default_ns) {
			n++;
			*owned = cluster_owner(s->c, &r->meta) != NULL;
		}
	}
	return n;
}

static void a_daemonsets_controller_revisions_are_deleted_with_it(void **state)
{
	struct session *s = open_text(ds_yaml);
	int64_t t0 = engine_now(s->e);
	bool owned = false;
	uint32_t n, *v;

	(void)state;
	run_to(s, 30 * SEC, t0);
	v = cluster_revisions(s->c, KIND_DS, find(s, KIND_DS, "ds"), &n);
	free(v);
	assert_int_equal(n, 1);
	assert_int_equal(revisions_in_default(s, &owned), 1);
	assert_true(owned);
	assert_int_equal(exec(s, "delete ds ds"), 0);
	run_to(s, 31 * SEC, t0);
	assert_int_equal(revisions_in_default(s, &owned), 0);
	close_session(s);
}

/* A template run before, among more than 64 revisions kept, takes the next number (constructHistory). */
static void a_rollback_past_the_sixty_fourth_revision_renumbers_the_old_one(void **state)
{
	struct session *s = open_text("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
				      "spec:\n  revisionHistoryLimit: 100\n"
				      "  selector: {matchLabels: {app: d}}\n"
				      "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
				      "      containers: [{name: c, image: fluentd}]\n");
	int64_t t0 = engine_now(s->e), max = 0;
	bool owned = false;
	char cmd[64];
	uint32_t *v, n;

	(void)state;
	for (int i = 1; i <= 70; i++) {
		snprintf(cmd, sizeof cmd, "set image ds/ds c=fluentd:%d", i);
		assert_int_equal(exec(s, cmd), 0);
		run_to(s, i * SEC, t0);
	}
	assert_int_equal(exec(s, "set image ds/ds c=fluentd:66"), 0);
	run_to(s, 80 * SEC, t0);
	assert_int_equal(revisions_in_default(s, &owned), 71);
	v = cluster_revisions(s->c, KIND_DS, find(s, KIND_DS, "ds"), &n);
	for (uint32_t i = 0; i < n; i++) {
		const struct controller_revision *r = cluster_get(s->c, KIND_CR, v[i]);
		if (r->revision <= max)
			max = -1; /* out of order or numbered twice */
		if (max >= 0)
			max = r->revision;
	}
	free(v);
	assert_int_equal(n, 71);
	assert_int_equal(max, 72);
	close_session(s);
}

static void an_orphaned_daemonsets_controller_revisions_stay_without_an_owner(void **state)
{
	struct session *s = open_text(ds_yaml);
	int64_t t0 = engine_now(s->e);
	bool owned = true;

	(void)state;
	run_to(s, 30 * SEC, t0);
	assert_int_equal(exec(s, "delete ds ds --cascade=orphan"), 0);
	run_to(s, 31 * SEC, t0);
	assert_int_equal(revisions_in_default(s, &owned), 1);
	assert_false(owned);
	close_session(s);
}

static void master_toleration_puts_a_daemon_pod_on_the_control_plane(void **state)
{
	struct session *s = open_text(
	    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
	    "spec:\n  selector: {matchLabels: {app: d}}\n"
	    "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
	    "      tolerations: [{key: node-role.kubernetes.io/master, effect: NoSchedule}]\n"
	    "      containers: [{name: c, image: busybox, args: [tail, -f, /dev/null]}]\n");

	(void)state;
	run_to(s, 30 * SEC, engine_now(s->e));
	assert_int_equal(pods_of(s, KIND_DS, "ds", "k8s-master"), 1);
	assert_int_equal(pods_of(s, KIND_DS, "ds", NULL), 4);
	close_session(s);
}

/* v1helper.AddOrUpdateTolerationInPodSpec matches on key, operator, value and effect. */
static void a_daemon_toleration_the_spec_already_has_with_seconds_is_not_added_again(void **state)
{
	struct session *s = open_text(
	    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
	    "spec:\n  selector: {matchLabels: {app: d}}\n"
	    "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
	    "      tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists,"
	    " effect: NoExecute, tolerationSeconds: 30}]\n"
	    "      containers: [{name: c, image: busybox, args: [tail, -f, /dev/null]}]\n");
	struct toleration added[CLUSTER_NADDED_TOLERATIONS];
	const struct pod *p = NULL;

	(void)state;
	run_to(s, 30 * SEC, engine_now(s->e));
	for (uint32_t i = 0; i < cluster_len(s->c, KIND_POD) && !p; i++) {
		p = cluster_get(s->c, KIND_POD, i);
		if (p && p->meta.ns != s->c->s.default_ns)
			p = NULL; /* the lab's kube-system pods */
	}
	assert_non_null(p);
	assert_int_equal(cluster_pod_added_tolerations(s->c, p, cluster_spec(s->c, p->spec), added),
			 CLUSTER_NADDED_TOLERATIONS - 1);
	close_session(s);
}

static void deleted_daemon_pod_comes_back_on_the_same_node(void **state)
{
	struct session *s = open_text(ds_yaml);
	int64_t t0 = engine_now(s->e);
	const struct meta *o;
	char cmd[96];

	(void)state;
	run_to(s, 30 * SEC, t0);
	o = cluster_meta(s->c, KIND_DS, find(s, KIND_DS, "ds"));
	const struct pod *p = cluster_get(s->c, KIND_POD, o->kids);
	const char *node = cluster_str(
	    s->c, ((struct node *)cluster_get(s->c, KIND_NODE, p->node))->meta.name);
	snprintf(cmd, sizeof cmd, "delete pod %s", cluster_str(s->c, p->meta.name));
	assert_int_equal(exec(s, cmd), 0);
	run_to(s, 60 * SEC, t0);
	assert_int_equal(pods_of(s, KIND_DS, "ds", node), 1);
	assert_int_equal(pods_of(s, KIND_DS, "ds", NULL), 3);
	close_session(s);
}

static void labelling_a_node_adds_a_pod_and_unlabelling_removes_it(void **state)
{
	struct session *s = open_text(
	    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
	    "spec:\n  selector: {matchLabels: {app: d}}\n"
	    "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
	    "      nodeSelector: {os: centos}\n      containers: [{name: c, image: nginx}]\n");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 10 * SEC, t0);
	assert_int_equal(pods_of(s, KIND_DS, "ds", NULL), 0);
	assert_int_equal(exec(s, "label nodes k8s-node2 os=centos"), 0);
	run_to(s, 20 * SEC, t0);
	assert_int_equal(pods_of(s, KIND_DS, "ds", "k8s-node2"), 1);
	assert_int_equal(exec(s, "label nodes k8s-node2 os-"), 0);
	run_to(s, 60 * SEC, t0);
	assert_int_equal(pods_of(s, KIND_DS, "ds", NULL), 0);
	close_session(s);
}

static void a_new_node_gets_a_daemon_pod(void **state)
{
	struct session *s = open_text(ds_yaml);
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 10 * SEC, t0);
	assert_int_equal(exec(s, "add node k8s-node4"), 0);
	run_to(s, 30 * SEC, t0);
	assert_int_equal(pods_of(s, KIND_DS, "ds", "k8s-node4"), 1);
	close_session(s);
}

static bool event_says(struct session *s, const char *reason, const char *object, const char *text)
{
	bool found = false;

	for (uint32_t i = 0; i < s->c->events.count && !found; i++) {
		const struct event *ev = cluster_event_at(s->c, i);
		struct strbuf msg;
		if (strcmp(cluster_str(s->c, ev->reason), reason) ||
		    strcmp(cluster_str(s->c, ev->name), object))
			continue;
		sb_init(&msg);
		event_text_render(s->c, &ev->msg, &msg);
		found = strstr(msg.data, text) != NULL;
		sb_free(&msg);
	}
	return found;
}

static void a_taken_host_port_keeps_another_pod_pending(void **state)
{
	char yaml[2048];
	struct session *s;

	(void)state;
	snprintf(
	    yaml, sizeof yaml,
	    "%s---\napiVersion: v1\nkind: Pod\nmetadata: {name: squatter}\nspec:\n"
	    "  containers:\n  - name: c\n    image: nginx\n    ports: [{containerPort: 80, hostPort: 18080}]\n",
	    ds_yaml);
	s = open_text(yaml);
	run_to(s, 30 * SEC, engine_now(s->e));
	assert_int_equal(pods_of(s, KIND_DS, "ds", NULL), 3);
	assert_int_equal(
	    ((struct pod *)cluster_get(s->c, KIND_POD, find(s, KIND_POD, "squatter")))->node, NONE32);
	assert_true(event_says(s, "FailedScheduling", "squatter",
			       "3 node(s) didn't have free ports for the requested pod ports"));
	close_session(s);
}

static void rolling_update_replaces_pods_one_node_at_a_time(void **state)
{
	struct session *s = open_text(ds_yaml);
	int64_t t0 = engine_now(s->e);
	const struct daemonset *d;

	(void)state;
	run_to(s, 30 * SEC, t0);
	assert_int_equal(exec(s, "rollout restart ds/ds"), 0);
	for (int64_t t = 30 * SEC; t < 3 * MIN; t += 500) {
		run_to(s, t, t0);
		d = cluster_get(s->c, KIND_DS, find(s, KIND_DS, "ds"));
		assert_true(d->status.available >= 2); /* maxUnavailable 1 */
	}
	d = cluster_get(s->c, KIND_DS, find(s, KIND_DS, "ds"));
	assert_int_equal(d->status.updated, 3);
	assert_int_equal(d->status.available, 3);
	assert_int_equal(events(s, "SuccessfulDelete", "ds"), 3);
	close_session(s);
}

static void on_delete_strategy_waits_for_pods_to_be_deleted(void **state)
{
	struct session *s = open_text(
	    "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
	    "spec:\n  updateStrategy: {type: OnDelete}\n  selector: {matchLabels: {app: d}}\n"
	    "  template:\n    metadata: {labels: {app: d}}\n    spec:\n"
	    "      containers: [{name: c, image: nginx}]\n");
	int64_t t0 = engine_now(s->e);
	const struct daemonset *d;

	(void)state;
	run_to(s, 30 * SEC, t0);
	assert_int_equal(exec(s, "rollout restart ds/ds"), 0);
	run_to(s, 3 * MIN, t0);
	d = cluster_get(s->c, KIND_DS, find(s, KIND_DS, "ds"));
	assert_int_equal(d->status.updated, 0);
	assert_int_equal(d->status.available, 3);
	close_session(s);
}

static void a_daemon_pod_on_a_failed_node_is_never_evicted(void **state)
{
	struct session *s = open_text(ds_yaml);
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 20 * SEC, t0);
	assert_int_equal(exec(s, "fail node k8s-node1"), 0);
	run_to(s, 20 * MIN, t0);
	assert_int_equal(pods_of(s, KIND_DS, "ds", "k8s-node1"), 1);
	assert_int_equal(events(s, "TaintManagerEviction", NULL), 0);
	close_session(s);
}

/* --- Job --- */

static const char job2[] =
    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: job-2}\n"
    "spec:\n  completions: 6\n  parallelism: 2\n  activeDeadlineSeconds: 30\n"
    "  template:\n    spec:\n      restartPolicy: Never\n"
    "      containers: [{name: c, image: kubetm/init, command: [sh, -c, \"echo 'job start';sleep 20; echo 'job end'\"]}]\n"
    "      terminationGracePeriodSeconds: 0\n";

static void the_course_job_fails_at_its_deadline_with_two_of_six_done(void **state)
{
	struct session *s = open_text(job2);
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 1 * SEC, t0);
	assert_int_equal(pods_of(s, KIND_JOB, "job-2", NULL), 2);
	run_to(s, 29 * SEC, t0);
	assert_int_equal(job(s, "job-2")->status.succeeded, 2);
	assert_int_equal(pods_of(s, KIND_JOB, "job-2", NULL), 2); /* the second pair runs */
	run_to(s, 30 * SEC, t0);
	assert_int_equal(job(s, "job-2")->status.condition, JOB_FAILED);
	assert_string_equal(cluster_str(s->c, job(s, "job-2")->status.reason), "DeadlineExceeded");
	assert_int_equal(pods_of(s, KIND_JOB, "job-2", NULL), 0);
	assert_int_equal(events(s, "DeadlineExceeded", "job-2"), 1);
	close_session(s);
}

static void job_completes_when_every_completion_succeeded(void **state)
{
	struct session *s = open_text(
	    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\n"
	    "spec:\n  completions: 4\n  parallelism: 2\n  template:\n    spec:\n      restartPolicy: Never\n"
	    "      containers: [{name: c, image: busybox, command: [sleep, \"5\"]}]\n");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 2 * MIN, t0);
	assert_int_equal(job(s, "j")->status.condition, JOB_COMPLETE);
	assert_int_equal(job(s, "j")->status.succeeded, 4);
	assert_true(job(s, "j")->status.completion_ms > job(s, "j")->status.start_ms);
	assert_int_equal(events(s, "Completed", "j"), 1);
	close_session(s);
}

static void without_completions_the_first_success_ends_the_job(void **state)
{
	struct session *s = open_text(
	    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: q}\n"
	    "spec:\n  parallelism: 3\n  template:\n    spec:\n      restartPolicy: Never\n"
	    "      containers: [{name: c, image: busybox, command: [sleep, \"5\"]}]\n");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 2 * MIN, t0);
	assert_int_equal(job(s, "q")->status.condition, JOB_COMPLETE);
	assert_int_equal(events(s, "SuccessfulCreate", "q"), 3); /* no pod after the first success */
	close_session(s);
}

static const char failing_job[] =
    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: f}\n"
    "spec:\n  backoffLimit: %d\n  template:\n    spec:\n      restartPolicy: %s\n"
    "      containers: [{name: c, image: busybox, command: [sh, -c, 'exit 1']}]\n";

/* Creation times of the Job's pods, in order. */
static int creation_times(struct session *s, const char *name, int64_t *out, int max)
{
	int n = 0;

	for (uint32_t i = 0; i < s->c->events.count && n < max; i++) {
		const struct event *ev = cluster_event_at(s->c, i);
		if (strcmp(cluster_str(s->c, ev->reason), "SuccessfulCreate") == 0 &&
		    strcmp(cluster_str(s->c, ev->name), name) == 0)
			out[n++] = ev->time_ms;
	}
	return n;
}

static void never_retries_with_delays_doubling_from_ten_seconds_to_ten_minutes(void **state)
{
	char yaml[512];
	struct session *s;
	int64_t at[16];
	int n;

	(void)state;
	snprintf(yaml, sizeof yaml, failing_job, 8, "Never");
	s = open_text(yaml);
	run_to(s, 60 * MIN, engine_now(s->e));
	n = creation_times(s, "f", at, 16);
	assert_int_equal(n, 9); /* the first try and backoffLimit retries */
	/* Each gap is the back-off plus the failed pod's own run (a few seconds). */
	static const int64_t backoff[] = { 10, 20, 40, 80, 160, 320, 600, 600 };
	for (int i = 1; i < n; i++)
		assert_in_range(at[i] - at[i - 1], backoff[i - 1] * SEC,
				backoff[i - 1] * SEC + 6 * SEC);
	assert_int_equal(job(s, "f")->status.condition, JOB_FAILED);
	assert_string_equal(cluster_str(s->c, job(s, "f")->status.reason), "BackoffLimitExceeded");
	assert_int_equal(job(s, "f")->status.failed, 9);
	close_session(s);
}

static void on_failure_restarts_in_place_and_counts_restarts(void **state)
{
	char yaml[512];
	struct session *s;
	int64_t at[4];

	(void)state;
	snprintf(yaml, sizeof yaml, failing_job, 3, "OnFailure");
	s = open_text(yaml);
	run_to(s, 10 * MIN, engine_now(s->e));
	assert_int_equal(creation_times(s, "f", at, 4), 1); /* one pod, restarted */
	assert_int_equal(job(s, "f")->status.condition, JOB_FAILED);
	assert_string_equal(cluster_str(s->c, job(s, "f")->status.reason), "BackoffLimitExceeded");
	close_session(s);
}

static void indexed_job_names_pods_with_their_completion_index(void **state)
{
	struct session *s = open_text(
	    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: idx}\n"
	    "spec:\n  completions: 3\n  parallelism: 3\n  completionMode: Indexed\n"
	    "  template:\n    spec:\n      restartPolicy: Never\n"
	    "      containers: [{name: c, image: busybox, command: [sleep, \"3\"]}]\n");
	int seen[3] = { 0 };

	(void)state;
	run_to(s, 1 * SEC, engine_now(s->e));
	const struct meta *o = cluster_meta(s->c, KIND_JOB, find(s, KIND_JOB, "idx"));
	for (uint32_t i = o->kids; i != NONE32;) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		const char *name = cluster_str(s->c, p->meta.name);
		assert_true(strncmp(name, "idx-", 4) == 0 && name[5] == '-');
		seen[name[4] - '0']++;
		i = p->meta.sib_next;
	}
	assert_true(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
	close_session(s);
}

static void ttl_after_finished_deletes_the_job_and_its_pods(void **state)
{
	struct session *s = open_text(
	    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: t}\n"
	    "spec:\n  ttlSecondsAfterFinished: 60\n  template:\n    spec:\n      restartPolicy: Never\n"
	    "      containers: [{name: c, image: busybox, command: [\"true\"]}]\n");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 30 * SEC, t0);
	assert_non_null(job(s, "t"));
	run_to(s, 2 * MIN, t0);
	assert_null(job(s, "t"));
	close_session(s);
}

static void a_suspended_job_starts_when_resumed(void **state)
{
	struct session *s = open_text(
	    "apiVersion: batch/v1\nkind: Job\nmetadata: {name: s}\n"
	    "spec:\n  suspend: true\n  template:\n    spec:\n      restartPolicy: Never\n"
	    "      containers: [{name: c, image: busybox, command: [sleep, \"5\"]}]\n");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 1 * MIN, t0);
	assert_int_equal(events(s, "SuccessfulCreate", "s"), 0);
	assert_int_equal(exec(s, "patch job s -p '{\"spec\":{\"suspend\":false}}'"), 0);
	run_to(s, 2 * MIN, t0);
	assert_int_equal(job(s, "s")->status.condition, JOB_COMPLETE);
	assert_int_equal(events(s, "Resumed", "s"), 1);
	close_session(s);
}

/* --- CronJob --- */

static const char cron_forbid[] =
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cron-job-2}\n"
    "spec:\n  schedule: \"20,21,22 * * * *\"\n  concurrencyPolicy: %s\n"
    "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
    "          containers: [{name: c, image: kubetm/init, command: [sh, -c, \"echo 'job start';sleep 140; echo 'job end'\"]}]\n"
    "          terminationGracePeriodSeconds: 0\n";

static struct session *cron_session(const char *policy)
{
	char yaml[1024];

	snprintf(yaml, sizeof yaml, cron_forbid, policy);
	return open_at(yaml, "2026-01-01T00:19:00Z");
}

static void forbid_skips_the_21_run_and_starts_the_22_run_when_the_first_ends(void **state)
{
	struct session *s = cron_session("Forbid");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 2 * MIN + 30 * SEC, t0); /* 00:21:30 */
	assert_non_null(job(s, "cron-job-2-29453780"));
	assert_null(job(s, "cron-job-2-29453781"));
	assert_int_equal(events(s, "JobAlreadyActive", "cron-job-2"), 1);
	run_to(s, 3 * MIN + 10 * SEC, t0); /* 00:22:10: still running (140 s + start) */
	assert_null(job(s, "cron-job-2-29453782"));
	run_to(s, 3 * MIN + 30 * SEC, t0); /* 00:22:30 */
	assert_non_null(job(s, "cron-job-2-29453782"));
	assert_true(job(s, "cron-job-2-29453782")->meta.created_ms >
		    t0 + 3 * MIN + 20 * SEC); /* created when the first ended, after 00:22:20 */
	close_session(s);
}

static void replace_deletes_the_running_job_at_each_run(void **state)
{
	struct session *s = cron_session("Replace");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 2 * MIN + 1 * SEC, t0); /* 00:21:01 */
	assert_null(job(s, "cron-job-2-29453780"));
	assert_non_null(job(s, "cron-job-2-29453781"));
	assert_int_equal(events(s, "SuccessfulDelete", "cron-job-2"), 1);
	close_session(s);
}

static void allow_runs_jobs_side_by_side(void **state)
{
	struct session *s = cron_session("Allow");
	int64_t t0 = engine_now(s->e);

	(void)state;
	run_to(s, 3 * MIN + 1 * SEC, t0); /* 00:22:01 */
	assert_int_equal(
	    ((struct cronjob *)cluster_get(s->c, KIND_CRONJOB, find(s, KIND_CRONJOB, "cron-job-2")))
		->status.nactive,
	    3);
	close_session(s);
}

static const char every_minute[] =
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj}\n"
    "spec:\n  schedule: \"*/1 * * * *\"\n%s"
    "  jobTemplate:\n    spec:\n      backoffLimit: 0\n      template:\n        spec:\n          restartPolicy: Never\n"
    "          containers: [{name: c, image: busybox, command: [sh, -c, '%s']}]\n";

static int jobs_in(struct session *s, enum job_condition cond)
{
	int n = 0;

	for (uint32_t i = 0; i < cluster_len(s->c, KIND_JOB); i++) {
		const struct job *j = cluster_get(s->c, KIND_JOB, i);
		n += j && j->status.condition == cond;
	}
	return n;
}

static void history_limits_keep_three_succeeded_and_one_failed(void **state)
{
	char ok[1024], bad[1024];
	struct session *s;

	(void)state;
	snprintf(ok, sizeof ok, every_minute, "", "date");
	s = open_text(ok);
	run_to(s, 10 * MIN, engine_now(s->e));
	assert_int_equal(jobs_in(s, JOB_COMPLETE), 3);
	close_session(s);
	snprintf(bad, sizeof bad, every_minute, "", "exit 1");
	s = open_text(bad);
	run_to(s, 10 * MIN, engine_now(s->e));
	assert_int_equal(jobs_in(s, JOB_FAILED), 1);
	close_session(s);
}

static void suspended_cronjob_creates_nothing_and_runs_the_latest_missed_on_resume(void **state)
{
	char yaml[1024];
	struct session *s;
	int64_t t0;

	(void)state;
	snprintf(yaml, sizeof yaml, every_minute, "  suspend: true\n", "date");
	s = open_text(yaml);
	t0 = engine_now(s->e);
	run_to(s, 5 * MIN + 30 * SEC, t0);
	assert_int_equal(events(s, "SuccessfulCreate", "cj"), 0);
	assert_int_equal(exec(s, "patch cronjob cj -p '{\"spec\":{\"suspend\":false}}'"), 0);
	/* One Job at once, for 00:05 (the latest missed time), not five. */
	assert_int_equal(events(s, "SuccessfulCreate", "cj"), 1);
	assert_non_null(job(s, "cj-29453765"));
	close_session(s);
}

static void starting_deadline_turns_an_old_missed_run_into_miss_schedule(void **state)
{
	char yaml[1024];
	struct session *s;
	int64_t t0;

	(void)state;
	snprintf(yaml, sizeof yaml, every_minute,
		 "  suspend: true\n  startingDeadlineSeconds: 10\n", "date");
	s = open_text(yaml);
	t0 = engine_now(s->e);
	run_to(s, 5 * MIN + 30 * SEC, t0);
	assert_int_equal(exec(s, "patch cronjob cj -p '{\"spec\":{\"suspend\":false}}'"), 0);
	assert_int_equal(events(s, "SuccessfulCreate", "cj"), 0);
	run_to(s, 6 * MIN + 1 * SEC, t0);
	assert_int_equal(events(s, "SuccessfulCreate", "cj"), 1);
	close_session(s);
}

static void a_manual_job_is_not_active_and_is_reported_as_unexpected(void **state)
{
	char yaml[1024];
	struct session *s;
	const struct cronjob *cj;

	(void)state;
	snprintf(yaml, sizeof yaml, every_minute, "  suspend: true\n", "sleep 30");
	s = open_text(yaml);
	assert_int_equal(exec(s, "create job --from=cronjob/cj cj-manual-001"), 0);
	run_to(s, 10 * SEC, engine_now(s->e));
	cj = cluster_get(s->c, KIND_CRONJOB, find(s, KIND_CRONJOB, "cj"));
	assert_int_equal(cj->status.nactive, 0);
	assert_true(events(s, "UnexpectedJob", "cj") >= 1);
	assert_int_equal(job(s, "cj-manual-001")->meta.owner_kind, KIND_CRONJOB);
	close_session(s);
}

static void deleting_a_cronjob_deletes_its_jobs_and_pods(void **state)
{
	char yaml[1024];
	struct session *s;

	(void)state;
	snprintf(yaml, sizeof yaml, every_minute, "", "sleep 600");
	s = open_text(yaml);
	run_to(s, 3 * MIN + 10 * SEC, engine_now(s->e));
	assert_int_equal(exec(s, "delete cronjob cj"), 0);
	run_to(s, 4 * MIN, engine_now(s->e));
	assert_int_equal(cluster_count(s->c, KIND_JOB), 0);
	for (uint32_t i = 0; i < cluster_len(s->c, KIND_POD); i++) {
		const struct pod *p = cluster_get(s->c, KIND_POD, i);
		assert_true(!p || p->meta.ns != s->c->s.default_ns);
	}
	close_session(s);
}

static void a_time_zone_schedules_in_local_time(void **state)
{
	struct session *s = open_text(
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: tz}\n"
	    "spec:\n  schedule: \"0 9 * * *\"\n  timeZone: Asia/Seoul\n"
	    "  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n"
	    "          containers: [{name: c, image: busybox, command: [date]}]\n");

	int64_t t0 = engine_now(s->e);

	(void)state;
	/* 09:00 in Seoul is 00:00 UTC: the first run is the next day at 00:00Z. */
	run_to(s, 23 * 3600 * SEC + 59 * MIN, t0);
	assert_int_equal(events(s, "SuccessfulCreate", "tz"), 0);
	run_to(s, 24 * 3600 * SEC + 1 * SEC, t0);
	assert_non_null(job(s, "tz-29455200"));
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(daemonset_runs_one_pod_on_each_worker_but_not_the_tainted_master),
		cmocka_unit_test(a_daemonsets_controller_revisions_are_deleted_with_it),
		cmocka_unit_test(a_rollback_past_the_sixty_fourth_revision_renumbers_the_old_one),
		cmocka_unit_test(an_orphaned_daemonsets_controller_revisions_stay_without_an_owner),
		cmocka_unit_test(master_toleration_puts_a_daemon_pod_on_the_control_plane),
		cmocka_unit_test(a_daemon_toleration_the_spec_already_has_with_seconds_is_not_added_again),
		cmocka_unit_test(deleted_daemon_pod_comes_back_on_the_same_node),
		cmocka_unit_test(labelling_a_node_adds_a_pod_and_unlabelling_removes_it),
		cmocka_unit_test(a_new_node_gets_a_daemon_pod),
		cmocka_unit_test(a_taken_host_port_keeps_another_pod_pending),
		cmocka_unit_test(rolling_update_replaces_pods_one_node_at_a_time),
		cmocka_unit_test(on_delete_strategy_waits_for_pods_to_be_deleted),
		cmocka_unit_test(a_daemon_pod_on_a_failed_node_is_never_evicted),
		cmocka_unit_test(the_course_job_fails_at_its_deadline_with_two_of_six_done),
		cmocka_unit_test(job_completes_when_every_completion_succeeded),
		cmocka_unit_test(without_completions_the_first_success_ends_the_job),
		cmocka_unit_test(never_retries_with_delays_doubling_from_ten_seconds_to_ten_minutes),
		cmocka_unit_test(on_failure_restarts_in_place_and_counts_restarts),
		cmocka_unit_test(indexed_job_names_pods_with_their_completion_index),
		cmocka_unit_test(ttl_after_finished_deletes_the_job_and_its_pods),
		cmocka_unit_test(a_suspended_job_starts_when_resumed),
		cmocka_unit_test(forbid_skips_the_21_run_and_starts_the_22_run_when_the_first_ends),
		cmocka_unit_test(replace_deletes_the_running_job_at_each_run),
		cmocka_unit_test(allow_runs_jobs_side_by_side),
		cmocka_unit_test(history_limits_keep_three_succeeded_and_one_failed),
		cmocka_unit_test(
		    suspended_cronjob_creates_nothing_and_runs_the_latest_missed_on_resume),
		cmocka_unit_test(starting_deadline_turns_an_old_missed_run_into_miss_schedule),
		cmocka_unit_test(a_manual_job_is_not_active_and_is_reported_as_unexpected),
		cmocka_unit_test(deleting_a_cronjob_deletes_its_jobs_and_pods),
		cmocka_unit_test(a_time_zone_schedules_in_local_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
