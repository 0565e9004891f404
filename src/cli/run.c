/*
 * `ksim run`: the engine without a screen. Loads the files, runs the
 * timestamped commands at their virtual times, runs to --until, then prints
 * the tables asked for and the event log. A demo file among the files
 * brings its cluster, seed, start and timeline: its run: steps are
 * commands like --exec ones, its other steps are only listed with --echo.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ksim/cli.h"
#include "ksim/scenario.h"
#include "ksim/session.h"

static const char usage[] =
    "usage: ksim run FILE... [--until DUR] [--seed N] [--start RFC3339]\n"
    "                [--exec '[@DUR:]COMMAND']... [--get KINDS] [--events] [--why] [--echo]\n"
    "                [--dump FILE] [--validate MODE]\n"
    "\n"
    "Runs the simulation headless from the manifests in FILE (none: the lab cluster).\n"
    "One FILE may be a demo: its cluster, seed, start and timeline are used, and\n"
    "--until defaults to its last step.\n"
    "  --until DUR      virtual time to run to, from the start (default 10m)\n"
    "  --seed N         the random seed (default 1): same seed, same run\n"
    "  --start TIME     virtual start time (default 2026-01-01T00:00:00Z)\n"
    "  --exec CMD       a kubectl or ksim command; '@30s:CMD' runs it 30 s after the start\n"
    "  --get KINDS      print `kubectl get KINDS` at the end (e.g. pods,rs)\n"
    "  --events         print every event, oldest first\n"
    "  --why            with --events, add the rule that fired\n"
    "  --echo           print each command before its output, with its time, and a\n"
    "                   demo's captions, keys and checks as '# say: ...' lines\n"
    "  --dump FILE      at the end, write every object (YAML) and the event log to FILE,\n"
    "                   as the dashboard's --dump does: a replay compares byte for byte\n"
    CLI_VALIDATE_HELP;

struct exec_step {
	int64_t at;
	const char *cmd;
	const struct scenario_step *demo; /* a demo's step, NULL for --exec */
	int seq;                          /* order among steps at the same time */
};

struct run_args {
	char **files;
	int nfiles;
	struct exec_step *steps;
	int nsteps;
	int64_t until;
	const char *get, *dump;
	bool events, why, echo;
	bool until_set, seed_set, start_set;
	struct session_options opts;
	struct scenario *demo;
};

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "ksim run: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nRun 'ksim run --help' for usage.\n");
	return 2;
}

static int parse_exec(const char *arg, struct exec_step *st)
{
	st->at = 0;
	st->cmd = arg;
	if (arg[0] != '@')
		return 0;
	const char *colon = strchr(arg, ':');
	if (!colon)
		return -1;
	char *dur = xstrndup(arg + 1, (size_t)(colon - arg - 1));
	int rc = duration_parse(dur, &st->at);
	free(dur);
	st->cmd = colon + 1;
	return rc;
}

enum run_flag {
	F_EVENTS,
	F_WHY,
	F_ECHO,
	F_UNTIL,
	F_SEED,
	F_START,
	F_EXEC,
	F_GET,
	F_DUMP,
	F_VALIDATE
};
static const struct cli_flag run_flags[] = {
	[F_EVENTS] = { "--events", 0 }, [F_WHY] = { "--why", 0 },	[F_ECHO] = { "--echo", 0 },
	[F_UNTIL] = { "--until", 1 },	[F_SEED] = { "--seed", 1 },	[F_START] = { "--start", 1 },
	[F_EXEC] = { "--exec", 1 },	[F_GET] = { "--get", 1 },	[F_DUMP] = { "--dump", 1 },
	[F_VALIDATE] = { "--validate", 1 }, { NULL, 0 },
};

