/*
 * The dashboard faces: `ksim [FILE...]` (also `ksim dashboard`), `ksim play
 * DEMO` and `ksim record OUT.yaml [FILE...]`. Files are loaded and checked
 * before the screen changes, so a bad file reads like `ksim check` and
 * exits 2. A demo among the files plays (its cluster, seed, start, speed
 * and timeline); no file plays the built-in demo (demos/default.yaml).
 * `ksim play --cast` renders the dashboard into an asciicast file instead
 * of a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksim/cli.h"
#include "ksim/runner.h"
#include "ksim/scenario.h"
#include "ksim/session.h"
#include "ksim/tui.h"

static const char common_flags[] =
    "  --theme NAME     default, light, high-contrast, monochrome, or a theme file\n"
    "  --ascii          ASCII line drawing and glyphs (automatic without a UTF-8 locale)\n"
    "  --speed X        virtual seconds per second: 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600\n"
    "                   (default: the demo's speed, else 1)\n"
    "  --seed N         the random seed (default: the demo's, else 1)\n"
    "  --paused         start with the clock stopped\n"
    "  --dump FILE      when the dashboard closes, write every object (YAML) and the\n"
    "                   event log to FILE, as `ksim run --dump` does\n" CLI_VALIDATE_HELP;

static const char *const usages[] = {
	[FACE_DASHBOARD] =
	    "usage: ksim [FILE...] [--theme NAME|FILE] [--ascii] [--speed X] [--seed N] [--paused]\n"
	    "\n"
	    "Opens the dashboard on the manifests in FILE. A demo file among them plays its\n"
	    "timeline (see `ksim play`); no FILE plays the built-in demo.\n",
	[FACE_PLAY] =
	    "usage: ksim play DEMO [--speed X] [--cast OUT.cast [--size COLSxROWS]]\n"
	    "\n"
	    "Plays a demo in the dashboard: its steps at their virtual times, its captions in\n"
	    "the caption bar. Space pauses, > or PgDn jumps to the next step, < or PgUp goes\n"
	    "back one (the run is re-simulated from the start), + and - change the speed.\n"
	    "Any other action on the cluster or the clock takes over: the rest of the\n"
	    "timeline is dropped and the header says \"interactive from here\".\n"
	    "  --cast OUT.cast  write an asciicast v2 file of the dashboard playing the demo\n"
	    "                   (headless; frames on the virtual clock divided by the speed)\n"
	    "  --size CxR       the cast's terminal size (default 120x36)\n",
	[FACE_RECORD] =
	    "usage: ksim record OUT.yaml [FILE...] [dashboard flags]\n"
	    "\n"
	    "The dashboard, recording the session into OUT.yaml, a demo file: the starting\n"
	    "manifests and cluster, then every command and key with its virtual time. Steps\n"
	    "are written to OUT.yaml.part as they happen (synced, so a crash loses nothing\n"
	    "done: play OUT.yaml.part then); quitting finishes it and renames it to\n"
	    "OUT.yaml. A demo among the files plays while recording, and can be taken over.\n",
};

struct dash_args {
	enum dashboard_face face;
	struct tui_options o;
	char **files;
	int nfiles;
	const char *out;  /* record: the recording */
	const char *cast; /* play: the asciicast file */
	int cols, rows;
	bool speed_set, seed_set;
	uint64_t seed;
	enum manifest_validation validation;
};

static const char *const names[] = { "dashboard", "play", "record" };

static int bad(const struct dash_args *d, const char *fmt, const char *arg)
{
	fprintf(stderr, "ksim%s%s: ", d->face ? " " : "", d->face ? names[d->face] : "");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nRun 'ksim %s --help' for usage.\n", names[d->face]);
	return 2;
}

static int parse_size(const char *val, int *cols, int *rows)
{
	char *end;
	long c = strtol(val, &end, 10), r;

	if (end == val || (*end != 'x' && *end != 'X'))
		return -1;
	r = strtol(end + 1, &end, 10);
	if (*end || c < 80 || c > 1000 || r < 24 || r > 500)
		return -1;
	*cols = (int)c;
	*rows = (int)r;
	return 0;
}

