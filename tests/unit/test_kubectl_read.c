/*
 * The read side of kubectl: word splitting, the tabwriter, STATUS
 * derivation, and the exact text of get, describe and logs over a cluster
 * built by hand through the store API (no engine).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/cluster.h"
#include "ksim/kubectl.h"

#define MIN 60000LL
#define NOW 1767229200000LL /* 2026-01-01T01:00:00Z */

struct fx {
	struct cluster *c;
	struct strbuf out, err;
	struct kubectl k;
	uint32_t n1, n2, n3;
};

static uint32_t S(struct fx *f, const char *s)
{
	return cluster_intern(f->c, s);
}

static uint32_t label_set(struct fx *f, const char *k1, const char *v1, const char *k2, const char *v2)
{
	struct label l[2] = { { S(f, k1), S(f, v1) }, { k2 ? S(f, k2) : 0, v2 ? S(f, v2) : 0 } };

	return labels_intern(f->c->labels, l, k2 ? 2 : 1);
}

/* A spec with one container per name/image pair. */
static uint32_t spec_new(struct fx *f, const char *name, const char *image, enum restart_policy rp)
{
	struct podspec *s = xcalloc(1, sizeof *s);

	s->ncontainers = 1;
	s->containers = xcalloc(1, sizeof *s->containers);
	s->containers[0].name = S(f, name);
	s->containers[0].image = S(f, image);
	s->restart_policy = rp;
	s->grace_s = 30;
	s->active_deadline_s = -1;
	return cluster_spec_add(f->c, s);
}

static uint32_t node_new(struct fx *f, const char *name, int64_t age_ms, enum node_condition ready)
{
	uint32_t idx = cluster_add(f->c, KIND_NODE, 0, S(f, name));
	struct node *n = cluster_get(f->c, KIND_NODE, idx);

	n->meta.created_ms = NOW - age_ms;
	n->ready = ready;
	n->capacity = n->allocatable = (struct resources){ 4000, 8LL << 30 };
	n->heartbeat_ms = n->transition_ms = n->meta.created_ms;
	cluster_changed(f->c, KIND_NODE, idx, CHANGE_ADDED);
	return idx;
}

/* A pod with one container in the given state; node NONE32 leaves it unscheduled. */
static uint32_t pod_new(struct fx *f, const char *name, uint32_t spec, uint32_t node,
			int64_t age_ms, enum pod_phase phase, enum ctr_state state)
{
	uint32_t idx = cluster_add(f->c, KIND_POD, f->c->s.default_ns, S(f, name));
	struct pod *p = cluster_get(f->c, KIND_POD, idx);
	const struct podspec *s = cluster_spec(f->c, spec);

	cluster_spec_ref(f->c, spec);
	p->spec = spec;
	p->meta.created_ms = NOW - age_ms;
	p->meta.labels = label_set(f, "app", "web", NULL, NULL);
	p->ninit = (uint8_t)s->ninit;
	p->ncontainers = (uint8_t)s->ncontainers;
	p->ctrs = xcalloc(s->ninit + s->ncontainers, sizeof *p->ctrs);
	p->phase = phase;
	p->scheduled_ms = p->started_ms = p->ready_ms = TIME_NONE;
	for (uint32_t i = 0; i < s->ninit + s->ncontainers; i++) {
		p->ctrs[i].state = state;
		p->ctrs[i].ready = state == CTR_RUNNING;
		p->ctrs[i].started_once = state != CTR_WAITING;
		p->ctrs[i].since_ms = NOW - age_ms / 2;
		p->ctrs[i].finished_ms = TIME_NONE;
		p->ctrs[i].timer_ms = TIME_NONE;
	}
	if (node != NONE32) {
		cluster_pod_bind(f->c, idx, node);
		p = cluster_get(f->c, KIND_POD, idx);
		p->scheduled_ms = p->started_ms = NOW - age_ms + 1000;
	}
	cluster_changed(f->c, KIND_POD, idx, CHANGE_ADDED);
	return idx;
}

static struct pod *pod(struct fx *f, uint32_t idx)
{
	return cluster_get(f->c, KIND_POD, idx);
}

static int setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	f->c = cluster_new(1, 256);
	f->c->now_ms = NOW;
	sb_init(&f->out);
	sb_init(&f->err);
	f->k = (struct kubectl){
		.c = f->c, .out = &f->out, .err = &f->err, .ns = f->c->s.default_ns, .base_dir = ""
	};
	f->n1 = node_new(f, "node-1", 60 * MIN, NODE_READY);
	f->n2 = node_new(f, "node-2", 2 * 24 * 60 * MIN, NODE_READY);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	sb_free(&f->out);
	sb_free(&f->err);
	cluster_free(f->c);
	free(f);
	return 0;
}

/* Runs a command line, returning its exit status; output in f->out / f->err. */
static int run(struct fx *f, const char *line)
{
	sb_reset(&f->out);
	sb_reset(&f->err);
	return kubectl_run(&f->k, line);
}

/* Three pods in three states on node-1, one waiting for a node. */
static void three_pods(struct fx *f)
{
	uint32_t spec = spec_new(f, "nginx", "nginx:1.25", RESTART_ALWAYS);
	uint32_t crash = pod_new(f, "crash-1", spec, f->n1, 10 * MIN, PHASE_RUNNING, CTR_BACKOFF);
	uint32_t web = pod_new(f, "web-1", spec, f->n1, 5 * MIN, PHASE_RUNNING, CTR_RUNNING);

	pod(f, crash)->ctrs[0].restarts = 3;
	pod(f, crash)->ctrs[0].finished_ms = NOW - 42000;
	pod(f, crash)->ip = (10u << 24) | (244u << 16) | (1u << 8) | 6;
	pod(f, web)->ip = (10u << 24) | (244u << 16) | (1u << 8) | 5;
	pod_new(f, "pending-1", spec, NONE32, 30000, PHASE_PENDING, CTR_WAITING);
	cluster_spec_unref(f->c, spec);
}

