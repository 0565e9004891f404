/*
 * Unit tests for the manifest module: quantities, the seed manifests,
 * several documents and Lists, the API server's defaults, typo warnings,
 * and each error with its exact file:line:col and field path. Fixtures are
 * inline YAML loaded into a fresh cluster as "t.yaml".
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
#include "ksim/labels.h"
#include "ksim/manifest.h"

/* ---------------------------------------------------------------- fixture */

struct fixture {
	struct cluster *c;
	struct manifest m;
	struct ksim_error err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	f->c = cluster_new(1, 16);
	manifest_init(&f->m);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	manifest_free(f->c, &f->m);
	cluster_free(f->c);
	free(f);
	return 0;
}

static int load(struct fixture *f, const char *yaml)
{
	return manifest_load_string(f->c, "t.yaml", yaml, strlen(yaml), &f->m, &f->err);
}

static void load_ok(struct fixture *f, const char *yaml)
{
	char msg[1024];

	if (load(f, yaml) != 0) {
		error_format(&f->err, msg, sizeof msg);
		fail_msg("load failed: %s", msg);
	}
}

/* The i-th object, which must be of kind. */
static void *object(struct fixture *f, uint32_t i, enum kind kind)
{
	assert_true(i < f->m.count);
	assert_int_equal(f->m.objects[i].kind, kind);
	return f->m.objects[i].obj;
}

/* Loads a manifest holding exactly one object of kind. */
static void *load_one(struct fixture *f, const char *yaml, enum kind kind)
{
	load_ok(f, yaml);
	assert_int_equal(f->m.count, 1);
	return object(f, 0, kind);
}

static void assert_fails(void **state, const char *yaml, const char *want)
{
	struct fixture *f = *state;
	char msg[1024];

	assert_int_equal(load(f, yaml), -1);
	error_format(&f->err, msg, sizeof msg);
	assert_string_equal(msg, want);
	assert_int_equal(f->m.count, 0);
}

static const char *str(struct fixture *f, uint32_t id)
{
	return cluster_str(f->c, id);
}

/* The value of key in a label set, or NULL. */
static const char *label(struct fixture *f, uint32_t set, const char *key)
{
	uint32_t k = strtab_lookup(f->c->strings, key);
	uint32_t v = k == NONE32 ? NONE32 : labels_value(f->c->labels, set, k);

	return v == NONE32 ? NULL : str(f, v);
}

static const struct podspec *spec_of(struct fixture *f, uint32_t id)
{
	assert_int_not_equal(id, 0);
	return cluster_spec(f->c, id);
}

/* ---------------------------------------------------------------- quantities */