enum dash_flag { F_ASCII, F_PAUSED, F_THEME, F_DUMP, F_SPEED, F_SEED, F_CAST, F_SIZE, F_VALIDATE };
static const struct cli_flag dash_flags[] = {
	[F_ASCII] = { "--ascii", 0 }, [F_PAUSED] = { "--paused", 0 }, [F_THEME] = { "--theme", 1 },
	[F_DUMP] = { "--dump", 1 },   [F_SPEED] = { "--speed", 1 },   [F_SEED] = { "--seed", 1 },
	[F_CAST] = { "--cast", 1 },   [F_SIZE] = { "--size", 1 },     [F_VALIDATE] = { "--validate", 1 },
	{ NULL, 0 },
};

static int parse(struct dash_args *d, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *val;
		char msg[128], *end;
		int f = cli_flag_next(dash_flags, argc, argv, &i, &val, msg, sizeof msg);

		if ((f == F_CAST || f == F_SIZE) && d->face != FACE_PLAY) {
			snprintf(msg, sizeof msg, "unknown flag %s", dash_flags[f].name);
			f = CLI_BAD;
		}
		switch (f) {
		case CLI_BAD:
			return bad(d, "%s", msg);
		case CLI_ARG:
			if (d->face == FACE_RECORD && !d->out)
				d->out = argv[i];
			else
				d->files[d->nfiles++] = argv[i];
			break;
		case F_ASCII:
			d->o.ascii = true;
			break;
		case F_PAUSED:
			d->o.paused = true;
			break;
		case F_THEME:
			d->o.theme = val;
			break;
		case F_DUMP:
			d->o.dump = val;
			break;
		case F_SPEED:
			d->o.speed = strtod(val[0] == 'x' ? val + 1 : val, &end);
			d->speed_set = true;
			if (*end || !(d->o.speed >= runner_speeds[0] &&
				      d->o.speed <= runner_speeds[RUNNER_NSPEEDS - 1]))
				return bad(d,
					   "--speed: expected a factor from 0.5 to 600, got \"%s\"",
					   val);
			break;
		case F_SEED:
			d->seed = strtoull(val, &end, 10);
			d->seed_set = true;
			if (*end || !*val)
				return bad(d, "--seed: expected a whole number, got \"%s\"", val);
			break;
		case F_CAST:
			d->cast = val;
			break;
		case F_SIZE:
			if (parse_size(val, &d->cols, &d->rows))
				return bad(
				    d,
				    "--size: expected COLSxROWS, at least 80x24 (such as 120x36), got \"%s\"",
				    val);
			break;
		case F_VALIDATE:
			if (manifest_validation_parse(val, &d->validation))
				return bad(d, MANIFEST_VALIDATION_BAD, val);
			break;
		}
	}
	if (d->face == FACE_RECORD && !d->out)
		return bad(d, "%s", "no OUT.yaml given: where should the recording go?");
	if (d->face == FACE_PLAY && d->nfiles != 1)
		return bad(d, "%s", d->nfiles ? "play takes one DEMO" : "no DEMO given");
	return 0;
}

/* The demo among the files (at most one), or the built-in one when there are no files. */
static int find_demo(struct dash_args *d, struct scenario **out)
{
	struct ksim_error err;

	*out = NULL;
	if (d->nfiles == 0)
		return scenario_load_text("<built-in demo>", scenario_builtin_default(), out, &err)
			   ? -1
			   : 0;
	for (int i = 0; i < d->nfiles; i++) {
		struct scenario *sc;
		int rc = scenario_load_file_validated(d->files[i], d->validation, &sc, &err);

		if (rc < 0) {
			cli_error_print("ksim", &err);
			scenario_free(*out);
			return 2;
		}
		if (rc == 0 && *out) {
			scenario_free(sc);
			scenario_free(*out);
			return bad(d, "%s: only one demo file at a time", d->files[i]);
		}
		if (rc == 0)
			*out = sc;
	}
	if (!*out && d->face == FACE_PLAY)
		return bad(d, "%s: not a demo file (it has no kind: Scenario document)", d->files[0]);
	return 0;
}

static int build_session(struct dash_args *d, const struct scenario *sc, struct session *s,
			 struct session_options *so, struct ksim_error *err)
{
	int rc;

	if (sc)
		scenario_session_options(sc, so);
	else
		session_options_default(so);
	so->validation = d->validation;
	if (d->seed_set)
		so->seed = d->seed;
	if (!d->speed_set)
		d->o.speed = sc ? sc->speed : 1;
	rc = sc && sc->text ? session_init_text(s, so, sc->file, sc->text, err)
			    : session_init(s, so, d->files, d->nfiles, err);
	if (rc == 0 && sc)
		s->base_dir = xstrdup(sc->dir);
	return rc;
}

