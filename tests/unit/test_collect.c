/* Collection of unused strings and label sets: what is swept, what survives, and that memory stays flat. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ksim/labels.h"
#include "ksim/scenario.h"
#include "ksim/session.h"

static void unmarked_strings_are_swept_and_marked_ones_kept(void **state)
{
	struct strtab *st = strtab_new();
	uint32_t keep = strtab_intern(st, "web-7d9f8-abcde");
	uint32_t long_one = strtab_intern(
	    st, "a string longer than sixty-four bytes gets a block of its own");

	(void)state;
	strtab_intern(st, "web-7d9f8-fghjk");
	strtab_intern(st, "web-7d9f8-lmnpq");
	assert_int_equal(strtab_live(st), 5); /* with "" */
	assert_int_equal(strtab_added(st), 4);

	strtab_mark(st, keep);
	strtab_mark(st, long_one);
	assert_int_equal(strtab_sweep(st), 2);
	assert_int_equal(strtab_live(st), 3);
	assert_int_equal(strtab_added(st), 0);
	assert_string_equal(strtab_get(st, keep), "web-7d9f8-abcde");
	assert_string_equal(strtab_get(st, 0), "");
	assert_int_equal(strtab_lookup(st, "web-7d9f8-fghjk"), NONE32);
	assert_int_equal(strtab_intern(st, "web-7d9f8-abcde"), keep);

	/* Nothing marked: everything but "" goes, and comes back under a working id. */
	assert_int_equal(strtab_sweep(st), 2);
	uint32_t again = strtab_intern(st, "web-7d9f8-fghjk");
	assert_string_equal(strtab_get(st, again), "web-7d9f8-fghjk");
	assert_int_equal(strtab_lookup(st, "web-7d9f8-fghjk"), again);
	strtab_free(st);
}

/* Interns n fresh names of one shape ("pod-<round>-<i>") and sweeps them all. */
static void churn(struct strtab *st, int round, int n)
{
	char name[32];

	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof name, "pod-%04d-%05d", round, i);
		strtab_intern(st, name);
	}
	strtab_sweep(st);
}

static void churned_strings_reuse_their_storage(void **state)
{
	struct strtab *st = strtab_new();
	size_t after_first;

	(void)state;
	churn(st, 0, 20000);
	after_first = strtab_bytes(st);
	for (int round = 1; round < 20; round++)
		churn(st, round, 20000);
#ifdef KSIM_COLLECT_STRESS
	(void)after_first; /* swept ids are never reused there: only the text's storage is */
#else
	assert_int_equal(strtab_bytes(st), after_first);
#endif
	assert_int_equal(strtab_live(st), 1);
	strtab_free(st);
}

static uint32_t set_of(struct labeltab *lt, const char *key, const char *val)
{
	struct strtab *st = labeltab_strings(lt);
	struct label pair = { strtab_intern(st, key), strtab_intern(st, val) };

	return labels_intern(lt, &pair, 1);
}

static void unmarked_label_sets_are_swept_and_survivors_keep_their_pairs(void **state)
{
	struct strtab *st = strtab_new();
	struct labeltab *lt = labeltab_new(st);
	uint32_t gone = set_of(lt, "job-name", "hello-29000000");
	uint32_t kept = set_of(lt, "job-name", "hello-29000001");
	struct strbuf sb;

	(void)state;
	assert_int_not_equal(gone, kept);
	labels_mark(lt, kept);
	assert_int_equal(labels_sweep(lt), 1);
	strtab_sweep(st);

	sb_init(&sb);
	labels_format(lt, kept, ",", &sb);
	assert_string_equal(sb.data, "job-name=hello-29000001");
	assert_int_equal(strtab_lookup(st, "hello-29000000"), NONE32);
	assert_int_equal(set_of(lt, "job-name", "hello-29000001"), kept);
	uint32_t fresh = set_of(lt, "job-name", "hello-29000002");
	sb_reset(&sb);
	labels_format(lt, fresh, ",", &sb);
	assert_string_equal(sb.data, "job-name=hello-29000002");
	sb_free(&sb);
	labeltab_free(lt);
	strtab_free(st);
}

