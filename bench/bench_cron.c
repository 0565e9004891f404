/*
 * cron_next() per call: common schedules, the rare ones (February 29, and
 * February 30 which searches all five years for nothing), in UTC and in a
 * zone with DST, from start times spread over 2026. Each call is timed on
 * its own (the clock's own cost taken off) for the median, p99 and worst;
 * "mean" times a batch of the same calls without a clock read in between.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "ksim/cron.h"

#define CALLS 20000

static const struct {
	const char *schedule, *zone;
} cases[] = {
	{ "*/1 * * * *", "UTC" },
	{ "0 * * * *", "UTC" },
	{ "20,21,22 * * * *", "UTC" },
	{ "0 0 * * 0", "UTC" },
	{ "30 2 * * 1-5", "UTC" },
	{ "0 0 1 * *", "UTC" },
	{ "0 0 29 2 *", "UTC" },
	{ "0 0 30 2 *", "UTC" },
	{ "@every 1h30m", "UTC" },
	{ "*/1 * * * *", "America/New_York" },
	{ "0 * * * *", "America/New_York" },
	{ "0 0 * * 0", "America/New_York" },
	{ "30 2 * * *", "America/New_York" },
	{ "0 0 29 2 *", "America/New_York" },
	{ "0 0 30 2 *", "America/New_York" },
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* What a back-to-back pair of clock reads costs, to take off each sample. */
static uint64_t clock_cost(uint64_t *ns)
{
	for (int i = 0; i < CALLS; i++) {
		uint64_t t0 = bench_now_ns();

		ns[i] = bench_now_ns() - t0;
	}
	qsort(ns, CALLS, sizeof *ns, cmp_u64);
	return ns[CALLS / 2];
}

static void bench_case(const char *schedule, const struct cron_tz *tz, const int64_t *from,
		       uint64_t *ns, uint64_t overhead)
{
	struct cron_schedule s;
	struct ksim_error err;
	volatile int64_t sink = 0;
	uint64_t t0;
	double mean;

	if (cron_parse(schedule, &s, &err) != 0) {
		printf("  %-18s %s\n", schedule, err.msg);
		return;
	}
	t0 = bench_now_ns();
	for (int i = 0; i < CALLS; i++)
		sink += cron_next(&s, tz, from[i]);
	mean = (double)(bench_now_ns() - t0) / CALLS;
	for (int i = 0; i < CALLS; i++) {
		uint64_t t = bench_now_ns();

		sink += cron_next(&s, tz, from[i]);
		t = bench_now_ns() - t;
		ns[i] = t > overhead ? t - overhead : 0;
	}
	(void)sink;
	qsort(ns, CALLS, sizeof *ns, cmp_u64);
	printf("  %-18s %-17s %8llu %8llu %9llu %9.1f\n", schedule, cron_tz_name(tz),
	       (unsigned long long)ns[CALLS / 2], (unsigned long long)ns[CALLS * 99 / 100],
	       (unsigned long long)ns[CALLS - 1], mean);
}

void bench_cron(void)
{
	int64_t *from = xmalloc(CALLS * sizeof *from);
	uint64_t *ns = xmalloc(CALLS * sizeof *ns), overhead, seed = 0x2545f4914f6cdd1dULL;
	int64_t year_start, year_ms = 365LL * 86400 * 1000;

	time_parse_rfc3339("2026-01-01T00:00:00Z", &year_start);
	for (int i = 0; i < CALLS; i++) { /* xorshift: the same start times every run */
		seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
		from[i] = year_start + (int64_t)(seed % (uint64_t)year_ms);
	}
	overhead = clock_cost(ns);
	printf("cron_next: ns per call over %d start times in 2026", CALLS);
	printf(" (clock cost %llu ns taken off)\n", (unsigned long long)overhead);
	printf("  %-18s %-17s %8s %8s %9s %9s\n", "schedule", "zone", "median", "p99", "worst",
	       "mean");
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct ksim_error err;
		struct cron_tz *tz = cron_tz_load(cases[i].zone, &err);

		if (!tz) {
			printf("  %-18s %-17s %s\n", cases[i].schedule, cases[i].zone, err.msg);
			continue;
		}
		bench_case(cases[i].schedule, tz, from, ns, overhead);
		cron_tz_free(tz);
	}
	printf("\n");
	free(ns);
	free(from);
}
