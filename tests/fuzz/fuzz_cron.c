/*
 * The cron parser: line 1 is a schedule, line 2 an optional time zone
 * name. What parses is explained in words and stepped through its next
 * activations from a few instants (a leap day, a DST change, the far
 * future), in UTC and in the zone.
 */
#include "fuzz.h"

#include "ksim/cron.h"

static const int64_t starts[] = {
	1767225600000LL,  /* 2026-01-01T00:00:00Z */
	1709164800000LL,  /* 2024-02-29T00:00:00Z */
	1774746000000LL,  /* 2026-03-29T01:00:00Z, Europe's spring-forward */
	253402300799000LL /* 9999-12-31T23:59:59Z */
};

static void walk(const struct cron_schedule *s, const struct cron_tz *tz)
{
	for (size_t i = 0; i < ARRAY_LEN(starts); i++) {
		int64_t t = starts[i];
		for (int n = 0; n < 4 && t != TIME_NONE; n++) {
			int64_t next = cron_next(s, tz, t);
			if (next != TIME_NONE && next <= t)
				abort(); /* cron_next must move forward */
			t = next;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	char *zone = strchr(text, '\n');
	struct cron_schedule s;
	struct ksim_error err;
	struct strbuf sb;

	if (zone)
		*zone++ = '\0';
	sb_init(&sb);
	if (cron_parse(text, &s, &err) == 0) {
		cron_explain(&s, &sb);
		walk(&s, NULL);
		if (zone && *zone) {
			struct cron_tz *tz = cron_tz_load(zone, &err);
			if (tz) {
				walk(&s, tz);
				cron_tz_free(tz);
			}
		}
	}
	sb_free(&sb);
	free(text);
	return 0;
}