static int parse_args(int argc, char **argv, struct run_args *a)
{
	session_options_default(&a->opts);
	a->until = 10 * 60 * 1000;
	a->files = xcalloc((size_t)argc, sizeof *a->files);
	a->steps = xcalloc((size_t)argc, sizeof *a->steps);
	for (int i = 1; i < argc; i++) {
		const char *val;
		char msg[128], *end;

		switch (cli_flag_next(run_flags, argc, argv, &i, &val, msg, sizeof msg)) {
		case CLI_BAD:
			return bad("%s", msg);
		case CLI_ARG:
			a->files[a->nfiles++] = argv[i];
			break;
		case F_EVENTS:
			a->events = true;
			break;
		case F_WHY:
			a->why = a->events = true;
			break;
		case F_ECHO:
			a->echo = true;
			break;
		case F_UNTIL:
			a->until_set = true;
			if (duration_parse(val, &a->until))
				return bad("--until: invalid duration \"%s\" (use e.g. 90s, 5m, 1h30m)",
					   val);
			break;
		case F_SEED:
			a->seed_set = true;
			a->opts.seed = strtoull(val, &end, 10);
			if (*end || !*val)
				return bad("--seed: expected a whole number, got \"%s\"", val);
			break;
		case F_START:
			a->start_set = true;
			if (time_parse_rfc3339(val, &a->opts.start_ms))
				return bad(
				    "--start: invalid time \"%s\" (use RFC 3339: 2026-01-01T00:00:00Z)",
				    val);
			break;
		case F_EXEC:
			if (parse_exec(val, &a->steps[a->nsteps++]))
				return bad("--exec: invalid time prefix in \"%s\" (use '@30s:COMMAND')",
					   val);
			break;
		case F_GET:
			a->get = val;
			break;
		case F_DUMP:
			a->dump = val;
			break;
		case F_VALIDATE:
			if (manifest_validation_parse(val, &a->opts.validation))
				return bad(MANIFEST_VALIDATION_BAD, val);
			break;
		}
	}
	return 0;
}

/* The demo among the files: its options unless flags say otherwise, its steps before --exec ones. */
static int load_demo(struct run_args *a)
{
	struct session_options o;
	struct ksim_error err;

	for (int i = 0; i < a->nfiles; i++) {
		struct scenario *sc;
		int rc = scenario_load_file_validated(a->files[i], a->opts.validation, &sc, &err);

		if (rc < 0) {
			cli_error_print("ksim run", &err);
			return 2;
		}
		if (rc == 0 && a->demo) {
			scenario_free(sc);
			return bad("%s: only one demo file per run", a->files[i]);
		}
		if (rc == 0)
			a->demo = sc;
	}
	if (!a->demo)
		return 0;
	scenario_session_options(a->demo, &o);
	o.seed = a->seed_set ? a->opts.seed : o.seed;
	o.start_ms = a->start_set ? a->opts.start_ms : o.start_ms;
	a->opts = o;
	a->until = a->until_set ? a->until : scenario_duration(a->demo);
	a->steps = xrealloc(a->steps, (size_t)(a->nsteps + a->demo->nsteps) * sizeof *a->steps);
	memmove(a->steps + a->demo->nsteps, a->steps, (size_t)a->nsteps * sizeof *a->steps);
	for (uint32_t i = 0; i < a->demo->nsteps; i++) {
		const struct scenario_step *st = &a->demo->steps[i];
		a->steps[i] = (struct exec_step){ st->at_ms, st->text, st, 0 };
	}
	a->nsteps += (int)a->demo->nsteps;
	return 0;
}

static int cmp_step(const void *x, const void *y)
{
	const struct exec_step *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->seq - b->seq;
}

/* True when stdout and stderr are one file: a terminal, or 2>&1. */
static bool streams_merged(void)
{
	struct stat o, e;

	return fstat(STDOUT_FILENO, &o) == 0 && fstat(STDERR_FILENO, &e) == 0 &&
	       o.st_dev == e.st_dev && o.st_ino == e.st_ino;
}

/*
 * Writes what a step printed; out and err tee into one transcript, which is
 * what goes out when both streams are one file, so that stderr lines written
 * first (logs' "Found 2 pods", drain's warnings) show first, as with kubectl.
 */
static void flush(struct strbuf *out, struct strbuf *err, bool merged)
{
	if (merged) {
		fputs(out->tee->data, stdout);
	} else {
		fputs(out->data, stdout);
		fputs(err->data, stderr);
	}
	fflush(stdout);
	fflush(stderr);
	sb_reset(out);
	sb_reset(err);
	sb_reset(out->tee);
}

/* A demo step that runs nothing, as --echo lists it: "# say: ...". */
static void echo_demo_step(const struct scenario_step *st, struct strbuf *out)
{
	static const char *const actions[] = { [STEP_KEY] = "key", [STEP_SAY] = "say" };

	if (st->action == STEP_PAUSE)
		sb_add(out, "# pause\n");
	for (uint32_t i = 0; i < st->nexpect; i++) {
		sb_add(out, "# expect: ");
		scenario_expect_describe(&st->expect[i], out);
		sb_addc(out, '\n');
	}
	if (st->action == STEP_KEY || st->action == STEP_SAY)
		sb_printf(out, "# %s: %s\n", actions[st->action], st->text);
}

