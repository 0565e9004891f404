/* The string table: every string interned once, named by a small id. */
#include "ksim/labels.h"

#include <stdlib.h>
#include <string.h>

#define CHUNK_BYTES (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct strtab {
	const char **strs; /* by id */
	uint32_t *lens;
	uint32_t count, cap;
	uint32_t *slots; /* open addressing: id + 1, 0 = empty */
	uint32_t nslots;
	struct chunk *chunks;
	size_t bytes;
};

static uint64_t str_hash(const char *s, size_t n)
{
	return hash_bytes(s, n, 0);
}

static const char *arena_copy(struct strtab *st, const char *s, size_t n)
{
	struct chunk *ch = st->chunks;

	if (!ch || ch->size - ch->used < n + 1) {
		size_t size = n + 1 > CHUNK_BYTES ? n + 1 : CHUNK_BYTES;
		ch = xmalloc(sizeof *ch + size);
		ch->size = size;
		ch->used = 0;
		ch->next = st->chunks;
		st->chunks = ch;
		st->bytes += sizeof *ch + size;
	}
	char *p = ch->data + ch->used;
	memcpy(p, s, n);
	p[n] = '\0';
	ch->used += n + 1;
	return p;
}

static void rehash(struct strtab *st, uint32_t nslots)
{
	free(st->slots);
	st->slots = xcalloc(nslots, sizeof *st->slots);
	st->nslots = nslots;
	for (uint32_t id = 0; id < st->count; id++) {
		uint32_t i = (uint32_t)str_hash(st->strs[id], st->lens[id]) & (nslots - 1);
		while (st->slots[i])
			i = (i + 1) & (nslots - 1);
		st->slots[i] = id + 1;
	}
}

struct strtab *strtab_new(void)
{
	struct strtab *st = xcalloc(1, sizeof *st);

	rehash(st, 1024);
	strtab_intern(st, "");
	return st;
}

void strtab_free(struct strtab *st)
{
	if (!st)
		return;
	while (st->chunks) {
		struct chunk *next = st->chunks->next;
		free(st->chunks);
		st->chunks = next;
	}
	free(st->strs);
	free(st->lens);
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

uint32_t strtab_intern_n(struct strtab *st, const char *s, size_t n)
{
	uint64_t h = str_hash(s, n);
	uint32_t slot = find_slot(st, s, n, h);

	if (st->slots[slot])
		return st->slots[slot] - 1;
	if ((st->count + 1) * 2 > st->nslots) {
		rehash(st, st->nslots * 2);
		slot = find_slot(st, s, n, h);
	}
	if (st->count == st->cap) {
		uint32_t cap = st->cap;
		xgrow(&st->strs, &cap, st->count + 1, sizeof *st->strs);
		xgrow(&st->lens, &st->cap, st->count + 1, sizeof *st->lens);
	}
	st->strs[st->count] = arena_copy(st, s, n);
	st->lens[st->count] = (uint32_t)n;
	st->slots[slot] = st->count + 1;
	return st->count++;
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
	return id < st->count ? st->strs[id] : "";
}

size_t strtab_bytes(const struct strtab *st)
{
	return st->bytes + (size_t)st->cap * (sizeof *st->strs + sizeof *st->lens) +
	       (size_t)st->nslots * sizeof *st->slots;
}
