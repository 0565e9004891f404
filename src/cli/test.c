/*
 * `ksim test`: runs each demo headless, its run: steps at their virtual
 * times and its expect: checks at theirs, and prints one line per check
 * and a summary per demo. A run: step that fails counts as a failed check,
 * so a demo whose command no longer works says so.
 */
#include <stdio.h>
#include <string.h>

#include "ksim/cli.h"
#include "ksim/scenario.h"

static const char usage[] = "usage: ksim test DEMO...\n"
			    "\n"
			    "Runs each demo file headless: its run: steps at their times, its expect:\n"
			    "checks at theirs. Prints PASS or FAIL for each check, then a summary per\n"
			    "demo, and last the total across all demos: \"N passed, N failed\".\n"
			    "Exit status 1 when a check failed, 2 when a demo could not be read.\n";

struct tally {
	int passed, failed;
};

static void report(const struct scenario *sc, const struct scenario_step *st, int line, int col,
		   bool ok, const char *what, const char *seen, struct tally *t)
{
	char at[32];

	duration_short(st->at_ms, at, sizeof at);
	printf("  %s [+%s] %s", ok ? "PASS" : "FAIL", at, what);
	if (!ok)
		printf(": saw %s (%s:%d:%d)", seen, sc->file, line, col);
	putchar('\n');
	if (ok)
		t->passed++;
	else
		t->failed++;
}

static void run_step(const struct scenario *sc, struct session *s, const struct scenario_step *st,
		     struct tally *t)
{
	struct strbuf out, err, what;
	int rc;

	sb_init(&out);
	sb_init(&err);
	sb_init(&what);
	rc = scenario_exec(sc, s, st->text, &out, &err);
	if (rc) {
		err.data[strcspn(err.data, "\n")] = '\0';
		sb_printf(&what, "run %s", st->text);
		sb_reset(&out);
		sb_printf(&out, "exit %d, %s", rc, err.data);
		report(sc, st, st->line, st->col, false, what.data, out.data, t);
	}
	sb_free(&out);
	sb_free(&err);
	sb_free(&what);
}

static void expect_step(const struct scenario *sc, struct session *s,
			const struct scenario_step *st, struct tally *t)
{
	for (uint32_t i = 0; i < st->nexpect; i++) {
		const struct scenario_expect *x = &st->expect[i];
		struct strbuf what, seen;
		bool ok;

		sb_init(&what);
		sb_init(&seen);
		scenario_expect_describe(x, &what);
		ok = scenario_expect_eval(sc, s, x, &seen);
		report(sc, st, x->line, x->col, ok, what.data, seen.data, t);
		sb_free(&what);
		sb_free(&seen);
	}
}

/*
 * 0 when every check held, 1 when one failed, 2 when the demo could not be
 * read (one failure in the grand total); its counts are added to *total.
 */
static int test_demo(const char *path, struct tally *total)
{
	struct scenario *sc;
	struct session s;
	struct ksim_error err;
	struct tally t = { 0, 0 };
	int64_t start;
	int rc = scenario_load_file(path, &sc, &err);

	if (rc == 1) {
		fprintf(stderr,
			"ksim test: %s: not a demo file (it has no kind: Scenario document)\n", path);
		total->failed++;
		return 2;
	}
	if (rc == 0 && scenario_session(sc, &s, &err))
		rc = -1;
	if (rc) {
		cli_error_print("ksim test", &err);
		scenario_free(sc);
		total->failed++;
		return 2;
	}
	fputs(s.warnings.data, stderr);
	start = engine_now(s.e);
	for (uint32_t i = 0; i < sc->nsteps; i++) {
		const struct scenario_step *st = &sc->steps[i];

		engine_run_until(s.e, start + st->at_ms);
		if (st->action == STEP_RUN)
			run_step(sc, &s, st, &t);
		else if (st->action == STEP_EXPECT)
			expect_step(sc, &s, st, &t);
	}
	printf("%s: %d passed, %d failed\n", path, t.passed, t.failed);
	total->passed += t.passed;
	total->failed += t.failed;
	fflush(stdout);
	session_destroy(&s);
	scenario_free(sc);
	return t.failed ? 1 : 0;
}

static int test_main(int argc, char **argv)
{
	int rc = 0, demos = 0;
	struct tally total = { 0, 0 };

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int one;

		if (argv[i][0] == '-') {
			fprintf(stderr,
				"ksim test: unknown flag %s\nRun 'ksim test --help' for usage.\n",
				argv[i]);
			return 2;
		}
		demos++;
		one = test_demo(argv[i], &total);
		rc = one > rc ? one : rc;
	}
	if (demos == 0) {
		fputs("ksim test: no DEMO given\nRun 'ksim test --help' for usage.\n", stderr);
		return 2;
	}
	printf("%d passed, %d failed\n", total.passed, total.failed);
	return rc;
}

const struct subcommand subcommand_test = {
	.name = "test",
	.usage = "test DEMO...",
	.summary = "run demos headless and check their expectations",
	.main = test_main,
};
