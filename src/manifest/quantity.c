/*
 * Kubernetes resource quantities (apimachinery resource.Quantity): a decimal
 * number with an optional binary suffix (Ki Mi Gi Ti Pi Ei), decimal suffix
 * (n u m k M G T P E) or exponent (e3, E-2). Values are scaled to the unit
 * asked for and rounded up, as Quantity.ScaledValue does.
 */
#include "ksim/manifest.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

struct suffix {
	const char *text;
	int pow1024;
	int pow10;
};

static const struct suffix suffixes[] = {
	{ "", 0, 0 },   { "n", 0, -9 }, { "u", 0, -6 }, { "m", 0, -3 },
	{ "k", 0, 3 },  { "M", 0, 6 },  { "G", 0, 9 },  { "T", 0, 12 },
	{ "P", 0, 15 }, { "E", 0, 18 }, { "Ki", 1, 0 }, { "Mi", 2, 0 },
	{ "Gi", 3, 0 }, { "Ti", 4, 0 }, { "Pi", 5, 0 }, { "Ei", 6, 0 },
};

/* Digits beyond 18 cannot change a value that fits int64_t at milli scale. */
#define MANTISSA_LIMIT 100000000000000000ULL

static const char *parse_digits(const char *p, uint64_t *mant, int *pow10, bool fraction, bool *any)
{
	for (; isdigit((unsigned char)*p); p++) {
		*any = true;
		if (*mant < MANTISSA_LIMIT) {
			*mant = *mant * 10 + (uint64_t)(*p - '0');
			*pow10 -= fraction;
		} else if (!fraction) {
			(*pow10)++;
		}
	}
	return p;
}

/* The exponent of "e3" / "E-2"; NULL when p is not one. */
static const char *parse_exponent(const char *p, int *pow10)
{
	int sign = 1, e = 0;

	if (*p != 'e' && *p != 'E')
		return NULL;
	p++;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*p))
		return NULL;
	for (; isdigit((unsigned char)*p); p++)
		if (e < 1000)
			e = e * 10 + (*p - '0');
	*pow10 += sign * e;
	return p;
}

static bool parse_suffix(const char *p, int *pow10, int *pow1024)
{
	const char *end = parse_exponent(p, pow10);

	if (end)
		return *end == '\0';
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++)
		if (strcmp(p, suffixes[i].text) == 0) {
			*pow10 += suffixes[i].pow10;
			*pow1024 = suffixes[i].pow1024;
			return true;
		}
	return false;
}

/* s scaled by 10^scale, rounded up; -1 when malformed, -2 when beyond int64_t. */
static int parse_scaled(const char *s, int scale, int64_t *out)
{
	const char *p = s;
	bool neg = false, any = false;
	uint64_t mant = 0;
	int pow10 = scale, pow1024 = 0;
	unsigned __int128 v;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	p = parse_digits(p, &mant, &pow10, false, &any);
	if (*p == '.')
		p = parse_digits(p + 1, &mant, &pow10, true, &any);
	if (!any || !parse_suffix(p, &pow10, &pow1024))
		return -1;
	v = (unsigned __int128)mant << (10 * pow1024);
	for (; pow10 > 0 && v; pow10--) {
		v *= 10;
		if (v > INT64_MAX)
			return -2;
	}
	if (pow10 < 0) {
		bool rest = false;

		for (; pow10 < 0 && v; pow10++) {
			rest |= v % 10 != 0;
			v /= 10;
		}
		v += rest;
	}
	if (v > INT64_MAX)
		return -2;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

int quantity_parse_milli(const char *s, int64_t *milli)
{
	return parse_scaled(s, 3, milli);
}

int quantity_parse(const char *s, int64_t *value)
{
	return parse_scaled(s, 0, value);
}

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* The shortest exact form; binary suffixes win ties, as memory is usually written in them. */
void quantity_format_bytes(int64_t bytes, char *buf, size_t size)
{
	static const char *const binary[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	static const char *const decimal[] = { "", "k", "M", "G", "T", "P", "E" };
	uint64_t mag = bytes < 0 ? 0 - (uint64_t)bytes : (uint64_t)bytes;
	uint64_t bin = mag, dec = mag;
	int b = 0, e = 0;

	while (bin && b < 6 && bin % 1024 == 0) {
		bin /= 1024;
		b++;
	}
	while (dec && e < 6 && dec % 1000 == 0) {
		dec /= 1000;
		e++;
	}
	if (digits(dec) < digits(bin))
		snprintf(buf, size, "%s%llu%s", bytes < 0 ? "-" : "", (unsigned long long)dec,
			 decimal[e]);
	else
		snprintf(buf, size, "%s%llu%s", bytes < 0 ? "-" : "", (unsigned long long)bin,
			 binary[b]);
}
