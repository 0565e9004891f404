/* The kubelet's prober: when probes run, thresholds, readiness, startup gating, kills. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "session_fixture.h"

/* A bare busybox pod "app" whose container runs cmd, with the probes given as YAML lines. */
#define POD(grace, cmd, probes)                                                               \
	"apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n"                          \
	"  terminationGracePeriodSeconds: " grace "\n"                                        \
	"  containers:\n  - name: app\n    image: busybox:1.36\n"                            \
	"    command: [sh, -c, \"" cmd "\"]\n" probes

#define EXEC_PROBE(kind, file, extra)                                                         \
	"    " kind ":\n      exec: {command: [cat, " file "]}\n" extra

static const struct probe_status *probe(struct session *s, enum probe_kind kind)
{
	const struct pod *p = pod(s, "app");
	const struct container *k = &cluster_spec(s->c, p->spec)->containers[0];

	return pod_probe_status(p, k, 0, kind);
}

static const struct ctr_status *app(struct session *s)
{
	return &pod(s, "app")->ctrs[0];
}

static void the_first_probe_comes_at_the_first_tick_after_the_initial_delay(void **state)
{
	struct session *s = open_text(POD("30", "touch /tmp/ok; sleep 3600",
					  EXEC_PROBE("livenessProbe", "/tmp/ok",
						     "      initialDelaySeconds: 7\n"
						     "      periodSeconds: 5\n")));
	const struct probe_status *ps;
	int64_t first;

	(void)state;
	run_to(s, 40 * SEC);
	ps = probe(s, PROBE_LIVENESS);
	assert_non_null(ps);
	/* the worker's ticks are origin + k * period; the first one counts once 7 s have run */
	assert_int_equal((ps->last_ms - ps->origin_ms) % (5 * SEC), 0);
	first = ps->last_ms - (ps->run - 1) * 5 * SEC;
	assert_true(first >= app(s)->since_ms + 7 * SEC);
	assert_true(first < app(s)->since_ms + 12 * SEC);
	assert_int_equal(ps->last, PROBE_SUCCESS);
	close_session(s);
}

static void liveness_kills_the_container_only_at_the_failure_threshold(void **state)
{
	struct session *s =
	    open_text(POD("30", "sleep 3600",
			  EXEC_PROBE("livenessProbe", "/tmp/missing", "      periodSeconds: 5\n"
								      "      failureThreshold: 3\n")));
	const struct probe_status *ps;
	int64_t t = 0;

	(void)state;
	do
		run_to(s, t += 100);
	while (!probe(s, PROBE_LIVENESS) || probe(s, PROBE_LIVENESS)->run < 2);
	assert_false(app(s)->killing);
	assert_int_equal(count_events(s, "Unhealthy", "app"), 2);
	assert_int_equal(count_events(s, "Killing", "app"), 0);
	run_to(s, t + 5 * SEC);
	ps = probe(s, PROBE_LIVENESS);
	assert_true(app(s)->killing);
	assert_true(ps->on_hold);
	assert_int_equal(count_events(s, "Killing", "app"), 1);
	close_session(s);
}

static void readiness_is_false_until_the_first_success(void **state)
{
	struct session *s =
	    open_text(POD("30", "sleep 3600",
			  EXEC_PROBE("readinessProbe", "/etc/hostname",
				     "      initialDelaySeconds: 10\n      periodSeconds: 5\n")));
	int64_t t = 0;

	(void)state;
	do
		run_to(s, t += 100);
	while (app(s)->state != CTR_RUNNING);
	run_to(s, t + 5 * SEC);
	assert_false(app(s)->ready);
	assert_false(running_ready(s, "app"));
	assert_int_equal(probe(s, PROBE_READINESS)->last_ms, TIME_NONE);
	run_to(s, t + 16 * SEC);
	assert_true(running_ready(s, "app"));
	assert_int_equal(probe(s, PROBE_READINESS)->result, PROBE_SUCCESS);
	close_session(s);
}

static void readiness_needs_success_threshold_successes_in_a_row(void **state)
{
	struct session *s = open_text(POD("30", "sleep 3600",
					  EXEC_PROBE("readinessProbe", "/etc/hostname",
						     "      periodSeconds: 5\n"
						     "      successThreshold: 3\n")));
	int64_t t = 0;

	(void)state;
	do
		run_to(s, t += 100);
	while (!probe(s, PROBE_READINESS) || probe(s, PROBE_READINESS)->run < 2);
	assert_false(app(s)->ready);
	do
		run_to(s, t += 100);
	while (probe(s, PROBE_READINESS)->run < 3);
	assert_true(app(s)->ready);
	close_session(s);
}

