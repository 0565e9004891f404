/*
 * Unit tests for the verbs that change the cluster: apply (and the API
 * server side, kubectl_apply_object), delete, label, taint, cordon,
 * uncordon, drain, scale, and ksim's fail/recover/add/remove/crash. Each
 * test builds a cluster from inline YAML, runs command lines through
 * kubectl_run(), and checks kubectl's exact output and the store.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "ksim/cluster.h"
#include "ksim/engine.h"
#include "ksim/kubectl.h"
#include "ksim/manifest.h"
#include "ksim/session.h"

/* ---------------------------------------------------------------- fixture */

#define T0 1767225600000LL /* 2026-01-01T00:00:00Z */
#define MAX_FILES 8

struct fx {
	struct cluster *c;
	struct engine *e;
	struct strbuf out, err;
	struct kubectl k;
	char dir[64];
	char *files[MAX_FILES];
	int nfiles;
};

static const char nodes_yaml[] = "apiVersion: v1\n"
				 "kind: Node\n"
				 "metadata:\n"
				 "  name: k8s-node1\n"
				 "---\n"
				 "apiVersion: v1\n"
				 "kind: Node\n"
				 "metadata:\n"
				 "  name: k8s-node2\n";

static const char rs_yaml[] = "apiVersion: apps/v1\n"
			      "kind: ReplicaSet\n"
			      "metadata:\n"
			      "  name: rs-1\n"
			      "spec:\n"
			      "  replicas: 2\n"
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

static const char pod_yaml[] = "apiVersion: v1\n"
			       "kind: Pod\n"
			       "metadata:\n"
			       "  name: pod-1\n"
			       "  labels:\n"
			       "    app: solo\n"
			       "spec:\n"
			       "  nodeName: k8s-node1\n"
			       "  containers:\n"
			       "  - name: nginx\n"
			       "    image: nginx\n";

/* Applies YAML as `kubectl apply` would, then lets the controllers react. */
static void apply_text(struct fx *f, const char *yaml)
{
	struct manifest m;
	struct ksim_error err;
	struct api_error refusal;

	manifest_init(&m);
	if (manifest_load_string(f->c, "fixture.yaml", yaml, strlen(yaml), &m, &err))
		fail_msg("fixture YAML: %s", err.msg);
	for (uint32_t i = 0; i < m.count; i++)
		if (kubectl_apply_object(&f->k, &m.objects[i], &refusal))
			fail_msg("fixture apply: %s", refusal.message);
	manifest_free(f->c, &m);
	engine_settle(f->e);
	sb_reset(&f->out);
	sb_reset(&f->err);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->c = cluster_new(42, 1024);
	f->e = engine_new(f->c, NULL);
	engine_set_start(f->e, T0);
	sb_init(&f->out);
	sb_init(&f->err);
	snprintf(f->dir, sizeof f->dir, "/tmp/ksim-test-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->k = (struct kubectl){
		.e = f->e,
		.c = f->c,
		.out = &f->out,
		.err = &f->err,
		.ns = f->c->s.default_ns,
		.base_dir = f->dir,
		.more_verbs = session_verbs, /* ksim's own verbs, as every face runs them */
	};
	apply_text(f, nodes_yaml);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	for (int i = f->nfiles - 1; i >= 0; i--) {
		remove(f->files[i]);
		free(f->files[i]);
	}
	rmdir(f->dir);
	sb_free(&f->out);
	sb_free(&f->err);
	engine_free(f->e);
	cluster_free(f->c);
	free(f);
	return 0;
}

/* Writes name (relative to the fixture's directory; "d/" makes a directory). */
static void write_file(struct fx *f, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	assert_true(f->nfiles < MAX_FILES);
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	if (name[strlen(name) - 1] == '/') {
		assert_int_equal(mkdir(path, 0700), 0);
	} else {
		fp = fopen(path, "w");
		assert_non_null(fp);
		fputs(text, fp);
		fclose(fp);
	}
	f->files[f->nfiles++] = strdup(path);
}

/* Runs one command line with fresh output buffers; returns its exit status. */
static int kc(struct fx *f, const char *line)
{
	sb_reset(&f->out);
	sb_reset(&f->err);
	return kubectl_run(&f->k, line);
}

static void *find(struct fx *f, enum kind kind, const char *name)
{
	uint32_t ns = kind_info(kind)->namespaced ? f->c->s.default_ns : 0;
	uint32_t id = strtab_lookup(f->c->strings, name);
	uint32_t idx = id == NONE32 ? NONE32 : cluster_find(f->c, kind, ns, id);

	return idx == NONE32 ? NULL : cluster_get(f->c, kind, idx);
}

static const char *label_of(struct fx *f, const struct meta *m, const char *key)
{
	uint32_t v = labels_value(f->c->labels, m->labels, cluster_intern(f->c, key));

	return v == NONE32 ? NULL : cluster_str(f->c, v);
}

static uint32_t pods_owned_by(struct fx *f, const struct meta *owner)
{
	uint32_t n = 0;

	for (uint32_t i = owner->kids; i != NONE32; n++)
		i = ((struct meta *)cluster_meta(f->c, KIND_POD, i))->sib_next;
	return n;
}

/* ------------------------------------------------------------------ apply */

static void create_refuses_a_flag_its_subcommand_does_not_have(void **state)
{
	struct fx *f = *state;

	assert_int_not_equal(kc(f, "create namespace team --replicas=3"), 0);
	assert_string_equal(f->err.data, "error: unknown flag: --replicas\n");
	assert_int_not_equal(kc(f, "create deployment web --image=nginx --from=cronjob/x"), 0);
	assert_string_equal(f->err.data, "error: unknown flag: --from\n");
	assert_null(find(f, KIND_DEPLOY, "web"));
}

static void create_deployment_refuses_an_empty_port(void **state)
{
	struct fx *f = *state;

	assert_int_not_equal(kc(f, "create deployment web --image=nginx --port="), 0);
	assert_non_null(strstr(f->err.data, "invalid argument \"\" for \"--port\" flag"));
	assert_null(find(f, KIND_DEPLOY, "web"));
}

static void apply_creates_a_replicaset_and_says_created(void **state)
{
	struct fx *f = *state;

	write_file(f, "rs.yaml", rs_yaml);
	assert_int_equal(kc(f, "apply -f rs.yaml"), 0);
	assert_string_equal(f->out.data, "replicaset.apps/rs-1 created\n");
	assert_string_equal(f->err.data, "");
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->replicas, 2);
}

static void apply_of_the_same_file_twice_says_unchanged(void **state)
{
	struct fx *f = *state;

	write_file(f, "rs.yaml", rs_yaml);
	kc(f, "apply -f rs.yaml");
	assert_int_equal(kc(f, "apply -f rs.yaml"), 0);
	assert_string_equal(f->out.data, "replicaset.apps/rs-1 unchanged\n");
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->meta.generation, 1);
}

