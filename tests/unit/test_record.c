/*
 * Recordings and their pieces: the recorder's file is a demo after every
 * step, finishing renames it, rewinding drops steps; steps and checks
 * written as YAML read back the same; a recording keeps the source demo's
 * cluster; the runner applies scheduled commands at their exact virtual
 * times; the asciicast lines are valid JSON whatever the screen bytes.
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

#include "ksim/cast.h"
#include "ksim/runner.h"
#include "ksim/scenario.h"

#define SEC 1000

static const char demo_yaml[] =
    "apiVersion: ksim.io/v1alpha1\n"
    "kind: Scenario\n"
    "metadata: {name: source}\n"
    "spec:\n"
    "  seed: 7\n"
    "  nodeMonitorGracePeriod: 20s\n"
    "  cluster:\n"
    "    nodes:\n"
    "    - {name: cp, role: master}\n"
    "    - {name: w1, labels: {disk: ssd}, capacity: {cpu: \"4\", memory: 8Gi}}\n"
    "  timeline:\n"
    "  - say: \"Quotes \\\" and\\nnew lines survive\"\n"
    "  - at: 30s\n"
    "    expect:\n"
    "    - {get: job/pi, field: status.succeeded, equals: 2}\n"
    "    - {count: pods, selector: \"app in (web)\", phase: Running, equals: 3}\n"
    "    - {event: JobAlreadyActive, object: cronjob/c, count: 1, message: prior}\n"
    "    - {output: \"kubectl get jobs\", contains: \"2/6\"}\n"
    "    - {get: pods, node: w1, field: metadata.labels.x, equals: null}\n"
    "---\n"
    "apiVersion: batch/v1\n"
    "kind: Job\n"
    "metadata: {name: pi}\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      restartPolicy: Never\n"
    "      containers: [{name: c, image: busybox, command: [sleep, \"5\"]}]\n";

struct fixture {
	char dir[64], path[96], part[112];
	struct scenario *sc;
	struct recorder *rec;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "/tmp/ksim-record-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/My Lesson.yaml", f->dir);
	snprintf(f->part, sizeof f->part, "%s.part", f->path);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	recorder_free(f->rec);
	scenario_free(f->sc);
	unlink(f->path);
	unlink(f->part);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void open_recording(struct fixture *f)
{
	struct recorder_source src = { "source.yaml", demo_yaml };
	struct session_options o;
	struct ksim_error err;

	session_options_default(&o);
	o.seed = 7;
	if (recorder_open(f->path, &src, 1, &o, 5, &f->rec, &err))
		fail_msg("recorder_open: %s", err.msg);
}

/* Loads path; fails the test with the message when it is not a demo. */
static struct scenario *reload(const char *path)
{
	struct scenario *sc;
	struct ksim_error err;
	char msg[1024];

	if (scenario_load_file(path, &sc, &err) != 0) {
		error_format(&err, msg, sizeof msg);
		fail_msg("%s", msg);
	}
	return sc;
}

static void the_file_is_a_demo_after_every_step(void **state)
{
	struct fixture *f = *state;
	const char *bodies[] = { "run: \"cordon w1\"", "key: \"Tab\"", "pause: true" };

	open_recording(f);
	for (int i = 0; i <= 3; i++) {
		struct scenario *sc = reload(f->part);
		assert_int_equal(sc->nsteps, i);
		assert_string_equal(sc->name, "my-lesson");
		assert_int_equal(sc->seed, 7);
		assert_true(sc->speed == 5);
		if (i)
			assert_int_equal(sc->steps[i - 1].at_ms, i * 61 * SEC + 7);
		scenario_free(sc);
		if (i < 3)
			assert_int_equal(recorder_step(f->rec, (i + 1) * 61 * SEC + 7, bodies[i]), 0);
	}
	assert_int_equal(access(f->path, F_OK), -1);
}

