/*
 * `ksim [FILE...]` (also `ksim dashboard [FILE...]`): the dashboard on the
 * given manifests, or on the built-in default demo. Manifests are loaded
 * and checked before the screen changes, so a bad file reads like
 * `ksim check` and exits 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/cli.h"
#include "ksim/runner.h"
#include "ksim/session.h"
#include "ksim/tui.h"

static const char usage[] =
	"usage: ksim [FILE...] [--theme NAME|FILE] [--ascii] [--speed X] [--seed N] [--paused]\n"
	"\n"
	"Opens the dashboard on the manifests in FILE (none: the built-in demo: the lab\n"
	"cluster with a DaemonSet, a Job and a CronJob).\n"
	"  --theme NAME     default, light, high-contrast, monochrome, or a theme file\n"
	"  --ascii          ASCII line drawing and glyphs (automatic without a UTF-8 locale)\n"
	"  --speed X        virtual seconds per second: 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600\n"
	"  --seed N         the random seed (default 1)\n"
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

static int dashboard_main(int argc, char **argv)
{
	struct tui_options o = { .speed = 1 };
	struct session_options so;
	struct session s;
	struct ksim_error err;
	char **files = xcalloc((size_t)argc + 1, sizeof *files), msg[1024];
	char title[256] = "";
	int nfiles = 0, rc;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		free(files);
		return 0;
	}
	session_options_default(&so);
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;
		if (strcmp(arg, "--ascii") == 0) {
			o.ascii = true;
			continue;
		}
		if (strcmp(arg, "--paused") == 0) {
			o.paused = true;
			continue;
		}
		if (arg[0] != '-' || strcmp(arg, "-") == 0) {
			files[nfiles++] = argv[i];
			size_t len = strlen(title);
			snprintf(title + len, sizeof title - len, "%s%s", len ? " " : "",
				 strrchr(arg, '/') ? strrchr(arg, '/') + 1 : arg);
			continue;
		}
		if (!val) {
			free(files);
			return bad("%s needs a value", arg);
		}
		i++;
		if (strcmp(arg, "--theme") == 0) {
			o.theme = val;
		} else if (strcmp(arg, "--speed") == 0) {
			o.speed = strtod(val[0] == 'x' ? val + 1 : val, &end);
			if (*end || o.speed < runner_speeds[0] || o.speed > runner_speeds[RUNNER_NSPEEDS - 1]) {
				free(files);
				return bad("--speed: expected a factor from 0.5 to 600, got \"%s\"", val);
			}
		} else if (strcmp(arg, "--seed") == 0) {
			so.seed = strtoull(val, &end, 10);
			if (*end || !*val) {
				free(files);
				return bad("--seed: expected a whole number, got \"%s\"", val);
			}
		} else {
			free(files);
			return bad("unknown flag %s", arg);
		}
	}
	o.title = nfiles ? title : "built-in demo";
	rc = nfiles ? session_init(&s, &so, files, nfiles, &err)
		    : session_init_text(&s, &so, "<built-in demo>", tui_default_demo, &err);
	free(files);
	if (rc) {
		error_format(&err, msg, sizeof msg);
		fprintf(stderr, "ksim: %s\n", msg);
		return 2;
	}
	fputs(s.warnings.data, stderr);
	if (tui_main(&s, &o, &err)) {
		error_format(&err, msg, sizeof msg);
		fprintf(stderr, "ksim: %s\n", msg);
		return 2;
	}
	return 0;
}

const struct subcommand subcommand_dashboard = {
	.name = "dashboard",
	.usage = "[dashboard] [FILE...] [--theme NAME] [--ascii] [--speed X] [--seed N] [--paused]",
	.summary = "the dashboard (the default command): a live view of the simulation",
	.main = dashboard_main,
};