static void dump(struct session *s, struct strbuf *out)
{
	sb_reset(out);
	session_dump(s->c, out);
}

/*
 * Every demo, stopped at each step: a collection changes nothing that kubectl
 * shows of any object or event (a string held but not marked would read "").
 */
static void a_collection_keeps_everything_kubectl_shows(void **state)
{
	static const char *const demos[] = {
		"demos/statefulset.yaml",
		"demos/services.yaml",
		"demos/cronjob-deadline-timezone.yaml",
		"demos/node-failure.yaml",
		"demos/daemonset-rolling-update.yaml",
		"demos/job-parallel-deadline.yaml",
		"demos/replicaset-selectors.yaml",
		"demos/daemonset-nodeselector.yaml",
	};
	struct strbuf before, after, out, err;

	(void)state;
	sb_init(&before);
	sb_init(&after);
	sb_init(&out);
	sb_init(&err);
	for (size_t d = 0; d < sizeof demos / sizeof *demos; d++) {
		struct scenario *sc;
		struct session s;
		struct ksim_error e;
		int64_t start;

		if (scenario_load_file(demos[d], &sc, &e) || scenario_session(sc, &s, &e))
			fail_msg("%s: %s", demos[d], e.msg);
		start = engine_now(s.e);
		for (uint32_t i = 0; i < sc->nsteps; i++) {
			engine_run_until(s.e, start + sc->steps[i].at_ms);
			if (sc->steps[i].action == STEP_RUN)
				scenario_exec(sc, &s, sc->steps[i].text, &out, &err);
			dump(&s, &before);
			cluster_collect(s.c);
			dump(&s, &after);
			if (strcmp(before.data, after.data) != 0)
				fail_msg("%s step %u: the dump changed after a collection",
					 demos[d], i);
		}
		session_destroy(&s);
		scenario_free(sc);
	}
	sb_free(&before);
	sb_free(&after);
	sb_free(&out);
	sb_free(&err);
}

static const char web[] = "apiVersion: apps/v1\n"
			  "kind: ReplicaSet\n"
			  "metadata: {name: web}\n"
			  "spec:\n"
			  "  replicas: 5\n"
			  "  selector: {matchLabels: {app: web}}\n"
			  "  template:\n"
			  "    metadata: {labels: {app: web}}\n"
			  "    spec:\n"
			  "      containers: [{name: nginx, image: nginx}]\n";

/* Pods deleted over and over: their names go once no object or stored event holds them. */
static void replaced_pods_leave_no_strings_behind(void **state)
{
	struct session s;
	struct session_options o;
	struct ksim_error e;
	struct strbuf out, err;
	uint32_t live_early = 0;

	(void)state;
	session_options_default(&o);
	o.event_capacity = 50;
	if (session_init_text(&s, &o, "web.yaml", web, &e))
		fail_msg("%s", e.msg);
	sb_init(&out);
	sb_init(&err);
	for (int round = 0; round < 60; round++) {
		assert_int_equal(session_exec(&s, "delete pods -l app=web --wait=false", &out, &err),
				 0);
		engine_run_until(s.e, engine_now(s.e) + 60 * 1000);
		cluster_collect(s.c);
		if (round == 9)
			live_early = strtab_live(s.c->strings);
	}
	/* Fifty events name at most fifty pods; five more are live. */
	assert_true(strtab_live(s.c->strings) <= live_early + 10);
	sb_reset(&out);
	assert_int_equal(session_exec(&s, "get pods --no-headers", &out, &err), 0);
	assert_int_equal(strlen(out.data) > 0, 1);
	for (const char *p = out.data; *p; p = strchr(p, '\n') + 1)
		assert_memory_equal(p, "web-", 4);
	sb_free(&out);
	sb_free(&err);
	session_destroy(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unmarked_strings_are_swept_and_marked_ones_kept),
		cmocka_unit_test(churned_strings_reuse_their_storage),
		cmocka_unit_test(unmarked_label_sets_are_swept_and_survivors_keep_their_pairs),
		cmocka_unit_test(a_collection_keeps_everything_kubectl_shows),
		cmocka_unit_test(replaced_pods_leave_no_strings_behind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