/* --- splitting --- */

static void split_keeps_single_quoted_json_as_one_word(void **state)
{
	char **argv;
	int argc;

	(void)state;
	assert_int_equal(kubectl_split("kubectl patch cj x -p '{\"spec\" : {\"suspend\" : true }}'",
				       &argc, &argv, NULL),
			 0);
	assert_int_equal(argc, 6);
	assert_string_equal(argv[5], "{\"spec\" : {\"suspend\" : true }}");
	kubectl_split_free(argc, argv);
}

static void split_handles_double_quotes_backslashes_and_empty_words(void **state)
{
	char **argv;
	int argc;

	(void)state;
	assert_int_equal(kubectl_split("a \"b \\\"c\\\" \\d\" e\\ f '' \"\"", &argc, &argv, NULL), 0);
	assert_int_equal(argc, 5);
	assert_string_equal(argv[0], "a");
	assert_string_equal(argv[1], "b \"c\" \\d");
	assert_string_equal(argv[2], "e f");
	assert_string_equal(argv[3], "");
	assert_string_equal(argv[4], "");
	kubectl_split_free(argc, argv);
}

static void split_rejects_an_unterminated_quote(void **state)
{
	struct ksim_error err;
	char **argv;
	int argc;

	(void)state;
	assert_int_equal(kubectl_split("get pods -l 'app=web", &argc, &argv, &err), -1);
	assert_non_null(strstr(err.msg, "unterminated quote"));
}

/* --- the tabwriter --- */

static void table_pads_to_widest_cell_plus_three_with_minimum_six(void **state)
{
	struct table_out *t = kubectl_table_new();
	struct strbuf out;
	static const char *const rows[][3] = { { "NAME", "OK", "AGE" }, { "a", "é", "5m" } };

	(void)state;
	sb_init(&out);
	for (int r = 0; r < 2; r++) {
		for (int c = 0; c < 3; c++)
			kubectl_table_cell(t, rows[r][c]);
		kubectl_table_endrow(t);
	}
	kubectl_table_flush(t, &out);
	assert_string_equal(out.data, "NAME   OK    AGE\n"
				      "a      é     5m\n");
	kubectl_table_free(t);
	sb_free(&out);
}

/* --- STATUS --- */

static void pod_status_follows_printers_go(void **state)
{
	struct fx *f = *state;
	uint32_t spec = spec_new(f, "c", "busybox", RESTART_NEVER);
	struct podspec *init_spec = xcalloc(1, sizeof *init_spec);
	uint32_t ispec, p;
	char buf[64];
	static const struct {
		enum pod_phase phase;
		enum ctr_state state;
		int exit_code;
		bool bound, deleted, node_lost;
		const char *want;
	} cases[] = {
		{ PHASE_PENDING, CTR_WAITING, 0, false, false, false, "Pending" },
		{ PHASE_PENDING, CTR_WAITING, 0, true, false, false, "ContainerCreating" },
		{ PHASE_RUNNING, CTR_RUNNING, 0, true, false, false, "Running" },
		{ PHASE_SUCCEEDED, CTR_TERMINATED, 0, true, false, false, "Completed" },
		{ PHASE_FAILED, CTR_TERMINATED, 1, true, false, false, "Error" },
		{ PHASE_RUNNING, CTR_BACKOFF, 1, true, false, false, "CrashLoopBackOff" },
		{ PHASE_RUNNING, CTR_RUNNING, 0, true, true, false, "Terminating" },
		{ PHASE_SUCCEEDED, CTR_TERMINATED, 0, true, true, false, "Completed" },
		{ PHASE_RUNNING, CTR_RUNNING, 0, true, true, true,
		  "Terminating" }, /* taint-based eviction: no NodeLost reason */
	};

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char name[16];
		snprintf(name, sizeof name, "p%zu", i);
		p = pod_new(f, name, spec, cases[i].bound ? f->n1 : NONE32, MIN, cases[i].phase,
			    cases[i].state);
		pod(f, p)->ctrs[0].exit_code = cases[i].exit_code;
		if (cases[i].deleted)
			pod(f, p)->meta.deleted_ms = NOW - 1000;
		if (cases[i].node_lost)
			pod(f, p)->flags |= POD_NODE_LOST;
		kubectl_pod_status(f->c, pod(f, p), buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
	}

	init_spec->ninit = init_spec->ncontainers = 1;
	init_spec->init_containers = xcalloc(1, sizeof *init_spec->init_containers);
	init_spec->containers = xcalloc(1, sizeof *init_spec->containers);
	init_spec->grace_s = 30;
	init_spec->active_deadline_s = -1;
	ispec = cluster_spec_add(f->c, init_spec);
	p = pod_new(f, "init", ispec, f->n1, MIN, PHASE_PENDING, CTR_WAITING);
	kubectl_pod_status(f->c, pod(f, p), buf, sizeof buf);
	assert_string_equal(buf, "Init:0/1");
	pod(f, p)->ctrs[0].state = CTR_TERMINATED;
	pod(f, p)->ctrs[0].exit_code = 2;
	kubectl_pod_status(f->c, pod(f, p), buf, sizeof buf);
	assert_string_equal(buf, "Init:Error");
	pod(f, p)->ctrs[0].state = CTR_BACKOFF;
	kubectl_pod_status(f->c, pod(f, p), buf, sizeof buf);
	assert_string_equal(buf, "Init:CrashLoopBackOff");
	pod(f, p)->ctrs[0].state = CTR_TERMINATED;
	pod(f, p)->ctrs[0].exit_code = 0;
	pod(f, p)->init_done = 1;
	kubectl_pod_status(f->c, pod(f, p), buf, sizeof buf);
	assert_string_equal(buf, "PodInitializing");
	cluster_spec_unref(f->c, spec);
	cluster_spec_unref(f->c, ispec);
}

