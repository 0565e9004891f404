/* The simulation thread: commands, clock, stamps and the wake pipe, seen from the UI side. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksim/runner.h"

#define SEC 1000
#define MIN (60 * SEC)

static const char cron_yaml[] =
    "apiVersion: batch/v1\n"
    "kind: CronJob\n"
    "metadata: {name: hello}\n"
    "spec:\n"
    "  schedule: \"*/5 * * * *\"\n"
    "  jobTemplate:\n"
    "    spec:\n"
    "      template:\n"
    "        spec:\n"
    "          restartPolicy: Never\n"
    "          containers: [{name: c, image: busybox, command: [sleep, \"20\"]}]\n";

static struct runner *start(const char *yaml, double speed, bool paused)
{
	struct session s;
	struct session_options o;
	struct ksim_error err;
	struct runner *r;

	session_options_default(&o);
	if (session_init_text(&s, &o, "test.yaml", yaml, &err) != 0)
		fail_msg("session_init_text: %s", err.msg);
	r = runner_new(&s, speed, paused);
	assert_int_equal(runner_start(r), 0);
	return r;
}

/* Waits (up to 5 s of wall time) for the next result. */
static void wait_result(struct runner *r, struct runner_result *res)
{
	for (int i = 0; i < 500; i++) {
		if (runner_take(r, res))
			return;
		struct pollfd p = { runner_wake_fd(r), POLLIN, 0 };
		poll(&p, 1, 10);
		runner_ack(r);
	}
	fail_msg("no result from the runner");
}

static void post(struct runner *r, enum runner_op op, const char *line, int tag)
{
	struct runner_cmd cmd = { .op = op, .line = line, .tag = tag };

	runner_post(r, &cmd);
}

static void exec_returns_output_in_order_with_tags(void **state)
{
	struct runner *r = start(cron_yaml, 1, true);
	struct runner_result res;

	(void)state;
	post(r, RUNNER_EXEC, "get cronjobs", 7);
	post(r, RUNNER_EXEC, "get nosuchkind", 8);
	wait_result(r, &res);
	assert_int_equal(res.tag, 7);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.out, "hello"));
	assert_int_equal(res.at_ms, SESSION_DEFAULT_START_MS);
	runner_result_free(&res);
	wait_result(r, &res);
	assert_int_equal(res.tag, 8);
	assert_int_equal(res.status, 1);
	assert_non_null(strstr(res.err, "nosuchkind"));
	runner_result_free(&res);
	runner_free(r);
}

static const char job_yaml[] =
    "apiVersion: batch/v1\n"
    "kind: Job\n"
    "metadata: {name: work}\n"
    "spec:\n"
    "  parallelism: 2\n"
    "  completions: 2\n"
    "  template:\n"
    "    spec:\n"
    "      restartPolicy: Never\n"
    "      containers: [{name: c, image: busybox, command: [sh, -c, \"echo hi; sleep 60\"]}]\n";

/* The result's text: both streams as a terminal shows them, stderr lines written first first. */
static void result_text_keeps_stderr_written_before_stdout_first(void **state)
{
	struct runner *r = start(job_yaml, 1, true);
	struct runner_cmd to = { .op = RUNNER_RUN_TO, .at_ms = SESSION_DEFAULT_START_MS + 10 * SEC };
	struct runner_result res;

	(void)state;
	runner_post(r, &to);
	post(r, RUNNER_EXEC, "logs job/work", 1);
	post(r, RUNNER_EXEC, "drain k8s-node3 --ignore-daemonsets", 2);
	wait_result(r, &res); /* the run */
	runner_result_free(&res);
	wait_result(r, &res);
	assert_string_equal(res.out, "hi\n");
	assert_string_equal(res.text, "Found 2 pods, using pod/work-46gd2\nhi\n");
	runner_result_free(&res);
	wait_result(r, &res);
	assert_non_null(strstr(res.err, "Warning: ignoring DaemonSet-managed Pods"));
	assert_non_null(strstr(res.text, "evicting pod"));
	assert_true(strstr(res.text, "Warning:") < strstr(res.text, "evicting pod"));
	assert_true(strstr(res.text, "node/k8s-node3 cordoned") < strstr(res.text, "Warning:"));
	runner_result_free(&res);
	runner_free(r);
}

static void paused_clock_does_not_move(void **state)
{
	struct runner *r = start(cron_yaml, 600, true);
	struct runner_clock ck;

	(void)state;
	poll(NULL, 0, 50);
	runner_clock(r, &ck);
	assert_true(ck.paused);
	assert_int_equal(runner_clock_at(&ck, runner_wall_ns()), SESSION_DEFAULT_START_MS);
	runner_free(r);
}