static void finishing_adds_the_end_and_renames(void **state)
{
	struct fixture *f = *state;
	struct ksim_error err;

	open_recording(f);
	assert_int_equal(recorder_step(f->rec, 2 * SEC, "run: \"cordon w1\""), 0);
	assert_int_equal(recorder_finish(f->rec, 90 * SEC, &err), 0);
	assert_int_equal(access(f->part, F_OK), -1);
	f->sc = reload(f->path);
	assert_int_equal(f->sc->nsteps, 2);
	assert_int_equal(f->sc->steps[1].action, STEP_PAUSE);
	assert_int_equal(scenario_duration(f->sc), 90 * SEC);
}

static void rewinding_drops_the_steps(void **state)
{
	struct fixture *f = *state;

	open_recording(f);
	assert_int_equal(recorder_step(f->rec, SEC, "say: \"one\""), 0);
	assert_int_equal(recorder_step(f->rec, 2 * SEC, "say: \"two\""), 0);
	assert_int_equal(recorder_rewind(f->rec), 0);
	assert_int_equal(recorder_steps(f->rec), 0);
	assert_int_equal(recorder_step(f->rec, 3 * SEC, "say: \"three\""), 0);
	f->sc = reload(f->part);
	assert_int_equal(f->sc->nsteps, 1);
	assert_string_equal(f->sc->steps[0].text, "three");
}

/* Every step of demo_yaml, written with scenario_step_yaml, reads back as the same step. */
static void steps_and_checks_read_back_the_same(void **state)
{
	struct fixture *f = *state;
	struct scenario *src = NULL;
	struct ksim_error err;
	struct strbuf body, a, b;

	assert_int_equal(scenario_load_text("source.yaml", demo_yaml, &src, &err), 0);
	open_recording(f);
	sb_init(&body);
	for (uint32_t i = 0; i < src->nsteps; i++) {
		sb_reset(&body);
		scenario_step_yaml(&src->steps[i], &body);
		assert_int_equal(recorder_step(f->rec, src->steps[i].at_ms, body.data), 0);
	}
	sb_free(&body);
	f->sc = reload(f->part);
	assert_int_equal(f->sc->nsteps, src->nsteps);
	assert_string_equal(f->sc->steps[0].text, "Quotes \" and\nnew lines survive");
	assert_int_equal(f->sc->steps[1].nexpect, 5);
	for (uint32_t i = 0; i < 5; i++) {
		const struct scenario_expect *x = &src->steps[1].expect[i],
					     *y = &f->sc->steps[1].expect[i];
		sb_init(&a);
		sb_init(&b);
		scenario_expect_describe(x, &a);
		scenario_expect_describe(y, &b);
		assert_string_equal(a.data, b.data);
		assert_int_equal(x->kind, y->kind);
		assert_int_equal(x->number, y->number);
		assert_true((x->equals == NULL) == (y->equals == NULL));
		if (x->equals)
			assert_string_equal(x->equals, y->equals);
		sb_free(&a);
		sb_free(&b);
	}
	scenario_free(src);
}

static void a_recording_keeps_the_source_cluster_and_manifests(void **state)
{
	struct fixture *f = *state;
	struct session s;
	struct ksim_error err;

	open_recording(f);
	f->sc = reload(f->part);
	assert_int_equal(f->sc->node_monitor_grace_ms, 20 * SEC);
	assert_int_equal(scenario_session(f->sc, &s, &err), 0);
	assert_int_not_equal(cluster_find(s.c, KIND_NODE, 0, cluster_intern(s.c, "w1")), NONE32);
	assert_int_not_equal(cluster_find(s.c, KIND_NODE, 0, cluster_intern(s.c, "cp")), NONE32);
	assert_int_not_equal(
	    cluster_find(s.c, KIND_JOB, s.c->s.default_ns, cluster_intern(s.c, "pi")), NONE32);
	session_destroy(&s);
}

/* --- the runner's schedule --- */

struct stamps {
	int n;
	int64_t at[8];
	enum runner_op op[8];
};