static void restarts_show_how_long_ago_the_last_one_ended(void **state)
{
	struct fx *f = *state;
	char buf[64];

	three_pods(f);
	kubectl_pod_restarts(
	    f->c, pod(f, cluster_find(f->c, KIND_POD, f->c->s.default_ns, S(f, "crash-1"))), buf,
	    sizeof buf);
	assert_string_equal(buf, "3 (42s ago)");
}

/* --- get --- */

static void get_pods_prints_kubectl_columns_sorted_by_name(void **state)
{
	struct fx *f = *state;

	three_pods(f);
	assert_int_equal(run(f, "kubectl get pods"), 0);
	assert_string_equal(f->out.data,
			    "NAME        READY   STATUS             RESTARTS      AGE\n"
			    "crash-1     0/1     CrashLoopBackOff   3 (42s ago)   10m\n"
			    "pending-1   0/1     Pending            0             30s\n"
			    "web-1       1/1     Running            0             5m\n");
	assert_string_equal(f->err.data, "");
}

static void get_pods_wide_adds_ip_node_nominated_node_and_readiness_gates(void **state)
{
	struct fx *f = *state;

	three_pods(f);
	assert_int_equal(run(f, "get po -o wide"), 0);
	assert_string_equal(
	    f->out.data,
	    "NAME        READY   STATUS             RESTARTS      AGE   IP           NODE     "
	    "NOMINATED NODE   READINESS GATES\n"
	    "crash-1     0/1     CrashLoopBackOff   3 (42s ago)   10m   10.244.1.6   node-1   "
	    "<none>           <none>\n"
	    "pending-1   0/1     Pending            0             30s   <none>       <none>   "
	    "<none>           <none>\n"
	    "web-1       1/1     Running            0             5m    10.244.1.5   node-1   "
	    "<none>           <none>\n");
}

static void get_nodes_shows_readiness_cordon_and_roles(void **state)
{
	struct fx *f = *state;
	struct node *n2 = cluster_get(f->c, KIND_NODE, f->n2);
	struct node *n1 = cluster_get(f->c, KIND_NODE, f->n1);

	n1->meta.labels = label_set(f, "node-role.kubernetes.io/control-plane", "", NULL, NULL);
	n2->ready = NODE_UNKNOWN;
	n2->unschedulable = true;
	assert_int_equal(run(f, "get nodes"), 0);
	assert_string_equal(f->out.data,
			    "NAME     STATUS                        ROLES           AGE   VERSION\n"
			    "node-1   Ready                         control-plane   60m   v1.31.0\n"
			    "node-2   NotReady,SchedulingDisabled   <none>          2d    v1.31.0\n");
}

static uint32_t rs_new(struct fx *f, const char *name, int32_t replicas)
{
	uint32_t idx = cluster_add(f->c, KIND_RS, f->c->s.default_ns, S(f, name));
	struct replicaset *rs = cluster_get(f->c, KIND_RS, idx);

	rs->meta.created_ms = NOW - 3 * MIN;
	rs->replicas = replicas;
	selector_init(&rs->sel);
	rs->sel.match_labels = label_set(f, "app", "web", NULL, NULL);
	rs->tpl.labels = rs->sel.match_labels;
	rs->tpl.spec = spec_new(f, "nginx", "nginx:1.25", RESTART_ALWAYS);
	rs->status.replicas = replicas;
	rs->status.ready = replicas - 1;
	cluster_changed(f->c, KIND_RS, idx, CHANGE_ADDED);
	return idx;
}

static void get_replicasets_wide_shows_containers_images_and_selector(void **state)
{
	struct fx *f = *state;

	rs_new(f, "frontend", 3);
	assert_int_equal(run(f, "get rs -o wide"), 0);
	assert_string_equal(f->out.data,
			    "NAME       DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       "
			    "SELECTOR\n"
			    "frontend   3         3         2       3m    nginx        nginx:1.25   "
			    "app=web\n");
}

static uint32_t job_new(struct fx *f, const char *name, int32_t completions, int32_t parallelism)
{
	uint32_t idx = cluster_add(f->c, KIND_JOB, f->c->s.default_ns, S(f, name));
	struct job *j = cluster_get(f->c, KIND_JOB, idx);

	j->meta.created_ms = NOW - 4 * MIN;
	j->spec.completions = completions;
	j->spec.parallelism = parallelism;
	j->spec.backoff_limit = 6;
	j->spec.active_deadline_s = j->spec.ttl_s = -1;
	selector_init(&j->spec.sel);
	j->spec.tpl.spec = spec_new(f, "pi", "perl:5.34", RESTART_NEVER);
	j->status.start_ms = NOW - 4 * MIN;
	j->status.completion_ms = j->status.condition_ms = TIME_NONE;
	cluster_changed(f->c, KIND_JOB, idx, CHANGE_ADDED);
	return idx;
}

