/*
 * cli: the subcommands of the ksim binary (run, test, play, record, cron,
 * check, ...). Each lives in its own file in src/cli/ as a const table entry;
 * main() picks one by name. Only these functions print to stdout/stderr and
 * choose exit statuses: 0 fine, 1 a check failed, 2 bad input.
 */
#ifndef KSIM_CLI_H
#define KSIM_CLI_H

#include "ksim/manifest.h"

struct subcommand {
	const char *name;
	const char *usage;                  /* one line: "cron 'SCHEDULE' [--tz ZONE] ..." */
	const char *summary;                /* what it does, for `ksim --help` */
	int (*main)(int argc, char **argv); /* argv[0] is the subcommand name */
};

extern const struct subcommand subcommand_run;
extern const struct subcommand subcommand_test;
extern const struct subcommand subcommand_check;
extern const struct subcommand subcommand_cron;
extern const struct subcommand subcommand_dashboard;
extern const struct subcommand subcommand_play;
extern const struct subcommand subcommand_record;

/* The dashboard faces, which share their flags (dashboard.c). */
enum dashboard_face { FACE_DASHBOARD, FACE_PLAY, FACE_RECORD };
int dashboard_face_main(enum dashboard_face face, int argc, char **argv);

/* True when argv holds -h or --help; the caller prints its usage and exits 0. */
int cli_wants_help(int argc, char **argv);

/*
 * --validate=MODE or --validate MODE at argv[*i] (kubectl's modes: strict or
 * true, warn, ignore or false) into *out: the words it took, *i left on the
 * last; 0 when argv[*i] is another flag; -1 after printing the error for a bad
 * MODE (the caller exits 2).
 */
int cli_validate_flag(const char *cmd, int argc, char **argv, int *i,
		      enum manifest_validation *out);
/* The --validate line of a subcommand's --help. */
#define CLI_VALIDATE_HELP                                                                   \
	"  --validate MODE  a field Kubernetes does not have: strict (the default) refuses\n" \
	"                   the file, warn accepts it with a warning, false says nothing\n"

#endif