static void quantity_milli_reads_cores_and_millicores(void **state)
{
	static const struct {
		const char *text;
		int64_t milli;
	} cases[] = {
		{ "100m", 100 },   { "1", 1000 },   { "0.5", 500 }, { "1.5", 1500 },
		{ "2", 2000 },     { "250m", 250 }, { ".1", 100 },  { "1e3", 1000000 },
		{ "1k", 1000000 }, { "0.0001", 1 }, { "+2", 2000 }, { "0", 0 },
		{ "1500u", 2 },    { "100n", 1 },   { "1E-3", 1 },  { "1.", 1000 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -1;

		if (quantity_parse_milli(cases[i].text, &v) != 0 || v != cases[i].milli)
			fail_msg("%s: got %lld, want %lld", cases[i].text, (long long)v,
				 (long long)cases[i].milli);
	}
}

static void quantity_bytes_reads_binary_and_decimal_suffixes(void **state)
{
	static const struct {
		const char *text;
		int64_t bytes;
	} cases[] = {
		{ "1Ki", 1024 },
		{ "200Mi", 200LL << 20 },
		{ "1Gi", 1LL << 30 },
		{ "1.5Gi", 3LL << 29 },
		{ "0.5Ki", 512 },
		{ "1G", 1000000000 },
		{ "64M", 64000000 },
		{ "1e3", 1000 },
		{ "1.1", 2 },
		{ "1m", 1 },
		{ "128974848", 128974848 },
		{ "7Ei", 7LL << 60 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t v = -1;

		if (quantity_parse(cases[i].text, &v) != 0 || v != cases[i].bytes)
			fail_msg("%s: got %lld, want %lld", cases[i].text, (long long)v,
				 (long long)cases[i].bytes);
	}
}

static void quantity_rejects_malformed_text_and_overflow(void **state)
{
	static const char *const bad[] = { "",     "1x",  "Mi",  ".",   "1.2.3", "1e",  "--1",
					   "1 Gi", "1ki", "1Gb", "8Ei", "1e30",  "0x10" };
	int64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (quantity_parse(bad[i], &v) == 0)
			fail_msg("\"%s\" parsed as %lld", bad[i], (long long)v);
}

static void quantity_format_picks_the_largest_exact_suffix(void **state)
{
	static const struct {
		int64_t bytes;
		const char *text;
	} cases[] = {
		{ 0, "0" },           { 1024, "1Ki" },         { 100LL << 20, "100Mi" },
		{ 1LL << 30, "1Gi" }, { 3LL << 29, "1536Mi" }, { 1500, "1500" },
		{ 2000, "2k" },       { 64000000, "64M" },     { 10LL << 40, "10Ti" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		quantity_format_bytes(cases[i].bytes, buf, sizeof buf);
		assert_string_equal(buf, cases[i].text);
	}
}

/* ---------------------------------------------------------------- seeds */

static const char seed_daemonset[] = "apiVersion: apps/v1\n"
				     "kind: DaemonSet\n"
				     "metadata:\n"
				     "  name: daemonset-1\n"
				     "spec:\n"
				     "  selector: # selector\n"
				     "    matchLabels:\n"
				     "      type: app\n"
				     "  template:\n"
				     "    metadata:\n"
				     "      labels:\n"
				     "        type: app\n"
				     "    spec:\n"
				     "      nodeSelector:\n"
				     "        os: centos\n"
				     "      containers:\n"
				     "        - name: container\n"
				     "          image: kubetm/app\n"
				     "          ports:\n"
				     "            - containerPort: 8080\n"
				     "              hostPort: 18080\n";

static void seed_daemonset_keeps_host_port_and_node_selector(void **state)
{
	struct fixture *f = *state;
	struct daemonset *ds = load_one(f, seed_daemonset, KIND_DS);
	const struct podspec *s = spec_of(f, ds->tpl.spec);

	assert_string_equal(str(f, ds->meta.name), "daemonset-1");
	assert_string_equal(str(f, ds->meta.ns), "default");
	assert_string_equal(label(f, ds->sel.match_labels, "type"), "app");
	assert_string_equal(label(f, ds->tpl.labels, "type"), "app");
	assert_string_equal(label(f, s->node_selector, "os"), "centos");
	assert_int_equal(s->ncontainers, 1);
	assert_string_equal(str(f, s->containers[0].image), "kubetm/app");
	assert_int_equal(s->containers[0].nports, 1);
	assert_int_equal(s->containers[0].ports[0].container_port, 8080);
	assert_int_equal(s->containers[0].ports[0].host_port, 18080);
	assert_string_equal(str(f, s->containers[0].ports[0].protocol), "TCP");
}

static const char seed_job[] = "apiVersion: batch/v1\n"
			       "kind: Job\n"
			       "metadata:\n"
			       "  name: job-1\n"
			       "spec:\n"
			       "  completions: 6\n"
			       "  parallelism: 2\n"
			       "  activeDeadlineSeconds: 30\n"
			       "  template:\n"
			       "    spec:\n"
			       "      restartPolicy: Never\n"
			       "      containers:\n"
			       "        - name: container\n"
			       "          image: kubetm/init\n";

static void seed_job_keeps_completions_parallelism_and_deadline(void **state)
{
	struct fixture *f = *state;
	struct job *job = load_one(f, seed_job, KIND_JOB);

	assert_int_equal(job->spec.completions, 6);
	assert_int_equal(job->spec.parallelism, 2);
	assert_int_equal(job->spec.active_deadline_s, 30);
	assert_int_equal(job->spec.backoff_limit, 6);
	assert_int_equal(job->spec.ttl_s, -1);
	assert_false(job->spec.manual_selector);
	assert_true(selector_empty(&job->spec.sel));
	assert_int_equal(spec_of(f, job->spec.tpl.spec)->restart_policy, RESTART_NEVER);
}

static void job_template_gets_job_name_labels(void **state)
{
	struct fixture *f = *state;
	struct job *job = load_one(f, seed_job, KIND_JOB);

	assert_string_equal(label(f, job->spec.tpl.labels, "job-name"), "job-1");
	assert_string_equal(label(f, job->spec.tpl.labels, "batch.kubernetes.io/job-name"), "job-1");
	/* Labels need the uid, which only apply knows. */
	assert_null(label(f, job->spec.tpl.labels, "controller-uid"));
	assert_int_equal(job->meta.labels, job->spec.tpl.labels);
}

static const char seed_cronjob[] = "apiVersion: batch/v1\n"
				   "kind: CronJob\n"
				   "metadata:\n"
				   "  name: testcron\n"
				   "spec:\n"
				   "  schedule: \"*/1 * * * * \" # by 1min\n"
				   "  jobTemplate: #work\n"
				   "    spec:\n"
				   "      template:\n"
				   "        spec:\n"
				   "          restartPolicy: Never\n"
				   "          containers:\n"
				   "          - name: tesstcronctn\n"
				   "            image: busybox\n"
				   "            args: [\"sh\",\"-c\",\"date\"]\n";

static void seed_cronjob_keeps_schedule_as_written(void **state)
{
	struct fixture *f = *state;
	struct cronjob *cj = load_one(f, seed_cronjob, KIND_CRONJOB);
	const struct podspec *s = spec_of(f, cj->job.tpl.spec);

	assert_string_equal(cj->schedule, "*/1 * * * * ");
	assert_int_equal(s->containers[0].nargs, 3);
	assert_string_equal(str(f, s->containers[0].args[2]), "date");
	assert_int_equal(cj->job.completions, 1);
	assert_int_equal(cj->job.parallelism, 1);
}

static const char seed_statefulset[] = "apiVersion: v1\n"
				       "kind: PersistentVolume\n"
				       "metadata:\n"
				       "  name: nfs-pv\n"
				       "spec:\n"
				       "  capacity:\n"
				       "    storage: 100Mi\n"
				       "  accessModes:\n"
				       "    - ReadWriteMany\n"
				       "  nfs:\n"
				       "    server: 211.183.3.100\n"
				       "    path: /shared\n"
				       "---\n"
				       "apiVersion: v1\n"
				       "kind: PersistentVolumeClaim\n"
				       "metadata:\n"
				       "  name: nfs-pvc\n"
				       "spec:\n"
				       "  accessModes:\n"
				       "    - ReadWriteMany\n"
				       "  resources:\n"
				       "    requests:\n"
				       "      storage: 10Mi\n"
				       "---\n"
				       "apiVersion: apps/v1\n"
				       "kind: StatefulSet\n"
				       "metadata:\n"
				       "  name: web\n"
				       "spec:\n"
				       "  replicas: 3\n"
				       "  serviceName: nginx # cluster-ip: none\n"
				       "  selector:\n"
				       "    matchLabels:\n"
				       "      app: nginx\n"
				       "  template:    # Pod\n"
				       "    metadata:\n"
				       "      labels:\n"
				       "        app: nginx\n"
				       "    spec:\n"
				       "      containers:\n"
				       "      - name: nginx\n"
				       "        image: nginx\n"
				       "        volumeMounts:\n"
				       "        - name: nfs-vol\n"
				       "          mountPath: /usr/share/nginx/html\n"
				       "      volumes:\n"
				       "      - name: nfs-vol\n"
				       "        persistentVolumeClaim:\n"
				       "          claimName: nfs-pvc\n"
				       "---\n"
				       "apiVersion: v1\n"
				       "kind: Service\n"
				       "metadata:\n"
				       "  name: nginx\n"
				       "spec:\n"
				       "  selector:\n"
				       "    app: nginx\n"
				       "  ports:\n"
				       "    - port: 80\n"
				       "  clusterIP: None\n";

static void seed_statefulset_service_and_volumes_load_in_order(void **state)
{
	struct fixture *f = *state;
	struct pv *pv;
	struct pvc *pvc;
	struct statefulset *sts;
	struct service *svc;

	load_ok(f, seed_statefulset);
	assert_int_equal(f->m.count, 4);
	pv = object(f, 0, KIND_PV);
	pvc = object(f, 1, KIND_PVC);
	sts = object(f, 2, KIND_STS);
	svc = object(f, 3, KIND_SVC);
	assert_int_equal(pv->capacity_bytes, 100LL << 20);
	assert_int_equal(pv->access_modes, ACCESS_RWX);
	assert_int_equal(pv->meta.ns, 0);
	assert_int_equal(pvc->request_bytes, 10LL << 20);
	assert_int_equal(sts->replicas, 3);
	assert_string_equal(str(f, sts->service_name), "nginx");
	assert_int_equal(spec_of(f, sts->tpl.spec)->nvolumes, 1);
	assert_string_equal(str(f, spec_of(f, sts->tpl.spec)->volumes[0].name), "nfs-vol");
	assert_string_equal(str(f, volume_claim(&spec_of(f, sts->tpl.spec)->volumes[0])), "nfs-pvc");
	assert_true(svc->headless);
	assert_true(svc->has_selector);
	assert_int_equal(f->m.objects[2].line, 25);
	assert_int_equal(f->m.objects[2].col, 1);
}

/* ---------------------------------------------------------------- documents */

static void empty_documents_between_separators_are_skipped(void **state)
{
	struct fixture *f = *state;

	load_ok(f, "---\n---\n# only a comment\n---\n"
		   "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n---\n---\n");
	assert_int_equal(f->m.count, 1);
}

static void namespace_document_becomes_a_name_id(void **state)
{
	struct fixture *f = *state;
	uint32_t *name = load_one(f, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n",
				  KIND_NONE);

	assert_string_equal(str(f, *name), "team-a");
}

static const char list_yaml[] = "apiVersion: v1\n"
				"kind: List\n"
				"items:\n"
				"  - apiVersion: v1\n"
				"    kind: Namespace\n"
				"    metadata:\n"
				"      name: team-a\n"
				"  - apiVersion: v1\n"
				"    kind: Pod\n"
				"    metadata:\n"
				"      name: web\n"
				"      namespace: team-a\n"
				"    spec:\n"
				"      containers:\n"
				"        - name: nginx\n"
				"          image: nginx\n";

static void list_items_become_objects(void **state)
{
	struct fixture *f = *state;
	struct pod *pod;

	load_ok(f, list_yaml);
	assert_int_equal(f->m.count, 2);
	object(f, 0, KIND_NONE);
	pod = object(f, 1, KIND_POD);
	assert_string_equal(str(f, pod->meta.ns), "team-a");
	assert_int_equal(f->m.objects[1].line, 8);
	assert_int_equal(f->m.objects[1].col, 5);
}

static void error_inside_a_list_item_names_the_item(void **state)
{
	assert_fails(state,
		     "apiVersion: v1\n"
		     "kind: List\n"
		     "items:\n"
		     "  - apiVersion: v1\n"
		     "    kind: Pod\n"
		     "    metadata:\n"
		     "      name: web\n"
		     "    spec:\n"
		     "      containers:\n"
		     "        - name: nginx\n"
		     "          image: [nginx]\n",
		     "t.yaml:11:18: items[0].spec.containers[0].image: expected a string, got a list");
}

static const char scenario_yaml[] = "apiVersion: ksim.io/v1alpha1\n"
				    "kind: Scenario\n"
				    "metadata:\n"
				    "  name: demo\n"
				    "---\n"
				    "apiVersion: v1\n"
				    "kind: Namespace\n"
				    "metadata:\n"
				    "  name: team-a\n";

static void scenario_document_is_recorded_when_allowed(void **state)
{
	struct fixture *f = *state;

	f->m.allow_scenario = true;
	load_ok(f, scenario_yaml);
	assert_int_equal(f->m.count, 1);
	assert_string_equal(f->m.scenario.file, "t.yaml");
	assert_int_equal(f->m.scenario.line, 1);
	assert_int_equal(f->m.scenario.doc, 0);
}

static void scenario_document_is_refused_in_plain_manifests(void **state)
{
	assert_fails(
	    state, scenario_yaml,
	    "t.yaml:2:7: kind: a Scenario belongs in a demo file: run it with ksim run, ksim test or ksim play");
}

static void failed_load_leaves_the_manifest_as_it_was(void **state)
{
	struct fixture *f = *state;

	load_ok(f, seed_job);
	assert_int_equal(load(f, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n"
				 "  completionz: 1\n---\napiVersion: v1\nkind: Nope\n"),
			 -1);
	assert_int_equal(f->m.count, 1);
	assert_string_equal(f->m.warnings.data, "");
}

/* ---------------------------------------------------------------- defaults */

static const char pod_yaml[] = "apiVersion: v1\n"
			       "kind: Pod\n"
			       "metadata:\n"
			       "  name: web\n"
			       "spec:\n"
			       "  containers:\n"
			       "    - name: nginx\n"
			       "      image: nginx\n"
			       "      ports:\n"
			       "        - containerPort: 80\n";

static void pod_gets_the_api_server_defaults(void **state)
{
	struct fixture *f = *state;
	struct pod *pod = load_one(f, pod_yaml, KIND_POD);
	const struct podspec *s = spec_of(f, pod->spec);

	assert_string_equal(str(f, pod->meta.ns), "default");
	assert_int_equal(pod->meta.owner_kind, KIND_NONE);
	assert_int_equal(pod->node, NONE32);
	assert_int_equal(s->restart_policy, RESTART_ALWAYS);
	assert_int_equal(s->grace_s, 30);
	assert_int_equal(s->active_deadline_s, -1);
	assert_int_equal(s->containers[0].ports[0].host_port, 0);
	assert_int_equal(s->requests.cpu_milli, 0);
}

static void requests_default_to_limits_and_sum_over_containers(void **state)
{
	struct fixture *f = *state;
	struct pod *pod = load_one(
	    f,
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n"
	    "  containers:\n"
	    "    - name: a\n      image: busybox\n"
	    "      resources:\n        limits:\n          cpu: 100m\n          memory: 200Mi\n"
	    "    - name: b\n      image: busybox\n"
	    "      resources:\n        requests:\n          cpu: \"0.5\"\n"
	    "        limits:\n          cpu: 1\n",
	    KIND_POD);
	const struct podspec *s = spec_of(f, pod->spec);

	assert_int_equal(s->containers[0].requests.cpu_milli, 100);
	assert_int_equal(s->containers[0].requests.mem_bytes, 200LL << 20);
	assert_int_equal(s->containers[1].requests.cpu_milli, 500);
	assert_int_equal(s->containers[1].limits.cpu_milli, 1000);
	assert_int_equal(s->requests.cpu_milli, 600);
	assert_int_equal(s->requests.mem_bytes, 200LL << 20);
}

static const char rs_yaml[] = "apiVersion: apps/v1\n"
			      "kind: ReplicaSet\n"
			      "metadata:\n"
			      "  name: web\n"
			      "spec:\n"
			      "  selector:\n"
			      "    matchExpressions:\n"
			      "      - {key: tier, operator: In, values: [front, edge]}\n"
			      "  template:\n"
			      "    metadata:\n"
			      "      labels:\n"
			      "        tier: front\n"
			      "    spec:\n"
			      "      containers:\n"
			      "        - name: nginx\n"
			      "          image: nginx\n";

static void replicaset_defaults_to_one_replica(void **state)
{
	struct fixture *f = *state;
	struct replicaset *rs = load_one(f, rs_yaml, KIND_RS);

	assert_int_equal(rs->replicas, 1);
	assert_int_equal(rs->sel.nreqs, 1);
	assert_int_equal(rs->sel.reqs[0].op, SEL_IN);
	assert_int_equal(rs->sel.reqs[0].nvalues, 2);
	assert_string_equal(str(f, rs->sel.reqs[0].values[1]), "edge");
}

static void replication_controller_selector_defaults_to_template_labels(void **state)
{
	struct fixture *f = *state;
	struct replicaset *rc = load_one(
	    f,
	    "apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: web\n"
	    "spec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n"
	    "        app: web\n    spec:\n      containers:\n"
	    "        - name: nginx\n          image: nginx\n",
	    KIND_RC);

	assert_int_equal(rc->replicas, 2);
	assert_int_equal(rc->sel.match_labels, rc->tpl.labels);
	assert_int_equal(rc->meta.labels, rc->tpl.labels);
	assert_string_equal(label(f, rc->sel.match_labels, "app"), "web");
}

static void removed_extensions_daemonset_is_refused_naming_apps_v1(void **state)
{
	assert_fails(state,
		     "apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n"
		     "  name: agent\nspec:\n  template:\n    metadata:\n      labels:\n"
		     "        app: agent\n    spec:\n      containers:\n"
		     "        - name: agent\n          image: busybox\n",
		     "t.yaml:1:13: apiVersion: no matches for kind \"DaemonSet\" in version"
		     " \"extensions/v1beta1\": extensions/v1beta1 DaemonSet was removed in"
		     " Kubernetes 1.16; use apiVersion: apps/v1");
}

static void removed_cronjob_v1beta1_is_refused_naming_batch_v1(void **state)
{
	static const char cronjob_v1beta1[] =
	    "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\n"
	    "spec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n"
	    "        spec:\n          restartPolicy: Never\n"
	    "          containers: [{name: c, image: busybox}]\n";

	assert_fails(state, cronjob_v1beta1,
		     "t.yaml:1:13: apiVersion: no matches for kind \"CronJob\" in version"
		     " \"batch/v1beta1\": batch/v1beta1 CronJob was removed in Kubernetes 1.25;"
		     " use apiVersion: batch/v1");
}

static const char job_parallel_yaml[] = "apiVersion: batch/v1\n"
					"kind: Job\n"
					"metadata:\n"
					"  name: queue\n"
					"spec:\n"
					"  parallelism: 3\n"
					"  template:\n"
					"    spec:\n"
					"      restartPolicy: OnFailure\n"
					"      containers:\n"
					"        - name: worker\n"
					"          image: busybox\n";

static void job_with_only_parallelism_leaves_completions_unset(void **state)
{
	struct fixture *f = *state;
	struct job *job = load_one(f, job_parallel_yaml, KIND_JOB);

	assert_int_equal(job->spec.completions, -1);
	assert_int_equal(job->spec.parallelism, 3);
	assert_int_equal(job->spec.active_deadline_s, -1);
}

static void cronjob_gets_history_limits_and_allow_policy(void **state)
{
	struct fixture *f = *state;
	struct cronjob *cj = load_one(f, seed_cronjob, KIND_CRONJOB);

	assert_int_equal(cj->concurrency, CONCURRENCY_ALLOW);
	assert_false(cj->suspend);
	assert_int_equal(cj->success_history, 3);
	assert_int_equal(cj->failed_history, 1);
	assert_int_equal(cj->starting_deadline_s, -1);
	assert_int_equal(cj->time_zone, 0);
	assert_int_equal(cj->job.backoff_limit, 6);
}

static void daemonset_defaults_to_rolling_update_of_one(void **state)
{
	struct fixture *f = *state;
	struct daemonset *ds = load_one(f, seed_daemonset, KIND_DS);

	assert_int_equal(ds->strategy, DS_ROLLING_UPDATE);
	assert_int_equal(ds->max_unavailable, 1);
	assert_false(ds->max_unavailable_pct);
	assert_int_equal(ds->max_surge, 0);
}

static void daemonset_reads_percent_max_unavailable(void **state)
{
	struct fixture *f = *state;
	struct daemonset *ds;

	load_ok(f, "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: a\nspec:\n"
		   "  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 25%\n"
		   "  selector:\n    matchLabels: {app: a}\n"
		   "  template:\n    metadata:\n      labels: {app: a}\n"
		   "    spec:\n      containers: [{name: a, image: busybox}]\n");
	ds = object(f, 0, KIND_DS);
	assert_int_equal(ds->max_unavailable, 25);
	assert_true(ds->max_unavailable_pct);
}

static void statefulset_defaults_and_claim_templates(void **state)
{
	struct fixture *f = *state;
	struct statefulset *sts = load_one(
	    f,
	    "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n"
	    "spec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n"
	    "  template:\n    metadata:\n      labels: {app: db}\n"
	    "    spec:\n      containers: [{name: pg, image: postgres}]\n"
	    "  volumeClaimTemplates:\n"
	    "    - metadata:\n        name: data\n"
	    "      spec:\n        accessModes: [ReadWriteOnce]\n"
	    "        storageClassName: fast\n"
	    "        resources:\n          requests:\n            storage: 1Gi\n",
	    KIND_STS);

	assert_int_equal(sts->replicas, 1);
	assert_int_equal(sts->pod_management, PODS_ORDERED_READY);
	assert_int_equal(sts->strategy, STS_ROLLING_UPDATE);
	assert_int_equal(sts->partition, 0);
	assert_false(sts->delete_claims_when_deleted);
	assert_false(sts->delete_claims_when_scaled);
	assert_int_equal(sts->nclaims, 1);
	assert_string_equal(str(f, sts->claims[0].name), "data");
	assert_string_equal(str(f, sts->claims[0].storage_class), "fast");
	assert_int_equal(sts->claims[0].access_modes, ACCESS_RWO);
	assert_int_equal(sts->claims[0].request_bytes, 1LL << 30);
}

static void service_defaults_protocol_type_and_target_port(void **state)
{
	struct fixture *f = *state;
	struct service *svc = load_one(
	    f,
	    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n"
	    "  type: NodePort\n  clusterIP: 10.96.0.42\n  externalTrafficPolicy: Local\n"
	    "  selector: {app: web}\n  ports:\n"
	    "    - port: 80\n      nodePort: 30080\n"
	    "    - name: admin\n      port: 8443\n      targetPort: https\n"
	    "      protocol: UDP\n",
	    KIND_SVC);

	assert_int_equal(svc->type, SVC_NODE_PORT);
	assert_false(svc->headless);
	assert_true(svc->local_traffic);
	assert_int_equal(svc->cluster_ip, (10u << 24) | (96u << 16) | 42u);
	assert_int_equal(svc->nports, 2);
	assert_string_equal(str(f, svc->ports[0].protocol), "TCP");
	assert_int_equal(svc->ports[0].target_port, 80);
	assert_int_equal(svc->ports[0].node_port, 30080);
	assert_int_equal(svc->ports[1].target_port, 0);
	assert_string_equal(str(f, svc->ports[1].target_port_name), "https");
	assert_string_equal(str(f, svc->ports[1].protocol), "UDP");
}

static void service_without_selector_selects_nothing(void **state)
{
	struct fixture *f = *state;
	struct service *svc = load_one(f,
				       "apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n"
				       "  ports: [{port: 5432}]\n",
				       KIND_SVC);

	assert_int_equal(svc->type, SVC_CLUSTER_IP);
	assert_false(svc->has_selector);
}

static void pv_defaults_to_retain_and_pvc_to_no_class(void **state)
{
	struct fixture *f = *state;
	struct pv *pv;
	struct pvc *pvc;

	load_ok(f, seed_statefulset);
	pv = object(f, 0, KIND_PV);
	pvc = object(f, 1, KIND_PVC);
	assert_int_equal(pv->reclaim, RECLAIM_RETAIN);
	assert_int_equal(pvc->storage_class, NONE32);
	assert_int_equal(pvc->volume, 0);
	assert_string_equal(str(f, pvc->meta.ns), "default");
}

static void node_defaults_capacity_and_well_known_labels(void **state)
{
	struct fixture *f = *state;
	struct node *n = load_one(f,
				  "apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-1\n"
				  "  labels:\n    kubernetes.io/arch: arm64\n"
				  "spec:\n  unschedulable: true\n  taints:\n"
				  "    - {key: dedicated, value: gpu, effect: NoSchedule}\n",
				  KIND_NODE);

	assert_int_equal(n->meta.ns, 0);
	assert_int_equal(n->capacity.cpu_milli, 2000);
	assert_int_equal(n->capacity.mem_bytes, 4LL << 30);
	assert_int_equal(n->allocatable.mem_bytes, 4LL << 30);
	assert_int_equal(n->max_pods, 110);
	assert_true(n->unschedulable);
	assert_string_equal(label(f, n->meta.labels, "kubernetes.io/hostname"), "worker-1");
	assert_string_equal(label(f, n->meta.labels, "kubernetes.io/os"), "linux");
	assert_string_equal(label(f, n->meta.labels, "kubernetes.io/arch"), "arm64");
	assert_int_equal(n->ntaints, 1);
	assert_int_equal(n->taints[0].effect, EFFECT_NO_SCHEDULE);
	assert_string_equal(str(f, n->taints[0].value), "gpu");
}

static void node_status_sets_capacity_and_allocatable(void **state)
{
	struct fixture *f = *state;
	struct node *n = load_one(f,
				  "apiVersion: v1\nkind: Node\nmetadata:\n  name: big\nstatus:\n"
				  "  capacity: {cpu: 8, memory: 32Gi, pods: 250}\n"
				  "  allocatable: {cpu: 7500m}\n",
				  KIND_NODE);

	assert_int_equal(n->capacity.cpu_milli, 8000);
	assert_int_equal(n->allocatable.cpu_milli, 7500);
	assert_int_equal(n->allocatable.mem_bytes, 32LL << 30);
	assert_int_equal(n->max_pods, 250);
}

static void pod_spec_reads_affinity_tolerations_and_scheduling_fields(void **state)
{
	struct fixture *f = *state;
	struct pod *pod = load_one(
	    f,
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
	    "  hostname: p-0\n  subdomain: svc\n  terminationGracePeriodSeconds: 0\n"
	    "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n"
	    "        nodeSelectorTerms:\n"
	    "          - matchExpressions:\n"
	    "              - {key: disk, operator: Exists}\n"
	    "              - {key: cores, operator: Gt, values: [\"4\"]}\n"
	    "            matchFields:\n"
	    "              - {key: metadata.name, operator: In, values: [node-2]}\n"
	    "  tolerations:\n"
	    "    - {operator: Exists}\n"
	    "    - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute,"
	    " tolerationSeconds: 60}\n"
	    "  containers:\n    - name: c\n      image: busybox\n"
	    "      command: [sleep]\n      args: [\"3600\"]\n",
	    KIND_POD);
	const struct podspec *s = spec_of(f, pod->spec);

	assert_string_equal(str(f, s->hostname), "p-0");
	assert_string_equal(str(f, s->subdomain), "svc");
	assert_int_equal(s->grace_s, 0);
	assert_int_equal(s->nterms, 1);
	assert_int_equal(s->terms[0].nreqs, 2);
	assert_int_equal(s->terms[0].reqs[1].op, SEL_GT);
	assert_int_equal(s->terms[0].nfields, 1);
	assert_string_equal(str(f, s->terms[0].fields[0].values[0]), "node-2");
	assert_int_equal(s->ntolerations, 2);
	assert_int_equal(s->tolerations[0].key, 0);
	assert_int_equal(s->tolerations[0].op, TOL_EXISTS);
	assert_int_equal(s->tolerations[0].effect, EFFECT_ALL);
	assert_int_equal(s->tolerations[0].seconds, -1);
	assert_int_equal(s->tolerations[1].seconds, 60);
	assert_string_equal(str(f, s->containers[0].command[0]), "sleep");
	assert_string_equal(str(f, s->containers[0].args[0]), "3600");
}

static void endpoints_keep_ready_and_not_ready_addresses(void **state)
{
	struct fixture *f = *state;
	struct endpoints *ep = load_one(
	    f,
	    "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: db\nsubsets:\n"
	    "  - addresses: [{ip: 10.0.0.5, nodeName: n1}]\n"
	    "    notReadyAddresses: [{ip: 10.0.0.6, hostname: db-1}]\n"
	    "    ports: [{port: 5432}]\n",
	    KIND_EP);

	assert_int_equal(ep->naddrs, 2);
	assert_true(ep->addrs[0].ready);
	assert_int_equal(ep->addrs[0].ip, (10u << 24) | 5u);
	assert_string_equal(str(f, ep->addrs[0].node), "n1");
	assert_int_equal(ep->addrs[0].pod.idx, NONE32);
	assert_false(ep->addrs[1].ready);
	assert_string_equal(str(f, ep->addrs[1].hostname), "db-1");
}

/* ---------------------------------------------------------------- warnings */

#define TYPO_JOB                                                            \
	"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n"        \
	"  completionz: 6\n  replcias: 2\n"                                       \
	"  template:\n    spec:\n      restartPolicy: Never\n"                   \
	"      containers: [{name: c, image: busybox, imagePullPolicy: Always}]\n"

/* The message of the load error f->err holds. */
static const char *load_error(struct fixture *f)
{
	static char msg[1024];

	error_format(&f->err, msg, sizeof msg);
	return msg;
}

static void strict_validation_refuses_a_typo_with_its_place_and_a_hint(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load(f, TYPO_JOB), -1);
	assert_string_equal(load_error(f), "t.yaml:6:3: spec.completionz: strict decoding error: "
					   "unknown field \"spec.completionz\" (did you mean "
					   "\"completions\"?)");
	assert_int_equal(f->m.count, 0);
}

static void warn_validation_accepts_unknown_fields_with_a_warning_each(void **state)
{
	struct fixture *f = *state;

	f->m.validation = MANIFEST_WARN;
	load_ok(f, TYPO_JOB);
	assert_string_equal(
	    f->m.warnings.data,
	    "t.yaml:6:3: spec.completionz: unknown field (did you mean \"completions\"?)\n"
	    "t.yaml:7:3: spec.replcias: unknown field\n");
}

static void ignore_validation_accepts_unknown_fields_quietly(void **state)
{
	struct fixture *f = *state;

	f->m.validation = MANIFEST_IGNORE;
	load_ok(f, TYPO_JOB);
	assert_string_equal(f->m.warnings.data, "");
	assert_int_equal(f->m.count, 1);
}

static void validate_flag_takes_kubectl_spellings(void **state)
{
	enum manifest_validation v = MANIFEST_WARN;

	(void)state;
	assert_int_equal(manifest_validation_parse("true", &v), 0);
	assert_int_equal(v, MANIFEST_STRICT);
	assert_int_equal(manifest_validation_parse("warn", &v), 0);
	assert_int_equal(v, MANIFEST_WARN);
	assert_int_equal(manifest_validation_parse("False", &v), 0);
	assert_int_equal(v, MANIFEST_IGNORE);
	assert_int_equal(manifest_validation_parse("ignore", &v), 0);
	assert_int_equal(v, MANIFEST_IGNORE);
	assert_int_equal(manifest_validation_parse("yes", &v), -1);
}

static void persistent_volume_sources_pass_quietly_and_their_typos_get_a_hint(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load(f, "apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv\n"
				 "spec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n"
				 "  csi: {driver: d, volumeHandle: h}\n  scaleio: {}\n"),
			 -1);
	assert_string_equal(load_error(f), "t.yaml:9:3: spec.scaleio: strict decoding error: "
					   "unknown field \"spec.scaleio\" (did you mean "
					   "\"scaleIO\"?)");
}

static void pod_volume_sources_ksim_does_not_keep_are_known_fields(void **state)
{
	struct fixture *f = *state;

	load_ok(f, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
		   "  containers: [{name: c, image: busybox}]\n"
		   "  volumes:\n  - name: info\n    downwardAPI: {items: []}\n"
		   "  - name: token\n    projected: {sources: []}\n");
	assert_string_equal(f->m.warnings.data, "");
}

static void unknown_fields_far_from_known_ones_are_refused_too(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load(f, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
				 "spec:\n  containers:\n    - name: c\n      image: busybox\n"
				 "      x-custom-thing: 1\n"),
			 -1);
	assert_string_equal(load_error(f), "t.yaml:9:7: spec.containers[0].x-custom-thing: strict "
					   "decoding error: unknown field "
					   "\"spec.containers[0].x-custom-thing\"");
}