static void get_jobs_shows_status_completions_and_duration(void **state)
{
	struct fx *f = *state;
	struct job *done;

	job_new(f, "batch", 6, 2);
	job_new(f, "work-queue", -1, 3);
	done = cluster_get(f->c, KIND_JOB, job_new(f, "pi", 1, 1));
	done->status.succeeded = 1;
	done->status.condition = JOB_COMPLETE;
	done->status.completion_ms = NOW - 4 * MIN + 65000;
	((struct job *)cluster_get(f->c, KIND_JOB, 0))->status.succeeded = 1;
	assert_int_equal(run(f, "get jobs"), 0);
	assert_string_equal(f->out.data, "NAME         STATUS     COMPLETIONS   DURATION   AGE\n"
					 "batch        Running    1/6           4m         4m\n"
					 "pi           Complete   1/1           65s        4m\n"
					 "work-queue   Running    0/1 of 3      4m         4m\n");
}

static void get_cronjobs_shows_timezone_suspend_and_last_schedule(void **state)
{
	struct fx *f = *state;
	uint32_t idx = cluster_add(f->c, KIND_CRONJOB, f->c->s.default_ns, S(f, "hello"));
	struct cronjob *cj = cluster_get(f->c, KIND_CRONJOB, idx);

	cj->meta.created_ms = NOW - 30 * MIN;
	cj->schedule = xstrdup("*/5 * * * *");
	cj->starting_deadline_s = -1;
	cj->job.completions = -1;
	selector_init(&cj->job.sel);
	cj->job.tpl.spec = spec_new(f, "hello", "busybox", RESTART_ON_FAILURE);
	cj->status.last_schedule_ms = NOW - 65000;
	cluster_changed(f->c, KIND_CRONJOB, idx, CHANGE_ADDED);
	assert_int_equal(run(f, "get cj"), 0);
	assert_string_equal(
	    f->out.data, "NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
			 "hello   */5 * * * *   <none>     False     0        65s             30m\n");
}

static void get_daemonsets_shows_the_template_node_selector(void **state)
{
	struct fx *f = *state;
	uint32_t idx = cluster_add(f->c, KIND_DS, f->c->s.kube_system, S(f, "fluentd"));
	struct daemonset *ds = cluster_get(f->c, KIND_DS, idx);
	struct podspec *s = xcalloc(1, sizeof *s);

	s->ncontainers = 1;
	s->containers = xcalloc(1, sizeof *s->containers);
	s->containers[0].name = S(f, "fluentd");
	s->containers[0].image = S(f, "fluentd:v1");
	s->node_selector = label_set(f, "disk", "ssd", NULL, NULL);
	ds->meta.created_ms = NOW - 90000;
	selector_init(&ds->sel);
	ds->tpl.spec = cluster_spec_add(f->c, s);
	ds->status.desired = ds->status.current = ds->status.updated = 2;
	ds->status.ready = ds->status.available = 1;
	cluster_changed(f->c, KIND_DS, idx, CHANGE_ADDED);
	assert_int_equal(run(f, "get ds -n kube-system"), 0);
	assert_string_equal(
	    f->out.data,
	    "NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n"
	    "fluentd   2         2         1       2            1           disk=ssd        90s\n");
}

static uint32_t svc_new(struct fx *f, const char *name, enum service_type type, int32_t port,
			int32_t node_port)
{
	uint32_t idx = cluster_add(f->c, KIND_SVC, f->c->s.default_ns, S(f, name));
	struct service *s = cluster_get(f->c, KIND_SVC, idx);

	s->meta.created_ms = NOW - 2 * MIN;
	s->type = type;
	s->cluster_ip = (10u << 24) | (96u << 16) | (0u << 8) | 20;
	s->nports = 1;
	s->ports = xcalloc(1, sizeof *s->ports);
	s->ports[0].port = port;
	s->ports[0].node_port = node_port;
	s->ports[0].target_port = 8080;
	s->selector = label_set(f, "app", "web", NULL, NULL);
	cluster_changed(f->c, KIND_SVC, idx, CHANGE_ADDED);
	return idx;
}

static void get_services_shows_types_ips_and_ports(void **state)
{
	struct fx *f = *state;
	struct service *headless;

	svc_new(f, "api", SVC_NODE_PORT, 80, 30080);
	svc_new(f, "lb", SVC_LOAD_BALANCER, 443, 31443);
	headless = cluster_get(f->c, KIND_SVC, svc_new(f, "db", SVC_CLUSTER_IP, 5432, 0));
	headless->headless = true;
	assert_int_equal(run(f, "get svc"), 0);
	assert_string_equal(f->out.data,
			    "NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)         AGE\n"
			    "api    NodePort       10.96.0.20   <none>        80:30080/TCP    2m\n"
			    "db     ClusterIP      None         <none>        5432/TCP        2m\n"
			    "lb     LoadBalancer   10.96.0.20   <pending>     443:31443/TCP   2m\n");
}

