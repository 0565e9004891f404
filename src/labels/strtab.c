/*
 * The string table: every string interned once, named by a small id. A
 * collection (strtab_mark, then strtab_sweep) frees the strings nobody holds;
 * their ids and their storage serve later strings, so a table whose strings
 * come and go (generated pod names) stays the same size.
 */
#include "ksim/labels.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES (64 * 1024)
#define GRAIN 8      /* small strings take whole grains, so freed blocks are reusable */
#define SMALL_MAX 64 /* larger strings (with their NUL) get a block of their own */

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[]; /* 8-aligned: it follows a pointer and two size_t */
};

struct strtab {
	const char **strs; /* by id; NULL when the id is free */
	uint32_t *lens;    /* by id; a free id holds the next free id */
	uint32_t count, cap, live;
	uint32_t free_id; /* a freed id to reuse first, NONE32 if none */
	uint32_t added;   /* interned since the last sweep */
	uint64_t *marks;  /* one bit per id while a collection marks */
	uint32_t *slots;  /* open addressing: id + 1, 0 = empty */
	uint32_t nslots;
	struct chunk *chunks;
	char *freed[SMALL_MAX / GRAIN]; /* freed small blocks by grains - 1, linked through themselves */
	size_t bytes;
};

static uint64_t str_hash(const char *s, size_t n)
{
	return hash_bytes(s, n, 0);
}

static size_t grains(size_t n)
{
	return (n + 1 + GRAIN - 1) / GRAIN;
}

static char *small_block(struct strtab *st, size_t g)
{
	struct chunk *ch = st->chunks;
	char *p = st->freed[g - 1];

	if (p) {
		memcpy(&st->freed[g - 1], p, sizeof(char *)); /* the next freed block */
		return p;
	}
	if (!ch || ch->size - ch->used < g * GRAIN) {
		ch = xmalloc(sizeof *ch + CHUNK_BYTES);
		ch->size = CHUNK_BYTES;
		ch->used = 0;
		ch->next = st->chunks;
		st->chunks = ch;
		st->bytes += sizeof *ch + CHUNK_BYTES;
	}
	p = ch->data + ch->used;
	ch->used += g * GRAIN;
	return p;
}