static void apply_of_a_changed_spec_says_configured_and_bumps_generation(void **state)
{
	struct fx *f = *state;
	char yaml[sizeof rs_yaml];
	struct replicaset *rs;

	apply_text(f, rs_yaml);
	snprintf(yaml, sizeof yaml, "%s", rs_yaml);
	memcpy(strstr(yaml, "replicas: 2"), "replicas: 5", 11);
	write_file(f, "rs.yaml", yaml);
	assert_int_equal(kc(f, "apply -f rs.yaml"), 0);
	assert_string_equal(f->out.data, "replicaset.apps/rs-1 configured\n");
	rs = find(f, KIND_RS, "rs-1");
	assert_int_equal(rs->replicas, 5);
	assert_int_equal(rs->meta.generation, 2);
}

static void apply_refuses_to_change_a_replicaset_selector(void **state)
{
	struct fx *f = *state;
	const char *yaml = "apiVersion: apps/v1\n"
			   "kind: ReplicaSet\n"
			   "metadata:\n"
			   "  name: rs-1\n"
			   "spec:\n"
			   "  replicas: 2\n"
			   "  selector:\n"
			   "    matchLabels:\n"
			   "      app: api\n"
			   "  template:\n"
			   "    metadata:\n"
			   "      labels:\n"
			   "        app: api\n"
			   "    spec:\n"
			   "      containers:\n"
			   "      - name: nginx\n"
			   "        image: nginx\n";
	const struct replicaset *rs;

	apply_text(f, rs_yaml);
	write_file(f, "rs.yaml", yaml);
	assert_int_equal(kc(f, "apply -f rs.yaml"), 1);
	assert_string_equal(f->out.data, "");
	assert_string_equal(
	    f->err.data,
	    "The ReplicaSet \"rs-1\" is invalid: spec.selector: Invalid value: "
	    "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"api\"}, "
	    "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable\n");
	rs = find(f, KIND_RS, "rs-1");
	assert_string_equal(cluster_str(f->c, labels_value(f->c->labels, rs->sel.match_labels,
							   cluster_intern(f->c, "app"))),
			    "web");
}

static void apply_lists_every_immutable_job_field_it_refuses(void **state)
{
	struct fx *f = *state;
	const char *job = "apiVersion: batch/v1\n"
			  "kind: Job\n"
			  "metadata:\n"
			  "  name: pi\n"
			  "spec:\n"
			  "  completions: %d\n"
			  "  completionMode: %s\n"
			  "  template:\n"
			  "    spec:\n"
			  "      restartPolicy: Never\n"
			  "      containers:\n"
			  "      - name: pi\n"
			  "        image: perl\n";
	char yaml[512];

	snprintf(yaml, sizeof yaml, job, 1, "NonIndexed");
	apply_text(f, yaml);
	snprintf(yaml, sizeof yaml, job, 3, "Indexed");
	write_file(f, "job.yaml", yaml);
	assert_int_equal(kc(f, "apply -f job.yaml"), 1);
	assert_string_equal(f->err.data,
			    "The Job \"pi\" is invalid: \n"
			    "* spec.completions: Invalid value: 3: field is immutable\n"
			    "* spec.completionMode: Invalid value: \"Indexed\": field is immutable\n");
}

static void apply_of_a_missing_path_says_it_does_not_exist(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "apply -f nothere.yaml"), 1);
	assert_string_equal(f->err.data, "error: the path \"nothere.yaml\" does not exist\n");
}

static void apply_with_a_broken_document_applies_nothing(void **state)
{
	struct fx *f = *state;
	struct strbuf text;

	sb_init(&text);
	sb_printf(&text, "%s---\nkind: [unclosed\n", pod_yaml);
	write_file(f, "bad.yaml", text.data);
	sb_free(&text);
	assert_int_equal(kc(f, "apply -f bad.yaml"), 1);
	assert_string_equal(f->out.data, "");
	assert_non_null(strstr(f->err.data, "bad.yaml:"));
	assert_null(find(f, KIND_POD, "pod-1"));
}

#define TYPO_JOB                                                                     \
	"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n"                 \
	"  completionz: 3\n  template:\n    spec:\n      restartPolicy: Never\n" \
	"      containers:\n      - name: pi\n        image: perl\n"

static void apply_refuses_an_unknown_field_as_strict_validation_does(void **state)
{
	struct fx *f = *state;

	write_file(f, "job.yaml", TYPO_JOB);
	assert_int_equal(kc(f, "apply -f job.yaml"), 1);
	assert_string_equal(f->out.data, "");
	assert_string_equal(f->err.data,
			    "error: job.yaml:6:3: spec.completionz: strict decoding error: unknown "
			    "field \"spec.completionz\" (did you mean \"completions\"?)\n");
	assert_null(find(f, KIND_JOB, "pi"));
}

static void apply_validate_warn_applies_with_a_warning(void **state)
{
	struct fx *f = *state;

	write_file(f, "job.yaml", TYPO_JOB);
	assert_int_equal(kc(f, "apply -f job.yaml --validate=warn"), 0);
	assert_string_equal(f->out.data, "job.batch/pi created\n");
	assert_string_equal(f->err.data, "Warning: job.yaml:6:3: spec.completionz: unknown field "
					 "(did you mean \"completions\"?)\n");
}

static void apply_validate_false_applies_quietly(void **state)
{
	struct fx *f = *state;

	write_file(f, "job.yaml", TYPO_JOB);
	assert_int_equal(kc(f, "create -f job.yaml --validate=false"), 0);
	assert_string_equal(f->out.data, "job.batch/pi created\n");
	assert_string_equal(f->err.data, "");
}

static void apply_validate_takes_only_kubectl_modes(void **state)
{
	struct fx *f = *state;

	write_file(f, "job.yaml", TYPO_JOB);
	assert_int_equal(kc(f, "apply -f job.yaml --validate=maybe"), 1);
	assert_string_equal(f->err.data, "error: invalid - validate option \"maybe\"; must be one "
					 "of: strict (or true), warn, ignore (or false)\n");
}

static void apply_into_a_missing_namespace_is_not_found(void **state)
{
	struct fx *f = *state;
	const char *yaml = "apiVersion: v1\n"
			   "kind: Pod\n"
			   "metadata:\n"
			   "  name: lost\n"
			   "  namespace: nowhere\n"
			   "spec:\n"
			   "  containers:\n"
			   "  - name: c\n"
			   "    image: nginx\n";

	write_file(f, "lost.yaml", yaml);
	assert_int_equal(kc(f, "apply -f lost.yaml"), 1);
	assert_string_equal(f->err.data, "Error from server (NotFound): error when creating "
					 "\"lost.yaml\": namespaces \"nowhere\" not found\n");
}

