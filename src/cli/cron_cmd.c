/*
 * ksim cron: the next activation times of a schedule, as the CronJob
 * controller computes them, in RFC 3339, one per line: UTC, or with --tz
 * the zone's local time and its offset.
 */
#include "ksim/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ksim/cron.h"
#include "ksim/util.h"

#define CRON_USAGE "cron 'SCHEDULE' [--tz ZONE] [--from RFC3339] [--count N] [--explain]"
#define COUNT_DEFAULT 5
#define COUNT_MAX 100000

enum cron_flag { FLAG_TZ, FLAG_FROM, FLAG_COUNT, FLAG_EXPLAIN, FLAG_COUNT_ };

static const struct {
	const char *name;
	bool has_value;
	const char *help;
} flags[FLAG_COUNT_] = {
	[FLAG_TZ] = { "--tz", true, "evaluate in this IANA time zone, times shown in it with its UTC offset (default UTC)" },
	[FLAG_FROM] = { "--from", true, "list times strictly after this one (default: now)" },
	[FLAG_COUNT] = { "--count", true, "how many times to list (default 5)" },
	[FLAG_EXPLAIN] = { "--explain", false, "first print the schedule in English" },
};

struct cron_args {
	const char *schedule;
	const char *value[FLAG_COUNT_]; /* NULL when not given; "" for a given switch */
};

static void print_usage(FILE *f)
{
	fprintf(f, "usage: ksim %s\n\n", CRON_USAGE);
	for (int i = 0; i < FLAG_COUNT_; i++)
		fprintf(f, "  %-20s %s\n", flags[i].name, flags[i].help);
}

static int bad_usage(const char *fmt, const char *arg)
{
	fputs("ksim cron: ", stderr);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: ksim %s\n", CRON_USAGE);
	return 2;
}

static int parse_args(int argc, char **argv, struct cron_args *a)
{
	struct cli_flag table[FLAG_COUNT_ + 1] = { { NULL, 0 } };

	for (int f = 0; f < FLAG_COUNT_; f++)
		table[f] = (struct cli_flag){ flags[f].name, flags[f].has_value };
	memset(a, 0, sizeof *a);
	for (int i = 1; i < argc; i++) {
		const char *val;
		char msg[128];
		int f;

		if (strncmp(argv[i], "--", 2) != 0) { /* "-1 * * * *" is a (bad) schedule */
			if (a->schedule)
				return bad_usage("unexpected argument '%s'", argv[i]);
			a->schedule = argv[i];
			continue;
		}
		f = cli_flag_next(table, argc, argv, &i, &val, msg, sizeof msg);
		if (f == CLI_BAD)
			return bad_usage("%s", msg);
		a->value[f] = val ? val : "";
	}
	return a->schedule ? 0 : bad_usage("missing %s", "SCHEDULE");
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * "2026-03-09T02:30:00-04:00" in a zone, with the offset then in force (the
 * local time the explanation speaks of); "2026-03-09T06:30:00Z" without one.
 */
static void print_time(int64_t ms, const struct cron_tz *tz)
{
	char buf[32];
	int off = tz ? cron_tz_offset(tz, ms) : 0, a = off < 0 ? -off : off;

	time_rfc3339(ms + (int64_t)off * 1000, buf, sizeof buf);
	if (!tz) {
		printf("%s\n", buf);
		return;
	}
	buf[strlen(buf) - 1] = '\0'; /* the Z */
	printf("%s%c%02d:%02d\n", buf, off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* Lists the times; the caller has validated everything. */
static void print_times(const char *text, const struct cron_schedule *s, const struct cron_tz *tz,
			int64_t from, long count)
{
	char buf[32];
	long n;

	for (n = 0; n < count; n++) {
		int64_t next = cron_next(s, tz, from);

		if (next == TIME_NONE)
			break;
		print_time(next, tz);
		from = next;
	}
	if (n == 0) {
		fprintf(stderr,
			"ksim cron: schedule '%s' never fires"
			" (no matching time in the next %d years)\n",
			text, CRON_SEARCH_YEARS);
	} else if (n < count) {
		time_rfc3339(from, buf, sizeof buf);
		fprintf(stderr, "ksim cron: schedule '%s' does not fire within %d years after %s\n",
			text, CRON_SEARCH_YEARS, buf);
	}
}

static int cron_main(int argc, char **argv)
{
	struct cron_args a;
	struct cron_schedule s;
	struct ksim_error err;
	struct cron_tz *tz = NULL;
	int64_t from = now_ms();
	long count = COUNT_DEFAULT;
	char *end;
	int rc;

	if (cli_wants_help(argc, argv)) {
		print_usage(stdout);
		return 0;
	}
	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (a.value[FLAG_COUNT]) {
		count = strtol(a.value[FLAG_COUNT], &end, 10);
		if (end == a.value[FLAG_COUNT] || *end || count < 1 || count > COUNT_MAX) {
			fprintf(stderr,
				"ksim cron: --count must be a whole number from 1 to %d"
				" (got \"%s\")\n",
				COUNT_MAX, a.value[FLAG_COUNT]);
			return 2;
		}
	}
	if (a.value[FLAG_FROM] && time_parse_rfc3339(a.value[FLAG_FROM], &from) != 0) {
		fprintf(stderr,
			"ksim cron: --from must be an RFC 3339 time like 2026-01-01T00:00:00Z"
			" (got \"%s\")\n",
			a.value[FLAG_FROM]);
		return 2;
	}
	if (cron_parse(a.schedule, &s, &err) != 0) {
		fprintf(stderr, "ksim cron: invalid schedule \"%s\": %s\n", a.schedule, err.msg);
		return 2;
	}
	if (a.value[FLAG_TZ] && !(tz = cron_tz_load(a.value[FLAG_TZ], &err))) {
		fprintf(stderr, "ksim cron: --tz: %s\n", err.msg);
		return 2;
	}
	if (a.value[FLAG_EXPLAIN]) {
		struct strbuf sb;

		sb_init(&sb);
		cron_explain(&s, &sb);
		printf("%s\n", sb.data);
		sb_free(&sb);
	}
	print_times(a.schedule, &s, tz, from, count);
	cron_tz_free(tz);
	return 0;
}

const struct subcommand subcommand_cron = {
	.name = "cron",
	.usage = CRON_USAGE,
	.summary = "print the next activation times of a CronJob schedule",
	.main = cron_main,
};