static void resource_lists_take_any_resource_name(void **state)
{
	struct fixture *f = *state;

	load_ok(f, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: b}\n"
		   "spec:\n  containers:\n    - name: c\n      image: busybox\n"
		   "      resources: {limits: {nvidia.com/gpu: 1, hugepages-2Mi: 1Gi}}\n"
		   "  priorityClassName: high\n");
	assert_string_equal(f->m.warnings.data, "");
}

#define ENV_POD(entries)                                                        \
	"apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n"              \
	"  containers:\n    - name: a\n      image: busybox\n      env:\n" entries

static void env_keeps_literal_values_and_each_value_from_source(void **state)
{
	struct fixture *f = *state;
	struct pod *pod = load_one(f,
				   ENV_POD("        - name: GREETING\n          value: hello\n"
					   "        - name: EMPTY\n"
					   "        - name: POD\n          valueFrom:\n"
					   "            fieldRef: {fieldPath: metadata.name}\n"
					   "        - name: MEM\n          valueFrom:\n"
					   "            resourceFieldRef: {resource: limits.memory, "
					   "divisor: 1Mi, containerName: a}\n"
					   "        - name: LEVEL\n          valueFrom:\n"
					   "            configMapKeyRef: {name: cfg, key: level}\n"
					   "        - name: PASS\n          valueFrom:\n"
					   "            secretKeyRef: {name: db, key: pw, optional: true}\n"),
				   KIND_POD);
	const struct container *k = &spec_of(f, pod->spec)->containers[0];

	assert_int_equal(k->nenv, 6);
	assert_string_equal(str(f, k->env[0].name), "GREETING");
	assert_int_equal(k->env[0].source, ENV_VALUE);
	assert_string_equal(str(f, k->env[0].value), "hello");
	assert_int_equal(k->env[1].source, ENV_VALUE);
	assert_int_equal(k->env[1].value, 0);
	assert_int_equal(k->env[2].source, ENV_FIELD_REF);
	assert_string_equal(str(f, k->env[2].path), "metadata.name");
	assert_string_equal(str(f, k->env[2].api_version), "v1");
	assert_int_equal(k->env[3].source, ENV_RESOURCE_REF);
	assert_string_equal(str(f, k->env[3].path), "limits.memory");
	assert_string_equal(str(f, k->env[3].divisor), "1Mi");
	assert_string_equal(str(f, k->env[3].object), "a");
	assert_int_equal(k->env[4].source, ENV_CONFIG_MAP_KEY);
	assert_string_equal(str(f, k->env[4].object), "cfg");
	assert_string_equal(str(f, k->env[4].path), "level");
	assert_int_equal(k->env[4].optional, ENV_OPTIONAL_UNSET);
	assert_int_equal(k->env[5].source, ENV_SECRET_KEY);
	assert_int_equal(k->env[5].optional, ENV_OPTIONAL_TRUE);
}