static void collect(void *ctx, const struct runner_stamp *st)
{
	struct stamps *s = ctx;

	if (s->n < 8) {
		s->at[s->n] = st->at_ms;
		s->op[s->n++] = st->op;
	}
}

static void scheduled_commands_apply_at_their_exact_time(void **state)
{
	struct session s;
	struct session_options o;
	struct ksim_error err;
	struct runner *r;
	struct stamps st = { 0 };
	struct runner_clock ck;
	struct runner_cmd cordon = { .op = RUNNER_EXEC, .line = "cordon k8s-node1" };
	struct runner_cmd pause = { .op = RUNNER_PAUSE };
	struct runner_cmd note = { .op = RUNNER_MARK, .line = "say: \"hi\"" };

	(void)state;
	session_options_default(&o);
	assert_int_equal(session_init(&s, &o, NULL, 0, &err), 0);
	r = runner_new(&s, 1, false);
	runner_schedule(r, SESSION_DEFAULT_START_MS + 90 * SEC + 1, &cordon);
	runner_schedule(r, SESSION_DEFAULT_START_MS + 40 * SEC, &pause);
	runner_schedule(r, SESSION_DEFAULT_START_MS + 90 * SEC + 1, &note);
	runner_schedule(r, SESSION_DEFAULT_START_MS + 200 * SEC, &note);
	runner_run_to(r, SESSION_DEFAULT_START_MS + 100 * SEC);
	assert_int_equal(runner_scheduled(r), 1);
	runner_log_each(r, collect, &st);
	assert_int_equal(st.n, 3);
	assert_int_equal(st.op[0], RUNNER_PAUSE);
	assert_int_equal(st.at[0], SESSION_DEFAULT_START_MS + 40 * SEC);
	assert_int_equal(st.op[1], RUNNER_EXEC);
	assert_int_equal(st.at[1], SESSION_DEFAULT_START_MS + 90 * SEC + 1);
	assert_int_equal(st.op[2], RUNNER_MARK);
	runner_clock(r, &ck);
	assert_true(ck.paused); /* the pause was met on the way */
	assert_int_equal(ck.virt0_ms, SESSION_DEFAULT_START_MS + 100 * SEC);
	runner_unschedule(r);
	assert_int_equal(runner_scheduled(r), 0);
	runner_free(r);
}

/* --- asciicast lines --- */

static void cast_lines_are_json_whatever_the_bytes(void **state)
{
	struct strbuf out;
	const char raw[] = "\x1b[1mA\"\\\n\xe2\x96\xb6\xff\xc3";

	(void)state;
	sb_init(&out);
	cast_event_line(1.5, 'o', raw, sizeof raw - 1, &out);
	assert_string_equal(
	    out.data, "[1.500000, \"o\", \"\\u001b[1mA\\\"\\\\\\n\xe2\x96\xb6\\ufffd\\ufffd\"]\n");
	sb_free(&out);
}

static void cast_colours_follow_xterm(void **state)
{
	char rgb[8];

	(void)state;
	cast_xterm_rgb(1, rgb);
	assert_string_equal(rgb, "#cd0000");
	cast_xterm_rgb(24, rgb);
	assert_string_equal(rgb, "#005f87");
	cast_xterm_rgb(236, rgb);
	assert_string_equal(rgb, "#303030");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(the_file_is_a_demo_after_every_step, setup, teardown),
		cmocka_unit_test_setup_teardown(finishing_adds_the_end_and_renames, setup, teardown),
		cmocka_unit_test_setup_teardown(rewinding_drops_the_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(steps_and_checks_read_back_the_same, setup, teardown),
		cmocka_unit_test_setup_teardown(a_recording_keeps_the_source_cluster_and_manifests,
						setup, teardown),
		cmocka_unit_test(scheduled_commands_apply_at_their_exact_time),
		cmocka_unit_test(cast_lines_are_json_whatever_the_bytes),
		cmocka_unit_test(cast_colours_follow_xterm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
