/*
 * Unit tests for demo files: the Scenario document (spec, nodes, steps and
 * their times), each kind of expectation passing and failing against a
 * running session, run: paths relative to the demo, and bad demos with
 * their exact messages. Demos are inline YAML read as "t.yaml".
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ksim/kubectl.h"
#include "ksim/scenario.h"

/* ---------------------------------------------------------------- fixture */

struct fixture {
	struct scenario *sc;
	struct session s;
	bool running;
	struct ksim_error err;
};

static int setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture));
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (f->running)
		session_destroy(&f->s);
	scenario_free(f->sc);
	free(f);
	return 0;
}

static void fail_with_error(const struct ksim_error *err)
{
	char msg[1024];

	error_format(err, msg, sizeof msg);
	fail_msg("unexpected error: %s", msg);
}

static struct scenario *load(struct fixture *f, const char *yaml)
{
	int rc = scenario_load_text("t.yaml", yaml, &f->sc, &f->err);

	if (rc < 0)
		fail_with_error(&f->err);
	assert_int_equal(rc, 0);
	return f->sc;
}

/* Loads the demo, builds its session and runs to at_ms from the start. */
static void play(struct fixture *f, const char *yaml, int64_t at_ms)
{
	load(f, yaml);
	if (scenario_session(f->sc, &f->s, &f->err))
		fail_with_error(&f->err);
	f->running = true;
	engine_run_until(f->s.e, f->sc->start_ms + at_ms);
}

static void assert_load_fails(const char *yaml, const char *want)
{
	struct scenario *sc = NULL;
	struct ksim_error err;
	char msg[1024];

	assert_int_equal(scenario_load_text("t.yaml", yaml, &sc, &err), -1);
	assert_null(sc);
	error_format(&err, msg, sizeof msg);
	assert_string_equal(msg, want);
}

/* The i-th check of step `step`, evaluated now; *seen is what it found. */
static bool check(struct fixture *f, uint32_t step, uint32_t i, char *seen, size_t size)
{
	struct strbuf sb;
	bool ok;

	assert_true(step < f->sc->nsteps && i < f->sc->steps[step].nexpect);
	sb_init(&sb);
	ok = scenario_expect_eval(f->sc, &f->s, &f->sc->steps[step].expect[i], &sb);
	snprintf(seen, size, "%s", sb.data);
	sb_free(&sb);
	return ok;
}

static void assert_check(struct fixture *f, uint32_t step, uint32_t i, bool want, const char *seen)
{
	char got[256];

	assert_int_equal(check(f, step, i, got, sizeof got), want);
	assert_string_equal(got, seen);
}

static void assert_describes(struct fixture *f, uint32_t step, uint32_t i, const char *want)
{
	struct strbuf sb;

	sb_init(&sb);
	scenario_expect_describe(&f->sc->steps[step].expect[i], &sb);
	assert_string_equal(sb.data, want);
	sb_free(&sb);
}

#define HEADER "apiVersion: ksim.io/v1alpha1\nkind: Scenario\nmetadata:\n  name: t\n"

/* A Job of 4 completions, 2 at a time, each pod working 20 s; starts with "---\n". */
#define JOB_YAML                       \
	"---\n"                        \
	"apiVersion: batch/v1\n"       \
	"kind: Job\n"                  \
	"metadata:\n"                  \
	"  name: job-2\n"              \
	"spec:\n"                      \
	"  completions: 4\n"           \
	"  parallelism: 2\n"           \
	"  template:\n"                \
	"    spec:\n"                  \
	"      restartPolicy: Never\n" \
	"      containers:\n"          \
	"      - name: c\n"            \
	"        image: busybox\n"     \
	"        command: [\"sh\", \"-c\", \"echo 'job start'; sleep 20; echo 'job end'\"]\n"

/* ------------------------------------------------------------- the format */