static void run_step(struct session *s, const struct run_args *a, const struct exec_step *st,
		     struct strbuf *out, struct strbuf *err)
{
	char t[32];

	if (st->demo && st->demo->action != STEP_RUN) {
		if (a->echo)
			echo_demo_step(st->demo, out);
		return;
	}
	if (a->echo) {
		duration_short(st->at, t, sizeof t);
		sb_printf(out, "[+%s] $ %s\n", t, st->cmd);
	}
	if (st->demo)
		scenario_exec(a->demo, s, st->cmd, out, err);
	else
		session_exec(s, st->cmd, out, err);
}

static int write_dump(struct session *s, const char *path)
{
	struct strbuf out;
	FILE *f = fopen(path, "w");
	int rc;

	sb_init(&out);
	session_dump(s->c, &out);
	rc = f && fwrite(out.data, 1, out.len, f) == out.len ? 0 : -1;
	if (f && fclose(f))
		rc = -1;
	if (rc)
		fprintf(stderr, "ksim run: %s: cannot write the dump: %s\n", path, strerror(errno));
	sb_free(&out);
	return rc ? 2 : 0;
}

/*
 * Runs to t. With a `get -w` running, instant by instant, each watch printing what
 * changed at each, as kubectl would in a terminal beside.
 */
static void run_to(struct session *s, int64_t t, struct strbuf *out, struct strbuf *err,
		   bool merged)
{
	session_watch_poll(s, out);
	for (int64_t due; s->nwatches && (due = engine_next_due(s->e)) != TIME_NONE && due <= t;) {
		engine_run_until(s->e, due);
		session_watch_poll(s, out);
		flush(out, err, merged);
	}
	engine_run_until(s->e, t);
	session_watch_poll(s, out);
	flush(out, err, merged);
}

static void run_steps(struct session *s, struct run_args *a)
{
	struct strbuf out, err, text;
	int64_t start = engine_now(s->e);
	bool merged = streams_merged();

	sb_init(&out);
	sb_init(&err);
	sb_init(&text);
	out.tee = err.tee = &text;
	for (int i = 0; i < a->nsteps; i++)
		a->steps[i].seq = i;
	xqsort(a->steps, (size_t)a->nsteps, sizeof *a->steps, cmp_step);
	for (int i = 0; i < a->nsteps && a->steps[i].at <= a->until; i++) {
		run_to(s, start + a->steps[i].at, &out, &err, merged);
		run_step(s, a, &a->steps[i], &out, &err);
		flush(&out, &err, merged);
	}
	run_to(s, start + a->until, &out, &err, merged);
	if (a->get) {
		char *line = xmalloc(strlen(a->get) + 8);
		sprintf(line, "get %s", a->get);
		if (a->echo)
			sb_printf(&out, "$ kubectl %s\n", line);
		session_exec(s, line, &out, &err);
		free(line);
		flush(&out, &err, merged);
	}
	if (a->events) {
		if (a->get)
			sb_addc(&out, '\n');
		for (uint32_t i = 0; i < s->c->events.count; i++)
			session_event_line(s, i, a->why, &out);
		flush(&out, &err, merged);
	}
	sb_free(&out);
	sb_free(&err);
	sb_free(&text);
}

static int run_main(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct session s;
	struct ksim_error err;
	int rc;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	rc = parse_args(argc, argv, &a);
	if (rc == 0)
		rc = load_demo(&a);
	if (rc == 0 && session_init(&s, &a.opts, a.files, a.nfiles, &err)) {
		cli_error_print("ksim run", &err);
		rc = 2;
	} else if (rc == 0) {
		fputs(s.warnings.data, stderr);
		s.watching = true;
		run_steps(&s, &a);
		if (a.dump)
			rc = write_dump(&s, a.dump);
		session_destroy(&s);
	}
	free(a.files);
	free(a.steps);
	scenario_free(a.demo);
	return rc;
}

const struct subcommand subcommand_run = {
	.name = "run",
	.usage = "run FILE... [--until DUR] [--seed N] [--start TIME] [--exec CMD]... [--get KINDS] [--events] [--why] [--dump FILE]",
	.summary = "run the simulation headless and print tables and events",
	.main = run_main,
};
