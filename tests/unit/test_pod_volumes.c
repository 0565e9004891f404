/*
 * Pod volumes and volumeMounts: what the decoder keeps of each source, the
 * rules the API server checks, the volume a StatefulSet pod gets for each
 * claim template, and how describe and -o yaml show them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "ksim/manifest.h"

#include "session_fixture.h"

#define POD(mounts, volumes)                                                              \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"                                \
	"spec:\n  containers:\n  - name: c\n    image: nginx\n    volumeMounts:\n" mounts \
	"  volumes:\n" volumes

static const char every_source[] = POD(
    "    - {name: data, mountPath: /data}\n"
    "    - {name: conf, mountPath: /etc/app/app.conf, subPath: app.conf, readOnly: true}\n",
    "  - {name: data, persistentVolumeClaim: {claimName: data-claim, readOnly: true}}\n"
    "  - {name: scratch, emptyDir: {medium: Memory, sizeLimit: 1Gi}}\n"
    "  - {name: logs, hostPath: {path: /var/log, type: Directory}}\n"
    "  - {name: conf, configMap: {name: app-conf, optional: true}}\n"
    "  - {name: tls, secret: {secretName: app-tls}}\n"
    "  - {name: share, nfs: {server: 10.0.0.1, path: /exports}}\n"
    "  - {name: info, downwardAPI: {items: []}}\n");

static const struct podspec *pod_spec(struct session *s, const char *name)
{
	return cluster_spec(s->c, pod(s, name)->spec);
}

static const char *str(struct session *s, uint32_t id)
{
	return cluster_str(s->c, id);
}

static void every_source_keeps_its_fields(void **state)
{
	struct session *s = open_text(every_source);
	const struct podspec *spec = pod_spec(s, "p");
	const struct volume *v = spec->volumes;

	(void)state;
	assert_int_equal(spec->nvolumes, 7);
	assert_int_equal(v[0].source, VOLUME_PVC);
	assert_string_equal(str(s, v[0].pvc.claim_name), "data-claim");
	assert_true(v[0].pvc.read_only);
	assert_int_equal(v[1].source, VOLUME_EMPTY_DIR);
	assert_string_equal(str(s, v[1].empty_dir.medium), "Memory");
	assert_int_equal(v[1].empty_dir.size_limit, 1LL << 30);
	assert_int_equal(v[2].source, VOLUME_HOST_PATH);
	assert_string_equal(str(s, v[2].host_path.path), "/var/log");
	assert_string_equal(str(s, v[2].host_path.type), "Directory");
	assert_int_equal(v[3].source, VOLUME_CONFIG_MAP);
	assert_string_equal(str(s, v[3].object.name), "app-conf");
	assert_true(v[3].object.optional);
	assert_int_equal(v[4].source, VOLUME_SECRET);
	assert_string_equal(str(s, v[4].object.name), "app-tls");
	assert_int_equal(v[5].source, VOLUME_NFS);
	assert_string_equal(str(s, v[5].nfs.server), "10.0.0.1");
	assert_int_equal(v[6].source, VOLUME_OTHER);
	assert_string_equal(str(s, v[6].other), "downwardAPI");
	close_session(s);
}

static void mounts_keep_name_path_sub_path_and_read_only(void **state)
{
	struct session *s = open_text(every_source);
	const struct container *k = &pod_spec(s, "p")->containers[0];

	(void)state;
	assert_int_equal(k->nmounts, 2);
	assert_string_equal(str(s, k->mounts[0].name), "data");
	assert_string_equal(str(s, k->mounts[0].mount_path), "/data");
	assert_int_equal(k->mounts[0].sub_path, 0);
	assert_false(k->mounts[0].read_only);
	assert_string_equal(str(s, k->mounts[1].sub_path), "app.conf");
	assert_true(k->mounts[1].read_only);
	close_session(s);
}

static void only_persistent_volume_claims_name_a_claim(void **state)
{
	struct session *s = open_text(every_source);
	const struct podspec *spec = pod_spec(s, "p");

	(void)state;
	assert_string_equal(str(s, volume_claim(&spec->volumes[0])), "data-claim");
	for (uint32_t i = 1; i < spec->nvolumes; i++)
		assert_int_equal(volume_claim(&spec->volumes[i]), 0);
	close_session(s);
}

/* Loads yaml as t.yaml and returns the error message. */
static void load_error(const char *yaml, char *msg, size_t size)
{
	struct cluster *c = cluster_new(1, 16);
	struct manifest m;
	struct ksim_error err;

	manifest_init(&m);
	assert_int_equal(manifest_load_string(c, "t.yaml", yaml, strlen(yaml), &m, &err), -1);
	error_format(&err, msg, size);
	manifest_free(c, &m);
	cluster_free(c);
}