static void apply_of_a_namespace_document_creates_the_namespace(void **state)
{
	struct fx *f = *state;

	write_file(f, "ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
	assert_int_equal(kc(f, "apply -f ns.yaml"), 0);
	assert_string_equal(f->out.data, "namespace/team-a created\n");
	assert_true(cluster_has_namespace(f->c, cluster_intern(f->c, "team-a")));
	kc(f, "apply -f ns.yaml");
	assert_string_equal(f->out.data, "namespace/team-a unchanged\n");
}

static void apply_with_a_namespace_flag_puts_unnamespaced_objects_there(void **state)
{
	struct fx *f = *state;
	uint32_t team = cluster_intern(f->c, "team-a");

	apply_text(f, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n");
	write_file(f, "pod.yaml", pod_yaml);
	assert_int_equal(kc(f, "apply -n team-a -f pod.yaml"), 0);
	assert_string_equal(f->out.data, "pod/pod-1 created\n");
	assert_true(cluster_find(f->c, KIND_POD, team, cluster_intern(f->c, "pod-1")) != NONE32);
	assert_null(find(f, KIND_POD, "pod-1"));
}

static void apply_of_a_directory_applies_its_manifests_in_name_order(void **state)
{
	struct fx *f = *state;

	write_file(f, "dir/", NULL);
	write_file(f, "dir/b.yaml", rs_yaml);
	write_file(f, "dir/a.yml", pod_yaml);
	write_file(f, "dir/notes.txt", "not a manifest");
	assert_int_equal(kc(f, "apply -f dir"), 0);
	assert_string_equal(f->out.data, "pod/pod-1 created\nreplicaset.apps/rs-1 created\n");
}

static void apply_gives_a_job_its_generated_selector_and_labels(void **state)
{
	struct fx *f = *state;
	const char *yaml = "apiVersion: batch/v1\n"
			   "kind: Job\n"
			   "metadata:\n"
			   "  name: pi\n"
			   "spec:\n"
			   "  template:\n"
			   "    spec:\n"
			   "      restartPolicy: Never\n"
			   "      containers:\n"
			   "      - name: pi\n"
			   "        image: perl\n";
	struct job *j;
	const char *uid;

	write_file(f, "job.yaml", yaml);
	assert_int_equal(kc(f, "apply -f job.yaml"), 0);
	assert_string_equal(f->out.data, "job.batch/pi created\n");
	j = find(f, KIND_JOB, "pi");
	uid = cluster_str(f->c,
			  labels_value(f->c->labels, j->spec.tpl.labels,
				       cluster_intern(f->c, "batch.kubernetes.io/controller-uid")));
	assert_int_equal(strlen(uid), 36);
	assert_true(labels_value(f->c->labels, j->spec.sel.match_labels,
				 cluster_intern(f->c, "batch.kubernetes.io/controller-uid")) ==
		    cluster_intern(f->c, uid));
	assert_string_equal(cluster_str(f->c, labels_value(f->c->labels, j->spec.tpl.labels,
							   cluster_intern(f->c, "job-name"))),
			    "pi");
	/* Applying the manifest again keeps the generated selector: nothing changed. */
	kc(f, "apply -f job.yaml");
	assert_string_equal(f->out.data, "job.batch/pi unchanged\n");
}

static void apply_allocates_service_ips_in_order_and_node_ports_in_range(void **state)
{
	struct fx *f = *state;
	const char *yaml = "apiVersion: v1\n"
			   "kind: Service\n"
			   "metadata:\n"
			   "  name: web\n"
			   "spec:\n"
			   "  type: NodePort\n"
			   "  selector:\n"
			   "    app: web\n"
			   "  ports:\n"
			   "  - port: 80\n"
			   "---\n"
			   "apiVersion: v1\n"
			   "kind: Service\n"
			   "metadata:\n"
			   "  name: api\n"
			   "spec:\n"
			   "  selector:\n"
			   "    app: api\n"
			   "  ports:\n"
			   "  - port: 8080\n";
	struct service *web, *api;

	write_file(f, "svc.yaml", yaml);
	assert_int_equal(kc(f, "apply -f svc.yaml"), 0);
	assert_string_equal(f->out.data, "service/web created\nservice/api created\n");
	/* Random in 10.96.0.0/12, above the lower band kept for static addresses (10.96.1.0 on). */
	web = find(f, KIND_SVC, "web");
	assert_in_range(web->cluster_ip, 0x0a600100u, 0x0a6ffffeu);
	assert_in_range(web->ports[0].node_port, 30000, 32767);
	api = find(f, KIND_SVC, "api");
	assert_in_range(api->cluster_ip, 0x0a600100u, 0x0a6ffffeu);
	assert_int_not_equal(api->cluster_ip, web->cluster_ip);
	assert_int_equal(api->ports[0].node_port, 0);
}

static void apply_refuses_a_cluster_ip_that_is_taken(void **state)
{
	struct fx *f = *state;
	const char *yaml = "apiVersion: v1\nkind: Service\nmetadata:\n  name: %s\nspec:\n"
			   "  clusterIP: 10.96.0.50\n  selector:\n    app: web\n  ports:\n  - port: 80\n";
	char one[256], two[256];

	snprintf(one, sizeof one, yaml, "one");
	snprintf(two, sizeof two, yaml, "two");
	apply_text(f, one);
	write_file(f, "two.yaml", two);
	assert_int_equal(kc(f, "apply -f two.yaml"), 1);
	assert_string_equal(f->err.data, "The Service \"two\" is invalid: spec.clusterIPs: Invalid "
					 "value: []string{\"10.96.0.50\"}: failed to allocate IP "
					 "10.96.0.50: provided IP is already allocated\n");
	assert_null(find(f, KIND_SVC, "two"));
}

/* ----------------------------------------------------------------- delete */

static void delete_of_a_running_pod_marks_it_terminating(void **state)
{
	struct fx *f = *state;

	apply_text(f, pod_yaml);
	assert_int_equal(kc(f, "delete pod pod-1"), 0);
	assert_string_equal(f->out.data, "pod \"pod-1\" deleted\n");
	assert_true(((struct pod *)find(f, KIND_POD, "pod-1"))->meta.deleted_ms != TIME_NONE);
}

static void delete_with_a_file_deletes_the_objects_it_names(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	write_file(f, "rs.yaml", rs_yaml);
	assert_int_equal(kc(f, "delete -f rs.yaml"), 0);
	assert_string_equal(f->out.data, "replicaset.apps \"rs-1\" deleted\n");
	assert_null(find(f, KIND_RS, "rs-1"));
	assert_int_equal(kc(f, "delete -f rs.yaml"), 1);
	assert_string_equal(f->err.data, "Error from server (NotFound): error when deleting "
					 "\"rs.yaml\": replicasets.apps \"rs-1\" not found\n");
}

static void delete_of_a_missing_pod_is_not_found(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "delete pod nope"), 1);
	assert_string_equal(f->out.data, "");
	assert_string_equal(f->err.data, "Error from server (NotFound): pods \"nope\" not found\n");
}

static void delete_with_cascade_orphan_keeps_the_pods(void **state)
{
	struct fx *f = *state;
	uint32_t n = 0;

	apply_text(f, rs_yaml);
	assert_int_equal(kc(f, "delete replicaset/rs-1 --cascade=orphan"), 0);
	assert_string_equal(f->out.data, "replicaset.apps \"rs-1\" deleted\n");
	assert_null(find(f, KIND_RS, "rs-1"));
	for (uint32_t i = 0; i < cluster_len(f->c, KIND_POD); i++) {
		const struct pod *p = cluster_get(f->c, KIND_POD, i);
		if (p && p->meta.deleted_ms == TIME_NONE && p->meta.owner_kind == KIND_NONE)
			n++;
	}
	assert_int_equal(n, 2);
}