/* The header's title: the files' names, or the demo's. */
static void make_title(const struct dash_args *d, const struct scenario *sc, char *title, size_t size)
{
	size_t len = 0;

	title[0] = '\0';
	if (d->nfiles == 0 && sc)
		snprintf(title, size, "%s", sc->name);
	for (int i = 0; i < d->nfiles && len < size; i++) {
		const char *base = strrchr(d->files[i], '/') ? strrchr(d->files[i], '/') + 1
							     : d->files[i];
		len += (size_t)snprintf(title + len, size - len, "%s%s", len ? " " : "", base);
	}
}

static int open_recorder(struct dash_args *d, const struct scenario *sc,
			 const struct session_options *so, struct recorder **rec,
			 struct ksim_error *err)
{
	struct recorder_source *src = xcalloc((size_t)d->nfiles + 1, sizeof *src);
	int n = 0, rc;

	if (sc && sc->text)
		src[n++] = (struct recorder_source){ sc->file, sc->text };
	for (int i = 0; i < d->nfiles; i++)
		src[n++] = (struct recorder_source){ d->files[i], NULL };
	rc = recorder_open(d->out, src, n, so, d->o.speed, rec, err);
	free(src);
	return rc;
}

int dashboard_face_main(enum dashboard_face face, int argc, char **argv)
{
	struct dash_args d = { .face = face, .o = { .speed = 1 }, .cols = 120, .rows = 36 };
	struct scenario *sc = NULL;
	struct recorder *rec = NULL;
	struct session_options so;
	struct session s;
	struct ksim_error err;
	char title[256];
	int rc;

	if (cli_wants_help(argc, argv)) {
		fputs(usages[face], stdout);
		fputs(common_flags, stdout);
		fputs("NO_COLOR=1 draws with attributes only. Keys: press ? in the dashboard;\n"
		      "~/.config/ksim/keys.yaml rebinds them.\n",
		      stdout);
		return 0;
	}
	d.files = xcalloc((size_t)argc + 1, sizeof *d.files);
	rc = parse(&d, argc, argv);
	if (rc == 0)
		rc = find_demo(&d, &sc);
	if (rc == 0 && build_session(&d, sc, &s, &so, &err))
		rc = -1;
	if (rc == 0 && d.out && open_recorder(&d, sc, &so, &rec, &err)) {
		session_destroy(&s);
		rc = -1;
	}
	if (rc == 0) {
		fputs(s.warnings.data, stderr);
		make_title(&d, sc, title, sizeof title);
		d.o.title = title;
		d.o.play = sc;
		d.o.record = rec;
		d.o.recording = rec != NULL;
		rc = d.cast ? tui_cast(&s, &d.o, d.cast, d.cols, d.rows, &err)
			    : tui_main(&s, &d.o, &err);
	}
	if (rc < 0) {
		cli_error_print("ksim", &err);
		rc = 2;
	}
	if (rec && rc == 0)
		fprintf(stderr, "ksim: recorded %s\n", d.out);
	else if (rec && recorder_steps(rec) == 0)
		unlink(recorder_part(rec)); /* the dashboard never ran: nothing to keep */
	else if (rec)
		fprintf(stderr, "ksim: the recording so far is in %s\n", recorder_part(rec));
	recorder_free(rec);
	scenario_free(sc);
	free(d.files);
	return rc;
}

static int dashboard_main(int argc, char **argv)
{
	return dashboard_face_main(FACE_DASHBOARD, argc, argv);
}

static int play_main(int argc, char **argv)
{
	return dashboard_face_main(FACE_PLAY, argc, argv);
}

static int record_main(int argc, char **argv)
{
	return dashboard_face_main(FACE_RECORD, argc, argv);
}

const struct subcommand subcommand_dashboard = {
	.name = "dashboard",
	.usage = "[dashboard] [FILE...] [--theme NAME] [--ascii] [--speed X] [--seed N] [--paused]",
	.summary = "the dashboard (the default command): a live view of the simulation",
	.main = dashboard_main,
};

const struct subcommand subcommand_play = {
	.name = "play",
	.usage = "play DEMO [--speed X] [--cast OUT.cast [--size COLSxROWS]]",
	.summary = "play a demo in the dashboard, or export it as an asciicast",
	.main = play_main,
};

const struct subcommand subcommand_record = {
	.name = "record",
	.usage = "record OUT.yaml [FILE...]",
	.summary = "the dashboard, recording the session into a demo file",
	.main = record_main,
};
