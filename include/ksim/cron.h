/*
 * cron: the CronJob schedule language exactly as Kubernetes 1.29-1.31 reads
 * it (robfig/cron v3.0.1 ParseStandard plus the API server's "no TZ in the
 * schedule" rule), the next activation time evaluated in an IANA time zone
 * read from TZif files, and an English explanation in the style of
 * crontab.guru. Times are milliseconds since the Unix epoch, UTC, as
 * everywhere in ksim.
 *
 * A parsed schedule is a plain value owned by whoever holds it. A loaded
 * zone is owned by the caller of cron_tz_load() and is read-only after it
 * returns. Every function here is pure (no globals, no locale, no TZ
 * environment): any thread may call them, on shared schedules and zones.
 */
#ifndef KSIM_CRON_H
#define KSIM_CRON_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/util.h"

/* A loaded time zone; opaque. */
struct cron_tz;

/* The built-in UTC zone: static, never freed, needs no files. */
const struct cron_tz *cron_tz_utc(void);

/*
 * Loads an IANA zone from $TZDIR (default /usr/share/zoneinfo). "UTC" and
 * "Etc/UTC" never need files. Rejects what the API server rejects: "",
 * "Local" in any case, a leading "/", and any "/"-separated part that is
 * "." or "..", starts with "-", or is not 1-14 of [A-Za-z0-9._+-]. Returns
 * NULL and fills err, e.g. `unknown time zone "Mars/Base"`.
 */
struct cron_tz *cron_tz_load(const char *name, struct ksim_error *err);
/* NULL and the built-in UTC zones are no-ops. */
void cron_tz_free(struct cron_tz *tz);
/* The name given to cron_tz_load(); lives as long as tz. */
const char *cron_tz_name(const struct cron_tz *tz);
/* Seconds east of UTC at that instant. tz NULL means UTC. */
int cron_tz_offset(const struct cron_tz *tz, int64_t utc_ms);
/*
 * The same in Unix seconds, also bounding a span around utc_s over which the
 * offset does not change: [*from, *until). Either pointer may be NULL; the
 * span may be shorter than the true one, never longer.
 */
int cron_tz_offset_span(const struct cron_tz *tz, int64_t utc_s, int64_t *from, int64_t *until);
/* True when no offset change between the two instants skips or repeats a local midnight. */
bool cron_tz_midnights_kept(const struct cron_tz *tz, int64_t from, int64_t to);

/* How far cron_next() looks: robfig gives up after the 5th following year. */
#define CRON_SEARCH_YEARS 5
#define CRON_TEXT_MAX 128

/*
 * A parsed schedule. Bit n of a mask stands for value n. A field with a
 * list item "*" or "?" and no step above 1 carries the star flag;
 * when either day field has it a day must match both, otherwise either.
 */
struct cron_schedule {
	uint64_t minute; /* 0-59 */
	uint32_t hour;   /* 0-23 */
	uint32_t dom;    /* 1-31 */
	uint16_t month;  /* 1-12 */
	uint8_t dow;     /* 0-6, Sunday is 0 */
	bool dom_star, dow_star;
	int64_t every_ms;         /* @every: whole seconds, at least 1 s; 0 otherwise */
	char text[CRON_TEXT_MAX]; /* as written, truncated to fit */
};

/*
 * Parses a 5-field schedule or a descriptor (@yearly @annually @monthly
 * @weekly @daily @midnight @hourly @every <Go duration>). Returns 0, or -1
 * with err->msg in robfig's words, e.g. "end of range (61) above maximum
 * (59): 61".
 */
int cron_parse(const char *text, struct cron_schedule *out, struct ksim_error *err);

/*
 * The first activation strictly after after_ms, evaluated in the wall time
 * of tz (NULL = UTC) as robfig's SpecSchedule.Next does, DST quirks
 * included: a time in a spring-forward gap is skipped, one in a fall-back
 * repeat may fire twice. TIME_NONE if nothing matches before the end of the
 * 5th year after after_ms (local years), or if after_ms is TIME_NONE.
 * @every: after_ms truncated to the second, plus the interval.
 */
int64_t cron_next(const struct cron_schedule *s, const struct cron_tz *tz, int64_t after_ms);

/*
 * Appends one English sentence saying when s fires, crontab.guru style:
 * "At minute 0 past every 2nd hour from 9 through 17." It describes what
 * the parsed masks select: a step wider than the field, every 61st minute,
 * reads "At minute 0.".
 */
void cron_explain(const struct cron_schedule *s, struct strbuf *out);

/*
 * "2016-05-19T12:00:00+02:00": the instant in the wall time of tz (NULL =
 * UTC) as Go's time.RFC3339 prints it, "Z" for a zero offset; buf needs
 * 26 bytes.
 */
void cron_rfc3339(const struct cron_tz *tz, int64_t ms, char *buf, size_t size);

/* --- what the CronJob controller makes of a schedule (pkg/controller/cronjob/utils.go) --- */

enum cron_missed { CRON_NONE_MISSED, CRON_FEW_MISSED, CRON_MANY_MISSED };

/* Where a CronJob stands: times in ms, TIME_NONE when unset. */
struct cron_history {
	int64_t created_ms;
	int64_t last_ms;    /* status.lastScheduleTime */
	int64_t deadline_s; /* spec.startingDeadlineSeconds, -1 when unset */
};

struct cron_due {
	int64_t earliest; /* lastScheduleTime, else creation, raised to now - deadline if asked */
	int64_t first;    /* Next(earliest), TIME_NONE if none */
	int64_t recent;   /* the most recent time a Job is due, TIME_NONE if none */
	enum cron_missed missed;
};

/*
 * mostRecentScheduleTime: t1 = Next(earliest), t2 = Next(t1); past t2 the
 * number of missed times n comes from the t1..t2 interval rounded to the
 * second, and the walk from Next(t1 + (n - 2) * interval) keeps the last
 * time not after now. For uneven schedules that walk can find nothing:
 * then nothing is due. with_deadline raises earliest to now -
 * startingDeadlineSeconds. Returns 0, or -1 when t1 and t2 are less than
 * a second apart, which is how a schedule that never fires ("59 23 31 2
 * *") shows; out is filled either way.
 */
int cron_due(const struct cron_schedule *s, const struct cron_tz *tz, const struct cron_history *h,
	     int64_t now, bool with_deadline, struct cron_due *out);

/* The controller's padding after a scheduled time (nextScheduleDelta). */
#define CRON_NEXT_SCHEDULE_DELTA_MS 100

/*
 * nextScheduleTimeDuration, as an instant: Next of the most recent due
 * time; when none is due, of earliest if nothing was missed, else of now;
 * of now when cron_due() fails. Plus 100 ms. TIME_NONE when that Next
 * finds nothing.
 */
int64_t cron_next_sync(const struct cron_schedule *s, const struct cron_tz *tz,
		       const struct cron_history *h, int64_t now);

#endif
