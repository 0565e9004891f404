/* Base64 as Go's encoding/base64 StdEncoding, which encoding/json uses for a Secret's []byte data. */
#include "ksim/configdata.h"

#include <stdint.h>
#include <string.h>

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void configdata_base64_encode(const void *data, size_t n, struct strbuf *out)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		size_t left = n - i;

		if (left > 1)
			v |= (uint32_t)p[i + 1] << 8;
		if (left > 2)
			v |= p[i + 2];
		sb_addc(out, alphabet[v >> 18 & 63]);
		sb_addc(out, alphabet[v >> 12 & 63]);
		sb_addc(out, left > 1 ? alphabet[v >> 6 & 63] : '=');
		sb_addc(out, left > 2 ? alphabet[v & 63] : '=');
	}
}

static int sextet(char c)
{
	const char *at = c ? strchr(alphabet, c) : NULL;

	return at ? (int)(at - alphabet) : -1;
}

static bool is_newline(char c)
{
	return c == '\n' || c == '\r';
}

static size_t skip_newlines(const char *s, size_t si)
{
	while (s[si] && is_newline(s[si]))
		si++;
	return si;
}

static int corrupt(struct ksim_error *err, size_t at)
{
	error_set(err, "illegal base64 data at input byte %zu", at);
	return -1;
}

/* Offsets reported follow Go's decodeQuantum (encoding/base64/base64.go). */
int configdata_base64_decode(const char *s, struct strbuf *out, struct ksim_error *err)
{
	size_t len = strlen(s), si = 0;

	while (si < len) {
		int q[4];
		int j = 0;

		while (j < 4) {
			char in;

			if (si == len) {
				if (j == 0)
					return 0;
				return corrupt(err, si - (size_t)j);
			}
			in = s[si++];
			if (is_newline(in))
				continue;
			q[j] = sextet(in);
			if (q[j] >= 0) {
				j++;
				continue;
			}
			if (in != '=' || j < 2)
				return corrupt(err, si - 1);
			if (j == 2) {
				si = skip_newlines(s, si);
				if (si == len)
					return corrupt(err, len);
				if (s[si] != '=')
					return corrupt(err, si - 1);
				si++;
			}
			si = skip_newlines(s, si);
			if (si < len)
				return corrupt(err, si);
			break;
		}
		if (j > 1)
			sb_addc(out, (char)(q[0] << 2 | q[1] >> 4));
		if (j > 2)
			sb_addc(out, (char)((q[1] & 15) << 4 | q[2] >> 2));
		if (j > 3)
			sb_addc(out, (char)((q[2] & 3) << 6 | q[3]));
	}
	return 0;
}
