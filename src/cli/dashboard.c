/*
 * `ksim [FILE...]` (also `ksim dashboard [FILE...]`): the dashboard on the
 * given manifests (at most one of them a demo, whose cluster, seed, start
 * and speed it takes), or on the built-in default demo. Everything is
 * loaded and checked before the screen changes, so a bad file reads like
 * `ksim check` and exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/cli.h"
#include "ksim/runner.h"
#include "ksim/scenario.h"
#include "ksim/session.h"
#include "ksim/tui.h"

static const char usage[] =
	"usage: ksim [FILE...] [--theme NAME|FILE] [--ascii] [--speed X] [--seed N] [--paused]\n"
	"\n"
	"Opens the dashboard on the manifests in FILE, one of which may be a demo (none:\n"
	"the built-in demo, demos/default.yaml: the lab cluster with a DaemonSet, a Job\n"
	"and a CronJob).\n"
	"  --theme NAME     default, light, high-contrast, monochrome, or a theme file\n"
	"  --ascii          ASCII line drawing and glyphs (automatic without a UTF-8 locale)\n"
	"  --speed X        virtual seconds per second: 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600\n"
	"                   (default: the demo's speed, else 1)\n"
	"  --seed N         the random seed (default: the demo's, else 1)\n"
	"  --paused         start with the clock stopped\n"
	"NO_COLOR=1 draws with attributes only. Keys: press ? in the dashboard;\n"
	"~/.config/ksim/keys.yaml rebinds them.\n";

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "ksim: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nRun 'ksim dashboard --help' for usage.\n");
	return 2;
}

struct dash_args {
	struct tui_options o;
	char **files;
	int nfiles;
	bool speed_set, seed_set;
	uint64_t seed;
};

static int parse_args(struct dash_args *a, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;
		if (strcmp(arg, "--ascii") == 0) {
			a->o.ascii = true;
			continue;
		}
		if (strcmp(arg, "--paused") == 0) {
			a->o.paused = true;
			continue;
		}
		if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			a->files[a->nfiles++] = argv[i];
			continue;
		}
		if (!val)
			return bad("%s needs a value", arg);
		i++;
		if (strcmp(arg, "--theme") == 0) {
			a->o.theme = val;
		} else if (strcmp(arg, "--speed") == 0) {
			a->o.speed = strtod(val[0] == 'x' ? val + 1 : val, &end);
			if (*end || a->o.speed < runner_speeds[0] ||
			    a->o.speed > runner_speeds[RUNNER_NSPEEDS - 1])
				return bad("--speed: expected a factor from 0.5 to 600, got \"%s\"", val);
			a->speed_set = true;
		} else if (strcmp(arg, "--seed") == 0) {
			a->seed = strtoull(val, &end, 10);
			if (*end || !*val)
				return bad("--seed: expected a whole number, got \"%s\"", val);
			a->seed_set = true;
		} else {
			return bad("unknown flag %s", arg);
		}
	}
	return 0;
}

/* The demo among the files (at most one), or the built-in one when there are no files. */
static int find_demo(const struct dash_args *a, struct scenario **demo, struct ksim_error *err)
{
	*demo = NULL;
	if (!a->nfiles)
		return scenario_load_text("<built-in demo>", scenario_builtin_default(), demo, err);
	for (int i = 0; i < a->nfiles; i++) {
		struct scenario *sc;
		int rc = scenario_load_file(a->files[i], &sc, err);
		if (rc < 0)
			return -1;
		if (rc == 0 && *demo) {
			scenario_free(sc);
			error_set(err, "%s: only one demo file at a time (%s is one too)", a->files[i],
				  (*demo)->file);
			return -1;
		}
		if (rc == 0)
			*demo = sc;
	}
	return 0;
}

static int dashboard_main(int argc, char **argv)
{
	struct dash_args a = { .o = { .speed = 1 } };
	struct session_options so;
	struct session s;
	struct scenario *demo = NULL;
	struct ksim_error err;
	char msg[1024], title[256] = "";
	int rc;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	a.files = xcalloc((size_t)argc + 1, sizeof *a.files);
	if ((rc = parse_args(&a, argc, argv)))
		goto out;
	session_options_default(&so);
	rc = find_demo(&a, &demo, &err);
	if (rc == 0 && demo) {
		scenario_session_options(demo, &so);
		if (!a.speed_set)
			a.o.speed = demo->speed;
		snprintf(title, sizeof title, "%s", demo->name ? demo->name : "");
		a.o.caption = demo->description;
	}
	for (int i = 0; i < a.nfiles && !demo; i++) { /* plain manifests: their file names */
		const char *base = strrchr(a.files[i], '/');
		size_t len = strlen(title);
		snprintf(title + len, sizeof title - len, "%s%s", len ? " " : "", base ? base + 1 : a.files[i]);
	}
	a.o.title = title;
	if (a.seed_set)
		so.seed = a.seed;
	if (rc == 0)
		rc = a.nfiles ? session_init(&s, &so, a.files, a.nfiles, &err)
			      : session_init_text(&s, &so, demo->file, demo->text, &err);
	if (rc == 0) {
		fputs(s.warnings.data, stderr);
		rc = tui_main(&s, &a.o, &err);
	}
	if (rc) {
		error_format(&err, msg, sizeof msg);
		fprintf(stderr, "ksim: %s\n", msg);
		rc = 2;
	}
out:
	scenario_free(demo);
	free(a.files);
	return rc;
}

const struct subcommand subcommand_dashboard = {
	.name = "dashboard",
	.usage = "[dashboard] [FILE...] [--theme NAME] [--ascii] [--speed X] [--seed N] [--paused]",
	.summary = "the dashboard (the default command): a live view of the simulation",
	.main = dashboard_main,
};
