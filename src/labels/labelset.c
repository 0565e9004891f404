/* Interned label sets: sorted key/value pairs, equal sets share one id. */
#include "ksim/labels.h"

#include <stdlib.h>
#include <string.h>

struct set {
	uint32_t off, n;
	uint64_t hash;
};

struct labeltab {
	struct strtab *st;
	struct label *pairs;
	uint32_t npairs, pairs_cap;
	struct set *sets;
	uint32_t nsets, sets_cap;
	uint32_t *slots; /* set id + 1, 0 = empty */
	uint32_t nslots;
};

static uint64_t set_hash(const struct label *p, uint32_t n)
{
	return hash_bytes(p, n * sizeof *p, 0x5eed);
}

static void rehash(struct labeltab *lt, uint32_t nslots)
{
	free(lt->slots);
	lt->slots = xcalloc(nslots, sizeof *lt->slots);
	lt->nslots = nslots;
	for (uint32_t id = 0; id < lt->nsets; id++) {
		uint32_t i = (uint32_t)lt->sets[id].hash & (nslots - 1);
		while (lt->slots[i])
			i = (i + 1) & (nslots - 1);
		lt->slots[i] = id + 1;
	}
}

struct labeltab *labeltab_new(struct strtab *st)
{
	struct labeltab *lt = xcalloc(1, sizeof *lt);

	lt->st = st;
	rehash(lt, 256);
	labels_intern(lt, NULL, 0);
	return lt;
}

void labeltab_free(struct labeltab *lt)
{
	if (!lt)
		return;
	free(lt->pairs);
	free(lt->sets);
	free(lt->slots);
	free(lt);
}

struct strtab *labeltab_strings(const struct labeltab *lt)
{
	return lt->st;
}

/* qsort has no context argument; interning runs only on the cluster's owning thread. */
static const struct strtab *sort_st;

static int cmp_key(const void *a, const void *b)
{
	const struct label *x = a, *y = b;
	return strcmp(strtab_get(sort_st, x->key), strtab_get(sort_st, y->key));
}

uint32_t labels_intern(struct labeltab *lt, const struct label *pairs, uint32_t n)
{
	struct label buf[64], *tmp = n <= 64 ? buf : xmalloc(n * sizeof *tmp);
	uint32_t m = 0;

	/* Later duplicates win: keep the last pair of each key. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j;
		for (j = 0; j < m && tmp[j].key != pairs[i].key; j++)
			;
		tmp[j] = pairs[i];
		if (j == m)
			m++;
	}
	sort_st = lt->st;
	xqsort(tmp, m, sizeof *tmp, cmp_key);

	uint64_t h = set_hash(tmp, m);
	uint32_t i = (uint32_t)h & (lt->nslots - 1);
	for (; lt->slots[i]; i = (i + 1) & (lt->nslots - 1)) {
		const struct set *s = &lt->sets[lt->slots[i] - 1];
		if (s->hash == h && s->n == m &&
		    memcmp(lt->pairs + s->off, tmp, m * sizeof *tmp) == 0) {
			if (tmp != buf)
				free(tmp);
			return lt->slots[i] - 1;
		}
	}
	xgrow(&lt->pairs, &lt->pairs_cap, lt->npairs + m + 1, sizeof *lt->pairs);
	if (m)
		memcpy(lt->pairs + lt->npairs, tmp, m * sizeof *tmp);
	xgrow(&lt->sets, &lt->sets_cap, lt->nsets + 1, sizeof *lt->sets);
	lt->sets[lt->nsets] = (struct set){ lt->npairs, m, h };
	lt->npairs += m;
	lt->slots[i] = ++lt->nsets;
	if (lt->nsets * 2 > lt->nslots)
		rehash(lt, lt->nslots * 2);
	if (tmp != buf)
		free(tmp);
	return lt->nsets - 1;
}

const struct label *labels_get(const struct labeltab *lt, uint32_t set, uint32_t *n)
{
	if (set >= lt->nsets) {
		*n = 0;
		return NULL;
	}
	*n = lt->sets[set].n;
	return lt->pairs + lt->sets[set].off;
}

uint32_t labels_value(const struct labeltab *lt, uint32_t set, uint32_t key)
{
	uint32_t n;
	const struct label *p = labels_get(lt, set, &n);

	for (uint32_t i = 0; i < n; i++)
		if (p[i].key == key)
			return p[i].val;
	return NONE32;
}

uint32_t labels_with(struct labeltab *lt, uint32_t set, uint32_t key, uint32_t val)
{
	uint32_t n, m = 0;
	const struct label *p = labels_get(lt, set, &n);
	struct label *tmp = xmalloc((n + 1) * sizeof *tmp);

	for (uint32_t i = 0; i < n; i++)
		if (p[i].key != key)
			tmp[m++] = p[i];
	if (val != NONE32)
		tmp[m++] = (struct label){ key, val };
	uint32_t id = labels_intern(lt, tmp, m);
	free(tmp);
	return id;
}

bool labels_subset(const struct labeltab *lt, uint32_t sub, uint32_t set)
{
	uint32_t n;
	const struct label *p;

	if (sub == 0 || sub == set)
		return true;
	p = labels_get(lt, sub, &n);
	for (uint32_t i = 0; i < n; i++)
		if (labels_value(lt, set, p[i].key) != p[i].val)
			return false;
	return true;
}

void labels_format(const struct labeltab *lt, uint32_t set, const char *sep, struct strbuf *out)
{
	uint32_t n;
	const struct label *p = labels_get(lt, set, &n);

	for (uint32_t i = 0; i < n; i++) {
		if (i)
			sb_add(out, sep);
		sb_add(out, strtab_get(lt->st, p[i].key));
		sb_addc(out, '=');
		sb_add(out, strtab_get(lt->st, p[i].val));
	}
}
