/* Interned label sets: sorted key/value pairs, equal sets share one id. */
#include "ksim/labels.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define FREE_SET NONE32 /* set.n of a freed id; its off holds the next free id */

struct set {
	uint32_t off, n;
	uint64_t hash;
};

struct labeltab {
	struct strtab *st;
	struct label *pairs;
	uint32_t npairs, pairs_cap;
	struct set *sets;
	uint32_t nsets, sets_cap, live;
	uint32_t free_id; /* a freed id to reuse first, NONE32 if none */
	uint64_t *marks;  /* one bit per set while a collection marks */
	uint32_t *slots;  /* set id + 1, 0 = empty */
	uint32_t nslots;
};

static uint64_t set_hash(const struct label *p, uint32_t n)
{
	return hash_bytes(p, n * sizeof *p, 0x5eed);
}

static void rehash(struct labeltab *lt, uint32_t nslots)
{
	if (nslots == lt->nslots) { /* a sweep: the same size, emptied in place */
		memset(lt->slots, 0, nslots * sizeof *lt->slots);
	} else {
		free(lt->slots);
		lt->slots = xcalloc(nslots, sizeof *lt->slots);
		lt->nslots = nslots;
	}
	for (uint32_t id = 0; id < lt->nsets; id++) {
		if (lt->sets[id].n == FREE_SET)
			continue;
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
	lt->free_id = NONE32;
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
	free(lt->marks);
	free(lt->slots);
	free(lt);
}

struct strtab *labeltab_strings(const struct labeltab *lt)
{
	return lt->st;
}

static uint32_t new_id(struct labeltab *lt)
{
	uint32_t id = lt->free_id;

	if (id != NONE32) {
		lt->free_id = lt->sets[id].off;
		return id;
	}
	xgrow(&lt->sets, &lt->sets_cap, lt->nsets + 1, sizeof *lt->sets);
	return lt->nsets++;
}

/* qsort has no context argument; per thread, since a seek builds a new cluster on the UI thread while the runner interns into its own. */
static _Thread_local const struct strtab *sort_st;

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
	assert(!lt->marks); /* nothing is interned while a collection marks */
	xgrow(&lt->pairs, &lt->pairs_cap, lt->npairs + m + 1, sizeof *lt->pairs);
	if (m)
		memcpy(lt->pairs + lt->npairs, tmp, m * sizeof *tmp);
	uint32_t id = new_id(lt);
	lt->sets[id] = (struct set){ lt->npairs, m, h };
	lt->npairs += m;
	lt->slots[i] = id + 1;
	if (++lt->live * 2 > lt->nslots)
		rehash(lt, lt->nslots * 2);
	if (tmp != buf)
		free(tmp);
	return id;
}

const struct label *labels_get(const struct labeltab *lt, uint32_t set, uint32_t *n)
{
#ifdef KSIM_COLLECT_STRESS
	assert(set >= lt->nsets ||
	       lt->sets[set].n != FREE_SET); /* a holder the collector was not shown */
#endif
	if (set >= lt->nsets || lt->sets[set].n == FREE_SET) {
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

void labels_mark(struct labeltab *lt, uint32_t set)
{
	uint32_t n;
	const struct label *p;

	if (set >= lt->nsets)
		return;
	if (!lt->marks)
		lt->marks = xcalloc((lt->nsets + 63) / 64, sizeof *lt->marks);
	if (lt->marks[set / 64] >> (set % 64) & 1)
		return;
	lt->marks[set / 64] |= 1ull << (set % 64);
	p = labels_get(lt, set, &n);
	for (uint32_t i = 0; i < n; i++) {
		strtab_mark(lt->st, p[i].key);
		strtab_mark(lt->st, p[i].val);
	}
}

static const struct set *sort_sets;

static int cmp_off(const void *a, const void *b)
{
	uint32_t x = sort_sets[*(const uint32_t *)a].off, y = sort_sets[*(const uint32_t *)b].off;
	return (x > y) - (x < y);
}

/* Frees the unmarked sets and packs the pairs of the rest to the front, in place. */
uint32_t labels_sweep(struct labeltab *lt)
{
	uint32_t freed = 0, nkept = 0, npairs = 0;
	uint32_t *kept = xmalloc(((size_t)lt->live + 1) * sizeof *kept);

	labels_mark(lt, 0);
	for (uint32_t id = 0; id < lt->nsets; id++) {
		struct set *s = &lt->sets[id];
		if (s->n == FREE_SET)
			continue;
		if (lt->marks[id / 64] >> (id % 64) & 1) {
			kept[nkept++] = id;
			continue;
		}
		s->n = FREE_SET;
#ifndef KSIM_COLLECT_STRESS /* a stress build never reuses an id, so a stale one always asserts */
		s->off = lt->free_id;
		lt->free_id = id;
#endif
		freed++;
	}
	/* In offset order every move goes down, so no set overwrites one not yet moved. */
	sort_sets = lt->sets;
	xqsort(kept, nkept, sizeof *kept, cmp_off);
	for (uint32_t i = 0; i < nkept; i++) {
		struct set *s = &lt->sets[kept[i]];
		memmove(lt->pairs + npairs, lt->pairs + s->off, s->n * sizeof *lt->pairs);
		s->off = npairs;
		npairs += s->n;
	}
	free(kept);
	free(lt->marks);
	lt->marks = NULL;
	lt->npairs = npairs;
	lt->live -= freed;
	if (freed)
		rehash(lt, lt->nslots);
	return freed;
}