static void get_endpoints_lists_ready_addresses_at_target_ports(void **state)
{
	struct fx *f = *state;
	uint32_t idx;
	struct endpoints *ep;

	svc_new(f, "api", SVC_CLUSTER_IP, 80, 0);
	idx = cluster_add(f->c, KIND_EP, f->c->s.default_ns, S(f, "api"));
	ep = cluster_get(f->c, KIND_EP, idx);
	ep->meta.created_ms = NOW - 2 * MIN;
	ep->naddrs = 5;
	ep->addrs = xcalloc(5, sizeof *ep->addrs);
	for (uint32_t i = 0; i < 5; i++) {
		ep->addrs[i].ip = (10u << 24) | (244u << 16) | (1u << 8) | (2 + i);
		ep->addrs[i].ready = i != 1;
	}
	assert_int_equal(run(f, "get ep"), 0);
	assert_string_equal(
	    f->out.data, "NAME   ENDPOINTS                                                     AGE\n"
			 "api    10.244.1.2:8080,10.244.1.4:8080,10.244.1.5:8080 + 1 more...   2m\n");
}

static void get_with_all_namespaces_adds_a_namespace_column(void **state)
{
	struct fx *f = *state;

	three_pods(f);
	assert_int_equal(run(f, "get pods -A"), 0);
	assert_string_equal(f->out.data,
			    "NAMESPACE   NAME        READY   STATUS             RESTARTS      AGE\n"
			    "default     crash-1     0/1     CrashLoopBackOff   3 (42s ago)   10m\n"
			    "default     pending-1   0/1     Pending            0             30s\n"
			    "default     web-1       1/1     Running            0             5m\n");
}

static void get_selects_by_label_and_shows_labels(void **state)
{
	struct fx *f = *state;
	uint32_t spec = spec_new(f, "nginx", "nginx", RESTART_ALWAYS);
	uint32_t other = pod_new(f, "other", spec, f->n1, MIN, PHASE_RUNNING, CTR_RUNNING);

	pod(f, other)->meta.labels = label_set(f, "app", "db", "tier", "back");
	pod_new(f, "web", spec, f->n1, MIN, PHASE_RUNNING, CTR_RUNNING);
	cluster_spec_unref(f->c, spec);
	assert_int_equal(run(f, "get pods -l app!=web --show-labels"), 0);
	assert_string_equal(f->out.data,
			    "NAME    READY   STATUS    RESTARTS   AGE   LABELS\n"
			    "other   1/1     Running   0          60s   app=db,tier=back\n");
}

static void get_all_prefixes_kinds_and_separates_tables(void **state)
{
	struct fx *f = *state;

	three_pods(f);
	rs_new(f, "frontend", 3);
	assert_int_equal(run(f, "get all"), 0);
	assert_string_equal(f->out.data,
			    "NAME            READY   STATUS             RESTARTS      AGE\n"
			    "pod/crash-1     0/1     CrashLoopBackOff   3 (42s ago)   10m\n"
			    "pod/pending-1   0/1     Pending            0             30s\n"
			    "pod/web-1       1/1     Running            0             5m\n"
			    "\n"
			    "NAME                       DESIRED   CURRENT   READY   AGE\n"
			    "replicaset.apps/frontend   3         3         2       3m\n");
}

static void get_output_name_prints_resource_slash_name(void **state)
{
	struct fx *f = *state;

	rs_new(f, "frontend", 1);
	job_new(f, "pi", 1, 1);
	assert_int_equal(run(f, "get rs,jobs -o name"), 0);
	assert_string_equal(f->out.data, "replicaset.apps/frontend\njob.batch/pi\n");
}

static void get_says_no_resources_found_on_stderr(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "get pods"), 0);
	assert_string_equal(f->out.data, "");
	assert_string_equal(f->err.data, "No resources found in default namespace.\n");
	assert_int_equal(run(f, "get jobs -A"), 0);
	assert_string_equal(f->err.data, "No resources found\n");
}

static void not_found_names_the_resource_with_its_group(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "get pod x"), 1);
	assert_string_equal(f->err.data, "Error from server (NotFound): pods \"x\" not found\n");
	assert_int_equal(run(f, "get rs/x"), 1);
	assert_string_equal(f->err.data,
			    "Error from server (NotFound): replicasets.apps \"x\" not found\n");
	assert_int_equal(run(f, "describe jobs.batch x"), 1);
	assert_string_equal(f->err.data,
			    "Error from server (NotFound): jobs.batch \"x\" not found\n");
	assert_int_equal(run(f, "get foo"), 1);
	assert_string_equal(f->err.data, "error: the server doesn't have a resource type \"foo\"\n");
}

static void unknown_verb_is_an_error(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "kubectl frobnicate pods"), 1);
	assert_string_equal(f->err.data, "error: unknown command \"frobnicate\" for \"kubectl\"\n"
					 "Run 'kubectl --help' for usage.\n");
}

static void get_yaml_prints_sorted_keys_and_quotes_like_go_yaml(void **state)
{
	struct fx *f = *state;

	rs_new(f, "frontend", 2);
	assert_int_equal(run(f, "get rs frontend -o yaml"), 0);
	assert_non_null(strstr(f->out.data, "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n"
					    "  creationTimestamp: \"2026-01-01T00:57:00Z\"\n"
					    "  generation: 1\n"));
	assert_non_null(strstr(f->out.data,
			       "      containers:\n      - image: nginx:1.25\n"
			       "        imagePullPolicy: IfNotPresent\n        name: nginx\n"));
	assert_non_null(strstr(f->out.data, "status:\n  readyReplicas: 1\n  replicas: 2\n"));
}

static void get_json_wraps_several_objects_in_a_list(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, "get pods -o json"), 0);
	assert_string_equal(f->out.data, "{\n"
					 "    \"apiVersion\": \"v1\",\n"
					 "    \"items\": [],\n"
					 "    \"kind\": \"List\",\n"
					 "    \"metadata\": {\n"
					 "        \"resourceVersion\": \"\"\n"
					 "    }\n"
					 "}\n");
}

