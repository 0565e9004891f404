/* ConfigMaps and Secrets in pods: env, envFrom, configMap and secret volumes, the kubelet's waits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <sys/stat.h>

#include "ksim/containerfs.h"
#include "session_fixture.h"

#define CONFIG                                                                      \
	"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n"                  \
	"data: {color: blue, mode: dark, 1st: x, app.properties: \"lives=3\\n\"}\n" \
	"---\napiVersion: v1\nkind: Secret\nmetadata: {name: sec}\n"                \
	"data: {password: czNjcjN0}\n---\n"

/* A pod "app" running busybox with the given container fields and pod volumes. */
#define POD(fields, volumes)                                                              \
	"apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n"        \
	"  - name: app\n    image: busybox\n    command: [sh, -c, 'sleep 3600']\n" fields \
	"  volumes: [" volumes "]\n"

#define ENV_COLOR                                                                           \
	"    env: [{name: COLOR, valueFrom: {configMapKeyRef: {name: cfg, key: color}}},\n" \
	"          {name: PASS, valueFrom: {secretKeyRef: {name: sec, key: password}}}]\n"

#define MOUNT_CFG "    volumeMounts: [{name: cfg, mountPath: /etc/cfg}]\n"

/* What `kubectl exec app -- ARGS` prints, exit status included. */
static const char *exec(struct session *s, const char *args, struct strbuf *out)
{
	char line[512];

	sb_reset(out);
	snprintf(line, sizeof line, "exec app -- %s", args);
	kubectl(s, line, out);
	return out->data ? out->data : "";
}

static const char *status(struct session *s, struct strbuf *out)
{
	sb_reset(out);
	kubectl(
	    s,
	    "get pod app --no-headers -o custom-columns=S:.status.containerStatuses[0].state.waiting.reason,P:.status.phase",
	    out);
	return out->data ? out->data : "";
}

/* The message of the newest event of reason on pod app, "" when none. */
static const char *last_event(struct session *s, const char *reason, struct strbuf *out)
{
	sb_reset(out);
	for (uint32_t i = s->c->events.count; i-- > 0;) {
		const struct event *ev = cluster_event_at(s->c, i);
		if (strcmp(cluster_str(s->c, ev->reason), reason) == 0) {
			event_text_render(s->c, &ev->msg, out);
			break;
		}
	}
	return out->data ? out->data : "";
}

static void config_map_and_secret_keys_reach_the_environment(void **state)
{
	struct session *s = open_text(CONFIG POD(ENV_COLOR, ""));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(exec(s, "printenv COLOR", &o), "blue\n");
	assert_string_equal(exec(s, "printenv PASS", &o), "s3cr3t\n");
	assert_string_equal(exec(s, "sh -c 'echo $COLOR ${PASS}'", &o), "blue s3cr3t\n");
	sb_free(&o);
	close_session(s);
}

static void a_missing_config_map_holds_the_container_in_create_container_config_error(void **state)
{
	struct session *s = open_text(POD(ENV_COLOR, ""));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(status(s, &o), "CreateContainerConfigError   Pending\n");
	assert_string_equal(last_event(s, "Failed", &o), "Error: configmap \"cfg\" not found");
	sb_free(&o);
	close_session(s);
}

static void a_missing_key_is_named_with_its_config_map(void **state)
{
	struct session *s = open_text(CONFIG POD(
	    "    env: [{name: X, valueFrom: {configMapKeyRef: {name: cfg, key: nope}}}]\n", ""));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(last_event(s, "Failed", &o),
			    "Error: couldn't find key nope in ConfigMap default/cfg");
	sb_free(&o);
	close_session(s);
}

static void the_container_starts_once_the_config_map_is_created(void **state)
{
	struct session *s = open_text(POD(ENV_COLOR, ""));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_int_equal(kubectl(s, "create configmap cfg --from-literal=color=red", NULL), 0);
	assert_int_equal(kubectl(s, "create secret generic sec --from-literal=password=p", NULL), 0);
	run_to(s, 50 * SEC);
	assert_string_equal(status(s, &o), "<none>   Running\n");
	assert_string_equal(exec(s, "printenv COLOR", &o), "red\n");
	sb_free(&o);
	close_session(s);
}

