/*
 * The object tables and their indexes: by name (one hash over every kind),
 * by owner (an intrusive sibling list under each owner) and by node (an
 * intrusive list of the pods bound to each node).
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

static const size_t kind_sizes[KIND_COUNT] = {
	[KIND_NODE] = sizeof(struct node),       [KIND_POD] = sizeof(struct pod),
	[KIND_RC] = sizeof(struct replicaset),   [KIND_RS] = sizeof(struct replicaset),
	[KIND_DS] = sizeof(struct daemonset),    [KIND_JOB] = sizeof(struct job),
	[KIND_CRONJOB] = sizeof(struct cronjob), [KIND_STS] = sizeof(struct statefulset),
	[KIND_SVC] = sizeof(struct service),     [KIND_EP] = sizeof(struct endpoints),
	[KIND_PV] = sizeof(struct pv),           [KIND_PVC] = sizeof(struct pvc),
	[KIND_DEPLOY] = sizeof(struct deployment), [KIND_CM] = sizeof(struct config_object),
	[KIND_SECRET] = sizeof(struct config_object),
	[KIND_CR] = sizeof(struct controller_revision),
};

size_t kind_size(enum kind kind)
{
	return kind_sizes[kind];
}

enum kind kind_child_of(enum kind owner)
{
	switch (owner) {
	case KIND_RC:
	case KIND_RS:
	case KIND_DS:
	case KIND_JOB:
	case KIND_STS:
		return KIND_POD;
	case KIND_CRONJOB:
		return KIND_JOB;
	case KIND_DEPLOY:
		return KIND_RS;
	default:
		return KIND_NONE;
	}
}

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
		c->tables[k].elem = kind_sizes[k];
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
	if (kind == KIND_POD) {
		struct pod *p = (struct pod *)m;
		p->node = p->node_prev = p->node_next = NONE32;
	} else if (kind == KIND_JOB) {
		struct job *j = (struct job *)m;
		j->status.start_ms = j->status.completion_ms = TIME_NONE;
		j->status.condition_ms = j->status.last_failure_ms = TIME_NONE;
	} else if (kind == KIND_CRONJOB) {
		struct cronjob *cj = (struct cronjob *)m;
		cj->status.last_schedule_ms = cj->status.last_success_ms = TIME_NONE;
		cj->ctl.wake_ms = cj->ctl.resumed_ms = cj->ctl.next_ms = TIME_NONE;
	} else if (kind == KIND_NODE) {
		struct node *n = (struct node *)m;
		n->pods = NONE32;
		n->index = c->next_node_index++;
		n->ip = (192u << 24) | (168u << 16) | (56u << 8) | 30u;
		n->ip += n->index;
		n->kubelet_up = true;
		n->max_pods = 110;
	}
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

void cluster_pod_setup(struct cluster *c, uint32_t pod)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct podspec *s = cluster_spec(c, p->spec);
	uint32_t n = s->ninit + s->ncontainers;

	p->ninit = (uint8_t)s->ninit;
	p->ncontainers = (uint8_t)s->ncontainers;
	free(p->ctrs);
	p->ctrs = xcalloc(n ? n : 1, sizeof *p->ctrs);
	for (uint32_t i = 0; i < n; i++)
		p->ctrs[i].timer_ms = TIME_NONE;
	p->scheduled_ms = p->started_ms = p->ready_ms = p->evict_ms = TIME_NONE;
	p->revision = p->spec;
}

bool cluster_pod_holds_resources(const struct pod *p)
{
	return p->flags & POD_HOLDS;
}

static void port_add(struct node *n, int32_t port)
{
	xgrow(&n->host_ports, &n->ports_cap, n->nports + 1, sizeof *n->host_ports);
	n->host_ports[n->nports++] = port;
}

static void port_del(struct node *n, int32_t port)
{
	for (uint32_t i = 0; i < n->nports; i++)
		if (n->host_ports[i] == port) {
			n->host_ports[i] = n->host_ports[--n->nports];
			return;
		}
}

static void for_each_host_port(const struct podspec *s, struct node *n,
			       void (*fn)(struct node *, int32_t))
{
	for (uint32_t i = 0; i < s->ncontainers; i++)
		for (uint32_t j = 0; j < s->containers[i].nports; j++)
			if (s->containers[i].ports[j].host_port > 0)
				fn(n, s->containers[i].ports[j].host_port);
}

void cluster_pod_bind(struct cluster *c, uint32_t pod, uint32_t node)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct node *n = cluster_get(c, KIND_NODE, node);
	const struct podspec *s = cluster_spec(c, p->spec);

	assert(p->node == NONE32);
	p->node = node;
	p->node_prev = NONE32;
	p->node_next = n->pods;
	if (n->pods != NONE32)
		((struct pod *)cluster_get(c, KIND_POD, n->pods))->node_prev = pod;
	n->pods = pod;
	n->requested.cpu_milli += s->requests.cpu_milli;
	n->requested.mem_bytes += s->requests.mem_bytes;
	n->nonzero.cpu_milli += s->nonzero.cpu_milli;
	n->nonzero.mem_bytes += s->nonzero.mem_bytes;
	n->npods++;
	for_each_host_port(s, n, port_add);
	p->flags |= POD_HOLDS;
}

void cluster_pod_release(struct cluster *c, uint32_t pod)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct node *n;
	const struct podspec *s;

	if (!(p->flags & POD_HOLDS))
		return;
	p->flags &= (uint8_t)~POD_HOLDS;
	n = cluster_get(c, KIND_NODE, p->node);
	if (!n)
		return;
	s = cluster_spec(c, p->spec);
	n->requested.cpu_milli -= s->requests.cpu_milli;
	n->requested.mem_bytes -= s->requests.mem_bytes;
	n->nonzero.cpu_milli -= s->nonzero.cpu_milli;
	n->nonzero.mem_bytes -= s->nonzero.mem_bytes;
	n->npods--;
	for_each_host_port(s, n, port_del);
}

static void pod_unbind(struct cluster *c, struct pod *p)
{
	struct node *n = cluster_get(c, KIND_NODE, p->node);

	if (p->node_prev != NONE32)
		((struct pod *)cluster_get(c, KIND_POD, p->node_prev))->node_next = p->node_next;
	else if (n)
		n->pods = p->node_next;
	if (p->node_next != NONE32)
		((struct pod *)cluster_get(c, KIND_POD, p->node_next))->node_prev = p->node_prev;
	p->node = p->node_prev = p->node_next = NONE32;
}

void cluster_remove(struct cluster *c, enum kind kind, uint32_t idx)
{
	struct table *t = &c->tables[kind];
	struct meta *m = cluster_meta(c, kind, idx);
	enum kind child = kind_child_of(kind);

	assert(cluster_is_owned(c));
	if (!m)
		return;
	if (c->hook)
		c->hook(c->hook_ctx, kind, idx, CHANGE_DELETED);
	m = cluster_meta(c, kind, idx);
	if (kind == KIND_POD) {
		struct pod *p = (struct pod *)m;
		cluster_pod_release(c, idx);
		if (p->node != NONE32)
			pod_unbind(c, p);
		cluster_log_drop(c, idx);
	} else if (kind == KIND_NODE) {
		struct node *n = (struct node *)m;
		while (n->pods != NONE32) {
			struct pod *p = cluster_get(c, KIND_POD, n->pods);
			cluster_pod_release(c, n->pods);
			pod_unbind(c, p);
		}
	}
	/* Children keep their stale owner ref, so the garbage collector sees them dangling. */
	while (child != KIND_NONE && m->kids != NONE32) {
		struct meta *k = cluster_meta(c, child, m->kids);
		m->kids = k->sib_next;
		k->sib_prev = k->sib_next = NONE32;
	}
	if (m->owner_kind != KIND_NONE)
		unlink_sibling(c, kind, m);
	names_del(c->names, kind, m->ns, m->name);
	cluster_object_release(c, kind, m);
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