static void delete_with_cascade_false_warns_that_it_is_deprecated(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	assert_int_equal(kc(f, "delete rs rs-1 --cascade=false"), 0);
	assert_string_equal(f->err.data, "warning: --cascade=false is deprecated (boolean value) and "
					 "can be replaced with --cascade=orphan.\n");
	assert_string_equal(f->out.data, "replicaset.apps \"rs-1\" deleted\n");
}

static void delete_with_force_and_grace_zero_removes_the_pod_at_once(void **state)
{
	struct fx *f = *state;

	apply_text(f, pod_yaml);
	assert_int_equal(kc(f, "delete pod pod-1 --force --grace-period=0"), 0);
	assert_string_equal(f->err.data,
			    "Warning: Immediate deletion does not wait for confirmation "
			    "that the running resource has been terminated. The resource "
			    "may continue to run on the cluster indefinitely.\n");
	assert_string_equal(f->out.data, "pod \"pod-1\" force deleted\n");
	assert_null(find(f, KIND_POD, "pod-1"));
}

static void delete_by_label_selector_deletes_only_the_matching_pods(void **state)
{
	struct fx *f = *state;

	apply_text(f, pod_yaml);
	apply_text(f, rs_yaml);
	assert_int_equal(kc(f, "delete pods -l app=solo"), 0);
	assert_string_equal(f->out.data, "pod \"pod-1\" deleted\n");
	assert_int_equal(pods_owned_by(f, &((struct replicaset *)find(f, KIND_RS, "rs-1"))->meta), 2);
}

static void delete_with_a_selector_that_matches_nothing_says_no_resources_found(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "delete pods -l app=none"), 0);
	assert_string_equal(f->out.data, "No resources found\n");
}

static void delete_of_a_type_without_a_name_asks_for_one(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "delete pods"), 1);
	assert_string_equal(f->err.data,
			    "error: resource(s) were provided, but no name was specified\n");
}

static void delete_with_an_unknown_cascade_value_is_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "delete pod pod-1 --cascade=maybe"), 1);
	assert_string_equal(f->err.data,
			    "error: invalid cascade value (maybe). Must be \"background\", "
			    "\"foreground\", or \"orphan\"\n");
}

/* ------------------------------------------------------------------ label */

static void label_of_a_node_adds_the_label(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "label nodes k8s-node1 os=centos"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 labeled\n");
	assert_string_equal(label_of(f, find(f, KIND_NODE, "k8s-node1"), "os"), "centos");
}

static void label_of_an_existing_key_without_overwrite_is_refused(void **state)
{
	struct fx *f = *state;

	kc(f, "label nodes k8s-node1 os=centos");
	assert_int_equal(kc(f, "label nodes k8s-node1 os=ubuntu"), 1);
	assert_string_equal(f->err.data,
			    "error: 'os' already has a value (centos), and --overwrite is false\n");
	assert_string_equal(label_of(f, find(f, KIND_NODE, "k8s-node1"), "os"), "centos");
}

static void label_with_overwrite_replaces_the_value(void **state)
{
	struct fx *f = *state;

	kc(f, "label nodes k8s-node1 os=centos");
	assert_int_equal(kc(f, "label --overwrite nodes k8s-node1 os=ubuntu"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 labeled\n");
	assert_string_equal(label_of(f, find(f, KIND_NODE, "k8s-node1"), "os"), "ubuntu");
}

static void label_with_a_trailing_dash_removes_the_key_and_says_unlabeled(void **state)
{
	struct fx *f = *state;

	kc(f, "label nodes k8s-node2 os=ubuntu");
	assert_int_equal(kc(f, "label nodes k8s-node2 os-"), 0);
	assert_string_equal(f->out.data, "node/k8s-node2 unlabeled\n");
	assert_null(label_of(f, find(f, KIND_NODE, "k8s-node2"), "os"));
}

static void label_removing_an_absent_key_says_not_found_and_not_labeled(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "label node/k8s-node2 os-"), 0);
	assert_string_equal(f->out.data, "label \"os\" not found.\nnode/k8s-node2 not labeled\n");
}

static void label_with_an_invalid_value_is_refused_by_kubectl(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "label nodes k8s-node1 os=-bad"), 1);
	assert_string_equal(
	    f->err.data, "error: invalid label value: \"os=-bad\": a valid label must be an empty "
			 "string or consist of alphanumeric characters, '-', '_' or '.', and must "
			 "start and end with an alphanumeric character (e.g. 'MyValue',  or "
			 "'my_value',  or '12345', regex used for validation is "
			 "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n");
}

static void label_with_an_invalid_key_is_refused_by_the_server(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "label nodes k8s-node1 bad_key_=x"), 1);
	assert_string_equal(f->err.data,
			    "The Node \"k8s-node1\" is invalid: metadata.labels: Invalid value: "
			    "\"bad_key_\": name part must consist of alphanumeric characters, '-', '_' "
			    "or '.', and must start and end with an alphanumeric character (e.g. "
			    "'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
			    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n");
	assert_null(label_of(f, find(f, KIND_NODE, "k8s-node1"), "bad_key_"));
}

static void label_of_all_pods_labels_each_in_name_order(void **state)
{
	struct fx *f = *state;
	const char *two = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n"
			  "  - name: c\n    image: nginx\n---\n"
			  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n"
			  "  - name: c\n    image: nginx\n";

	apply_text(f, two);
	assert_int_equal(kc(f, "label pods --all tier=x"), 0);
	assert_string_equal(f->out.data, "pod/a labeled\npod/b labeled\n");
}

/* ------------------------------------------------------------------ taint */

static void taint_adds_a_noschedule_taint(void **state)
{
	struct fx *f = *state;
	const struct node *n;

	assert_int_equal(kc(f, "taint nodes k8s-node1 dedicated=gpu:NoSchedule"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 tainted\n");
	n = find(f, KIND_NODE, "k8s-node1");
	assert_int_equal(n->ntaints, 1);
	assert_string_equal(cluster_str(f->c, n->taints[0].key), "dedicated");
	assert_string_equal(cluster_str(f->c, n->taints[0].value), "gpu");
	assert_int_equal(n->taints[0].effect, EFFECT_NO_SCHEDULE);
	assert_int_equal(n->taints[0].added_ms, T0);
}

static void taint_with_the_same_key_and_effect_needs_overwrite(void **state)
{
	struct fx *f = *state;

	kc(f, "taint nodes k8s-node1 node-role.kubernetes.io/master:NoSchedule");
	assert_int_equal(kc(f, "taint nodes k8s-node1 node-role.kubernetes.io/master=x:NoSchedule"),
			 1);
	assert_string_equal(f->err.data, "error: node k8s-node1 already has "
					 "node-role.kubernetes.io/master taint(s) with same effect(s) "
					 "and --overwrite is false\n");
	assert_int_equal(kc(f, "taint nodes k8s-node1 node-role.kubernetes.io/master=x:NoSchedule "
			       "--overwrite"),
			 0);
	assert_string_equal(f->out.data, "node/k8s-node1 modified\n");
}

static void taint_removal_by_key_says_untainted(void **state)
{
	struct fx *f = *state;

	kc(f, "taint nodes k8s-node1 a=1:NoSchedule a=1:NoExecute");
	assert_int_equal(kc(f, "taint nodes k8s-node1 a-"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 untainted\n");
	assert_int_equal(((struct node *)find(f, KIND_NODE, "k8s-node1"))->ntaints, 0);
}

static void taint_removal_of_a_missing_taint_fails(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "taint nodes k8s-node1 gpu:NoSchedule-"), 1);
	assert_string_equal(f->err.data, "error: taint \"gpu:NoSchedule\" not found\n");
}

static void taint_with_an_unknown_effect_is_a_usage_error(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "taint nodes k8s-node1 a=b:Sometimes"), 1);
	assert_string_equal(f->err.data, "error: invalid taint effect: Sometimes, unsupported taint "
					 "effect\nSee 'kubectl taint -h' for help and examples\n");
}