static void env_changes_the_template_hash(void **state)
{
	struct fixture *f = *state;
	static const char head[] =
	    "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: %s\nspec:\n"
	    "  selector: {matchLabels: {app: a}}\n  template:\n    metadata:\n"
	    "      labels: {app: a}\n    spec:\n      containers:\n"
	    "      - name: a\n        image: busybox\n%s---\n";
	char yaml[2048];
	int n = snprintf(yaml, sizeof yaml, head, "plain", "");
	struct replicaset *rs[3];

	n += snprintf(yaml + n, sizeof yaml - (size_t)n, head, "one",
		      "        env: [{name: A, value: x}]\n");
	snprintf(yaml + n, sizeof yaml - (size_t)n, head, "other",
		 "        env: [{name: A, value: z}]\n");
	load_ok(f, yaml);
	for (uint32_t i = 0; i < 3; i++)
		rs[i] = object(f, i, KIND_RS);
	assert_true(cluster_template_hash(f->c, &rs[0]->tpl) !=
		    cluster_template_hash(f->c, &rs[1]->tpl));
	assert_true(cluster_template_hash(f->c, &rs[1]->tpl) !=
		    cluster_template_hash(f->c, &rs[2]->tpl));
}

static void env_entry_without_name_is_refused(void **state)
{
	assert_fails(state, ENV_POD("        - value: x\n"),
		     "t.yaml:10:11: spec.containers[0].env[0].name: Required value");
}

