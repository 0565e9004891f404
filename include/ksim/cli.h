/*
 * cli: the subcommands of the ksim binary (run, test, play, record, cron,
 * check, ...). Each lives in its own file in src/cli/ as a const table entry;
 * main() picks one by name. Only these functions print to stdout/stderr and
 * choose exit statuses: 0 fine, 1 a check failed, 2 bad input.
 */
#ifndef KSIM_CLI_H
#define KSIM_CLI_H

#include <stddef.h>

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

/* A long option of a subcommand; a table of them ends with a NULL name. */
struct cli_flag {
	const char *name; /* "--until" */
	int takes_value;
};
enum { CLI_ARG = -1, CLI_BAD = -2 };

/*
 * One step of GNU long-option parsing at argv[*i]: "--flag VALUE" and
 * "--flag=VALUE" (then *i moves past a separate value). Returns the flag's
 * index in FLAGS with *val set (NULL for a switch), CLI_ARG for an operand,
 * or CLI_BAD with the reason in msg ("unknown flag --bogus").
 */
int cli_flag_next(const struct cli_flag *flags, int argc, char **argv, int *i, const char **val,
		  char *msg, size_t msgsz);

struct ksim_error;
/*
 * Prints err on stderr: an error in a file as FILE:LINE:COL: ..., the form
 * ksim check and compilers use, with no prefix; any other after "WHO: "
 * ("ksim", "ksim run").
 */
void cli_error_print(const char *who, const struct ksim_error *err);

/* True when argv holds -h or --help; the caller prints its usage and exits 0. */
int cli_wants_help(int argc, char **argv);

/* The --validate line of a subcommand's --help. */
#define CLI_VALIDATE_HELP                                                                   \
	"  --validate MODE  a field Kubernetes does not have: strict (the default) refuses\n" \
	"                   the file, warn accepts it with a warning, false says nothing\n"

#endif
