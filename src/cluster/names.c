/* The seeded generator, generated names and addresses. */
#include "ksim/cluster.h"

#include <stdio.h>
#include <string.h>

/* xorshift64*: small, fast, and the same sequence on every machine. */
uint32_t cluster_rand(struct cluster *c, uint32_t n)
{
	uint64_t x = c->rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	c->rng = x;
	return n ? (uint32_t)(((x * 0x2545F4914F6CDD1DULL) >> 32) % n) : 0;
}

uint32_t cluster_generate_name(struct cluster *c, enum kind kind, uint32_t ns, const char *prefix)
{
	/* apiserver names.SimpleNameGenerator: no vowels, no 0, 1, 3 (apimachinery util/rand). */
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	char buf[128];
	size_t n = strlen(prefix);

	if (n > 58)
		n = 58;
	for (;;) {
		memcpy(buf, prefix, n);
		for (int i = 0; i < 5; i++)
			buf[n + i] = alphabet[cluster_rand(c, sizeof alphabet - 1)];
		buf[n + 5] = '\0';
		uint32_t id = cluster_intern(c, buf);
		if (cluster_find(c, kind, ns, id) == NONE32)
			return id;
	}
}

void ip_format(uint32_t ip, char *buf, size_t size)
{
	snprintf(buf, size, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}