static void get_events_prints_oldest_first_with_counts_folded(void **state)
{
	struct fx *f = *state;
	uint32_t web;

	three_pods(f);
	web = cluster_find(f->c, KIND_POD, f->c->s.default_ns, S(f, "web-1"));
	f->c->now_ms = NOW - 3 * MIN;
	cluster_event(f->c, KIND_POD, web, EVENT_NORMAL, "Pulled", "kubelet", "Pulled image");
	f->c->now_ms = NOW - 2 * MIN;
	cluster_event(f->c, KIND_POD, web, EVENT_WARNING, "BackOff", "kubelet", "Back-off");
	f->c->now_ms = NOW - MIN;
	cluster_event(f->c, KIND_POD, web, EVENT_WARNING, "BackOff", "kubelet", "Back-off");
	f->c->now_ms = NOW;
	assert_int_equal(run(f, "get events"), 0);
	assert_string_equal(f->out.data, "LAST SEEN   TYPE      REASON    OBJECT      MESSAGE\n"
					 "3m          Normal    Pulled    pod/web-1   Pulled image\n"
					 "60s         Warning   BackOff   pod/web-1   Back-off\n");
	assert_int_equal(run(f, "describe pod web-1"), 0);
	assert_non_null(strstr(f->out.data,
			       "Events:\n"
			       "  Type     Reason   Age               From     Message\n"
			       "  ----     ------   ----              ----     -------\n"
			       "  Normal   Pulled   3m                kubelet  Pulled image\n"
			       "  Warning  BackOff  60s (x2 over 2m)  kubelet  Back-off\n"));
}

/* --- describe --- */

static void describe_pod_aligns_fields_as_kubectl_does(void **state)
{
	struct fx *f = *state;

	three_pods(f);
	assert_int_equal(run(f, "describe pod web-1"), 0);
	assert_non_null(strstr(f->out.data, "Name:             web-1\n"
					    "Namespace:        default\n"
					    "Priority:         0\n"
					    "Service Account:  default\n"
					    "Node:             node-1/192.168.56.30\n"
					    "Start Time:       Thu, 01 Jan 2026 00:55:01 +0000\n"
					    "Labels:           app=web\n"
					    "Annotations:      <none>\n"
					    "Status:           Running\n"
					    "IP:               10.244.1.5\n"
					    "IPs:\n"
					    "  IP:  10.244.1.5\n"
					    "Containers:\n"
					    "  nginx:\n"));
	assert_non_null(strstr(f->out.data, "    State:          Running\n"
					    "      Started:      Thu, 01 Jan 2026 00:57:30 +0000\n"
					    "    Ready:          True\n"
					    "    Restart Count:  0\n"));
	assert_non_null(strstr(f->out.data,
			       "QoS Class:                   BestEffort\n"
			       "Node-Selectors:              <none>\n"
			       "Tolerations:                 node.kubernetes.io/not-ready:"
			       "NoExecute op=Exists for 300s\n"
			       "                             node.kubernetes.io/unreachable:"
			       "NoExecute op=Exists for 300s\n"
			       "Events:                      <none>\n"));
}

/* One container whose env has a literal, a two-line literal and each valueFrom source. */
static uint32_t env_spec(struct fx *f)
{
	struct podspec *s = xcalloc(1, sizeof *s);
	struct container *k = xcalloc(1, sizeof *k);

	k->name = S(f, "app");
	k->image = S(f, "busybox");
	k->limits.cpu_milli = k->requests.cpu_milli = 250;
	k->nenv = 7;
	k->env = xcalloc(k->nenv, sizeof *k->env);
	k->env[0] = (struct env_var){ .name = S(f, "GREETING"), .value = S(f, "hello") };
	k->env[1] = (struct env_var){ .name = S(f, "MOTD"), .value = S(f, "one\ntwo") };
	k->env[2] = (struct env_var){ .name = S(f, "POD"), .source = ENV_FIELD_REF,
				      .path = S(f, "metadata.name"), .api_version = S(f, "v1") };
	k->env[3] = (struct env_var){ .name = S(f, "NODE"), .source = ENV_FIELD_REF,
				      .path = S(f, "spec.nodeName"), .api_version = S(f, "v1") };
	k->env[4] = (struct env_var){ .name = S(f, "CPU"), .source = ENV_RESOURCE_REF,
				      .path = S(f, "limits.cpu"), .divisor = S(f, "1m") };
	k->env[5] = (struct env_var){ .name = S(f, "LEVEL"), .source = ENV_CONFIG_MAP_KEY,
				      .path = S(f, "level"), .object = S(f, "cfg") };
	k->env[6] = (struct env_var){ .name = S(f, "PASS"), .source = ENV_SECRET_KEY,
				      .path = S(f, "pw"), .object = S(f, "db"),
				      .optional = ENV_OPTIONAL_TRUE };
	s->ncontainers = 1;
	s->containers = k;
	s->grace_s = 30;
	s->active_deadline_s = -1;
	return cluster_spec_add(f->c, s);
}

