/* Virtual time formats: RFC 3339, RFC 1123Z, date(1), Go durations, kubectl's HumanDuration. */
#include "ksim/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
int64_t time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void time_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* From 1970-01-01, a Thursday. */
static const char weekdays[7][4] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

const char *time_weekday(int64_t days)
{
	return weekdays[((days % 7) + 7) % 7];
}

const char *time_month(unsigned m)
{
	return months[m - 1];
}

struct civil {
	int64_t days, y;
	unsigned m, d;
	int hh, mm, ss;
};

static struct civil civil_of(int64_t ms)
{
	struct civil t;
	int64_t secs = floor_div(ms, 1000), rem;

	t.days = floor_div(secs, 86400);
	rem = secs - t.days * 86400;
	time_civil_from_days(t.days, &t.y, &t.m, &t.d);
	t.hh = (int)(rem / 3600);
	t.mm = (int)(rem / 60 % 60);
	t.ss = (int)(rem % 60);
	return t;
}

void time_rfc3339(int64_t ms, char *buf, size_t size)
{
	struct civil t = civil_of(ms);

	snprintf(buf, size, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)t.y, t.m, t.d, t.hh,
		 t.mm, t.ss);
}

void time_rfc1123z(int64_t ms, char *buf, size_t size)
{
	struct civil t = civil_of(ms);

	snprintf(buf, size, "%s, %02u %s %04lld %02d:%02d:%02d +0000", time_weekday(t.days), t.d,
		 time_month(t.m), (long long)t.y, t.hh, t.mm, t.ss);
}

void time_date(int64_t ms, char *buf, size_t size)
{
	struct civil t = civil_of(ms);

	snprintf(buf, size, "%s %s %2u %02d:%02d:%02d UTC %lld", time_weekday(t.days),
		 time_month(t.m), t.d, t.hh, t.mm, t.ss, (long long)t.y);
}

static int read_digits(const char **s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)**s))
			return -1;
		v = v * 10 + (*(*s)++ - '0');
	}
	*out = v;
	return 0;
}

int time_parse_rfc3339(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, sec, frac_ms = 0, off = 0;

	if (read_digits(&s, 4, &y) || *s++ != '-' || read_digits(&s, 2, &mo) || *s++ != '-' ||
	    read_digits(&s, 2, &d) || (*s != 'T' && *s != 't' && *s != ' '))
		return -1;
	s++;
	if (read_digits(&s, 2, &h) || *s++ != ':' || read_digits(&s, 2, &mi) || *s++ != ':' ||
	    read_digits(&s, 2, &sec))
		return -1;
	if (*s == '.') {
		int scale = 100;
		s++;
		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s)) {
			frac_ms += (*s++ - '0') * scale;
			scale /= 10;
		}
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int sign = *s++ == '-' ? -1 : 1, oh, om;
		if (read_digits(&s, 2, &oh) || *s++ != ':' || read_digits(&s, 2, &om))
			return -1;
		off = sign * (oh * 60 + om);
	} else {
		return -1;
	}
	if (*s || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	*ms = ((time_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 +
		sec - off * 60) *
	       1000) +
	      frac_ms;
	return 0;
}

int duration_parse(const char *s, int64_t *ms)
{
	static const struct {
		const char *unit;
		double ms;
	} units[] = { { "ms", 1 }, { "h", 3600000 }, { "m", 60000 }, { "s", 1000 } };
	double total = 0;
	bool any = false;

	if (!s || !*s)
		return -1;
	if (strspn(s, "0123456789") == strlen(s)) {
		long long sec;
		errno = 0;
		sec = strtoll(s, NULL, 10);
		if (errno || sec > INT64_MAX / 1000)
			return -1;
		*ms = sec * 1000;
		return 0;
	}
	while (*s) {
		/* Go's grammar: digits with an optional fraction; no sign, exponent, hex, inf or nan
		 * (and no strtod, whose decimal point follows the locale). */
		double v = 0, scale = 1;
		bool digits = false;
		size_t i;

		for (; isdigit((unsigned char)*s); s++, digits = true)
			v = v * 10 + (*s - '0');
		if (*s == '.')
			for (s++; isdigit((unsigned char)*s); s++, digits = true)
				v += (*s - '0') * (scale /= 10);
		if (!digits)
			return -1;
		for (i = 0; i < ARRAY_LEN(units); i++) {
			size_t n = strlen(units[i].unit);
			if (strncmp(s, units[i].unit, n) == 0) {
				total += v * units[i].ms;
				s += n;
				break;
			}
		}
		if (i == ARRAY_LEN(units))
			return -1;
		any = true;
	}
	if (!any || total > 9.2e18)
		return -1;
	*ms = (int64_t)total;
	return 0;
}

/* "5m" or "5m30s": a unit and, when not zero, the next smaller one. */
static void two_units(char *buf, size_t size, int64_t big, char bu, int64_t small, char su)
{
	if (small == 0)
		snprintf(buf, size, "%lld%c", (long long)big, bu);
	else
		snprintf(buf, size, "%lld%c%lld%c", (long long)big, bu, (long long)small, su);
}

/* kubectl's AGE: apimachinery's duration.HumanDuration, bucket for bucket. */
void duration_human(int64_t ms, char *buf, size_t size)
{
	const int64_t year = 365 * 86400LL;
	int64_t s = floor_div(ms, 1000);

	if (s < -1)
		snprintf(buf, size, "<invalid>");
	else if (s < 0)
		snprintf(buf, size, "0s");
	else if (s < 120)
		snprintf(buf, size, "%llds", (long long)s);
	else if (s < 600)
		two_units(buf, size, s / 60, 'm', s % 60, 's');
	else if (s < 3 * 3600)
		snprintf(buf, size, "%lldm", (long long)(s / 60));
	else if (s < 8 * 3600)
		two_units(buf, size, s / 3600, 'h', s / 60 % 60, 'm');
	else if (s < 48 * 3600)
		snprintf(buf, size, "%lldh", (long long)(s / 3600));
	else if (s < 8 * 86400)
		two_units(buf, size, s / 86400, 'd', s / 3600 % 24, 'h');
	else if (s < 2 * year)
		snprintf(buf, size, "%lldd", (long long)(s / 86400));
	else if (s < 8 * year)
		two_units(buf, size, s / year, 'y', s / 86400 % 365, 'd');
	else
		snprintf(buf, size, "%lldy", (long long)(s / year));
}

void duration_short(int64_t ms, char *buf, size_t size)
{
	struct strbuf sb;
	int64_t h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, r = ms % 1000;

	sb_init(&sb);
	if (ms < 0)
		sb_add(&sb, "-"), h = -h, m = -m, s = -s, r = -r;
	if (h)
		sb_printf(&sb, "%lldh", (long long)h);
	if (m)
		sb_printf(&sb, "%lldm", (long long)m);
	if (s || (!h && !m && !r))
		sb_printf(&sb, "%llds", (long long)s);
	if (r)
		sb_printf(&sb, "%lldms", (long long)r);
	snprintf(buf, size, "%s", sb.data);
	sb_free(&sb);
}