static void taint_of_a_pod_is_refused(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "taint pods pod-1 a=b:NoSchedule"), 1);
	assert_string_equal(f->err.data,
			    "error: invalid resource type pods, only node types are supported\n");
}

/* ----------------------------------------------------------------- cordon */

static void cordon_marks_the_node_unschedulable(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "cordon k8s-node1"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 cordoned\n");
	assert_true(((struct node *)find(f, KIND_NODE, "k8s-node1"))->unschedulable);
	assert_int_equal(kc(f, "get events"), 0);
	assert_non_null(strstr(f->out.data, "Node k8s-node1 status is now: NodeNotSchedulable"));
}

static void cordon_of_a_cordoned_node_says_already_cordoned(void **state)
{
	struct fx *f = *state;

	kc(f, "cordon k8s-node1");
	assert_int_equal(kc(f, "cordon k8s-node1"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 already cordoned\n");
}

static void uncordon_makes_the_node_schedulable_again(void **state)
{
	struct fx *f = *state;

	kc(f, "cordon k8s-node1");
	assert_int_equal(kc(f, "uncordon k8s-node1"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 uncordoned\n");
	assert_false(((struct node *)find(f, KIND_NODE, "k8s-node1"))->unschedulable);
}

static void cordon_without_a_node_prints_its_usage(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "cordon"), 1);
	assert_string_equal(f->err.data, "error: USAGE: cordon NODE [flags]\n"
					 "See 'kubectl cordon -h' for help and examples\n");
}

/* ------------------------------------------------------------------- edit */

/* The path in kubectl's 'A copy of your changes has been stored to "PATH"' line, or "". */
static const char *kept_copy(const char *err, char *path, size_t size)
{
	const char *at = strstr(err, "stored to \"");

	path[0] = '\0';
	if (at)
		snprintf(path, size, "%.*s", (int)strcspn(at + 11, "\""), at + 11);
	return path;
}

static void a_rejected_edit_names_the_edited_line_and_keeps_the_file(void **state)
{
	struct fx *f = *state;
	char path[64], want[512], line[128];
	FILE *kept;
	int n = 0;

	apply_text(f, rs_yaml);
	setenv("KUBE_EDITOR", "sed -i 's/replicas: 2/replicas: two/'", 1);
	assert_int_equal(kc(f, "edit rs rs-1"), 1);
	unsetenv("KUBE_EDITOR");
	kept_copy(f->err.data, path, sizeof path);
	assert_non_null(strstr(path, "/tmp/kubectl-edit-"));
	/* the 4 header comment lines count: replicas is line 15 of the file */
	snprintf(want, sizeof want,
		 "error: %s:15:13: spec.replicas: expected an integer, got \"two\"\n"
		 "A copy of your changes has been stored to \"%s\"\n"
		 "error: Edit cancelled, no valid changes were saved.\n",
		 path, path);
	assert_string_equal(f->err.data, want);
	kept = fopen(path, "r");
	assert_non_null(kept);
	while (fgets(line, sizeof line, kept) && ++n < 15)
		;
	fclose(kept);
	unlink(path);
	assert_string_equal(line, "  replicas: two\n");
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->replicas, 2);
}

static void an_accepted_edit_applies_and_keeps_no_file(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	setenv("KUBE_EDITOR", "sed -i 's/replicas: 2/replicas: 3/'", 1);
	assert_int_equal(kc(f, "edit rs rs-1"), 0);
	unsetenv("KUBE_EDITOR");
	assert_string_equal(f->out.data, "replicaset.apps/rs-1 edited\n");
	assert_string_equal(f->err.data, "");
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->replicas, 3);
}

static void an_unchanged_or_emptied_edit_is_cancelled_on_stderr(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	setenv("KUBE_EDITOR", "true", 1);
	assert_int_equal(kc(f, "edit rs/rs-1"), 0);
	assert_string_equal(f->err.data, "Edit cancelled, no changes made.\n");
	setenv("KUBE_EDITOR", "sed -i '/^[^#]/d'", 1);
	assert_int_equal(kc(f, "edit rs/rs-1"), 0);
	unsetenv("KUBE_EDITOR");
	assert_string_equal(f->err.data, "Edit cancelled, saved file was empty.\n");
	assert_string_equal(f->out.data, "");
}

/* The editor's change: a typo'd field next to replicas, which then become 3. */
#define EDIT_TYPO "sed -i 's/replicas: 2/replicas: 3\\n  replcas: 4/'"

static void an_edit_with_an_unknown_field_is_refused_by_default(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	setenv("KUBE_EDITOR", EDIT_TYPO, 1);
	assert_int_equal(kc(f, "edit rs rs-1"), 1);
	unsetenv("KUBE_EDITOR");
	assert_non_null(strstr(f->err.data, "strict decoding error: unknown field \"spec.replcas\""));
	assert_non_null(strstr(f->err.data, "error: Edit cancelled, no valid changes were saved.\n"));
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->replicas, 2);
}

static void an_edit_with_validate_warn_applies_and_warns(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	setenv("KUBE_EDITOR", EDIT_TYPO, 1);
	assert_int_equal(kc(f, "edit rs rs-1 --validate=warn"), 0);
	unsetenv("KUBE_EDITOR");
	assert_string_equal(f->out.data, "replicaset.apps/rs-1 edited\n");
	assert_true(strncmp(f->err.data, "Warning: ", 9) == 0);
	assert_non_null(strstr(f->err.data, ":16:3: spec.replcas: unknown field (did you mean \"replicas\"?)\n"));
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->replicas, 3);
}

static void an_edit_with_validate_false_applies_quietly(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	setenv("KUBE_EDITOR", EDIT_TYPO, 1);
	assert_int_equal(kc(f, "edit --validate=false rs/rs-1"), 0);
	unsetenv("KUBE_EDITOR");
	assert_string_equal(f->out.data, "replicaset.apps/rs-1 edited\n");
	assert_string_equal(f->err.data, "");
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->replicas, 3);
}