static void step_runs_to_the_next_timer_and_stays_paused(void **state)
{
	struct runner *r = start(cron_yaml, 1, true);
	struct runner_result res;
	struct runner_clock ck;

	(void)state;
	post(r, RUNNER_STEP, NULL, 1);
	wait_result(r, &res);
	runner_clock(r, &ck);
	assert_int_equal(res.status, 0);
	assert_true(ck.paused);
	/* the CronJob controller's timer: the first 5-minute mark plus its 100 ms */
	assert_int_equal(ck.virt0_ms, SESSION_DEFAULT_START_MS + 5 * MIN + 100);
	runner_result_free(&res);
	runner_free(r);
}

static void next_cron_jump_creates_the_job(void **state)
{
	struct runner *r = start(cron_yaml, 1, true);
	struct runner_result res;

	(void)state;
	post(r, RUNNER_NEXT_CRON, NULL, 1);
	wait_result(r, &res);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.out, "cronjob/hello ran at 2026-01-01T00:05:00Z"));
	runner_result_free(&res);
	post(r, RUNNER_EXEC, "get jobs", 2);
	wait_result(r, &res);
	assert_non_null(strstr(res.out, "hello-29453765"));
	runner_result_free(&res);
	runner_free(r);
}

static void running_clock_follows_wall_time_times_speed(void **state)
{
	struct runner *r = start(cron_yaml, 600, false);
	struct runner_clock ck;
	struct runner_result res;

	(void)state;
	poll(NULL, 0, 200); /* 200 ms at x600: two virtual minutes */
	post(r, RUNNER_PAUSE, NULL, 1);
	wait_result(r, &res);
	runner_result_free(&res);
	runner_clock(r, &ck);
	assert_true(ck.virt0_ms >= SESSION_DEFAULT_START_MS + 2 * MIN);
	assert_true(ck.virt0_ms < SESSION_DEFAULT_START_MS + 60 * MIN);
	runner_free(r);
}

struct stamps {
	int n;
	int64_t at[8];
	char line[8][32];
};

static void collect(void *ctx, const struct runner_stamp *st)
{
	struct stamps *s = ctx;

	if (s->n < 8) {
		s->at[s->n] = st->at_ms;
		snprintf(s->line[s->n], sizeof s->line[0], "%s", st->line ? st->line : "-");
	}
	s->n++;
}

static void commands_are_stamped_with_their_virtual_time(void **state)
{
	struct runner *r = start(cron_yaml, 1, true);
	struct runner_result res;
	struct stamps s = { 0 };

	(void)state;
	post(r, RUNNER_EXEC, "cordon k8s-node1", 1);
	post(r, RUNNER_NEXT_CRON, NULL, 2);
	post(r, RUNNER_EXEC, "uncordon k8s-node1", 3);
	for (int i = 0; i < 3; i++) {
		wait_result(r, &res);
		runner_result_free(&res);
	}
	runner_log_each(r, collect, &s);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.at[0], SESSION_DEFAULT_START_MS);
	assert_string_equal(s.line[0], "cordon k8s-node1");
	assert_int_equal(s.at[2], SESSION_DEFAULT_START_MS + 5 * MIN + SEC);
	assert_string_equal(s.line[2], "uncordon k8s-node1");
	runner_free(r);
}

static void wake_pipe_coalesces_to_one_byte(void **state)
{
	struct runner *r = start(cron_yaml, 1, true);
	struct runner_result res;
	char buf[16];

	(void)state;
	post(r, RUNNER_EXEC, "cordon k8s-node1", 1);
	post(r, RUNNER_EXEC, "cordon k8s-node2", 2);
	wait_result(r, &res);
	runner_result_free(&res);
	while (!runner_take(r, &res))
		poll(NULL, 0, 5);
	runner_result_free(&res);
	/* two changes and two results, not acked since wait_result's last ack: at most one byte */
	poll(NULL, 0, 20);
	assert_true(read(runner_wake_fd(r), buf, sizeof buf) <= 1);
	runner_free(r);
}

static void speed_steps_walk_the_table(void **state)
{
	(void)state;
	assert_true(runner_speed_step(1, 1) == 2);
	assert_true(runner_speed_step(1, -1) == 0.5);
	assert_true(runner_speed_step(0.5, -1) == 0.5);
	assert_true(runner_speed_step(600, 1) == 600);
	assert_true(runner_speed_step(7, 1) == 10);
	assert_true(runner_speed_step(7, -1) == 5);
}

