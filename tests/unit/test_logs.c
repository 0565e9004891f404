/*
 * kubectl logs across container restarts: the latest instance only, and with
 * -p the one the kubelet reports as lastState.terminated.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "session_fixture.h"

/* Each instance prints the virtual time it started at, so instances differ. */
static const char crasher[] =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: crasher}\n"
    "spec:\n  restartPolicy: Always\n"
    "  containers: [{name: c, image: busybox, command: [sh, -c, 'date; sleep 5; exit 1']}]\n";

/* Runs second by second until container 0 has this many restarts and is in state. */
static void run_until_state(struct session *s, uint32_t restarts, enum ctr_state state)
{
	for (int64_t ms = 0; ms < 10 * MIN; ms += SEC) {
		const struct pod *p = pod(s, "crasher");
		if (p->ctrs && p->ctrs[0].restarts == restarts && p->ctrs[0].state == state)
			return;
		run_to(s, ms);
	}
	fail_msg("container never reached %u restarts in state %d", restarts, state);
}

/* The output of a logs line that must succeed; it must be one line. */
static void logs_line(struct session *s, const char *line, struct strbuf *out)
{
	sb_reset(out);
	assert_int_equal(kubectl(s, line, out), 0);
	assert_non_null(strchr(out->data, '\n'));
	assert_string_equal(strchr(out->data, '\n'), "\n");
}

static void logs_show_the_latest_instance_and_previous_the_one_before(void **state)
{
	struct session *s = open_text(crasher);
	struct strbuf first, second, third, out;

	(void)state;
	sb_init(&first);
	sb_init(&second);
	sb_init(&third);
	sb_init(&out);
	run_until_state(s, 0, CTR_RUNNING);
	logs_line(s, "logs crasher", &first);
	assert_int_equal(kubectl(s, "logs crasher -p", &out), 1);
	assert_string_equal(out.data, "Error from server (BadRequest): previous terminated "
				      "container \"c\" in pod \"crasher\" not found\n");

	run_until_state(s, 1, CTR_RUNNING);
	logs_line(s, "logs crasher", &second);
	assert_string_not_equal(second.data, first.data);
	logs_line(s, "logs crasher --previous", &out);
	assert_string_equal(out.data, first.data);

	run_until_state(s, 2, CTR_RUNNING);
	logs_line(s, "logs crasher -c c", &third);
	assert_string_not_equal(third.data, second.data);
	assert_string_not_equal(third.data, first.data);
	logs_line(s, "logs crasher -p", &out);
	assert_string_equal(out.data, second.data);

	sb_free(&first);
	sb_free(&second);
	sb_free(&third);
	sb_free(&out);
	close_session(s);
}

static void in_crash_loop_back_off_logs_and_previous_show_the_dead_instance(void **state)
{
	struct session *s = open_text(crasher);
	struct strbuf dead, out;

	(void)state;
	sb_init(&dead);
	sb_init(&out);
	run_until_state(s, 2, CTR_BACKOFF);
	logs_line(s, "logs crasher", &dead);
	logs_line(s, "logs crasher -p", &out);
	assert_string_equal(out.data, dead.data);
	/* Started again: the dead instance is now the previous one. */
	run_until_state(s, 3, CTR_RUNNING);
	logs_line(s, "logs crasher -p", &out);
	assert_string_equal(out.data, dead.data);
	logs_line(s, "logs crasher", &out);
	assert_string_not_equal(out.data, dead.data);
	sb_free(&dead);
	sb_free(&out);
	close_session(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(logs_show_the_latest_instance_and_previous_the_one_before),
		cmocka_unit_test(in_crash_loop_back_off_logs_and_previous_show_the_dead_instance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