static void an_edit_with_a_bad_validate_value_is_refused_before_editing(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	setenv("KUBE_EDITOR", "false", 1);
	assert_int_equal(kc(f, "edit rs rs-1 --validate=maybe"), 1);
	unsetenv("KUBE_EDITOR");
	assert_string_equal(f->err.data, "error: invalid - validate option \"maybe\"; must be one of: "
					 "strict (or true), warn, ignore (or false)\n");
}

static const char settings_yaml[] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
				  "data:\n  mode: fast\n";

static void an_edit_of_a_configmap_changes_its_data(void **state)
{
	struct fx *f = *state;
	const struct config_object *o;

	apply_text(f, settings_yaml);
	setenv("KUBE_EDITOR", "sed -i 's/mode: fast/mode: slow/'", 1);
	assert_int_equal(kc(f, "edit cm settings"), 0);
	unsetenv("KUBE_EDITOR");
	assert_string_equal(f->out.data, "configmap/settings edited\n");
	o = find(f, KIND_CM, "settings");
	assert_string_equal(config_object_key(f->c, o, "mode")->value, "slow");
}

/* utf8.Valid refuses overlong forms and surrogates: such a file is binaryData, "é" is data. */
static void a_file_that_is_not_utf8_as_go_reads_it_goes_to_binary_data(void **state)
{
	struct fx *f = *state;
	const struct config_object *o;

	write_file(f, "overlong", "\xc0\xaf");
	write_file(f, "surrogate", "\xed\xa0\x80");
	write_file(f, "text", "caf\xc3\xa9");
	assert_int_equal(kc(f, "create cm raw --from-file=overlong --from-file=surrogate --from-file=text"),
			 0);
	o = find(f, KIND_CM, "raw");
	assert_non_null(o);
	assert_true(config_object_key(f->c, o, "overlong")->binary);
	assert_true(config_object_key(f->c, o, "surrogate")->binary);
	assert_false(config_object_key(f->c, o, "text")->binary);
}

/* handleConfigMapFromFileSources: a directory's regular files by name, hidden ones too; a symlink is not regular. */
static void a_directory_source_takes_its_regular_files_but_not_its_symlinks(void **state)
{
	struct fx *f = *state;
	const struct config_object *o;
	char target[320], link[320];

	write_file(f, "conf/", NULL);
	write_file(f, "conf/b.txt", "b\n");
	write_file(f, "conf/.hidden", "h\n");
	snprintf(target, sizeof target, "%s/conf/b.txt", f->dir);
	snprintf(link, sizeof link, "%s/conf/a-link", f->dir);
	assert_int_equal(symlink(target, link), 0);
	f->files[f->nfiles++] = strdup(link);
	assert_int_equal(kc(f, "create cm conf --from-file=conf"), 0);
	o = find(f, KIND_CM, "conf");
	assert_non_null(o);
	assert_int_equal(o->nentries, 2);
	assert_non_null(config_object_key(f->c, o, ".hidden"));
	assert_non_null(config_object_key(f->c, o, "b.txt"));
}

/* -o go-template-file= reads the file beside the demo; a missing one is kubectl's error. */
static void a_template_file_is_read_from_the_demos_folder(void **state)
{
	struct fx *f = *state;

	apply_text(f, settings_yaml);
	write_file(f, "mode.tmpl", "{{.data.mode}}\n");
	assert_int_equal(kc(f, "get cm settings -o go-template-file=mode.tmpl"), 0);
	assert_string_equal(f->out.data, "fast\n");
	assert_int_equal(kc(f, "get cm settings -o go-template-file=gone.tmpl"), 1);
	assert_string_equal(f->err.data, "error: error reading --template gone.tmpl, open gone.tmpl: "
					 "no such file or directory\n");
}

/* handleDockerCfgJSONContent's json.Marshal: a tab is \t, not \u0009; < stays escaped. */
static void a_docker_registry_secret_holds_its_config_as_json_marshal_writes_it(void **state)
{
	struct fx *f = *state;
	const struct config_object *o;

	assert_int_equal(kc(f, "create secret docker-registry reg --docker-username=u "
			       "--docker-password=\"a\tb<\""),
			 0);
	o = find(f, KIND_SECRET, "reg");
	assert_non_null(o);
	assert_string_equal(config_object_key(f->c, o, ".dockerconfigjson")->value,
			    "{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"u\","
			    "\"password\":\"a\\tb\\u003c\",\"auth\":\"dTphCWI8\"}}}");
}

static void an_edit_of_an_immutable_configmap_is_refused_with_the_servers_words(void **state)
{
	struct fx *f = *state;
	const struct config_object *o;
	char path[64];

	apply_text(f, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n"
		      "immutable: true\ndata:\n  mode: fast\n");
	setenv("KUBE_EDITOR", "sed -i 's/mode: fast/mode: slow/'", 1);
	assert_int_equal(kc(f, "edit cm settings"), 1);
	unsetenv("KUBE_EDITOR");
	assert_non_null(strstr(f->err.data, "The ConfigMap \"settings\" is invalid: data: Forbidden: "
					    "field is immutable when `immutable` is set\n"));
	unlink(kept_copy(f->err.data, path, sizeof path));
	o = find(f, KIND_CM, "settings");
	assert_string_equal(config_object_key(f->c, o, "mode")->value, "fast");
}

/* ------------------------------------------------------------------ drain */

/* A DaemonSet that selects no node, and a pod it owns on k8s-node1. */
static void daemon_pod(struct fx *f)
{
	const char *yaml = "apiVersion: apps/v1\n"
			   "kind: DaemonSet\n"
			   "metadata:\n"
			   "  name: ds\n"
			   "spec:\n"
			   "  selector:\n"
			   "    matchLabels:\n"
			   "      app: ds\n"
			   "  template:\n"
			   "    metadata:\n"
			   "      labels:\n"
			   "        app: ds\n"
			   "    spec:\n"
			   "      nodeSelector:\n"
			   "        nowhere: \"true\"\n"
			   "      containers:\n"
			   "      - name: agent\n"
			   "        image: fluentd\n"
			   "---\n"
			   "apiVersion: v1\n"
			   "kind: Pod\n"
			   "metadata:\n"
			   "  name: ds-abcde\n"
			   "spec:\n"
			   "  nodeName: k8s-node1\n"
			   "  containers:\n"
			   "  - name: agent\n"
			   "    image: fluentd\n";
	uint32_t ns = f->c->s.default_ns;

	apply_text(f, yaml);
	cluster_set_owner(f->c, KIND_POD,
			  cluster_find(f->c, KIND_POD, ns, cluster_intern(f->c, "ds-abcde")),
			  KIND_DS, cluster_find(f->c, KIND_DS, ns, cluster_intern(f->c, "ds")));
}