static void describe_pod_shows_environment_as_kubectl_does(void **state)
{
	struct fx *f = *state;

	pod_new(f, "envs", env_spec(f), f->n1, 5 * MIN, PHASE_RUNNING, CTR_RUNNING);
	assert_int_equal(run(f, "describe pod envs"), 0);
	/* Only metadata fields resolve (fieldpath.ExtractFieldPathAsString), so NODE stays empty. */
	assert_non_null(strstr(f->out.data,
			       "    Environment:\n"
			       "      GREETING:  hello\n"
			       "      MOTD:      one\n"
			       "                 two\n"
			       "      POD:       envs (v1:metadata.name)\n"
			       "      NODE:       (v1:spec.nodeName)\n"
			       "      CPU:       250 (limits.cpu)\n"
			       "      LEVEL:     <set to the key 'level' of config map 'cfg'>  "
			       "Optional: false\n"
			       "      PASS:      <set to the key 'pw' in secret 'db'>          "
			       "Optional: true\n"
			       "    Mounts:\n"));
	assert_int_equal(run(f, "get pod envs -o yaml"), 0);
	assert_non_null(strstr(f->out.data,
			       "  - env:\n"
			       "    - name: GREETING\n"
			       "      value: hello\n"
			       "    - name: MOTD\n"
			       "      value: |-\n"
			       "        one\n"
			       "        two\n"
			       "    - name: POD\n"
			       "      valueFrom:\n"
			       "        fieldRef:\n"
			       "          apiVersion: v1\n"
			       "          fieldPath: metadata.name\n"));
	assert_non_null(strstr(f->out.data,
			       "    - name: CPU\n"
			       "      valueFrom:\n"
			       "        resourceFieldRef:\n"
			       "          divisor: 1m\n"
			       "          resource: limits.cpu\n"
			       "    - name: LEVEL\n"
			       "      valueFrom:\n"
			       "        configMapKeyRef:\n"
			       "          key: level\n"
			       "          name: cfg\n"
			       "    - name: PASS\n"
			       "      valueFrom:\n"
			       "        secretKeyRef:\n"
			       "          key: pw\n"
			       "          name: db\n"
			       "          optional: true\n"
			       "    image: busybox\n"));
}

static void describe_job_prints_pods_statuses(void **state)
{
	struct fx *f = *state;
	struct job *j = cluster_get(f->c, KIND_JOB, job_new(f, "pi", 6, 2));

	j->status.active = 2;
	j->status.succeeded = 1;
	assert_int_equal(run(f, "describe job pi"), 0);
	assert_non_null(strstr(f->out.data,
			       "Parallelism:      2\n"
			       "Completions:      6\n"
			       "Completion Mode:  NonIndexed\n"
			       "Suspend:          false\n"
			       "Backoff Limit:    6\n"
			       "Start Time:       Thu, 01 Jan 2026 00:56:00 +0000\n"
			       "Pods Statuses:    2 Active (0 Ready) / 1 Succeeded / 0 Failed\n"
			       "Pod Template:\n"));
}

/* --- logs --- */

static void logs_of_a_waiting_container_is_a_bad_request(void **state)
{
	struct fx *f = *state;
	uint32_t spec = spec_new(f, "app", "busybox", RESTART_ALWAYS);
	uint32_t p = pod_new(f, "starting", spec, f->n1, MIN, PHASE_PENDING, CTR_WAITING);
	uint32_t q = pod_new(f, "talker", spec, f->n1, MIN, PHASE_RUNNING, CTR_RUNNING);

	(void)p;
	cluster_spec_unref(f->c, spec);
	assert_int_equal(run(f, "logs starting"), 1);
	assert_string_equal(f->err.data, "Error from server (BadRequest): container \"app\" in pod "
					 "\"starting\" is waiting to start: ContainerCreating\n");
	cluster_log_append(f->c, q, 0, "one");
	cluster_log_append(f->c, q, 0, "two");
	cluster_log_append(f->c, q, 0, "three");
	assert_int_equal(run(f, "logs talker --tail=2"), 0);
	assert_string_equal(f->out.data, "two\nthree\n");
	assert_int_equal(run(f, "logs talker -c nope"), 1);
	assert_string_equal(
	    f->err.data,
	    "Error from server (BadRequest): container nope is not valid for pod talker\n");
}

static void kinds_parse_every_name_kubectl_accepts(void **state)
{
	(void)state;
	assert_int_equal(kind_parse("po"), KIND_POD);
	assert_int_equal(kind_parse("Pods"), KIND_POD);
	assert_int_equal(kind_parse("replicasets.apps"), KIND_RS);
	assert_int_equal(kind_parse("deployments"), KIND_DEPLOY);
	assert_int_equal(kind_parse("deploy"), KIND_DEPLOY);
	assert_int_equal(kind_parse("deployments.apps"), KIND_DEPLOY);
	assert_int_equal(kind_parse("cronjobs.v1.batch"), KIND_CRONJOB);
	assert_int_equal(kind_parse("jobs.apps"), KIND_NONE);
	assert_int_equal(kind_parse("pvc"), KIND_PVC);
}

/* --- field selectors and watches --- */

static void field_selector_picks_pods_by_phase_node_and_name(void **state)
{
	struct fx *f = *state;

	three_pods(f);
	assert_int_equal(run(f, "get pods --field-selector status.phase=Running,spec.nodeName=node-1 "
				"-o name"),
			 0);
	assert_string_equal(f->out.data, "pod/crash-1\npod/web-1\n");
	assert_int_equal(run(f, "get pods --field-selector status.phase!=Running -o name"), 0);
	assert_string_equal(f->out.data, "pod/pending-1\n");
	assert_int_equal(run(f, "get pods --field-selector metadata.name==web-1 -o name"), 0);
	assert_string_equal(f->out.data, "pod/web-1\n");
}