static void env_value_from_takes_exactly_one_source(void **state)
{
	assert_fails(state, ENV_POD("        - name: A\n          valueFrom: {}\n"),
		     "t.yaml:11:22: spec.containers[0].env[0].valueFrom: Invalid value: \"\": must "
		     "specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
		     "`secretKeyRef`");
}

static void env_value_from_with_two_sources_is_refused(void **state)
{
	assert_fails(state,
		     ENV_POD("        - name: A\n          valueFrom:\n"
			     "            fieldRef: {fieldPath: metadata.name}\n"
			     "            secretKeyRef: {name: s, key: k}\n"),
		     "t.yaml:12:13: spec.containers[0].env[0].valueFrom: Invalid value: \"\": may "
		     "not have more than one field specified at a time");
}

static void env_value_and_value_from_are_exclusive(void **state)
{
	assert_fails(state,
		     ENV_POD("        - name: A\n          value: x\n          valueFrom:\n"
			     "            fieldRef: {fieldPath: metadata.name}\n"),
		     "t.yaml:13:13: spec.containers[0].env[0].valueFrom: Invalid value: \"\": may "
		     "not be specified when `value` is not empty");
}

static void env_field_path_must_be_one_the_api_supports(void **state)
{
	assert_fails(state,
		     ENV_POD("        - name: A\n          valueFrom:\n"
			     "            fieldRef: {fieldPath: spec.hostname}\n"),
		     "t.yaml:12:35: spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: "
		     "Unsupported value: \"spec.hostname\": supported values: \"metadata.name\", "
		     "\"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", "
		     "\"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", "
		     "\"status.podIP\", \"status.podIPs\"");
}