static void env_from_prefixes_keys_and_skips_invalid_names_with_an_event(void **state)
{
	struct session *s = open_text(CONFIG POD(
	    "    envFrom: [{configMapRef: {name: cfg}}, {prefix: S_, secretRef: {name: sec}}]\n"
	    "    env: [{name: mode, value: light}]\n",
	    ""));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(exec(s, "printenv color", &o), "blue\n");
	assert_string_equal(exec(s, "printenv S_password", &o), "s3cr3t\n");
	assert_string_equal(exec(s, "printenv mode", &o), "light\n");
	assert_string_equal(last_event(s, "InvalidEnvironmentVariableNames", &o),
			    "Keys [1st] from the EnvFrom configMap default/cfg were skipped since "
			    "they are considered invalid environment variable names.");
	sb_free(&o);
	close_session(s);
}

static void optional_references_to_missing_objects_let_the_pod_start(void **state)
{
	struct session *s = open_text(POD(
	    "    env: [{name: X, valueFrom: {configMapKeyRef: {name: cfg, key: k, optional: true}}}]\n"
	    "    envFrom: [{secretRef: {name: sec, optional: true}}]\n" MOUNT_CFG,
	    "{name: cfg, configMap: {name: cfg, optional: true}}"));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(status(s, &o), "<none>   Running\n");
	assert_string_equal(exec(s, "ls /etc/cfg", &o), "");
	sb_free(&o);
	close_session(s);
}

static void a_missing_volume_source_keeps_the_pod_creating_with_failed_mount(void **state)
{
	struct session *s = open_text(POD(MOUNT_CFG, "{name: cfg, configMap: {name: cfg}}"));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(status(s, &o), "ContainerCreating   Pending\n");
	assert_string_equal(
	    last_event(s, "FailedMount", &o),
	    "MountVolume.SetUp failed for volume \"cfg\" : configmap \"cfg\" not found");
	assert_string_equal(last_event(s, "Pulling", &o), "");
	sb_free(&o);
	close_session(s);
}

static void a_missing_item_key_fails_the_mount(void **state)
{
	struct session *s = open_text(CONFIG POD(
	    MOUNT_CFG, "{name: cfg, configMap: {name: cfg, items: [{key: nope, path: nope.txt}]}}"));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(last_event(s, "FailedMount", &o),
			    "MountVolume.SetUp failed for volume \"cfg\" : configmap references "
			    "non-existent config key: nope");
	sb_free(&o);
	close_session(s);
}

static void items_put_keys_at_their_paths_with_their_modes(void **state)
{
	struct session *s = open_text(CONFIG POD(
	    MOUNT_CFG, "{name: cfg, configMap: {name: cfg, defaultMode: 0440, items: "
		       "[{key: color, path: a/color}, {key: mode, path: mode, mode: 0400}]}}"));
	struct containerfs_stat st;
	struct strbuf o;
	const struct pod *p;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	p = get(s, KIND_POD, "app");
	assert_string_equal(exec(s, "ls /etc/cfg", &o), "a\nmode\n");
	assert_string_equal(exec(s, "cat /etc/cfg/a/color", &o), "blue\n");
	assert_int_equal(containerfs_stat(s->c, p, 0, "/etc/cfg/a/color", &st), 0);
	assert_int_equal(st.mode & 07777, 0440);
	assert_int_equal(containerfs_stat(s->c, p, 0, "/etc/cfg/mode", &st), 0);
	assert_int_equal(st.mode & 07777, 0400);
	sb_free(&o);
	close_session(s);
}