static void a_startup_probe_holds_liveness_and_readiness_back_until_it_succeeds(void **state)
{
	struct session *s = open_text(
	    POD("30", "sleep 20; touch /tmp/up; sleep 3600",
		EXEC_PROBE("startupProbe", "/tmp/up", "      periodSeconds: 2\n      failureThreshold: 30\n")
		    EXEC_PROBE("livenessProbe", "/tmp/up", "      periodSeconds: 2\n      failureThreshold: 1\n")
			EXEC_PROBE("readinessProbe", "/tmp/up", "      periodSeconds: 2\n")));

	(void)state;
	run_to(s, 15 * SEC);
	assert_true(probe(s, PROBE_STARTUP)->run >= 3);
	assert_int_equal(probe(s, PROBE_LIVENESS)->last_ms, TIME_NONE);
	assert_int_equal(probe(s, PROBE_READINESS)->last_ms, TIME_NONE);
	assert_false(app(s)->ready);
	run_to(s, 40 * SEC);
	assert_int_equal(probe(s, PROBE_STARTUP)->result, PROBE_SUCCESS);
	assert_int_equal(probe(s, PROBE_LIVENESS)->last, PROBE_SUCCESS);
	assert_true(app(s)->ready);
	assert_int_equal(app(s)->restarts, 0);
	assert_int_equal(count_events(s, "Killing", "app"), 0);
	close_session(s);
}

static void a_failed_startup_probe_kills_the_container_as_liveness_does(void **state)
{
	struct session *s = open_text(POD(
	    "30", "sleep 3600",
	    EXEC_PROBE("startupProbe", "/tmp/never", "      periodSeconds: 2\n      failureThreshold: 3\n")));
	struct strbuf msg;

	(void)state;
	sb_init(&msg);
	run_to(s, 20 * SEC);
	event_message(s, "Killing", "app", &msg);
	assert_string_equal(msg.data, "Container app failed startup probe, will be restarted");
	sb_free(&msg);
	close_session(s);
}

static void the_probe_grace_period_overrides_the_pods(void **state)
{
	struct session *s = open_text(POD(
	    "300", "sleep 3600",
	    EXEC_PROBE("livenessProbe", "/tmp/missing",
		       "      periodSeconds: 5\n      failureThreshold: 1\n"
		       "      terminationGracePeriodSeconds: 2\n")));
	int64_t t = 0, killed;

	(void)state;
	do
		run_to(s, t += 100);
	while (!app(s)->killing);
	killed = t;
	/* sh ignores SIGTERM: SIGKILL after the probe's 2 s, not the pod's 300 s */
	run_to(s, killed + 1 * SEC);
	assert_int_equal(app(s)->restarts, 0);
	run_to(s, killed + 4 * SEC);
	assert_int_equal(app(s)->restarts, 1);
	assert_int_equal(app(s)->exit_code, 137);
	close_session(s);
}

static void an_exec_probe_that_outlasts_its_timeout_fails(void **state)
{
	struct session *s = open_text(POD("30", "sleep 3600",
					  "    readinessProbe:\n"
					  "      exec: {command: [sh, -c, \"sleep 3; true\"]}\n"
					  "      timeoutSeconds: 2\n"));

	(void)state;
	run_to(s, 30 * SEC);
	assert_int_equal(probe(s, PROBE_READINESS)->last, PROBE_FAILURE);
	assert_string_equal(probe(s, PROBE_READINESS)->message,
			    "command \"sh -c sleep 3; true\" timed out");
	assert_false(app(s)->ready);
	close_session(s);
}

static void a_pod_without_probes_has_no_prober_state(void **state)
{
	struct session *s = open_text(POD("30", "sleep 3600", ""));

	(void)state;
	run_to(s, 1 * MIN);
	assert_int_equal(app(s)->state, CTR_RUNNING);
	assert_null(pod(s, "app")->probes);
	assert_true(app(s)->ready);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_first_probe_comes_at_the_first_tick_after_the_initial_delay),
		cmocka_unit_test(liveness_kills_the_container_only_at_the_failure_threshold),
		cmocka_unit_test(readiness_is_false_until_the_first_success),
		cmocka_unit_test(readiness_needs_success_threshold_successes_in_a_row),
		cmocka_unit_test(a_startup_probe_holds_liveness_and_readiness_back_until_it_succeeds),
		cmocka_unit_test(a_failed_startup_probe_kills_the_container_as_liveness_does),
		cmocka_unit_test(the_probe_grace_period_overrides_the_pods),
		cmocka_unit_test(an_exec_probe_that_outlasts_its_timeout_fails),
		cmocka_unit_test(a_pod_without_probes_has_no_prober_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