static void drain_refuses_daemonset_and_bare_pods_without_flags(void **state)
{
	struct fx *f = *state;

	apply_text(f, pod_yaml);
	daemon_pod(f);
	assert_int_equal(kc(f, "drain k8s-node1"), 1);
	assert_string_equal(f->out.data, "node/k8s-node1 cordoned\n");
	assert_string_equal(
	    f->err.data,
	    "error: unable to drain node \"k8s-node1\" due to error: [cannot delete DaemonSet-managed "
	    "Pods (use --ignore-daemonsets to ignore): default/ds-abcde, cannot delete Pods that "
	    "declare no controller (use --force to override): default/pod-1], continuing command...\n"
	    "There are pending nodes to be drained:\n"
	    " k8s-node1\n"
	    "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds-abcde\n"
	    "cannot delete Pods that declare no controller (use --force to override): default/pod-1\n");
	assert_int_equal(((struct pod *)find(f, KIND_POD, "pod-1"))->meta.deleted_ms, TIME_NONE);
}

static void drain_with_ignore_daemonsets_and_force_evicts_the_rest(void **state)
{
	struct fx *f = *state;

	apply_text(f, pod_yaml);
	daemon_pod(f);
	assert_int_equal(kc(f, "drain k8s-node1 --ignore-daemonsets --force"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 cordoned\n"
					 "evicting pod default/pod-1\n"
					 "pod/pod-1 evicted\n"
					 "node/k8s-node1 drained\n");
	assert_string_equal(f->err.data,
			    "Warning: ignoring DaemonSet-managed Pods: default/ds-abcde; "
			    "deleting Pods that declare no controller: default/pod-1\n");
	assert_true(((struct pod *)find(f, KIND_POD, "pod-1"))->meta.deleted_ms != TIME_NONE);
	assert_int_equal(((struct pod *)find(f, KIND_POD, "ds-abcde"))->meta.deleted_ms, TIME_NONE);
}

static void drain_evicts_replicaset_pods_without_any_flag(void **state)
{
	struct fx *f = *state;
	const struct node *n;
	uint32_t pods[8], npods = 0;
	char line[128];

	apply_text(f, rs_yaml);
	n = find(f, KIND_NODE, "k8s-node1");
	for (uint32_t i = n->pods; i != NONE32 && npods < 8;
	     i = ((struct pod *)cluster_get(f->c, KIND_POD, i))->node_next)
		pods[npods++] = i;
	assert_int_equal(kc(f, "drain k8s-node1"), 0);
	assert_string_equal(f->err.data, "");
	assert_non_null(strstr(f->out.data, "node/k8s-node1 drained\n"));
	for (uint32_t i = 0; i < npods; i++) {
		const struct pod *p = cluster_get(f->c, KIND_POD, pods[i]);
		snprintf(line, sizeof line, "pod/%s evicted\n", cluster_str(f->c, p->meta.name));
		assert_non_null(strstr(f->out.data, line));
		assert_true(p->meta.deleted_ms != TIME_NONE);
	}
}

static void drain_of_an_empty_node_cordons_and_drains_it(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "drain k8s-node2"), 0);
	assert_string_equal(f->out.data, "node/k8s-node2 cordoned\nnode/k8s-node2 drained\n");
	assert_true(((struct node *)find(f, KIND_NODE, "k8s-node2"))->unschedulable);
}

/* ------------------------------------------------------------------ scale */

static void scale_of_a_replicaset_sets_replicas_and_bumps_generation(void **state)
{
	struct fx *f = *state;
	const struct replicaset *rs;

	apply_text(f, rs_yaml);
	assert_int_equal(kc(f, "scale rs/rs-1 --replicas=4"), 0);
	assert_string_equal(f->out.data, "replicaset.apps/rs-1 scaled\n");
	rs = find(f, KIND_RS, "rs-1");
	assert_int_equal(rs->replicas, 4);
	assert_int_equal(rs->meta.generation, 2);
}

static void scale_with_a_wrong_current_replicas_is_refused(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	assert_int_equal(kc(f, "scale replicaset rs-1 --current-replicas 3 --replicas 1"), 1);
	assert_string_equal(f->err.data, "error: Expected replicas to be 3, was 2\n");
	assert_int_equal(((struct replicaset *)find(f, KIND_RS, "rs-1"))->replicas, 2);
}

static void scale_of_a_job_is_not_found_as_in_kubectl_1_31(void **state)
{
	struct fx *f = *state;
	const char *yaml = "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n"
			   "  template:\n    spec:\n      restartPolicy: Never\n      containers:\n"
			   "      - name: pi\n        image: perl\n";

	apply_text(f, yaml);
	assert_int_equal(kc(f, "scale job pi --replicas=3"), 1);
	assert_string_equal(f->err.data, "Error from server (NotFound): the server could not find the "
					 "requested resource\n");
}

static void scale_without_replicas_is_refused(void **state)
{
	struct fx *f = *state;

	apply_text(f, rs_yaml);
	assert_int_equal(kc(f, "scale rs rs-1"), 1);
	assert_string_equal(f->err.data, "error: required flag(s) \"replicas\" not set\n");
}

/* ------------------------------------------------------------- ksim verbs */

static void fail_node_stops_its_kubelet(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "fail node k8s-node1"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 failed\n");
	assert_false(((struct node *)find(f, KIND_NODE, "k8s-node1"))->kubelet_up);
}

static void recover_node_brings_its_kubelet_back(void **state)
{
	struct fx *f = *state;

	kc(f, "fail node k8s-node1");
	assert_int_equal(kc(f, "recover node/k8s-node1"), 0);
	assert_string_equal(f->out.data, "node/k8s-node1 recovered\n");
	assert_true(((struct node *)find(f, KIND_NODE, "k8s-node1"))->kubelet_up);
}

static void add_node_registers_a_ready_node_with_labels_taints_and_capacity(void **state)
{
	struct fx *f = *state;
	const struct node *n;

	assert_int_equal(kc(f, "add node k8s-node3 --label disk=ssd --taint gpu=yes:NoSchedule "
			       "--cpu 2 --memory 4Gi"),
			 0);
	assert_string_equal(f->out.data, "node/k8s-node3 created\n");
	n = find(f, KIND_NODE, "k8s-node3");
	assert_non_null(n);
	assert_string_equal(label_of(f, &n->meta, "disk"), "ssd");
	assert_string_equal(label_of(f, &n->meta, "kubernetes.io/hostname"), "k8s-node3");
	assert_int_equal(n->ntaints, 1);
	assert_int_equal(n->capacity.cpu_milli, 2000);
	assert_int_equal(n->capacity.mem_bytes, 4LL << 30);
	assert_int_equal(n->ready, NODE_READY);
}

static void add_node_with_a_taken_name_already_exists(void **state)
{
	struct fx *f = *state;

	assert_int_equal(kc(f, "add node k8s-node1"), 1);
	assert_string_equal(
	    f->err.data, "Error from server (AlreadyExists): nodes \"k8s-node1\" already exists\n");
}

static void remove_node_deletes_the_node_and_its_pods(void **state)
{
	struct fx *f = *state;

	apply_text(f, pod_yaml);
	assert_int_equal(kc(f, "remove node k8s-node1"), 0);
	assert_string_equal(f->out.data, "node \"k8s-node1\" deleted\n");
	engine_settle(f->e);
	assert_null(find(f, KIND_NODE, "k8s-node1"));
	assert_null(find(f, KIND_POD, "pod-1"));
}