static const char *store(struct strtab *st, const char *s, size_t n)
{
	char *p;

	if (n + 1 > SMALL_MAX) {
		p = xmalloc(n + 1);
		st->bytes += n + 1;
	} else {
		p = small_block(st, grains(n));
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void release(struct strtab *st, uint32_t id)
{
	char *p = (char *)st->strs[id];
	size_t n = st->lens[id];

	if (n + 1 > SMALL_MAX) {
		free(p);
		st->bytes -= n + 1;
		return;
	}
	memcpy(p, &st->freed[grains(n) - 1], sizeof(char *));
	st->freed[grains(n) - 1] = p;
}

static void rehash(struct strtab *st, uint32_t nslots)
{
	if (nslots == st->nslots) { /* a sweep: the same size, emptied in place */
		memset(st->slots, 0, nslots * sizeof *st->slots);
	} else {
		free(st->slots);
		st->slots = xcalloc(nslots, sizeof *st->slots);
		st->nslots = nslots;
	}
	for (uint32_t id = 0; id < st->count; id++) {
		if (!st->strs[id])
			continue;
		uint32_t i = (uint32_t)str_hash(st->strs[id], st->lens[id]) & (nslots - 1);
		while (st->slots[i])
			i = (i + 1) & (nslots - 1);
		st->slots[i] = id + 1;
	}
}

struct strtab *strtab_new(void)
{
	struct strtab *st = xcalloc(1, sizeof *st);

	st->free_id = NONE32;
	rehash(st, 1024);
	strtab_intern(st, "");
	st->added = 0;
	return st;
}

void strtab_free(struct strtab *st)
{
	if (!st)
		return;
	for (uint32_t id = 0; id < st->count; id++)
		if (st->strs[id] && st->lens[id] + 1 > SMALL_MAX)
			free((char *)st->strs[id]);
	while (st->chunks) {
		struct chunk *next = st->chunks->next;
		free(st->chunks);
		st->chunks = next;
	}
	free(st->strs);
	free(st->lens);
	free(st->marks);
	free(st->slots);
	free(st);
}

static uint32_t find_slot(const struct strtab *st, const char *s, size_t n, uint64_t h)
{
	uint32_t i = (uint32_t)h & (st->nslots - 1);

	for (;;) {
		uint32_t id = st->slots[i];
		if (!id)
			return i;
		if (st->lens[id - 1] == n && memcmp(st->strs[id - 1], s, n) == 0)
			return i;
		i = (i + 1) & (st->nslots - 1);
	}
}

static uint32_t new_id(struct strtab *st)
{
	uint32_t id = st->free_id;

	if (id != NONE32) {
		st->free_id = st->lens[id];
		return id;
	}
	if (st->count == st->cap) {
		uint32_t cap = st->cap;
		xgrow(&st->strs, &cap, st->count + 1, sizeof *st->strs);
		xgrow(&st->lens, &st->cap, st->count + 1, sizeof *st->lens);
	}
	return st->count++;
}

uint32_t strtab_intern_n(struct strtab *st, const char *s, size_t n)
{
	uint64_t h = str_hash(s, n);
	uint32_t slot = find_slot(st, s, n, h), id;

	if (st->slots[slot])
		return st->slots[slot] - 1;
	assert(!st->marks); /* nothing is interned while a collection marks */
	if ((st->live + 1) * 2 > st->nslots) {
		rehash(st, st->nslots * 2);
		slot = find_slot(st, s, n, h);
	}
	id = new_id(st);
	st->strs[id] = store(st, s, n);
	st->lens[id] = (uint32_t)n;
	st->slots[slot] = id + 1;
	st->live++;
	st->added++;
	return id;
}

uint32_t strtab_intern(struct strtab *st, const char *s)
{
	return strtab_intern_n(st, s, strlen(s));
}

uint32_t strtab_lookup(const struct strtab *st, const char *s)
{
	size_t n = strlen(s);
	uint32_t slot = find_slot(st, s, n, str_hash(s, n));

	return st->slots[slot] ? st->slots[slot] - 1 : NONE32;
}

const char *strtab_get(const struct strtab *st, uint32_t id)
{
#ifdef KSIM_COLLECT_STRESS
	assert(id >= st->count || st->strs[id]); /* a holder the collector was not shown */
#endif
	return id < st->count && st->strs[id] ? st->strs[id] : "";
}

void strtab_mark(struct strtab *st, uint32_t id)
{
	if (id >= st->count)
		return;
	if (!st->marks)
		st->marks = xcalloc((st->count + 63) / 64, sizeof *st->marks);
	st->marks[id / 64] |= 1ull << (id % 64);
}

uint32_t strtab_sweep(struct strtab *st)
{
	uint32_t freed = 0;

	strtab_mark(st, 0);
	for (uint32_t id = 1; id < st->count; id++) {
		if (!st->strs[id] || (st->marks[id / 64] >> (id % 64) & 1))
			continue;
		release(st, id);
		st->strs[id] = NULL;
#ifndef KSIM_COLLECT_STRESS /* a stress build never reuses an id, so a stale one always asserts */
		st->lens[id] = st->free_id;
		st->free_id = id;
#endif
		freed++;
	}
	free(st->marks);
	st->marks = NULL;
	st->live -= freed;
	st->added = 0;
	if (freed)
		rehash(st, st->nslots);
	return freed;
}

uint32_t strtab_live(const struct strtab *st)
{
	return st->live;
}

uint32_t strtab_added(const struct strtab *st)
{
	return st->added;
}

size_t strtab_bytes(const struct strtab *st)
{
	return st->bytes + (size_t)st->cap * (sizeof *st->strs + sizeof *st->lens) +
	       (size_t)st->nslots * sizeof *st->slots;
}