static void field_selector_on_an_unsupported_field_is_the_servers_bad_request(void **state)
{
	struct fx *f = *state;

	three_pods(f);
	assert_int_equal(run(f, "get pods -l app=web --field-selector status.ready=true"), 1);
	assert_string_equal(f->err.data,
			    "Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" "
			    "that match label selector \"app=web\", field selector "
			    "\"status.ready=true\": field label not supported: status.ready\n");
	assert_int_equal(run(f, "get rs --field-selector spec.replicas=3"), 1);
	assert_string_equal(f->err.data,
			    "Error from server (BadRequest): Unable to find \"apps/v1, "
			    "Resource=replicasets\" that match label selector \"\", field selector "
			    "\"spec.replicas=3\": \"spec.replicas\" is not a known field selector: "
			    "only \"metadata.name\", \"metadata.namespace\"\n");
	assert_int_equal(run(f, "get pods --field-selector phase"), 1);
	assert_non_null(strstr(f->err.data, "invalid selector: 'phase'; can't understand 'phase'"));
}

static void watch_prints_a_row_for_each_change_and_the_last_one_at_a_deletion(void **state)
{
	struct fx *f = *state;
	struct kubectl_watch *w = NULL;
	uint32_t spec = spec_new(f, "nginx", "nginx:1.25", RESTART_ALWAYS);
	uint32_t web = pod_new(f, "web-1", spec, f->n1, 5 * MIN, PHASE_PENDING, CTR_WAITING);

	f->k.watch = &w;
	assert_int_equal(run(f, "get pods -w"), 0);
	assert_non_null(w);
	assert_string_equal(f->out.data, "NAME    READY   STATUS              RESTARTS   AGE\n"
					 "web-1   0/1     ContainerCreating   0          5m\n");
	sb_reset(&f->out);
	kubectl_watch_poll(w, f->c, &f->out);
	assert_string_equal(f->out.data, ""); /* nothing changed */
	pod(f, web)->phase = PHASE_RUNNING;
	pod(f, web)->ctrs[0].state = CTR_RUNNING;
	pod(f, web)->ctrs[0].ready = true;
	cluster_changed(f->c, KIND_POD, web, CHANGE_UPDATED);
	pod_new(f, "web-2", spec, f->n1, 0, PHASE_PENDING, CTR_WAITING);
	kubectl_watch_poll(w, f->c, &f->out);
	/* each event's row is aligned alone, as kubectl flushes its tabwriter per event */
	assert_string_equal(f->out.data, "web-1   1/1   Running   0     5m\n"
					 "web-2   0/1   ContainerCreating   0     0s\n");
	sb_reset(&f->out);
	cluster_remove(f->c, KIND_POD, web);
	kubectl_watch_poll(w, f->c, &f->out);
	assert_string_equal(f->out.data, "web-1   1/1   Running   0     5m\n");
	kubectl_watch_free(w);
	cluster_spec_unref(f->c, spec);
}

static void watch_takes_one_type(void **state)
{
	struct fx *f = *state;
	struct kubectl_watch *w = NULL;

	f->k.watch = &w;
	assert_int_equal(run(f, "get pods,nodes --watch"), 1);
	assert_null(w);
	assert_string_equal(f->err.data, "error: watch is only supported on individual resources "
					 "and resource collections - more than 1 resource was "
					 "found\n");
	assert_true(kubectl_line_watches("kubectl get pods -w"));
	assert_false(kubectl_line_watches("describe pod -w"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_keeps_single_quoted_json_as_one_word),
		cmocka_unit_test(split_handles_double_quotes_backslashes_and_empty_words),
		cmocka_unit_test(split_rejects_an_unterminated_quote),
		cmocka_unit_test(table_pads_to_widest_cell_plus_three_with_minimum_six),
		cmocka_unit_test(kinds_parse_every_name_kubectl_accepts),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(field_selector_picks_pods_by_phase_node_and_name),
		T(field_selector_on_an_unsupported_field_is_the_servers_bad_request),
		T(watch_prints_a_row_for_each_change_and_the_last_one_at_a_deletion),
		T(watch_takes_one_type),
		T(pod_status_follows_printers_go),
		T(restarts_show_how_long_ago_the_last_one_ended),
		T(get_pods_prints_kubectl_columns_sorted_by_name),
		T(get_pods_wide_adds_ip_node_nominated_node_and_readiness_gates),
		T(get_nodes_shows_readiness_cordon_and_roles),
		T(get_replicasets_wide_shows_containers_images_and_selector),
		T(get_jobs_shows_status_completions_and_duration),
		T(get_cronjobs_shows_timezone_suspend_and_last_schedule),
		T(get_daemonsets_shows_the_template_node_selector),
		T(get_services_shows_types_ips_and_ports),
		T(get_endpoints_lists_ready_addresses_at_target_ports),
		T(get_with_all_namespaces_adds_a_namespace_column),
		T(get_selects_by_label_and_shows_labels),
		T(get_all_prefixes_kinds_and_separates_tables),
		T(get_output_name_prints_resource_slash_name),
		T(get_says_no_resources_found_on_stderr),
		T(not_found_names_the_resource_with_its_group),
		T(unknown_verb_is_an_error),
		T(get_yaml_prints_sorted_keys_and_quotes_like_go_yaml),
		T(get_json_wraps_several_objects_in_a_list),
		T(get_events_prints_oldest_first_with_counts_folded),
		T(describe_pod_aligns_fields_as_kubectl_does),
		T(describe_pod_shows_environment_as_kubectl_does),
		T(describe_job_prints_pods_statuses),
		T(logs_of_a_waiting_container_is_a_bad_request),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