static void header_and_spec_are_read(void **state)
{
	struct fixture *f = *state;
	struct scenario *sc = load(f, HEADER "description: A lesson.\n"
					     "spec:\n"
					     "  start: 2026-01-01T00:19:00Z\n"
					     "  seed: 42\n"
					     "  speed: 2.5\n"
					     "  nodeMonitorGracePeriod: 20s\n"
					     "  tolerationSeconds: 60\n");
	struct session_options o;

	assert_string_equal(sc->name, "t");
	assert_string_equal(sc->description, "A lesson.");
	assert_string_equal(sc->file, "t.yaml");
	assert_string_equal(sc->dir, "");
	assert_int_equal(sc->start_ms, SESSION_DEFAULT_START_MS + 19 * 60000);
	assert_int_equal(sc->seed, 42);
	assert_true(sc->speed == 2.5);
	assert_int_equal(sc->nsteps, 0);
	scenario_session_options(sc, &o);
	assert_int_equal(o.engine.node_monitor_grace_ms, 20000);
	assert_int_equal(o.engine.default_toleration_s, 60);
	assert_int_equal(o.seed, 42);
	assert_true(o.demo);
}

static void defaults_apply_without_a_spec(void **state)
{
	struct fixture *f = *state;
	struct scenario *sc = load(f, HEADER);
	struct session_options o;

	assert_int_equal(sc->start_ms, SESSION_DEFAULT_START_MS);
	assert_int_equal(sc->seed, SESSION_DEFAULT_SEED);
	assert_true(sc->speed == 1);
	scenario_session_options(sc, &o);
	assert_int_equal(o.engine.node_monitor_grace_ms, 40000);
	assert_int_equal(o.engine.default_toleration_s, 300);
}

static void steps_take_absolute_and_relative_times(void **state)
{
	struct fixture *f = *state;
	struct scenario *sc = load(f, HEADER "spec:\n"
					     "  timeline:\n"
					     "  - say: hello\n"
					     "  - at: 30s\n"
					     "    run: get pods\n"
					     "  - at: +10s\n"
					     "    key: f\n"
					     "  - pause: true\n"
					     "  - at: 1h30m\n"
					     "    expect: {count: pods, equals: 0}\n"
					     "  - at: +90\n"
					     "    say: later\n");

	assert_int_equal(sc->nsteps, 6);
	assert_int_equal(sc->steps[0].at_ms, 0);
	assert_int_equal(sc->steps[0].action, STEP_SAY);
	assert_string_equal(sc->steps[0].text, "hello");
	assert_int_equal(sc->steps[1].at_ms, 30000);
	assert_int_equal(sc->steps[1].action, STEP_RUN);
	assert_int_equal(sc->steps[2].at_ms, 40000);
	assert_int_equal(sc->steps[2].action, STEP_KEY);
	assert_string_equal(sc->steps[2].text, "f");
	assert_int_equal(sc->steps[3].at_ms, 40000); /* no at: with the previous step */
	assert_int_equal(sc->steps[3].action, STEP_PAUSE);
	assert_int_equal(sc->steps[4].at_ms, 5400000);
	assert_int_equal(sc->steps[5].at_ms, 5490000); /* +90: 90 s later, not 90 s from the start */
	assert_int_equal(sc->steps[4].line, 13);
	assert_int_equal(sc->steps[4].col, 5);
	assert_int_equal(scenario_duration(sc), 5490000);
}

static void a_check_or_a_list_of_checks(void **state)
{
	struct fixture *f = *state;
	struct scenario *sc = load(
	    f, HEADER "spec:\n"
		      "  timeline:\n"
		      "  - expect: {get: job/job-2, field: status.succeeded, equals: 2}\n"
		      "  - expect:\n"
		      "    - {count: pods, selector: app=web, phase: Running, equals: 3}\n"
		      "    - {event: JobAlreadyActive, object: cronjob/cron-job-2, count: 1}\n"
		      "    - {output: get pods, contains: web}\n");
	const struct scenario_expect *x;

	assert_int_equal(sc->steps[0].nexpect, 1);
	x = &sc->steps[0].expect[0];
	assert_int_equal(x->kind, EXPECT_GET);
	assert_string_equal(x->target, "job/job-2");
	assert_string_equal(x->equals, "2");
	assert_int_equal(sc->steps[1].nexpect, 3);
	x = &sc->steps[1].expect[0];
	assert_int_equal(x->kind, EXPECT_COUNT);
	assert_int_equal(x->number, 3);
	assert_string_equal(x->phase, "Running");
	x = &sc->steps[1].expect[1];
	assert_int_equal(x->kind, EXPECT_EVENT);
	assert_string_equal(x->reason, "JobAlreadyActive");
	assert_string_equal(x->target, "cronjob/cron-job-2");
	assert_int_equal(x->number, 1);
	assert_int_equal(x->line, 10);
	assert_int_equal(x->col, 7);
	assert_int_equal(sc->steps[1].expect[2].kind, EXPECT_OUTPUT);
	assert_describes(f, 0, 0, "job/job-2 status.succeeded == 2");
	assert_describes(f, 1, 0, "count pods -l app=web phase=Running == 3");
	assert_describes(f, 1, 1, "event JobAlreadyActive on cronjob/cron-job-2 1 time");
	assert_describes(f, 1, 2, "output of \"get pods\" contains web");
}