static void volume_rules_are_the_api_servers(void **state)
{
	char msg[512];

	(void)state;
	load_error(POD("    - {name: data, mountPath: /data}\n", "  - {name: date, emptyDir: {}}\n"),
		   msg, sizeof msg);
	assert_string_equal(
	    msg, "t.yaml:9:14: spec.containers[0].volumeMounts[0].name: Not found: \"data\"");
	load_error(POD("    - {name: a, mountPath: /x}\n    - {name: a, mountPath: /x}\n",
		       "  - {name: a, emptyDir: {}}\n"),
		   msg, sizeof msg);
	assert_string_equal(msg, "t.yaml:10:28: spec.containers[0].volumeMounts[1].mountPath: "
				 "Invalid value: \"/x\": must be unique");
	load_error(POD("    - {name: a, mountPath: /x}\n",
		       "  - {name: a, emptyDir: {}}\n  - {name: a, emptyDir: {}}\n"),
		   msg, sizeof msg);
	assert_string_equal(msg, "t.yaml:12:12: spec.volumes[1].name: Duplicate value: \"a\"");
	load_error(POD("    - {name: a, mountPath: /x}\n", "  - {name: a}\n"), msg, sizeof msg);
	assert_string_equal(
	    msg, "t.yaml:11:5: spec.volumes[0]: Required value: must specify a volume type");
	load_error(
	    POD("    - {name: a, mountPath: /x}\n", "  - {name: a, persistentVolumeClaim: {}}\n"),
	    msg, sizeof msg);
	assert_string_equal(
	    msg, "t.yaml:11:38: spec.volumes[0].persistentVolumeClaim.claimName: Required value");
}

#define WEB                                                                         \
	"apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\n"           \
	"spec:\n  replicas: 1\n  serviceName: nginx\n"                              \
	"  selector: {matchLabels: {app: nginx}}\n"                                 \
	"  template:\n    metadata: {labels: {app: nginx}}\n"                       \
	"    spec:\n      containers:\n      - name: nginx\n        image: nginx\n" \
	"        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]\n"   \
	"      volumes: [{name: www, emptyDir: {}}, {name: cache, emptyDir: {}}]\n" \
	"  volumeClaimTemplates:\n  - metadata: {name: www}\n"                      \
	"    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n"

static void a_claim_template_replaces_the_template_volume_of_its_name(void **state)
{
	struct session *s = open_text(WEB);
	const struct podspec *spec;

	(void)state;
	run_to(s, 1 * MIN);
	spec = pod_spec(s, "web-0");
	assert_int_equal(spec->nvolumes, 2);
	assert_string_equal(str(s, spec->volumes[0].name), "www");
	assert_string_equal(str(s, volume_claim(&spec->volumes[0])), "www-web-0");
	assert_string_equal(str(s, spec->volumes[1].name), "cache");
	assert_int_equal(spec->volumes[1].source, VOLUME_EMPTY_DIR);
	close_session(s);
}

static void describe_pod_sorts_mounts_by_path_with_the_token_among_them(void **state)
{
	struct session *s = open_text(every_source);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "describe pod p", &out), 0);
	assert_non_null(strstr(out.data, "    Mounts:\n"
					 "      /data from data (rw)\n"
					 "      /etc/app/app.conf from conf (ro,path=\"app.conf\")\n"
					 "      /var/run/secrets/kubernetes.io/serviceaccount from "
					 "kube-api-access-"));
	assert_non_null(strstr(out.data, "Volumes:\n"
					 "  data:\n"
					 "    Type:       PersistentVolumeClaim (a reference to a "
					 "PersistentVolumeClaim in the same namespace)\n"
					 "    ClaimName:  data-claim\n"
					 "    ReadOnly:   true\n"
					 "  scratch:\n"
					 "    Type:       EmptyDir (a temporary directory that shares a "
					 "pod's lifetime)\n"
					 "    Medium:     Memory\n"
					 "    SizeLimit:  1Gi\n"
					 "  logs:\n"
					 "    Type:          HostPath (bare host directory volume)\n"
					 "    Path:          /var/log\n"
					 "    HostPathType:  Directory\n"));
	assert_non_null(strstr(out.data, "  info:\n"
					 "    Type:  DownwardAPI (a volume populated by information "
					 "about the pod)\n"
					 "  kube-api-access-"));
	sb_free(&out);
	close_session(s);
}