static void env_cpu_divisor_is_1m_or_1(void **state)
{
	assert_fails(state,
		     ENV_POD("        - name: A\n          valueFrom:\n"
			     "            resourceFieldRef: {resource: requests.cpu, divisor: 10m}\n"),
		     "t.yaml:12:65: spec.containers[0].env[0].valueFrom.resourceFieldRef.divisor: "
		     "Invalid value: \"10m\": only divisor's values 1m and 1 are supported with the "
		     "cpu resource");
}

/* ---------------------------------------------------------------- errors */

#define RS_HEAD "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web\nspec:\n"
#define TEMPLATE(labels)                                                    \
	"  template:\n    metadata:\n      labels: " labels "\n    spec:\n" \
	"      containers: [{name: c, image: busybox}]\n"

static void wrong_scalar_type_names_the_field_and_the_value(void **state)
{
	assert_fails(state, RS_HEAD "  replicas: three\n",
		     "t.yaml:6:13: spec.replicas: expected an integer, got \"three\"");
}

static void quoted_number_is_a_string_not_an_integer(void **state)
{
	assert_fails(state, RS_HEAD "  replicas: \"3\"\n",
		     "t.yaml:6:13: spec.replicas: expected an integer, got \"3\"");
}

static void number_where_a_string_belongs_must_be_quoted(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    version: 1.0\n",
	    "t.yaml:6:14: metadata.labels: expected a string, got 1.0 (quote it: \"1.0\")");
}

static void missing_name_is_required(void **state)
{
	assert_fails(state, "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {app: web}\n",
		     "t.yaml:4:3: metadata.name: Required value: name or generateName is required");
}

static void pod_without_containers_is_rejected(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  restartPolicy: Never\n",
	    "t.yaml:6:3: spec.containers: Required value");
}

static void workload_without_template_needs_containers(void **state)
{
	assert_fails(
	    state, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  completions: 2\n",
	    "t.yaml:6:3: spec.template.spec.containers: Required value");
}

static void container_without_image_is_rejected(void **state)
{
	assert_fails(state,
		     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
		     "    - name: c\n      command: [sleep]\n",
		     "t.yaml:7:7: spec.containers[0].image: Required value");
}

static void duplicate_container_names_are_rejected(void **state)
{
	assert_fails(state,
		     "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
		     "    - {name: c, image: a}\n    - {name: c, image: b}\n",
		     "t.yaml:8:14: spec.containers[1].name: Duplicate value: \"c\"");
}

static void unknown_kind_lists_what_ksim_reads(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n",
	    "t.yaml:2:7: kind: no matches for kind \"ServiceAccount\" in version \"v1\": ksim reads Pod, "
	    "Node, Service, Endpoints, PersistentVolume, PersistentVolumeClaim, ReplicationController, "
	    "Namespace, ReplicaSet, DaemonSet, StatefulSet, Deployment, Job, CronJob, ConfigMap, "
	    "Secret, and List");
}

#define DEPLOY_HEAD "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n"
#define DEPLOY_TAIL                                                                          \
	"  selector:\n    matchLabels: {app: d}\n"                                             \
	"  template:\n    metadata:\n      labels: {app: d}\n"                                 \
	"    spec:\n      containers: [{name: c, image: nginx}]\n"

static void deployment_gets_the_api_server_defaults(void **state)
{
	struct fixture *f = *state;
	struct deployment *d = load_one(f, DEPLOY_HEAD DEPLOY_TAIL, KIND_DEPLOY);

	assert_int_equal(d->replicas, 1);
	assert_int_equal(d->strategy, DEPLOY_ROLLING_UPDATE);
	assert_int_equal(d->max_surge, 25);
	assert_true(d->max_surge_pct);
	assert_int_equal(d->max_unavailable, 25);
	assert_true(d->max_unavailable_pct);
	assert_int_equal(d->history_limit, 10);
	assert_int_equal(d->progress_deadline_s, 600);
	assert_int_equal(d->min_ready_s, 0);
}

static void deployment_with_both_budgets_zero_is_invalid(void **state)
{
	assert_fails(state,
		     DEPLOY_HEAD "  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n"
				 DEPLOY_TAIL,
		     "t.yaml:7:50: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may "
		     "not be 0 when `maxSurge` is 0");
}

static void deployment_recreate_refuses_rolling_update(void **state)
{
	assert_fails(state,
		     DEPLOY_HEAD "  strategy:\n    type: Recreate\n    rollingUpdate: {maxSurge: 1}\n"
				 DEPLOY_TAIL,
		     "t.yaml:8:20: spec.strategy.rollingUpdate: Forbidden: may not be specified when "
		     "strategy `type` is 'Recreate'");
}

static void deployment_in_extensions_v1beta1_is_no_match(void **state)
{
	assert_fails(state,
		     "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: d\n",
		     "t.yaml:1:13: apiVersion: no matches for kind \"Deployment\" in version "
		     "\"extensions/v1beta1\": extensions/v1beta1 Deployment was removed in "
		     "Kubernetes 1.16; use apiVersion: apps/v1");
}

