/* ksim: a terminal dashboard with a live simulation of Kubernetes workload controllers. */
#include <stdio.h>
#include <string.h>

#include "ksim/cli.h"

#define KSIM_VERSION "0.1.0"

static const struct subcommand *const subcommands[] = {
	&subcommand_run,   &subcommand_test, &subcommand_play,      &subcommand_record,
	&subcommand_check, &subcommand_cron, &subcommand_dashboard,
};

static void usage(FILE *to)
{
	fputs("usage: ksim [FILE...]\n"
	      "       ksim COMMAND [ARGS...]\n"
	      "       ksim --help | --version\n\ncommands:\n",
	      to);
	for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++)
		fprintf(to, "  %-10s %s\n             ksim %s\n", subcommands[i]->name,
			subcommands[i]->summary, subcommands[i]->usage);
	fputs("\nRun 'ksim COMMAND --help' for a command's options.\n", to);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("ksim %s\n", KSIM_VERSION);
		return 0;
	}
	for (size_t i = 0; argc >= 2 && i < sizeof subcommands / sizeof *subcommands; i++)
		if (strcmp(argv[1], subcommands[i]->name) == 0)
			return subcommands[i]->main(argc - 1, argv + 1);
	if (argc >= 2 && argv[1][0] != '-' && !strchr(argv[1], '.') && !strchr(argv[1], '/')) {
		fprintf(stderr, "ksim: unknown command \"%s\"\nRun 'ksim --help' for usage.\n",
			argv[1]);
		return 2;
	}
	return subcommand_dashboard.main(argc, argv);
}