static void a_file_without_a_scenario_is_not_a_demo(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(scenario_load_text("t.yaml", JOB_YAML + 4, &f->sc, &f->err), 1);
	assert_null(f->sc);
}

static void the_built_in_demo_loads(void **state)
{
	struct fixture *f = *state;
	int rc = scenario_load_text("<default>", scenario_builtin_default(), &f->sc, &f->err);

	if (rc)
		fail_with_error(&f->err);
	assert_string_equal(f->sc->name, "default");
	assert_true(f->sc->nsteps > 0);
	assert_ptr_equal(f->sc->text, scenario_builtin_default());
}

/* ---------------------------------------------------------------- the cluster */

static void demo_nodes_become_nodes_and_roles_add_taints(void **state)
{
	struct fixture *f = *state;
	struct strbuf sb;

	play(f,
	     HEADER "spec:\n"
		    "  cluster:\n"
		    "    nodes:\n"
		    "    - {name: cp, role: control-plane}\n"
		    "    - {name: old, role: master}\n"
		    "    - name: w1\n"
		    "      labels: {os: centos}\n"
		    "      taints: [{key: gpu, value: \"yes\", effect: NoSchedule}]\n"
		    "      capacity: {cpu: \"4\", memory: 8Gi, pods: \"20\"}\n",
	     0);
	assert_int_equal(cluster_count(f->s.c, KIND_NODE), 3); /* no lab cluster */
	sb_init(&sb);
	assert_int_equal(scenario_exec(f->sc, &f->s, "get nodes", &sb, &sb), 0);
	assert_string_equal(sb.data, "NAME   STATUS   ROLES                  AGE   VERSION\n"
				     "cp     Ready    control-plane          0s    v1.31.0\n"
				     "old    Ready    control-plane,master   0s    v1.31.0\n"
				     "w1     Ready    <none>                 0s    v1.31.0\n");
	sb_reset(&sb);
	assert_int_equal(scenario_exec(f->sc, &f->s, "describe node w1", &sb, &sb), 0);
	assert_non_null(strstr(sb.data, "Taints:             gpu=yes:NoSchedule\n"));
	assert_non_null(strstr(sb.data, "os=centos"));
	assert_non_null(strstr(sb.data, "Capacity:\n  cpu:     4\n  memory:  8Gi\n"));
	sb_reset(&sb);
	assert_int_equal(scenario_exec(f->sc, &f->s, "describe node cp", &sb, &sb), 0);
	assert_non_null(strstr(
	    sb.data, "Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n"));
	sb_reset(&sb);
	assert_int_equal(scenario_exec(f->sc, &f->s, "describe node old", &sb, &sb), 0);
	assert_non_null(
	    strstr(sb.data, "Taints:             node-role.kubernetes.io/master:NoSchedule\n"));
	sb_free(&sb);
}

static void a_demo_without_nodes_gets_the_lab_cluster(void **state)
{
	struct fixture *f = *state;

	play(f, HEADER, 0);
	assert_int_equal(cluster_count(f->s.c, KIND_NODE), 4);
}

