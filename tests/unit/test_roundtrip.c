/*
 * Strict validation and what ksim writes: every object of every shipped
 * demo, as `kubectl get -o yaml` prints it (what `edit` opens and `patch`
 * rewrites), reads back with no unknown field, at each step of the lesson.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>
#include <string.h>

#include "ksim/manifest.h"
#include "ksim/scenario.h"
#include "ksim/session.h"

/* Loads the objects of a session_dump() (the part before the event log), strictly. */
static void reads_back(const char *demo, uint32_t step, struct session *s)
{
	struct strbuf dump;
	struct manifest m;
	struct ksim_error err;
	char msg[1024];

	sb_init(&dump);
	session_dump(s->c, &dump);
	char *events = strstr(dump.data, "\n\n");
	if (events)
		events[1] = '\0';
	manifest_init(&m);
	if (manifest_load_string(s->c, "dump.yaml", dump.data, strlen(dump.data), &m, &err)) {
		error_format(&err, msg, sizeof msg);
		fail_msg("%s step %u: %s", demo, step, msg);
	}
	manifest_free(s->c, &m);
	sb_free(&dump);
}

static void every_object_ksim_prints_reads_back_under_strict_validation(void **state)
{
	struct strbuf out, err;
	glob_t g;

	(void)state;
	assert_int_equal(glob("demos/*.yaml", 0, NULL, &g), 0);
	sb_init(&out);
	sb_init(&err);
	for (size_t d = 0; d < g.gl_pathc; d++) {
		const char *demo = g.gl_pathv[d];
		struct scenario *sc;
		struct session s;
		struct ksim_error e;

		if (scenario_load_file(demo, &sc, &e) || scenario_session(sc, &s, &e))
			fail_msg("%s: %s", demo, e.msg);
		int64_t start = engine_now(s.e);
		for (uint32_t i = 0; i < sc->nsteps; i++) {
			engine_run_until(s.e, start + sc->steps[i].at_ms);
			if (sc->steps[i].action == STEP_RUN)
				scenario_exec(sc, &s, sc->steps[i].text, &out, &err);
			reads_back(demo, i, &s);
		}
		session_destroy(&s);
		scenario_free(sc);
	}
	globfree(&g);
	sb_free(&out);
	sb_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_object_ksim_prints_reads_back_under_strict_validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
