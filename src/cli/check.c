/* `ksim check`: validate manifests and demo files as the API server would, apply nothing. */
#include <stdio.h>
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

static int check_main(int argc, char **argv)
{
	enum manifest_validation validation = MANIFEST_STRICT;
	struct cluster *c;
	int rc = 0, files = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	/* the mode holds for every file, wherever the flag is */
	for (int i = 1; i < argc; i++)
		if (cli_validate_flag("check", argc, argv, &i, &validation) < 0)
			return 2;
	c = cluster_new(1, 1);
	for (int i = 1; i < argc && rc == 0; i++) {
		enum manifest_validation again;
		struct manifest m;
		struct ksim_error err;
		char msg[1024];

		if (cli_validate_flag("check", argc, argv, &i, &again))
			continue;
		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr,
				"ksim check: unknown flag %s\nRun 'ksim check --help' for usage.\n",
				argv[i]);
			rc = 2;
			break;
		}
		files++;
		manifest_init(&m);
		m.allow_scenario = true;
		m.validation = validation;
		if (manifest_load_file(c, argv[i], &m, &err)) {
			error_format(&err, msg, sizeof msg);
			fprintf(stderr, "%s\n", msg);
			rc = 2;
		} else if (m.scenario.decoded) {
			fputs(m.warnings.data, stderr);
			print_demo(argv[i], &m);
		} else if (m.count == 0) {
			fprintf(stderr, "%s: no objects found (an empty file?)\n", argv[i]);
			rc = 2;
		} else {
			fputs(m.warnings.data, stderr);
			printf("%s: %u object%s valid\n", argv[i], m.count, plural(m.count));
		}
		manifest_free(c, &m);
	}
	if (rc == 0 && files == 0) {
		fputs("ksim check: no FILE given\nRun 'ksim check --help' for usage.\n", stderr);
		rc = 2;
	}
	cluster_free(c);
	return rc;
}

const struct subcommand subcommand_check = {
	.name = "check",
	.usage = "check FILE... [--validate MODE]",
	.summary = "validate manifests and demos without running them",
	.main = check_main,
};