static void run_paths_resolve_against_the_demo_directory(void **state)
{
	struct fixture *f = *state;
	char dir[] = "/tmp/ksim-test-XXXXXX", path[64], files[64];
	struct strbuf out, err;
	FILE *fp;

	assert_non_null(mkdtemp(dir));
	snprintf(files, sizeof files, "%s/files", dir);
	assert_int_equal(mkdir(files, 0700), 0);
	snprintf(path, sizeof path, "%s/files/job.yaml", dir);
	fp = fopen(path, "w");
	fputs(JOB_YAML + 4, fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/demo.yaml", dir);
	fp = fopen(path, "w");
	fputs(HEADER, fp);
	fclose(fp);
	assert_int_equal(scenario_load_file(path, &f->sc, &f->err), 0);
	assert_string_equal(f->sc->dir, dir);
	assert_int_equal(scenario_session(f->sc, &f->s, &f->err), 0);
	f->running = true;
	sb_init(&out);
	sb_init(&err);
	assert_int_equal(scenario_exec(f->sc, &f->s, "apply -f files/job.yaml", &out, &err), 0);
	assert_string_equal(out.data, "job.batch/job-2 created\n");
	sb_free(&out);
	sb_free(&err);
	snprintf(path, sizeof path, "%s/files/job.yaml", dir);
	unlink(path);
	rmdir(files);
	snprintf(path, sizeof path, "%s/demo.yaml", dir);
	unlink(path);
	rmdir(dir);
}

/* ---------------------------------------------------------------- checks */

static const char job_checks[] = HEADER
    "spec:\n"
    "  timeline:\n"
    "  - expect:\n"
    "    - {get: job/job-2, field: spec.parallelism, equals: 2}\n"
    "    - {get: job/job-2, field: spec.parallelism, equals: 3}\n"
    "    - {get: job/job-2, field: \"status.conditions[0].type\", equals: Complete}\n"
    "    - {get: job/nope, field: spec.parallelism, equals: 2}\n"
    "    - {get: job/job-2, field: status.nothing, equals: null}\n"
    "    - {get: job/job-2, field: spec.template.spec.containers.0.command.2, contains: sleep 20}\n"
    "    - {get: pods, selector: job-name=job-2, field: metadata.name, contains: job-2-}\n"
    "    - {get: pods, selector: job-name=job-2, status: Completed, field: status.phase, equals: Succeeded}\n"
    "    - {count: pods, selector: job-name=job-2, equals: 2}\n"
    "    - {count: pods, selector: job-name=job-2, phase: Running, equals: 3}\n"
    "    - {count: pods, selector: job-name=job-2, status: Completed, equals: 0}\n"
    "    - {count: pods, node: k8s-master, equals: 2}\n"
    "    - {event: SuccessfulCreate, object: job/job-2, count: 2}\n"
    "    - {event: SuccessfulCreate, object: job/job-2, message: \"Created pod: job-2-\"}\n"
    "    - {event: Completed, object: job/job-2}\n"
    "    - {output: get job job-2, contains: \"Running   0/4\"}\n"
    "    - {output: logs job/job-2, equals: \"job start\\n\"}\n"
    "    - {output: logs job/nope, contains: job start}\n" JOB_YAML;

static void get_checks_read_fields_as_json_shows_them(void **state)
{
	struct fixture *f = *state;

	play(f, job_checks, 10000);
	assert_check(f, 0, 0, true, "2");
	assert_check(f, 0, 1, false, "2");
	assert_check(f, 0, 2, false, "null");
	assert_check(f, 0, 3, false, "no job/nope");
	assert_check(f, 0, 4, true, "null");
	assert_check(f, 0, 5, true, "\"echo 'job start'; sleep 20; echo 'job end'\"");
	assert_check(f, 0, 6, false, "2 pods");
	assert_check(f, 0, 7, false, "0 pods");
	engine_run_until(f->s.e, f->sc->start_ms + 30000);
	assert_check(f, 0, 7, false, "2 pods");
	assert_describes(f, 0, 6, "pods -l job-name=job-2 metadata.name contains job-2-");
}

static void count_checks_filter_by_phase_status_and_node(void **state)
{
	struct fixture *f = *state;

	play(f, job_checks, 10000);
	assert_check(f, 0, 8, true, "2");
	assert_check(f, 0, 9, false, "2");
	assert_check(f, 0, 10, true, "0");
	assert_check(f, 0, 11, false, "0");
	assert_describes(f, 0, 11, "count pods on k8s-master == 2");
}

static void event_checks_count_and_match_messages(void **state)
{
	struct fixture *f = *state;

	play(f, job_checks, 10000);
	assert_check(f, 0, 12, true, "2 events");
	assert_check(f, 0, 13, true, "2 events");
	assert_check(f, 0, 14, false, "0 events");
	engine_run_until(f->s.e, f->sc->start_ms + 120000);
	assert_check(f, 0, 12, false, "4 events");
	assert_check(f, 0, 14, true, "1 event");
}

static void output_checks_run_the_command(void **state)
{
	struct fixture *f = *state;

	play(f, job_checks, 10000);
	assert_check(
	    f, 0, 15, true,
	    "\"NAME    STATUS    COMPLETIONS   DURATION   AGE\\njob-2   Running   0/4    ...\"");
	/* kubectl logs job/x reads one pod, and says so on stderr first. */
	assert_check(f, 0, 16, false, "\"Found 2 pods, using pod/job-2-46gd2\\njob start\\n\"");
	assert_check(f, 0, 17, false,
		     "\"Error from server (NotFound): jobs.batch \\\"nope\\\" not found\\n\"");
	assert_describes(f, 0, 16, "output of \"logs job/job-2\" == \"job start\\n\"");
}

/* ---------------------------------------------------------------- bad demos */

static void bad_demos_name_the_place_and_the_field(void **state)
{
	static const struct {
		const char *yaml, *want;
	} cases[] = {
		{ "apiVersion: ksim.io/v1alpha1\nkind: Scenario\nmetadata: {}\n",
		  "t.yaml:3:11: metadata.name: Required value: name is required" },
		{ HEADER "spec:\n  timeline:\n  - at: 30s\n    say: hi\n    run: get pods\n",
		  "t.yaml:9:10: spec.timeline[0].run: a step does one thing: this one has say and run (give each its own step)" },
		{ HEADER "spec:\n  timeline:\n  - at: 30s\n",
		  "t.yaml:7:5: spec.timeline[0]: Required value: a step needs one of run, key, say, pause or expect" },
		{ HEADER "spec:\n  timeline:\n  - {at: 1m, say: a}\n  - {at: 30s, say: b}\n",
		  "t.yaml:8:10: spec.timeline[1].at: Invalid value: \"30s\": before the previous step; steps go in time order (write +10s for \"10 s later\")" },
		{ HEADER "spec:\n  timeline:\n  - {at: soon, say: a}\n",
		  "t.yaml:7:10: spec.timeline[0].at: Invalid value: \"soon\": expected a time from the start such as 30s, 2m or 1h30m, or +10s after the previous step" },
		{ HEADER "spec:\n  timeline:\n  - {pause: maybe}\n",
		  "t.yaml:7:13: spec.timeline[0].pause: expected true or false, got \"maybe\"" },
		{ HEADER "spec:\n  timeline:\n  - expect: {equals: 2}\n",
		  "t.yaml:7:13: spec.timeline[0].expect: Required value: a check needs one of get, count, event or output" },
		{ HEADER "spec:\n  timeline:\n  - expect: {get: job/x, count: pods, equals: 2}\n",
		  "t.yaml:7:33: spec.timeline[0].expect.count: a check is one of get, count, event or output: this one has get and count" },
		{ HEADER "spec:\n  timeline:\n  - expect: {get: job/x, equals: 2}\n",
		  "t.yaml:7:13: spec.timeline[0].expect.field: Required value: a path such as status.succeeded" },
		{ HEADER "spec:\n  timeline:\n  - expect: {get: job, field: a, equals: 2}\n",
		  "t.yaml:7:13: spec.timeline[0].expect.selector: Required value: get job without a name needs a selector or a node that picks one object" },
		{ HEADER "spec:\n  timeline:\n  - expect: {get: jobz/x, field: a, equals: 2}\n",
		  "t.yaml:7:19: spec.timeline[0].expect.get: Invalid value: \"jobz/x\": the server doesn't have a resource type \"jobz\"" },
		{ HEADER
		  "spec:\n  timeline:\n  - expect: {get: job/x, selector: a=b, field: a, equals: 2}\n",
		  "t.yaml:7:36: spec.timeline[0].expect.selector: a get of a named object takes no selector, node, status or phase" },
		{ HEADER "spec:\n  timeline:\n  - expect: {count: pods, equals: three}\n",
		  "t.yaml:7:35: spec.timeline[0].expect.equals: expected an integer, got \"three\"" },
		{ HEADER "spec:\n  timeline:\n  - expect: {count: pods}\n",
		  "t.yaml:7:13: spec.timeline[0].expect.equals: Required value: the number of objects expected" },
		{ HEADER
		  "spec:\n  timeline:\n  - expect: {count: pods, selector: \"a in (b\", equals: 1}\n",
		  "t.yaml:7:37: spec.timeline[0].expect.selector: Invalid value: \"a in (b\": unable to parse requirement: invalid label selector \"a in (b\"" },
		{ HEADER "spec:\n  timeline:\n  - expect: {count: pods, phase: Done, equals: 1}\n",
		  "t.yaml:7:34: spec.timeline[0].expect.phase: Unsupported value: \"Done\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", \"Unknown\"" },
		{ HEADER "spec:\n  timeline:\n  - expect: {count: jobs, status: Running, equals: 1}\n",
		  "t.yaml:7:35: spec.timeline[0].expect.status: only pods have a node, a status and a phase" },
		{ HEADER "spec:\n  timeline:\n  - expect: {count: pods, message: x, equals: 1}\n",
		  "t.yaml:7:36: spec.timeline[0].expect.message: a count check does not take message" },
		{ HEADER "spec:\n  timeline:\n  - expect: {event: Killing, object: pod-x}\n",
		  "t.yaml:7:38: spec.timeline[0].expect.object: Invalid value: \"pod-x\": expected KIND/NAME, such as job/job-2" },
		{ HEADER "spec:\n  timeline:\n  - expect: {event: Killing, count: -1}\n",
		  "t.yaml:7:37: spec.timeline[0].expect.count: Invalid value: -1: must be greater than or equal to 0" },
		{ HEADER
		  "spec:\n  timeline:\n  - expect: {output: get pods, equals: a, contains: b}\n",
		  "t.yaml:7:53: spec.timeline[0].expect.contains: a check takes equals or contains, not both" },
		{ HEADER "spec:\n  timeline:\n  - expect: {output: get pods}\n",
		  "t.yaml:7:13: spec.timeline[0].expect.equals: Required value: what to compare with (equals or contains)" },
		{ HEADER "spec:\n  timeline:\n  - expect: [{output: get pods, contains: x}, 3]\n",
		  "t.yaml:7:47: spec.timeline[0].expect[1]: expected a mapping, got 3" },
		{ HEADER "spec:\n  speed: -1\n",
		  "t.yaml:6:10: spec.speed: Invalid value: -1: must be more than 0 and at most 10000" },
		{ HEADER "spec:\n  start: tomorrow\n",
		  "t.yaml:6:10: spec.start: Invalid value: \"tomorrow\": expected an RFC 3339 time such as 2026-01-01T00:00:00Z" },
		{ HEADER "spec:\n  nodeMonitorGracePeriod: true\n",
		  "t.yaml:6:27: spec.nodeMonitorGracePeriod: Invalid value: \"true\": expected a duration such as 40s or 2m" },
		{ HEADER "spec:\n  cluster:\n    nodes:\n    - {name: n1, role: boss}\n",
		  "t.yaml:8:24: spec.cluster.nodes[0].role: Unsupported value: \"boss\": supported values: \"worker\", \"control-plane\", \"master\"" },
		{ HEADER "spec:\n  cluster:\n    nodes:\n    - {labels: {a: b}}\n",
		  "t.yaml:8:7: spec.cluster.nodes[0].name: Required value" },
		{ HEADER "spec:\n  cluster:\n    nodes:\n    - {name: N_1}\n",
		  "t.yaml:8:14: spec.cluster.nodes[0].name: Invalid value: \"N_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')" },
		{ HEADER "spec:\n  cluster:\n    nodes:\n    - {name: n1, taints: [{key: a}]}\n",
		  "t.yaml:8:27: spec.cluster.nodes[0].taints[0].effect: Required value" },
		{ HEADER "spec:\n  cluster:\n    nodes:\n    - {name: n1, capacity: {cpu: lots}}\n",
		  "t.yaml:8:34: spec.cluster.nodes[0].capacity.cpu: Invalid value: \"lots\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_load_fails(cases[i].yaml, cases[i].want);
}

static void a_bad_manifest_after_the_scenario_fails_the_demo(void **state)
{
	(void)state;
	assert_load_fails(HEADER "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
			  "t.yaml:6:1: spec.containers: Required value");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(header_and_spec_are_read),
		T(defaults_apply_without_a_spec),
		T(steps_take_absolute_and_relative_times),
		T(a_check_or_a_list_of_checks),
		T(a_file_without_a_scenario_is_not_a_demo),
		T(the_built_in_demo_loads),
		T(demo_nodes_become_nodes_and_roles_add_taints),
		T(a_demo_without_nodes_gets_the_lab_cluster),
		T(run_paths_resolve_against_the_demo_directory),
		T(get_checks_read_fields_as_json_shows_them),
		T(count_checks_filter_by_phase_status_and_node),
		T(event_checks_count_and_match_messages),
		T(output_checks_run_the_command),
		T(bad_demos_name_the_place_and_the_field),
		T(a_bad_manifest_after_the_scenario_fails_the_demo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
