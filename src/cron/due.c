/*
 * due: what the CronJob controller of 1.29-1.31 makes of a schedule
 * (pkg/controller/cronjob/utils.go mostRecentScheduleTime and
 * nextScheduleTimeDuration): which time a sync gives a Job, whether times
 * were missed, and when the controller looks again. Pure arithmetic on
 * cron_next(); the engine's CronJob controller acts on it.
 */
#include "ksim/cron.h"

/* utils.go: more than 100 missed times is "many" (TooManyMissedTimes). */
#define MANY_MISSED 100

int cron_due(const struct cron_schedule *s, const struct cron_tz *tz, const struct cron_history *h,
	     int64_t now, bool with_deadline, struct cron_due *out)
{
	int64_t t1, t2, interval_s, n, from;

	out->earliest = h->last_ms != TIME_NONE ? h->last_ms : h->created_ms;
	if (with_deadline && h->deadline_s >= 0 && now - h->deadline_s * 1000 > out->earliest)
		out->earliest = now - h->deadline_s * 1000;
	out->recent = TIME_NONE;
	out->missed = CRON_NONE_MISSED;
	out->first = t1 = cron_next(s, tz, out->earliest);
	/* Go's zero time for "no activation" makes t2 - t1 zero or negative: the error below. */
	if (t1 == TIME_NONE)
		return -1;
	if (now < t1)
		return 0;
	t2 = cron_next(s, tz, t1);
	if (t2 != TIME_NONE && now < t2) {
		out->recent = t1;
		return 0;
	}
	interval_s = t2 == TIME_NONE ? 0 : (t2 - t1 + 500) / 1000; /* Round(time.Second) */
	if (interval_s < 1)
		return -1;
	n = (now - t1) / 1000 / interval_s + 1;
	/* one interval further back, so Next lands on a time the schedule names */
	from = t1 + (n - 2) * interval_s * 1000;
	for (int64_t t = cron_next(s, tz, from); t != TIME_NONE && t <= now; t = cron_next(s, tz, t))
		out->recent = t;
	out->missed = n > MANY_MISSED ? CRON_MANY_MISSED : CRON_FEW_MISSED;
	return 0;
}

int64_t cron_next_sync(const struct cron_schedule *s, const struct cron_tz *tz,
		       const struct cron_history *h, int64_t now)
{
	struct cron_due d;
	int64_t from = now, next;

	if (cron_due(s, tz, h, now, false, &d) == 0) {
		if (d.recent != TIME_NONE)
			from = d.recent;
		else if (d.missed == CRON_NONE_MISSED)
			from = d.earliest;
	}
	next = cron_next(s, tz, from);
	return next == TIME_NONE ? TIME_NONE : next + CRON_NEXT_SCHEDULE_DELTA_MS;
}