static void crash_of_a_pod_that_is_not_running_is_refused(void **state)
{
	struct fx *f = *state;
	const char *yaml = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: waiting\nspec:\n"
			   "  nodeSelector:\n    nowhere: \"true\"\n  containers:\n"
			   "  - name: c\n    image: nginx\n";

	apply_text(f, yaml);
	assert_int_equal(kc(f, "crash pod waiting"), 1);
	assert_string_equal(f->err.data,
			    "error: pod \"waiting\" has no running container to crash\n");
}

static void crash_of_a_running_pod_reports_the_exit_code(void **state)
{
	struct fx *f = *state;

	apply_text(f, pod_yaml);
	engine_run_until(f->e, T0 + 60000);
	assert_int_equal(kc(f, "crash pod pod-1 --exit-code 2"), 0);
	assert_string_equal(f->out.data, "pod/pod-1 crashed (exit code 2)\n");
}

/* describe's smartLabelFor splits as camelcase.Split: '-' is a part of its own, "PDFLoader" is "PDF Loader". */
static void describe_of_a_controller_revision_labels_fields_as_camelcase_splits_them(void **state)
{
	struct fx *f = *state;

	apply_text(f, "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\n"
		      "spec:\n  selector: {matchLabels: {app-tier: web}}\n"
		      "  template:\n    metadata:\n      labels: {app-tier: web}\n"
		      "      annotations: {PDFLoader: x}\n"
		      "    spec:\n      containers: [{name: c, image: fluentd}]\n");
	engine_run_until(f->e, T0 + 10000);
	assert_int_equal(kc(f, "get controllerrevisions -o name"), 0);
	f->out.data[strcspn(f->out.data, "\n")] = '\0';
	{
		char cmd[128];
		snprintf(cmd, sizeof cmd, "describe %s", f->out.data);
		assert_int_equal(kc(f, cmd), 0);
	}
	assert_non_null(strstr(f->out.data, "\n          App - Tier:  web\n"));
	assert_non_null(strstr(f->out.data, "\n          PDF Loader:        x\n"));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(create_refuses_a_flag_its_subcommand_does_not_have),
		T(create_deployment_refuses_an_empty_port),
		T(apply_creates_a_replicaset_and_says_created),
		T(apply_of_the_same_file_twice_says_unchanged),
		T(apply_of_a_changed_spec_says_configured_and_bumps_generation),
		T(apply_refuses_to_change_a_replicaset_selector),
		T(apply_lists_every_immutable_job_field_it_refuses),
		T(apply_of_a_missing_path_says_it_does_not_exist),
		T(apply_with_a_broken_document_applies_nothing),
		T(apply_refuses_an_unknown_field_as_strict_validation_does),
		T(apply_validate_warn_applies_with_a_warning),
		T(apply_validate_false_applies_quietly),
		T(apply_validate_takes_only_kubectl_modes),
		T(apply_into_a_missing_namespace_is_not_found),
		T(apply_of_a_namespace_document_creates_the_namespace),
		T(apply_with_a_namespace_flag_puts_unnamespaced_objects_there),
		T(apply_of_a_directory_applies_its_manifests_in_name_order),
		T(apply_gives_a_job_its_generated_selector_and_labels),
		T(apply_allocates_service_ips_in_order_and_node_ports_in_range),
		T(apply_refuses_a_cluster_ip_that_is_taken),
		T(delete_of_a_running_pod_marks_it_terminating),
		T(delete_with_a_file_deletes_the_objects_it_names),
		T(delete_of_a_missing_pod_is_not_found),
		T(delete_with_cascade_orphan_keeps_the_pods),
		T(delete_with_cascade_false_warns_that_it_is_deprecated),
		T(delete_with_force_and_grace_zero_removes_the_pod_at_once),
		T(delete_by_label_selector_deletes_only_the_matching_pods),
		T(delete_with_a_selector_that_matches_nothing_says_no_resources_found),
		T(delete_of_a_type_without_a_name_asks_for_one),
		T(delete_with_an_unknown_cascade_value_is_refused),
		T(label_of_a_node_adds_the_label),
		T(label_of_an_existing_key_without_overwrite_is_refused),
		T(label_with_overwrite_replaces_the_value),
		T(label_with_a_trailing_dash_removes_the_key_and_says_unlabeled),
		T(label_removing_an_absent_key_says_not_found_and_not_labeled),
		T(label_with_an_invalid_value_is_refused_by_kubectl),
		T(label_with_an_invalid_key_is_refused_by_the_server),
		T(label_of_all_pods_labels_each_in_name_order),
		T(taint_adds_a_noschedule_taint),
		T(taint_with_the_same_key_and_effect_needs_overwrite),
		T(taint_removal_by_key_says_untainted),
		T(taint_removal_of_a_missing_taint_fails),
		T(taint_with_an_unknown_effect_is_a_usage_error),
		T(taint_of_a_pod_is_refused),
		T(cordon_marks_the_node_unschedulable),
		T(cordon_of_a_cordoned_node_says_already_cordoned),
		T(uncordon_makes_the_node_schedulable_again),
		T(cordon_without_a_node_prints_its_usage),
		T(a_rejected_edit_names_the_edited_line_and_keeps_the_file),
		T(an_accepted_edit_applies_and_keeps_no_file),
		T(an_unchanged_or_emptied_edit_is_cancelled_on_stderr),
		T(an_edit_with_an_unknown_field_is_refused_by_default),
		T(an_edit_with_validate_warn_applies_and_warns),
		T(an_edit_with_validate_false_applies_quietly),
		T(an_edit_with_a_bad_validate_value_is_refused_before_editing),
		T(an_edit_of_a_configmap_changes_its_data),
		T(an_edit_of_an_immutable_configmap_is_refused_with_the_servers_words),
		T(a_docker_registry_secret_holds_its_config_as_json_marshal_writes_it),
		T(a_template_file_is_read_from_the_demos_folder),
		T(a_directory_source_takes_its_regular_files_but_not_its_symlinks),
		T(a_file_that_is_not_utf8_as_go_reads_it_goes_to_binary_data),
		T(describe_of_a_controller_revision_labels_fields_as_camelcase_splits_them),
		T(drain_refuses_daemonset_and_bare_pods_without_flags),
		T(drain_with_ignore_daemonsets_and_force_evicts_the_rest),
		T(drain_evicts_replicaset_pods_without_any_flag),
		T(drain_of_an_empty_node_cordons_and_drains_it),
		T(scale_of_a_replicaset_sets_replicas_and_bumps_generation),
		T(scale_with_a_wrong_current_replicas_is_refused),
		T(scale_of_a_job_is_not_found_as_in_kubectl_1_31),
		T(scale_without_replicas_is_refused),
		T(fail_node_stops_its_kubelet),
		T(recover_node_brings_its_kubelet_back),
		T(add_node_registers_a_ready_node_with_labels_taints_and_capacity),
		T(add_node_with_a_taken_name_already_exists),
		T(remove_node_deletes_the_node_and_its_pods),
		T(crash_of_a_pod_that_is_not_running_is_refused),
		T(crash_of_a_running_pod_reports_the_exit_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