/* The check of a scheduled mark: counts the cluster's CronJobs at the mark's instant. */
static int count_cronjobs(void *ctx, int tag, struct session *s, struct strbuf *out)
{
	int *calls = ctx;

	(*calls)++;
	sb_printf(out, "tag %d at %lld: %u cronjobs", tag, (long long)s->c->now_ms,
		  cluster_count(s->c, KIND_CRONJOB));
	return 7;
}

static void a_marks_check_runs_at_its_instant_and_answers(void **state)
{
	struct runner *r = start(cron_yaml, 1, true);
	struct runner_cmd cmd = { .op = RUNNER_MARK, .line = "expect: []", .tag = 42 };
	struct runner_result res;
	char want[96];
	int calls = 0;
	bool found = false;

	(void)state;
	cmd.check = count_cronjobs;
	cmd.ctx = &calls;
	runner_schedule(r, SESSION_DEFAULT_START_MS + 30 * SEC, &cmd);
	runner_stop(r);
	runner_run_to(r, SESSION_DEFAULT_START_MS + 60 * SEC);
	while (!found && runner_take(r, &res))
		if (!(found = res.tag == 42))
			runner_result_free(&res);
	assert_true(found);
	snprintf(want, sizeof want, "tag 42 at %lld: 1 cronjobs",
		 (long long)(SESSION_DEFAULT_START_MS + 30 * SEC));
	assert_string_equal(res.out, want);
	assert_int_equal(res.status, 7);
	assert_int_equal(res.at_ms, SESSION_DEFAULT_START_MS + 30 * SEC);
	assert_int_equal(calls, 1);
	runner_result_free(&res);
	runner_free(r);
}

static const char ds_yaml[] =
    "apiVersion: apps/v1\n"
    "kind: DaemonSet\n"
    "metadata: {name: agent}\n"
    "spec:\n"
    "  selector: {matchLabels: {app: agent}}\n"
    "  template:\n"
    "    metadata: {labels: {app: agent}}\n"
    "    spec: {containers: [{name: c, image: nginx}]}\n";

/* The result tagged tag, if the runner has posted it (others are dropped). */
static bool take_tagged(struct runner *r, int tag, struct runner_result *res)
{
	while (runner_take(r, res)) {
		if (res->tag == tag)
			return true;
		runner_result_free(res);
	}
	return false;
}

static void rollout_status_waits_while_the_runners_clock_goes_on(void **state)
{
	struct runner *r = start(ds_yaml, 1, true);
	struct runner_cmd restart = { .op = RUNNER_EXEC, .line = "rollout restart ds/agent", .tag = 1 };
	struct runner_cmd status = { .op = RUNNER_EXEC, .line = "rollout status ds/agent", .tag = 2 };
	const int64_t t0 = SESSION_DEFAULT_START_MS + 30 * SEC;
	struct runner_result res;
	struct cluster *c = runner_cluster(r);

	(void)state;
	runner_schedule(r, t0, &restart);
	runner_schedule(r, t0, &status);
	runner_stop(r);
	runner_run_to(r, t0 + SEC);
	/* The command did not run the engine ahead of the runner's clock, and is not answered yet. */
	assert_int_equal(c->now_ms, t0 + SEC);
	assert_false(take_tagged(r, 2, &res));
	runner_run_to(r, t0 + 10 * MIN);
	assert_true(take_tagged(r, 2, &res));
	assert_int_equal(res.status, 0);
	assert_int_equal(res.at_ms, t0);
	assert_non_null(strstr(res.out, "Waiting for daemon set \"agent\" rollout to finish"));
	assert_non_null(strstr(res.out, "daemon set \"agent\" successfully rolled out\n"));
	assert_int_equal(c->now_ms, t0 + 10 * MIN);
	runner_result_free(&res);
	runner_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exec_returns_output_in_order_with_tags),
		cmocka_unit_test(result_text_keeps_stderr_written_before_stdout_first),
		cmocka_unit_test(paused_clock_does_not_move),
		cmocka_unit_test(step_runs_to_the_next_timer_and_stays_paused),
		cmocka_unit_test(next_cron_jump_creates_the_job),
		cmocka_unit_test(running_clock_follows_wall_time_times_speed),
		cmocka_unit_test(commands_are_stamped_with_their_virtual_time),
		cmocka_unit_test(wake_pipe_coalesces_to_one_byte),
		cmocka_unit_test(speed_steps_walk_the_table),
		cmocka_unit_test(a_marks_check_runs_at_its_instant_and_answers),
		cmocka_unit_test(rollout_status_waits_while_the_runners_clock_goes_on),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