static void describe_sts_shows_the_template_mounts_without_a_token(void **state)
{
	struct session *s = open_text(WEB);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "describe sts web", &out), 0);
	assert_non_null(strstr(out.data, "    Mounts:\n"
					 "      /usr/share/nginx/html from www (rw)\n"
					 "  Volumes:\n"
					 "   www:\n"));
	assert_null(strstr(out.data, "kube-api-access"));
	sb_free(&out);
	close_session(s);
}

static void automount_false_leaves_out_the_token(void **state)
{
	struct session *s = open_text("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
				      "spec:\n  automountServiceAccountToken: false\n"
				      "  containers: [{name: c, image: nginx}]\n");
	struct strbuf out;

	(void)state;
	sb_init(&out);
	run_to(s, 1 * MIN);
	assert_int_equal(kubectl(s, "describe pod p", &out), 0);
	assert_non_null(strstr(out.data, "    Mounts:         <none>\n"));
	assert_non_null(strstr(out.data, "Volumes:                      <none>\n"));
	sb_reset(&out);
	assert_int_equal(kubectl(s, "get pod p -o yaml", &out), 0);
	assert_non_null(strstr(out.data, "  automountServiceAccountToken: false\n"));
	assert_null(strstr(out.data, "volumes:"));
	sb_free(&out);
	close_session(s);
}

static void yaml_renders_sources_with_their_defaults(void **state)
{
	struct session *s = open_text(every_source);
	struct strbuf out;

	(void)state;
	sb_init(&out);
	assert_int_equal(kubectl(s, "get pod p -o yaml", &out), 0);
	assert_non_null(strstr(out.data, "    volumeMounts:\n"
					 "    - mountPath: /data\n"
					 "      name: data\n"
					 "    - mountPath: /etc/app/app.conf\n"
					 "      name: conf\n"
					 "      readOnly: true\n"
					 "      subPath: app.conf\n"));
	assert_non_null(strstr(out.data, "  volumes:\n"
					 "  - name: data\n"
					 "    persistentVolumeClaim:\n"
					 "      claimName: data-claim\n"
					 "      readOnly: true\n"
					 "  - emptyDir:\n"
					 "      medium: Memory\n"
					 "      sizeLimit: 1Gi\n"
					 "    name: scratch\n"
					 "  - hostPath:\n"
					 "      path: /var/log\n"
					 "      type: Directory\n"
					 "    name: logs\n"
					 "  - configMap:\n"
					 "      defaultMode: 420\n"
					 "      name: app-conf\n"
					 "      optional: true\n"
					 "    name: conf\n"
					 "  - name: tls\n"
					 "    secret:\n"
					 "      defaultMode: 420\n"
					 "      secretName: app-tls\n"
					 "  - name: share\n"
					 "    nfs:\n"
					 "      path: /exports\n"
					 "      server: 10.0.0.1\n"
					 "  - downwardAPI: {}\n"
					 "    name: info\n"));
	sb_free(&out);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_source_keeps_its_fields),
		cmocka_unit_test(mounts_keep_name_path_sub_path_and_read_only),
		cmocka_unit_test(only_persistent_volume_claims_name_a_claim),
		cmocka_unit_test(volume_rules_are_the_api_servers),
		cmocka_unit_test(a_claim_template_replaces_the_template_volume_of_its_name),
		cmocka_unit_test(describe_pod_sorts_mounts_by_path_with_the_token_among_them),
		cmocka_unit_test(describe_sts_shows_the_template_mounts_without_a_token),
		cmocka_unit_test(automount_false_leaves_out_the_token),
		cmocka_unit_test(yaml_renders_sources_with_their_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
