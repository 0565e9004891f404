/* What every subcommand shares. */
#include "ksim/cli.h"

#include <stdio.h>
#include <string.h>

#include "ksim/util.h"

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

int cli_flag_next(const struct cli_flag *flags, int argc, char **argv, int *i, const char **val,
		  char *msg, size_t msgsz)
{
	const char *arg = argv[*i], *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);

	*val = NULL;
	if (arg[0] != '-' || strcmp(arg, "-") == 0)
		return CLI_ARG;
	for (int f = 0; flags[f].name; f++) {
		if (strlen(flags[f].name) != len || strncmp(arg, flags[f].name, len) != 0)
			continue;
		if (!flags[f].takes_value && eq) {
			snprintf(msg, msgsz, "%s takes no value", flags[f].name);
			return CLI_BAD;
		}
		if (flags[f].takes_value && !eq && *i + 1 >= argc) {
			snprintf(msg, msgsz, "%s needs a value", flags[f].name);
			return CLI_BAD;
		}
		if (flags[f].takes_value)
			*val = eq ? eq + 1 : argv[++*i];
		return f;
	}
	snprintf(msg, msgsz, "unknown flag %.*s", (int)len, arg);
	return CLI_BAD;
}

void cli_error_print(const char *who, const struct ksim_error *err)
{
	char msg[1024];

	error_format(err, msg, sizeof msg);
	if (err->file[0])
		fprintf(stderr, "%s\n", msg);
	else
		fprintf(stderr, "%s: %s\n", who, msg);
}
