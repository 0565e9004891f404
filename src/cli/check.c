/* `ksim check`: validate manifests as the API server would, apply nothing. */
#include <stdio.h>
#include <string.h>

#include "ksim/cli.h"
#include "ksim/manifest.h"

static const char usage[] =
	"usage: ksim check FILE...\n"
	"\n"
	"Validates Kubernetes manifests (several documents per file) without running\n"
	"them. Errors name FILE:LINE:COLUMN and the field; exit status 2 on any error.\n";

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
		char msg[1024];

		if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "ksim check: unknown flag %s\nRun 'ksim check --help' for usage.\n", argv[i]);
			rc = 2;
			break;
		}
		files++;
		manifest_init(&m);
		if (manifest_load_file(c, argv[i], &m, &err)) {
			error_format(&err, msg, sizeof msg);
			fprintf(stderr, "%s\n", msg);
			rc = 2;
		} else if (m.count == 0) {
			fprintf(stderr, "%s: no objects found (an empty file?)\n", argv[i]);
			rc = 2;
		} else {
			fputs(m.warnings.data, stderr);
			printf("%s: %u object%s valid\n", argv[i], m.count, m.count == 1 ? "" : "s");
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
	.summary = "validate manifests without running them",
	.main = check_main,
};
