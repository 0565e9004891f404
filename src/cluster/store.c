/*
 * The object tables and their indexes: by name (one hash over every kind)
 * and by owner (an intrusive sibling list under each owner). What differs
 * by kind comes from its class (struct kind_class); the index by node is
 * the Pod kind's (pod.c).
 */
#include "ksim/cluster.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct name_entry {
	uint32_t kind, ns, name, idx; /* idx NONE32 = empty slot */
};

struct name_index {
	struct name_entry *slots;
	uint32_t nslots, count;
};

/* --- name index: linear probing with backward-shift deletion --- */

static uint64_t name_hash(uint32_t kind, uint32_t ns, uint32_t name)
{
	return hash_u64(((uint64_t)kind << 56) ^ ((uint64_t)ns << 28) ^ name);
}

static struct name_index *names_new(uint32_t nslots)
{
	struct name_index *ix = xcalloc(1, sizeof *ix);

	ix->nslots = nslots;
	ix->slots = xmalloc(nslots * sizeof *ix->slots);
	for (uint32_t i = 0; i < nslots; i++)
		ix->slots[i].idx = NONE32;
	return ix;
}

static uint32_t names_slot(const struct name_index *ix, uint32_t kind, uint32_t ns, uint32_t name)
{
	uint32_t mask = ix->nslots - 1, i = (uint32_t)name_hash(kind, ns, name) & mask;

	while (ix->slots[i].idx != NONE32) {
		const struct name_entry *e = &ix->slots[i];
		if (e->kind == kind && e->ns == ns && e->name == name)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

static void names_put(struct name_index *ix, uint32_t kind, uint32_t ns, uint32_t name, uint32_t idx);

static void names_grow(struct name_index *ix)
{
	struct name_entry *old = ix->slots;
	uint32_t n = ix->nslots;

	ix->nslots *= 2;
	ix->count = 0;
	ix->slots = xmalloc(ix->nslots * sizeof *ix->slots);
	for (uint32_t i = 0; i < ix->nslots; i++)
		ix->slots[i].idx = NONE32;
	for (uint32_t i = 0; i < n; i++)
		if (old[i].idx != NONE32)
			names_put(ix, old[i].kind, old[i].ns, old[i].name, old[i].idx);
	free(old);
}

static void names_put(struct name_index *ix, uint32_t kind, uint32_t ns, uint32_t name, uint32_t idx)
{
	if ((ix->count + 1) * 4 > ix->nslots * 3)
		names_grow(ix);
	uint32_t i = names_slot(ix, kind, ns, name);
	if (ix->slots[i].idx == NONE32)
		ix->count++;
	ix->slots[i] = (struct name_entry){ kind, ns, name, idx };
}

static void names_del(struct name_index *ix, uint32_t kind, uint32_t ns, uint32_t name)
{
	uint32_t mask = ix->nslots - 1, i = names_slot(ix, kind, ns, name);

	if (ix->slots[i].idx == NONE32)
		return;
	ix->slots[i].idx = NONE32;
	ix->count--;
	for (uint32_t j = (i + 1) & mask; ix->slots[j].idx != NONE32; j = (j + 1) & mask) {
		const struct name_entry *e = &ix->slots[j];
		uint32_t home = (uint32_t)name_hash(e->kind, e->ns, e->name) & mask;
		/* Move e back into the hole unless its home lies in (i, j]. */
		if ((j > i && (home <= i || home > j)) || (j < i && (home <= i && home > j))) {
			ix->slots[i] = *e;
			ix->slots[j].idx = NONE32;
			i = j;
		}
	}
}

/* --- the store --- */

struct cluster *cluster_new(uint64_t seed, uint32_t event_capacity)
{
	struct cluster *c = xcalloc(1, sizeof *c);

	pthread_mutex_init(&c->mutex, NULL);
	c->strings = strtab_new();
	c->labels = labeltab_new(c->strings);
	for (int k = 0; k < KIND_COUNT; k++) {
		c->tables[k].elem = kind_size((enum kind)k);
		c->tables[k].free_head = NONE32;
	}
	c->names = names_new(1024);
	c->spec_free = NONE32;
	cluster_spec_add(c, xcalloc(1, sizeof(struct podspec))); /* id 0: no spec */
	c->events.cap = event_capacity ? event_capacity : 1;
	c->events.ring = xcalloc(c->events.cap, sizeof *c->events.ring);
	c->rng = seed ? seed : 1;
	c->next_uid = 1;
	c->s.default_ns = cluster_intern(c, "default");
	c->s.kube_system = cluster_intern(c, "kube-system");
	c->s.tcp = cluster_intern(c, "TCP");
	c->s.taint_unschedulable = cluster_intern(c, "node.kubernetes.io/unschedulable");
	c->s.taint_unreachable = cluster_intern(c, "node.kubernetes.io/unreachable");
	c->s.taint_not_ready = cluster_intern(c, "node.kubernetes.io/not-ready");
	cluster_tolerations_init(c);
	cluster_add_namespace(c, c->s.default_ns);
	cluster_add_namespace(c, c->s.kube_system);
	cluster_add_namespace(c, cluster_intern(c, "kube-public"));
	cluster_add_namespace(c, cluster_intern(c, "kube-node-lease"));
	return c;
}

void cluster_free(struct cluster *c)
{
	if (!c)
		return;
	for (int k = 0; k < KIND_COUNT; k++) {
		struct table *t = &c->tables[k];
		for (uint32_t i = 0; i < t->len; i++) {
			struct meta *m = cluster_meta(c, (enum kind)k, i);
			if (m)
				cluster_object_release(c, (enum kind)k, m);
		}
		free(t->items);
	}
	for (uint32_t i = 0; i < c->nspecs; i++)
		podspec_free(c->specs[i]);
	free(c->specs);
	cluster_logs_free(c);
	free(c->events.ring);
	free(c->names->slots);
	free(c->names);
	labeltab_free(c->labels);
	strtab_free(c->strings);
	pthread_mutex_destroy(&c->mutex);
	free(c);
}

void cluster_set_hook(struct cluster *c, cluster_hook hook, void *ctx)
{
	c->hook = hook;
	c->hook_ctx = ctx;
}

void cluster_lock(struct cluster *c)
{
	pthread_mutex_lock(&c->mutex);
	c->owner = pthread_self();
	c->locked = true;
}

void cluster_unlock(struct cluster *c)
{
	c->locked = false;
	pthread_mutex_unlock(&c->mutex);
}

bool cluster_is_owned(const struct cluster *c)
{
	return !c->locked || pthread_equal(c->owner, pthread_self());
}

struct meta *cluster_meta(const struct cluster *c, enum kind kind, uint32_t idx)
{
	return cluster_get(c, kind, idx);
}

struct ref cluster_ref(const struct cluster *c, enum kind kind, uint32_t idx)
{
	const struct meta *m = cluster_meta(c, kind, idx);

	return (struct ref){ idx, m ? m->gen : NONE32 };
}

struct meta *cluster_deref(const struct cluster *c, enum kind kind, struct ref r)
{
	struct meta *m = cluster_meta(c, kind, r.idx);

	return m && m->gen == r.gen ? m : NULL;
}

uint32_t cluster_find(const struct cluster *c, enum kind kind, uint32_t ns, uint32_t name)
{
	const struct name_index *ix = c->names;

	return ix->slots[names_slot(ix, kind, ns, name)].idx;
}

static uint32_t table_alloc(struct table *t)
{
	uint32_t idx = t->free_head;

	if (idx != NONE32) {
		struct meta *m = (struct meta *)((char *)t->items + (size_t)idx * t->elem);
		t->free_head = m->sib_next;
		return idx;
	}
	if (t->len == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 16;
		t->items = xrealloc(t->items, (size_t)cap * t->elem);
		memset((char *)t->items + (size_t)t->cap * t->elem, 0,
		       (size_t)(cap - t->cap) * t->elem);
		t->cap = cap;
	}
	return t->len++;
}

uint32_t cluster_add(struct cluster *c, enum kind kind, uint32_t ns, uint32_t name)
{
	const struct kind_class *kc = kind_class(kind);
	struct table *t = &c->tables[kind];
	uint32_t idx, gen;
	struct meta *m;

	assert(cluster_is_owned(c));
	if (cluster_find(c, kind, ns, name) != NONE32)
		return NONE32;
	idx = table_alloc(t);
	m = (struct meta *)((char *)t->items + (size_t)idx * t->elem);
	gen = m->gen;
	memset(m, 0, t->elem);
	m->gen = gen;
	m->live = true;
	m->uid = c->next_uid++;
	m->name = name;
	m->ns = ns;
	m->owner_kind = KIND_NONE;
	m->owner = m->sib_prev = m->sib_next = m->kids = NONE32;
	m->generation = 1;
	m->created_ms = c->now_ms;
	m->deleted_ms = TIME_NONE;
	if (kc->init)
		kc->init(c, m);
	t->live++;
	names_put(c->names, kind, ns, name, idx);
	return idx;
}

void cluster_changed(struct cluster *c, enum kind kind, uint32_t idx, enum change change)
{
	struct meta *m = cluster_meta(c, kind, idx);

	assert(cluster_is_owned(c));
	if (!m)
		return;
	m->rv = ++c->rv;
	c->generation++;
	if (c->hook)
		c->hook(c->hook_ctx, kind, idx, change);
}

void cluster_touch(struct cluster *c, enum kind kind, uint32_t idx)
{
	struct meta *m = cluster_meta(c, kind, idx);

	if (m)
		m->rv = ++c->rv;
	c->generation++;
}

static void unlink_sibling(struct cluster *c, enum kind kind, struct meta *m)
{
	struct meta *owner = cluster_meta(c, (enum kind)m->owner_kind, m->owner);

	if (kind_child_of((enum kind)m->owner_kind) != kind)
		return; /* owned outside the owner's kids list: a ControllerRevision */
	if (m->sib_prev != NONE32)
		cluster_meta(c, kind, m->sib_prev)->sib_next = m->sib_next;
	else if (owner && owner->gen == m->owner_gen)
		owner->kids = m->sib_next;
	if (m->sib_next != NONE32)
		cluster_meta(c, kind, m->sib_next)->sib_prev = m->sib_prev;
	m->sib_prev = m->sib_next = NONE32;
}

void cluster_set_owner(struct cluster *c, enum kind kind, uint32_t idx, enum kind owner_kind,
		       uint32_t owner)
{
	struct meta *m = cluster_meta(c, kind, idx), *o = cluster_meta(c, owner_kind, owner);

	assert(m && o && kind_child_of(owner_kind) == kind);
	cluster_clear_owner(c, kind, idx);
	m->owner_kind = (uint8_t)owner_kind;
	m->owner = owner;
	m->owner_gen = o->gen;
	m->sib_prev = NONE32;
	m->sib_next = o->kids;
	if (o->kids != NONE32)
		cluster_meta(c, kind, o->kids)->sib_prev = idx;
	o->kids = idx;
}

void cluster_clear_owner(struct cluster *c, enum kind kind, uint32_t idx)
{
	struct meta *m = cluster_meta(c, kind, idx);

	if (!m || m->owner_kind == KIND_NONE)
		return;
	unlink_sibling(c, kind, m);
	m->owner_kind = KIND_NONE;
	m->owner = NONE32;
	m->owner_gen = 0;
}

struct meta *cluster_owner(const struct cluster *c, const struct meta *m)
{
	struct meta *o;

	if (m->owner_kind == KIND_NONE)
		return NULL;
	o = cluster_meta(c, (enum kind)m->owner_kind, m->owner);
	return o && o->gen == m->owner_gen ? o : NULL;
}

void cluster_remove(struct cluster *c, enum kind kind, uint32_t idx)
{
	const struct kind_class *kc = kind_class(kind);
	struct table *t = &c->tables[kind];
	struct meta *m = cluster_meta(c, kind, idx);

	assert(cluster_is_owned(c));
	if (!m)
		return;
	if (c->hook)
		c->hook(c->hook_ctx, kind, idx, CHANGE_DELETED);
	m = cluster_meta(c, kind, idx);
	if (kc->unlink)
		kc->unlink(c, idx);
	/* Children keep their stale owner ref, so the garbage collector sees them dangling. */
	while (kc->child != KIND_NONE && m->kids != NONE32) {
		struct meta *k = cluster_meta(c, kc->child, m->kids);
		m->kids = k->sib_next;
		k->sib_prev = k->sib_next = NONE32;
	}
	if (m->owner_kind != KIND_NONE)
		unlink_sibling(c, kind, m);
	names_del(c->names, kind, m->ns, m->name);
	if (kc->release)
		kc->release(c, m);
	m->live = false;
	m->gen++;
	m->sib_next = t->free_head;
	t->free_head = idx;
	t->live--;
	c->rv++;
	c->generation++;
}

bool cluster_has_namespace(const struct cluster *c, uint32_t ns)
{
	for (uint32_t i = 0; i < c->nnamespaces; i++)
		if (c->namespaces[i] == ns)
			return true;
	return false;
}

void cluster_add_namespace(struct cluster *c, uint32_t ns)
{
	if (cluster_has_namespace(c, ns) || c->nnamespaces == ARRAY_LEN(c->namespaces))
		return;
	c->namespace_created_ms[c->nnamespaces] = c->now_ms;
	c->namespaces[c->nnamespaces++] = ns;
	c->generation++;
}
