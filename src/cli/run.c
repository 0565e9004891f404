/*
 * `ksim run`: the engine without a screen. Loads the files, runs the
 * timestamped commands at their virtual times, runs to --until, then prints
 * the tables asked for and the event log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/cli.h"
#include "ksim/session.h"

static const char usage[] =
	"usage: ksim run FILE... [--until DUR] [--seed N] [--start RFC3339]\n"
	"                [--exec '[@DUR:]COMMAND']... [--get KINDS] [--events] [--why] [--echo]\n"
	"\n"
	"Runs the simulation headless from the manifests in FILE (none: the lab cluster).\n"
	"  --until DUR      virtual time to run to, from the start (default 10m)\n"
	"  --seed N         the random seed (default 1): same seed, same run\n"
	"  --start TIME     virtual start time (default 2026-01-01T00:00:00Z)\n"
	"  --exec CMD       a kubectl or ksim command; '@30s:CMD' runs it 30 s after the start\n"
	"  --get KINDS      print `kubectl get KINDS` at the end (e.g. pods,rs)\n"
	"  --events         print every event, oldest first\n"
	"  --why            with --events, add the rule that fired\n"
	"  --echo           print each command before its output, with its time\n";

struct exec_step {
	int64_t at;
	const char *cmd;
};

struct run_args {
	char **files;
	int nfiles;
	struct exec_step *steps;
	int nsteps;
	int64_t until;
	const char *get;
	bool events, why, echo;
	struct session_options opts;
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

static int parse_args(int argc, char **argv, struct run_args *a)
{
	session_options_default(&a->opts);
	a->until = 10 * 60 * 1000;
	a->files = xcalloc((size_t)argc, sizeof *a->files);
	a->steps = xcalloc((size_t)argc, sizeof *a->steps);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;
		if (strcmp(arg, "--events") == 0)
			a->events = true, takes = false;
		else if (strcmp(arg, "--why") == 0)
			a->why = a->events = true, takes = false;
		else if (strcmp(arg, "--echo") == 0)
			a->echo = true, takes = false;
		else if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			a->files[a->nfiles++] = argv[i];
			continue;
		}
		if (!takes)
			continue;
		if (!val)
			return bad("%s needs a value", arg);
		i++;
		if (strcmp(arg, "--until") == 0) {
			if (duration_parse(val, &a->until))
				return bad("--until: invalid duration \"%s\" (use e.g. 90s, 5m, 1h30m)", val);
		} else if (strcmp(arg, "--seed") == 0) {
			char *end;
			a->opts.seed = strtoull(val, &end, 10);
			if (*end || !*val)
				return bad("--seed: expected a whole number, got \"%s\"", val);
		} else if (strcmp(arg, "--start") == 0) {
			if (time_parse_rfc3339(val, &a->opts.start_ms))
				return bad("--start: invalid time \"%s\" (use RFC 3339: 2026-01-01T00:00:00Z)", val);
		} else if (strcmp(arg, "--exec") == 0) {
			if (parse_exec(val, &a->steps[a->nsteps++]))
				return bad("--exec: invalid time prefix in \"%s\" (use '@30s:COMMAND')", val);
		} else if (strcmp(arg, "--get") == 0) {
			a->get = val;
		} else {
			return bad("unknown flag %s", arg);
		}
	}
	return 0;
}

static int cmp_step(const void *x, const void *y)
{
	const struct exec_step *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->cmd < b->cmd ? -1 : a->cmd > b->cmd; /* argv order: stable */
}

static void flush(struct strbuf *out, struct strbuf *err)
{
	fputs(out->data, stdout);
	fputs(err->data, stderr);
	fflush(stdout);
	fflush(stderr);
	sb_reset(out);
	sb_reset(err);
}

static void run_steps(struct session *s, struct run_args *a)
{
	struct strbuf out, err;
	int64_t start = engine_now(s->e);

	sb_init(&out);
	sb_init(&err);
	qsort(a->steps, (size_t)a->nsteps, sizeof *a->steps, cmp_step);
	for (int i = 0; i < a->nsteps && a->steps[i].at <= a->until; i++) {
		engine_run_until(s->e, start + a->steps[i].at);
		if (a->echo) {
			char t[32];
			duration_short(a->steps[i].at, t, sizeof t);
			sb_printf(&out, "[+%s] $ %s\n", t, a->steps[i].cmd);
		}
		session_exec(s, a->steps[i].cmd, &out, &err);
		flush(&out, &err);
	}
	engine_run_until(s->e, start + a->until);
	if (a->get) {
		char *line = xmalloc(strlen(a->get) + 8);
		sprintf(line, "get %s", a->get);
		if (a->echo)
			sb_printf(&out, "$ kubectl %s\n", line);
		session_exec(s, line, &out, &err);
		free(line);
		flush(&out, &err);
	}
	if (a->events) {
		if (a->get)
			sb_addc(&out, '\n');
		for (uint32_t i = 0; i < s->c->events.count; i++)
			session_event_line(s, i, a->why, &out);
		flush(&out, &err);
	}
	sb_free(&out);
	sb_free(&err);
}

static int run_main(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct session s;
	struct ksim_error err;
	char msg[1024];
	int rc;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	rc = parse_args(argc, argv, &a);
	if (rc == 0 && session_init(&s, &a.opts, a.files, a.nfiles, &err)) {
		error_format(&err, msg, sizeof msg);
		fprintf(stderr, "ksim run: %s\n", msg);
		rc = 2;
	} else if (rc == 0) {
		fputs(s.warnings.data, stderr);
		run_steps(&s, &a);
		session_destroy(&s);
	}
	free(a.files);
	free(a.steps);
	return rc;
}

const struct subcommand subcommand_run = {
	.name = "run",
	.usage = "run FILE... [--until DUR] [--seed N] [--start TIME] [--exec CMD]... [--get KINDS] [--events]",
	.summary = "run the simulation headless and print tables and events",
	.main = run_main,
};
