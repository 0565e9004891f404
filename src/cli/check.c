/* `ksim check`: validate manifests and demo files as the API server would, apply nothing. */
#include <stdio.h>
#include <string.h>

#include "ksim/cli.h"
#include "ksim/manifest.h"
#include "ksim/scenario.h"

static const char usage[] = "usage: ksim check FILE...\n"
			    "\n"
			    "Validates Kubernetes manifests (several documents per file) and demo files\n"
			    "without running them. Errors name FILE:LINE:COLUMN and the field; exit\n"
			    "status 2 on any error.\n";

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
	struct cluster *c;
	int rc = 0, files = 0;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return 0;
	}
	c = cluster_new(1, 1);
	for (int i = 1; i < argc && rc == 0; i++) {
		struct manifest m;
		struct ksim_error err;

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
		if (manifest_load_file(c, argv[i], &m, &err)) {
			cli_error_print("ksim check", &err);
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
	.usage = "check FILE...",
	.summary = "validate manifests and demos without running them",
	.main = check_main,
};
