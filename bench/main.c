/* `make bench`: runs every benchmark and prints its figures. */
#include <stdio.h>
#include <time.h>

#include "bench.h"

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int main(void)
{
	printf("ksim benchmarks (figures only; this machine's noise applies)\n\n");
	bench_engine();
	bench_controllers();
	bench_cron();
	bench_dashboard();
	return 0;
}