static void kind_in_the_wrong_api_version_is_rejected(void **state)
{
	assert_fails(state, "apiVersion: batch/v1\nkind: ReplicaSet\nmetadata:\n  name: r\n",
		     "t.yaml:1:13: apiVersion: no matches for kind \"ReplicaSet\" in version \"batch/v1\" "
		     "(ksim reads ReplicaSet as apps/v1)");
}

static void missing_kind_is_required(void **state)
{
	assert_fails(state, "apiVersion: v1\nmetadata:\n  name: r\n",
		     "t.yaml:1:1: kind: Required value: every object needs apiVersion and kind");
}

static void selector_must_match_template_labels(void **state)
{
	assert_fails(
	    state, RS_HEAD "  selector:\n    matchLabels: {app: web}\n" TEMPLATE("{app: api}"),
	    "t.yaml:10:15: spec.template.metadata.labels: Invalid value: "
	    "map[string]string{\"app\":\"api\"}: `selector` does not match template `labels`");
}

static void empty_selector_is_invalid(void **state)
{
	assert_fails(
	    state, RS_HEAD "  selector: {}\n" TEMPLATE("{app: api}"),
	    "t.yaml:6:13: spec.selector: Invalid value: {}: empty selector is invalid for deployment");
}

static void apps_v1_requires_a_selector(void **state)
{
	assert_fails(state, RS_HEAD TEMPLATE("{app: api}"),
		     "t.yaml:6:3: spec.selector: Required value");
}

static void replicaset_template_must_restart_always(void **state)
{
	assert_fails(
	    state,
	    RS_HEAD "  selector:\n    matchLabels: {app: web}\n"
		    "  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
		    "      restartPolicy: Never\n      containers: [{name: c, image: busybox}]\n",
	    "t.yaml:12:22: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported "
	    "values: \"Always\"");
}

static void negative_replicas_are_rejected(void **state)
{
	assert_fails(
	    state, RS_HEAD "  replicas: -2\n",
	    "t.yaml:6:13: spec.replicas: Invalid value: -2: must be greater than or equal to 0");
}

static void job_restart_policy_always_is_rejected(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    spec:\n"
	    "      restartPolicy: Always\n      containers: [{name: c, image: busybox}]\n",
	    "t.yaml:8:22: spec.template.spec.restartPolicy: Required value: valid values: "
	    "\"OnFailure\", \"Never\"");
}

static void job_manual_selector_must_match(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  manualSelector: true\n"
	    "  selector:\n    matchLabels: {app: x}\n  template:\n    spec:\n"
	    "      restartPolicy: Never\n      containers: [{name: c, image: busybox}]\n",
	    "t.yaml:10:5: spec.template.metadata.labels: Invalid value: "
	    "map[string]string{\"batch.kubernetes.io/job-name\":\"j\", \"job-name\":\"j\"}: "
	    "`selector` does not match template `labels`");
}

static void bad_cpu_quantity_is_rejected(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
	    "    - name: c\n      image: busybox\n      resources:\n        requests:\n"
	    "          cpu: 1x\n",
	    "t.yaml:11:16: spec.containers[0].resources.requests.cpu: Invalid value: \"1x\": quantities "
	    "must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

static void yaml_syntax_error_reports_the_libyaml_mark(void **state)
{
	assert_fails(state, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a: b\n",
		     "t.yaml:4:10: mapping values are not allowed in this context");
}

static void unclosed_flow_list_names_where_it_started(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Pod\nspec:\n  containers: [a, b\n",
	    "t.yaml:5:1: did not find expected ',' or ']' (while parsing a flow sequence at line 4, "
	    "column 15)");
}

static void tab_indentation_gets_a_hint(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n",
	    "t.yaml:4:1: found character that cannot start any token: tabs cannot indent YAML, use "
	    "spaces");
}

static void empty_file_has_no_objects(void **state)
{
	assert_fails(state, "# nothing\n---\n", "t.yaml: no objects passed to apply");
}

static void cronjob_schedule_with_tz_is_rejected(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n"
	    "  schedule: CRON_TZ=UTC 0 * * * *\n",
	    "t.yaml:6:13: spec.schedule: Invalid value: \"CRON_TZ=UTC 0 * * * *\": cannot use TZ or "
	    "CRON_TZ in schedule, use timeZone field instead");
}

static void cronjob_schedule_must_parse(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n"
	    "  schedule: \"0 0 * * 7\"\n",
	    "t.yaml:6:13: spec.schedule: Invalid value: \"0 0 * * 7\": end of range (7) above maximum "
	    "(6): 7");
}

#define CRONJOB_WITH(line)                                                                \
	"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n"              \
	"  schedule: \"0 9 * * *\"\n" line "  jobTemplate:\n    spec:\n      template:\n" \
	"        spec:\n          restartPolicy: Never\n"                                 \
	"          containers: [{name: c, image: busybox}]\n"

static void cronjob_keeps_a_known_time_zone(void **state)
{
	struct fixture *f = *state;
	struct cronjob *cj = load_one(f, CRONJOB_WITH("  timeZone: Europe/Paris\n"), KIND_CRONJOB);

	assert_string_equal(str(f, cj->time_zone), "Europe/Paris");
}

static void cronjob_time_zone_must_exist(void **state)
{
	assert_fails(
	    state, CRONJOB_WITH("  timeZone: Mars/Base\n"),
	    "t.yaml:7:13: spec.timeZone: Invalid value: \"Mars/Base\": unknown time zone \"Mars/Base\"");
}

static void cronjob_job_template_selector_is_generated(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: '@daily'\n"
	    "  jobTemplate:\n    spec:\n      selector:\n        matchLabels: {a: b}\n"
	    "      template:\n        spec:\n          restartPolicy: Never\n"
	    "          containers: [{name: c, image: busybox}]\n",
	    "t.yaml:10:9: spec.jobTemplate.spec.selector: Invalid value: \"a=b\": `selector` will be "
	    "auto-generated");
}

static void indexed_job_needs_completions(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  completionMode: Indexed\n"
	    "  template:\n    spec:\n      restartPolicy: Never\n"
	    "      containers: [{name: c, image: busybox}]\n",
	    "t.yaml:6:3: spec.completions: Required value: when completion mode is Indexed");
}

static void cronjob_without_schedule_is_rejected(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  suspend: true\n",
	    "t.yaml:6:3: spec.schedule: Required value");
}

static void cronjob_name_longer_than_52_is_rejected(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n"
	    "  name: a-name-that-is-fifty-three-characters-long-abcdefghij\n"
	    "spec:\n  schedule: '@hourly'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n"
	    "          restartPolicy: Never\n          containers: [{name: c, image: busybox}]\n",
	    "t.yaml:4:9: metadata.name: Invalid value: "
	    "\"a-name-that-is-fifty-three-characters-long-abcdefghij\": must be no more than 52 "
	    "characters");
}

static void invalid_pod_name_uses_kubernetes_wording(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web.1\n",
	    "t.yaml:4:9: metadata.name: Invalid value: \"Web.1\": a lowercase RFC 1123 subdomain must "
	    "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
	    "alphanumeric character (e.g. 'example.com', regex used for validation is "
	    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
}

static void statefulset_name_must_be_a_dns_label(void **state)
{
	assert_fails(state, "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db.main\n",
		     "t.yaml:4:9: metadata.name: Invalid value: \"db.main\": must not contain dots");
}

static void namespace_name_must_be_a_dns_label(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: Team_A\n",
	    "t.yaml:5:14: metadata.namespace: Invalid value: \"Team_A\": a lowercase RFC 1123 label "
	    "must consist of lower case alphanumeric characters or '-', and must start and end with an "
	    "alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
	    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
}

static void label_key_with_two_slashes_is_rejected(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    a/b/c: x\n",
	    "t.yaml:6:5: metadata.labels: Invalid value: \"a/b/c\": a valid label key must consist of "
	    "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
	    "character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
	    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' "
	    "(e.g. 'example.com/MyName')");
}