static void an_update_reaches_mounted_files_at_the_sync_but_not_env_or_sub_path(void **state)
{
	struct session *s = open_text(CONFIG POD(
	    ENV_COLOR "    volumeMounts: [{name: cfg, mountPath: /etc/cfg},\n"
		      "      {name: cfg, mountPath: /app.properties, subPath: app.properties}]\n",
	    "{name: cfg, configMap: {name: cfg}}"));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_int_equal(kubectl(s,
				 "patch configmap cfg -p "
				 "'{\"data\":{\"color\":\"green\",\"app.properties\":\"lives=5\"}}'",
				 NULL),
			 0);
	assert_string_equal(exec(s, "cat /etc/cfg/color", &o), "blue\n");
	run_to(s, 2 * MIN);
	assert_string_equal(exec(s, "cat /etc/cfg/color", &o), "green\n");
	assert_string_equal(exec(s, "printenv COLOR", &o), "blue\n");
	assert_string_equal(exec(s, "cat /app.properties", &o), "lives=3\n");
	sb_free(&o);
	close_session(s);
}

static void a_restarted_container_gets_the_updated_values(void **state)
{
	struct session *s = open_text(
	    CONFIG
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n"
	    "  - name: app\n    image: busybox\n    command: [sh, -c, 'sleep 60']\n" ENV_COLOR);
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_int_equal(
	    kubectl(s, "patch configmap cfg -p '{\"data\":{\"color\":\"green\"}}'", NULL), 0);
	assert_string_equal(exec(s, "printenv COLOR", &o), "blue\n");
	run_to(s, 90 * SEC);
	assert_int_equal(((const struct pod *)get(s, KIND_POD, "app"))->ctrs[0].restarts, 1);
	assert_string_equal(exec(s, "printenv COLOR", &o), "green\n");
	sb_free(&o);
	close_session(s);
}

static void a_restart_held_by_a_deleted_config_map_counts_once_it_starts(void **state)
{
	struct session *s = open_text(
	    CONFIG
	    "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n"
	    "  - name: app\n    image: busybox\n    command: [sh, -c, 'sleep 60']\n" ENV_COLOR);
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_int_equal(kubectl(s, "delete configmap cfg", NULL), 0);
	run_to(s, 90 * SEC);
	assert_string_equal(status(s, &o), "CreateContainerConfigError   Running\n");
	assert_int_equal(kubectl(s, "create configmap cfg --from-literal=color=red", NULL), 0);
	run_to(s, 110 * SEC);
	assert_int_equal(((const struct pod *)get(s, KIND_POD, "app"))->ctrs[0].restarts, 1);
	assert_string_equal(exec(s, "printenv COLOR", &o), "red\n");
	sb_free(&o);
	close_session(s);
}

static void the_kubelet_expands_dollar_paren_but_the_shell_alone_expands_dollar(void **state)
{
	struct session *s = open_text(CONFIG POD(ENV_COLOR, ""));
	struct strbuf o;

	(void)state;
	sb_init(&o);
	run_to(s, 30 * SEC);
	assert_string_equal(exec(s, "echo $COLOR $(COLOR) $(NOPE)", &o), "$COLOR blue $(NOPE)\n");
	sb_free(&o);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(config_map_and_secret_keys_reach_the_environment),
		cmocka_unit_test(
		    a_missing_config_map_holds_the_container_in_create_container_config_error),
		cmocka_unit_test(a_missing_key_is_named_with_its_config_map),
		cmocka_unit_test(the_container_starts_once_the_config_map_is_created),
		cmocka_unit_test(env_from_prefixes_keys_and_skips_invalid_names_with_an_event),
		cmocka_unit_test(optional_references_to_missing_objects_let_the_pod_start),
		cmocka_unit_test(a_missing_volume_source_keeps_the_pod_creating_with_failed_mount),
		cmocka_unit_test(a_missing_item_key_fails_the_mount),
		cmocka_unit_test(items_put_keys_at_their_paths_with_their_modes),
		cmocka_unit_test(an_update_reaches_mounted_files_at_the_sync_but_not_env_or_sub_path),
		cmocka_unit_test(a_restarted_container_gets_the_updated_values),
		cmocka_unit_test(a_restart_held_by_a_deleted_config_map_counts_once_it_starts),
		cmocka_unit_test(the_kubelet_expands_dollar_paren_but_the_shell_alone_expands_dollar),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
