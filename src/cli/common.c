/* What every subcommand shares. */
#include "ksim/cli.h"

#include <stdio.h>
#include <string.h>

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int cli_validate_flag(const char *cmd, int argc, char **argv, int *i,
		      enum manifest_validation *out)
{
	const char *arg = argv[*i], *val;
	int took = 1;

	if (strncmp(arg, "--validate=", 11) == 0) {
		val = arg + 11;
	} else if (strcmp(arg, "--validate") == 0) {
		val = *i + 1 < argc ? argv[*i + 1] : "";
		took = 2;
	} else {
		return 0;
	}
	if (manifest_validation_parse(val, out)) {
		fprintf(stderr, "ksim %s: " MANIFEST_VALIDATION_BAD "\nRun 'ksim %s --help' for usage.\n",
			cmd, val, cmd);
		return -1;
	}
	*i += took - 1;
	return took;
}