static void duplicate_keys_are_rejected(void **state)
{
	assert_fails(state, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n",
		     "t.yaml:5:3: metadata.name: mapping key \"name\" already defined at line 4");
}

static void toleration_exists_with_a_value_is_rejected(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
	    "  tolerations: [{key: k, operator: Exists, value: v}]\n",
	    "t.yaml:6:36: spec.tolerations[0].operator: Invalid value: \"v\": value must be empty when "
	    "`operator` is 'Exists'");
}

static void toleration_seconds_need_no_execute(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
	    "  tolerations: [{key: k, effect: NoSchedule, tolerationSeconds: 5}]\n",
	    "t.yaml:6:34: spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be "
	    "'NoExecute' when `tolerationSeconds` is set");
}

static void taint_effect_must_be_known(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-1\nspec:\n"
	    "  taints: [{key: k, effect: NoEntry}]\n",
	    "t.yaml:6:29: spec.taints[0].effect: Unsupported value: \"NoEntry\": supported values: "
	    "\"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
}

static void taint_needs_an_effect(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: v1\nkind: Node\nmetadata:\n  name: node-1\nspec:\n  taints: [{key: k}]\n",
	    "t.yaml:6:12: spec.taints[0].effect: Required value");
}

static void host_port_must_be_a_port_number(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
	    "    - name: c\n      image: busybox\n      ports: [{containerPort: 80, hostPort: -1}]\n",
	    "t.yaml:9:45: spec.containers[0].ports[0].hostPort: Invalid value: -1: must be between 1 "
	    "and 65535, inclusive");
}

static void selector_operator_in_needs_values(void **state)
{
	assert_fails(
	    state, RS_HEAD "  selector:\n    matchExpressions: [{key: app, operator: In}]\n",
	    "t.yaml:7:24: spec.selector.matchExpressions[0].values: Required value: must be specified "
	    "when `operator` is 'In' or 'NotIn'");
}

static void service_needs_ports_unless_headless(void **state)
{
	assert_fails(
	    state, "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {a: b}\n",
	    "t.yaml:6:3: spec.ports: Required value");
}

static void pvc_needs_a_storage_request(void **state)
{
	assert_fails(state,
		     "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n"
		     "  accessModes: [ReadWriteOnce]\n",
		     "t.yaml:6:3: spec.resources[storage]: Required value");
}

static void access_mode_must_be_known(void **state)
{
	assert_fails(
	    state,
	    "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n"
	    "  accessModes: [ReadWriteSome]\n",
	    "t.yaml:6:17: spec.accessModes[0]: Unsupported value: \"ReadWriteSome\": supported values: "
	    "\"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quantity_milli_reads_cores_and_millicores),
		cmocka_unit_test(quantity_bytes_reads_binary_and_decimal_suffixes),
		cmocka_unit_test(quantity_rejects_malformed_text_and_overflow),
		cmocka_unit_test(quantity_format_picks_the_largest_exact_suffix),
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(seed_daemonset_keeps_host_port_and_node_selector),
		T(seed_job_keeps_completions_parallelism_and_deadline),
		T(job_template_gets_job_name_labels),
		T(seed_cronjob_keeps_schedule_as_written),
		T(seed_statefulset_service_and_volumes_load_in_order),
		T(empty_documents_between_separators_are_skipped),
		T(namespace_document_becomes_a_name_id),
		T(list_items_become_objects),
		T(error_inside_a_list_item_names_the_item),
		T(scenario_document_is_recorded_when_allowed),
		T(scenario_document_is_refused_in_plain_manifests),
		T(failed_load_leaves_the_manifest_as_it_was),
		T(pod_gets_the_api_server_defaults),
		T(requests_default_to_limits_and_sum_over_containers),
		T(env_keeps_literal_values_and_each_value_from_source),
		T(env_changes_the_template_hash),
		T(env_entry_without_name_is_refused),
		T(env_value_from_takes_exactly_one_source),
		T(env_value_from_with_two_sources_is_refused),
		T(env_value_and_value_from_are_exclusive),
		T(env_field_path_must_be_one_the_api_supports),
		T(env_cpu_divisor_is_1m_or_1),
		T(replicaset_defaults_to_one_replica),
		T(replication_controller_selector_defaults_to_template_labels),
		T(removed_extensions_daemonset_is_refused_naming_apps_v1),
		T(removed_cronjob_v1beta1_is_refused_naming_batch_v1),
		T(job_with_only_parallelism_leaves_completions_unset),
		T(cronjob_gets_history_limits_and_allow_policy),
		T(daemonset_defaults_to_rolling_update_of_one),
		T(daemonset_reads_percent_max_unavailable),
		T(statefulset_defaults_and_claim_templates),
		T(service_defaults_protocol_type_and_target_port),
		T(service_without_selector_selects_nothing),
		T(pv_defaults_to_retain_and_pvc_to_no_class),
		T(node_defaults_capacity_and_well_known_labels),
		T(node_status_sets_capacity_and_allocatable),
		T(pod_spec_reads_affinity_tolerations_and_scheduling_fields),
		T(endpoints_keep_ready_and_not_ready_addresses),
		T(strict_validation_refuses_a_typo_with_its_place_and_a_hint),
		T(warn_validation_accepts_unknown_fields_with_a_warning_each),
		T(ignore_validation_accepts_unknown_fields_quietly),
		T(validate_flag_takes_kubectl_spellings),
		T(persistent_volume_sources_pass_quietly_and_their_typos_get_a_hint),
		T(pod_volume_sources_ksim_does_not_keep_are_known_fields),
		T(unknown_fields_far_from_known_ones_are_refused_too),
		T(resource_lists_take_any_resource_name),
		T(wrong_scalar_type_names_the_field_and_the_value),
		T(quoted_number_is_a_string_not_an_integer),
		T(number_where_a_string_belongs_must_be_quoted),
		T(missing_name_is_required),
		T(pod_without_containers_is_rejected),
		T(workload_without_template_needs_containers),
		T(container_without_image_is_rejected),
		T(duplicate_container_names_are_rejected),
		T(unknown_kind_lists_what_ksim_reads),
		T(deployment_gets_the_api_server_defaults),
		T(deployment_with_both_budgets_zero_is_invalid),
		T(deployment_recreate_refuses_rolling_update),
		T(deployment_in_extensions_v1beta1_is_no_match),
		T(kind_in_the_wrong_api_version_is_rejected),
		T(missing_kind_is_required),
		T(selector_must_match_template_labels),
		T(empty_selector_is_invalid),
		T(apps_v1_requires_a_selector),
		T(replicaset_template_must_restart_always),
		T(negative_replicas_are_rejected),
		T(job_restart_policy_always_is_rejected),
		T(job_manual_selector_must_match),
		T(bad_cpu_quantity_is_rejected),
		T(yaml_syntax_error_reports_the_libyaml_mark),
		T(unclosed_flow_list_names_where_it_started),
		T(tab_indentation_gets_a_hint),
		T(empty_file_has_no_objects),
		T(cronjob_schedule_with_tz_is_rejected),
		T(cronjob_schedule_must_parse),
		T(cronjob_keeps_a_known_time_zone),
		T(cronjob_time_zone_must_exist),
		T(cronjob_job_template_selector_is_generated),
		T(indexed_job_needs_completions),
		T(cronjob_without_schedule_is_rejected),
		T(cronjob_name_longer_than_52_is_rejected),
		T(invalid_pod_name_uses_kubernetes_wording),
		T(statefulset_name_must_be_a_dns_label),
		T(namespace_name_must_be_a_dns_label),
		T(label_key_with_two_slashes_is_rejected),
		T(duplicate_keys_are_rejected),
		T(toleration_exists_with_a_value_is_rejected),
		T(toleration_seconds_need_no_execute),
		T(taint_effect_must_be_known),
		T(taint_needs_an_effect),
		T(host_port_must_be_a_port_number),
		T(selector_operator_in_needs_values),
		T(service_needs_ports_unless_headless),
		T(pvc_needs_a_storage_request),
		T(access_mode_must_be_known),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
