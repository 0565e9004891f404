/* `make bench`: runs every benchmark and prints its figures. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench.h"

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void bench_nodes_yaml(int n, struct strbuf *y)
{
	for (int i = 0; i < n; i++)
		sb_printf(y,
			  "apiVersion: v1\nkind: Node\nmetadata: {name: node-%05d}\n"
			  "status: {capacity: {cpu: \"64\", memory: 256Gi, pods: \"110\"}}\n---\n",
			  i);
}

void bench_row_seconds(const char *what, double seconds)
{
	printf("    %-36s %12.3f s\n", what, seconds);
}

void bench_row_count(const char *what, uint64_t n)
{
	printf("    %-36s %14llu\n", what, (unsigned long long)n);
}

static const struct {
	const char *name;
	void (*run)(void);
} benches[] = {
	{ "engine", bench_engine }, { "controllers", bench_controllers },
	{ "cron", bench_cron },     { "dashboard", bench_dashboard },
	{ "load", bench_load },     { "deployment", bench_deployment },
	{ "probes", bench_probes },
};

/* ksim-bench [NAME...]: the named benchmarks, or all of them. */
int main(int argc, char **argv)
{
	printf("ksim benchmarks (figures only; this machine's noise applies)\n\n");
	for (size_t i = 0; i < sizeof benches / sizeof benches[0]; i++) {
		bool wanted = argc < 2;
		for (int a = 1; a < argc; a++)
			wanted |= strcmp(argv[a], benches[i].name) == 0;
		if (wanted)
			benches[i].run();
	}
	return 0;
}
