/* `ksim check`: validate manifests and demo files as the API server would, apply nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/cli.h"
#include "ksim/manifest.h"
#include "ksim/scenario.h"

static const char usage[] = "usage: ksim check FILE... [--validate MODE]\n"
			    "\n"
			    "Validates Kubernetes manifests (several documents per file) and demo files\n"
			    "without running them. Errors name FILE:LINE:COLUMN and the field; exit\n"
			    "status 2 on any error.\n" CLI_VALIDATE_HELP;

static const char *plural(uint32_t n)
{
	return n == 1 ? "" : "s";
}

/* "demo "x" valid: 4 objects, 9 steps, 5 checks" */
static void print_demo(const char *file, const struct manifest *m)
{
	const struct scenario *sc = m->scenario.decoded;
	uint32_t checks = 0;

	for (uint32_t i = 0; i < sc->nsteps; i++)
		checks += sc->steps[i].nexpect;
	printf("%s: demo \"%s\" valid: %u object%s, %u step%s, %u check%s\n", file, sc->name,
	       m->count, plural(m->count), sc->nsteps, plural(sc->nsteps), checks, plural(checks));
}

static const struct cli_flag check_flags[] = { { "--validate", 1 }, { NULL, 0 } };

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ksim check: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nRun 'ksim check --help' for usage.\n");
	return 2;
}

static int check_main(int argc, char **argv)
{
	enum manifest_validation validation = MANIFEST_STRICT;
	char **files = xcalloc((size_t)argc, sizeof *files);
	struct cluster *c;
	int rc = 0, nfiles = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		free(files);
		return 0;
	}
	/* the mode holds for every file, wherever the flag is */
	for (int i = 1; i < argc && rc == 0; i++) {
		const char *val;
		char msg[128];
		int f = cli_flag_next(check_flags, argc, argv, &i, &val, msg, sizeof msg);
		if (f == CLI_BAD)
			rc = usage_error("%s", msg);
		else if (f == CLI_ARG)
			files[nfiles++] = argv[i];
		else if (manifest_validation_parse(val, &validation))
			rc = usage_error(MANIFEST_VALIDATION_BAD, val);
	}
	if (rc == 0 && nfiles == 0)
		rc = usage_error("%s", "no FILE given");
	c = cluster_new(1, 1);
	for (int i = 0; i < nfiles && rc == 0; i++) {
		struct manifest m;
		struct ksim_error err;

		manifest_init(&m);
		m.allow_scenario = true;
		m.validation = validation;
		if (manifest_load_file(c, files[i], &m, &err)) {
			cli_error_print("ksim check", &err);
			rc = 2;
		} else if (m.scenario.decoded) {
			fputs(m.warnings.data, stderr);
			print_demo(files[i], &m);
		} else if (m.count == 0) {
			fprintf(stderr, "%s: no objects found (an empty file?)\n", files[i]);
			rc = 2;
		} else {
			fputs(m.warnings.data, stderr);
			printf("%s: %u object%s valid\n", files[i], m.count, plural(m.count));
		}
		manifest_free(c, &m);
	}
	cluster_free(c);
	free(files);
	return rc;
}

const struct subcommand subcommand_check = {
	.name = "check",
	.usage = "check FILE... [--validate MODE]",
	.summary = "validate manifests and demos without running them",
	.main = check_main,
};
