/*
 * ReplicaSet and ReplicationController (one code, as in
 * pkg/controller/replicaset/replica_set.go). Counts the active pods it owns,
 * adopts matching orphans and releases pods whose labels no longer match,
 * creates the missing pods (at most burstReplicas = 500 per sync) and deletes
 * the surplus in the real ranking order (controller.ActivePods with
 * LogarithmicScaleDown), then writes its status. Its pods are counted as
 * they change (each pod remembers what it adds), so a sync lists them only
 * to rank a scale-down or after a selector, template or label change.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define BURST_REPLICAS 500

struct rank {
	uint32_t idx;
	uint8_t assigned, phase, ready;
	int64_t cost;
	uint32_t on_node;
	int ready_bucket;
	uint32_t restarts;
	int age_bucket;
	uint32_t uid;
};

/* floor(log2(ns)), the bucket of ActivePodsWithRanks' logarithmic comparison. */
static int log2_bucket(int64_t ms)
{
	uint64_t ns = ms > 0 ? (uint64_t)ms * 1000000ull : 1;

	return 63 - __builtin_clzll(ns);
}

/* ActivePodsWithRanks.Less: true when a should be deleted before b. */
static int rank_cmp(const void *pa, const void *pb)
{
	const struct rank *a = pa, *b = pb;

	if (a->assigned != b->assigned)
		return a->assigned < b->assigned ? -1 : 1;
	if (a->phase != b->phase)
		return a->phase < b->phase ? -1 : 1;
	if (a->ready != b->ready)
		return a->ready < b->ready ? -1 : 1;
	if (a->cost != b->cost)
		return a->cost < b->cost ? -1 : 1;
	if (a->on_node != b->on_node)
		return a->on_node > b->on_node ? -1 : 1;
	if (a->ready && a->ready_bucket != b->ready_bucket)
		return a->ready_bucket < b->ready_bucket ? -1 : 1;
	if (a->restarts != b->restarts)
		return a->restarts > b->restarts ? -1 : 1;
	if (a->age_bucket != b->age_bucket)
		return a->age_bucket < b->age_bucket ? -1 : 1;
	return a->uid < b->uid ? -1 : (a->uid > b->uid);
}

static uint32_t pod_restarts(const struct pod *p)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < (uint32_t)p->ninit + p->ncontainers; i++)
		n += p->ctrs[i].restarts;
	return n;
}

/* key: the interned controller.kubernetes.io/pod-deletion-cost, NONE32 when no object has it. */
static int64_t deletion_cost(const struct cluster *c, const struct pod *p, uint32_t key)
{
	uint32_t v = key == NONE32 ? NONE32 : labels_value(c->labels, p->meta.annotations, key);

	return v == NONE32 ? 0 : strtoll(cluster_str(c, v), NULL, 10);
}

static void rank_pod(struct engine *e, const struct pod *p, uint32_t idx, uint32_t cost_key,
		     struct rank *r)
{
	/* Pending < Unknown < Running. */
	static const uint8_t phase_rank[] = {
		[PHASE_PENDING] = 0, [PHASE_UNKNOWN] = 1, [PHASE_RUNNING] = 2
	};
	const struct cluster *c = e->c;

	r->idx = idx;
	r->assigned = p->node != NONE32;
	r->phase = p->phase <= PHASE_UNKNOWN ? phase_rank[p->phase] : 2;
	r->ready = pod_is_ready(p);
	r->cost = deletion_cost(c, p, cost_key);
	r->on_node = r->assigned ? e->scratch[p->node] : 0;
	r->ready_bucket = r->ready ? log2_bucket(c->now_ms - p->ready_ms) : 0;
	r->restarts = pod_restarts(p);
	r->age_bucket = log2_bucket(c->now_ms - p->meta.created_ms);
	r->uid = p->meta.uid;
}

/* The active pods, for ranking a scale-down. */
static uint32_t *active_pods(struct engine *e, const struct replicaset *rs, uint32_t *n)
{
	uint32_t cap = 0, *active = NULL;

	*n = 0;
	for (uint32_t i = rs->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(e->c, KIND_POD, i);
		e->stats.touched++;
		if (pod_is_active(p)) {
			xgrow(&active, &cap, *n + 1, sizeof *active);
			active[(*n)++] = i;
		}
		i = p->meta.sib_next;
	}
	return active;
}

/*
 * A set's ranked active pods kept between syncs, so a scale-down step costs
 * what changed since the last: two heaps over the pods ranked at build (by
 * rank, and by the next time a pod's age or ready bucket changes). A pod
 * that left the set (deleted, terminating, finished) leaves the heaps and
 * lowers its node's count for the pods beside it; a bucket crossing re-ranks
 * that pod; any other change to a pod of the set drops the cache.
 */
struct rank_cache {
	uint32_t uid, n, nnodes;
	struct rank *ent;
	uint32_t *node, *by_pod, *node_start, *by_node, *node_count;
	int64_t *ready_ms, *created_ms, *cross;
	struct rank_heap {
		uint32_t *a, *pos, n;
		bool by_cross;
	} ranked, crossing;
	struct left_pod {
		uint32_t idx, uid;
	} * left; /* pods that left the set since the last sync */
	uint32_t nleft, left_cap;
};

static bool heap_less(const struct rank_cache *k, const struct rank_heap *h, uint32_t a, uint32_t b)
{
	if (h->by_cross)
		return k->cross[a] < k->cross[b];
	return rank_cmp(&k->ent[a], &k->ent[b]) < 0;
}

static void heap_set(struct rank_heap *h, uint32_t at, uint32_t entry)
{
	h->a[at] = entry;
	h->pos[entry] = at;
}

static void heap_down(const struct rank_cache *k, struct rank_heap *h, uint32_t at)
{
	uint32_t x = h->a[at];

	for (;;) {
		uint32_t c = 2 * at + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && heap_less(k, h, h->a[c + 1], h->a[c]))
			c++;
		if (!heap_less(k, h, h->a[c], x))
			break;
		heap_set(h, at, h->a[c]);
		at = c;
	}
	heap_set(h, at, x);
}

/* Restores the heap after the key at `at` changed either way. */
static void heap_fix(const struct rank_cache *k, struct rank_heap *h, uint32_t at)
{
	uint32_t x = h->a[at];

	while (at > 0 && heap_less(k, h, x, h->a[(at - 1) / 2])) {
		heap_set(h, at, h->a[(at - 1) / 2]);
		at = (at - 1) / 2;
	}
	heap_set(h, at, x);
	heap_down(k, h, at);
}

static void heap_remove(const struct rank_cache *k, struct rank_heap *h, uint32_t entry)
{
	uint32_t at = h->pos[entry];

	h->pos[entry] = NONE32;
	if (at == --h->n)
		return;
	heap_set(h, at, h->a[h->n]);
	heap_fix(k, h, at);
}

static void heap_build(const struct rank_cache *k, struct rank_heap *h, bool by_cross)
{
	h->by_cross = by_cross;
	h->n = k->n;
	h->a = xmalloc((k->n + 1) * sizeof *h->a);
	h->pos = xmalloc((k->n + 1) * sizeof *h->pos);
	for (uint32_t i = 0; i < k->n; i++)
		heap_set(h, i, i);
	for (uint32_t i = k->n / 2; i-- > 0;)
		heap_down(k, h, i);
}

/* The first time after now that one of the entry's log2 buckets changes. */
static int64_t bucket_next(int64_t since, int64_t now)
{
	int b = log2_bucket(now - since);
	uint64_t edge = b >= 62 ? 0 : 1ull << (b + 1);

	return edge ? since + (int64_t)((edge + 999999) / 1000000) : INT64_MAX;
}

static void entry_buckets(struct rank_cache *k, uint32_t i, int64_t now)
{
	struct rank *r = &k->ent[i];

	r->age_bucket = log2_bucket(now - k->created_ms[i]);
	k->cross[i] = bucket_next(k->created_ms[i], now);
	if (r->ready) {
		int64_t at = bucket_next(k->ready_ms[i], now);
		r->ready_bucket = log2_bucket(now - k->ready_ms[i]);
		if (at < k->cross[i])
			k->cross[i] = at;
	}
}

static void rank_cache_free(struct rank_cache *k)
{
	if (!k)
		return;
	free(k->ent);
	free(k->node);
	free(k->by_pod);
	free(k->node_start);
	free(k->by_node);
	free(k->node_count);
	free(k->ready_ms);
	free(k->created_ms);
	free(k->cross);
	free(k->ranked.a);
	free(k->ranked.pos);
	free(k->crossing.a);
	free(k->crossing.pos);
	free(k->left);
	free(k);
}

void replicaset_caches_free(struct engine *e)
{
	for (uint32_t i = 0; i < e->rank_caches_cap; i++)
		rank_cache_free(e->rank_caches[i]);
	free(e->rank_caches);
}

static struct rank_cache **rank_cache_slot(struct engine *e, enum kind kind, uint32_t idx)
{
	uint32_t at = 2 * idx + (kind == KIND_RC), cap = e->rank_caches_cap;

	if (at >= cap) {
		xgrow(&e->rank_caches, &e->rank_caches_cap, at + 1, sizeof *e->rank_caches);
		memset(e->rank_caches + cap, 0, (e->rank_caches_cap - cap) * sizeof *e->rank_caches);
	}
	return &e->rank_caches[at];
}

static void rank_cache_drop(struct engine *e, enum kind kind, uint32_t idx)
{
	struct rank_cache **slot = rank_cache_slot(e, kind, idx);

	rank_cache_free(*slot);
	*slot = NULL;
}

static const struct rank_cache *sort_ctx;

static int by_pod_cmp(const void *a, const void *b)
{
	uint32_t x = sort_ctx->ent[*(const uint32_t *)a].idx, y = sort_ctx->ent[*(const uint32_t *)b].idx;

	return x < y ? -1 : x > y;
}

static struct rank_cache *rank_cache_build(struct engine *e, const struct replicaset *rs,
					   const uint32_t *active, uint32_t n)
{
	struct cluster *c = e->c;
	struct rank_cache *k = xcalloc(1, sizeof *k);
	uint32_t cost_key = strtab_lookup(c->strings, "controller.kubernetes.io/pod-deletion-cost");

	k->uid = rs->meta.uid;
	k->n = n;
	k->nnodes = cluster_len(c, KIND_NODE);
	k->ent = xmalloc((n + 1) * sizeof *k->ent);
	k->node = xmalloc((n + 1) * sizeof *k->node);
	k->by_pod = xmalloc((n + 1) * sizeof *k->by_pod);
	k->ready_ms = xmalloc((n + 1) * sizeof *k->ready_ms);
	k->created_ms = xmalloc((n + 1) * sizeof *k->created_ms);
	k->cross = xmalloc((n + 1) * sizeof *k->cross);
	k->node_start = xcalloc(k->nnodes + 2, sizeof *k->node_start);
	k->node_count = xcalloc(k->nnodes + 1, sizeof *k->node_count);
	k->by_node = xmalloc((n + 1) * sizeof *k->by_node);
	xgrow(&e->scratch, &e->scratch_cap, k->nnodes + 1, sizeof *e->scratch);
	count_pods_per_node(c, &rs->meta, e->scratch);
	for (uint32_t i = 0; i < n; i++) {
		const struct pod *p = cluster_get(c, KIND_POD, active[i]);
		rank_pod(e, p, active[i], cost_key, &k->ent[i]);
		k->node[i] = p->node < k->nnodes ? p->node : NONE32;
		k->ready_ms[i] = p->ready_ms;
		k->created_ms[i] = p->meta.created_ms;
		k->by_pod[i] = i;
		entry_buckets(k, i, c->now_ms);
		if (k->node[i] != NONE32)
			k->node_count[k->node[i]] = k->ent[i].on_node;
	}
	uncount_pods_per_node(e, &rs->meta);
	for (uint32_t i = 0; i < n; i++)
		if (k->node[i] != NONE32)
			k->node_start[k->node[i] + 1]++;
	for (uint32_t x = 0; x < k->nnodes; x++)
		k->node_start[x + 1] += k->node_start[x];
	uint32_t *fill = xcalloc(k->nnodes + 1, sizeof *fill);
	for (uint32_t i = 0; i < n; i++)
		if (k->node[i] != NONE32)
			k->by_node[k->node_start[k->node[i]] + fill[k->node[i]]++] = i;
	free(fill);
	sort_ctx = k;
	xqsort(k->by_pod, n, sizeof *k->by_pod, by_pod_cmp);
	heap_build(k, &k->ranked, false);
	heap_build(k, &k->crossing, true);
	return k;
}

static uint32_t rank_cache_find(const struct rank_cache *k, uint32_t pod)
{
	uint32_t lo = 0, hi = k->n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (k->ent[k->by_pod[mid]].idx < pod)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k->n && k->ent[k->by_pod[lo]].idx == pod ? k->by_pod[lo] : NONE32;
}

/* Brings the cache to now: pods that left, and buckets crossed. */
static void rank_cache_update(struct engine *e, struct rank_cache *k)
{
	const struct cluster *c = e->c;

	for (uint32_t j = 0; j < k->nleft; j++) {
		uint32_t i = rank_cache_find(k, k->left[j].idx), x;
		if (i == NONE32 || k->ent[i].uid != k->left[j].uid)
			continue;
		if (k->ranked.pos[i] != NONE32) {
			heap_remove(k, &k->ranked, i);
			heap_remove(k, &k->crossing, i);
		}
		if ((x = k->node[i]) == NONE32)
			continue;
		k->node_count[x]--;
		e->stats.touched++;
		for (uint32_t m = k->node_start[x]; m < k->node_start[x + 1]; m++) {
			uint32_t f = k->by_node[m];
			if (k->ranked.pos[f] == NONE32)
				continue;
			e->stats.touched++;
			k->ent[f].on_node = k->node_count[x];
			heap_fix(k, &k->ranked, k->ranked.pos[f]);
		}
	}
	k->nleft = 0;
	while (k->crossing.n && k->cross[k->crossing.a[0]] <= c->now_ms) {
		uint32_t i = k->crossing.a[0];
		e->stats.touched++;
		entry_buckets(k, i, c->now_ms);
		heap_fix(k, &k->crossing, 0);
		heap_fix(k, &k->ranked, k->ranked.pos[i]);
	}
}

/* A pod of the set changed: one that left is noted, any other change drops the cache. */
static void rank_cache_note(struct engine *e, enum kind kind, const struct pod *p, uint32_t pod,
			    bool was, bool now)
{
	uint32_t at = 2 * p->meta.owner + (kind == KIND_RC);
	struct rank_cache *k = at < e->rank_caches_cap ? e->rank_caches[at] : NULL;

	if (!k)
		return;
	if (was && !now) {
		xgrow(&k->left, &k->left_cap, k->nleft + 1, sizeof *k->left);
		k->left[k->nleft++] = (struct left_pod){ pod, p->meta.uid };
	} else if (now) {
		rank_cache_drop(e, kind, p->meta.owner);
	}
}

/* The set's cache brought to now, built afresh when missing or out of step with the counts. */
static struct rank_cache *rank_cache_get(struct engine *e, enum kind kind, uint32_t idx)
{
	const struct replicaset *rs = cluster_get(e->c, kind, idx);
	struct rank_cache **slot = rank_cache_slot(e, kind, idx);

	if (*slot && (*slot)->uid == rs->meta.uid) {
		rank_cache_update(e, *slot);
		if ((*slot)->ranked.n == (uint32_t)rs->ctl.active)
			return *slot;
	}
	rank_cache_free(*slot);
	uint32_t n, *active = active_pods(e, rs, &n);
	*slot = rank_cache_build(e, rs, active, n);
	free(active);
	return *slot;
}


static void scale_down(struct engine *e, enum kind kind, uint32_t idx, uint32_t surplus)
{
	struct cluster *c = e->c;
	const struct controller *ctl = kind == KIND_RS ? &controller_rs : &controller_rc;
	struct rank_cache *k = rank_cache_get(e, kind, idx);
	uint32_t n = k->ranked.n, *chosen;
	bool stale = false;

	if (surplus > n)
		surplus = n;
	chosen = xmalloc((surplus + 1) * sizeof *chosen);
	for (uint32_t i = 0; i < surplus; i++) {
		uint32_t top = k->ranked.a[0];
		chosen[i] = k->ent[top].idx;
		heap_remove(k, &k->ranked, top);
		heap_remove(k, &k->crossing, top);
	}
	for (uint32_t i = 0; i < surplus; i++) {
		const struct pod *p = cluster_get(c, KIND_POD, chosen[i]);
		const struct replicaset *rs = cluster_get(c, kind, idx);
		struct event *ev = cluster_event(c, kind, idx, EVENT_NORMAL, "SuccessfulDelete",
						 ctl->name, "Deleted pod: %s", p->meta.name);
		event_why(ev,
			  "%d pods are active and spec.replicas is %d; the lowest-ranked goes first",
			  (int64_t)n, (int64_t)rs->replicas);
		pod_delete(e, chosen[i], -1);
		p = cluster_get(c, KIND_POD, chosen[i]);
		stale |= p && pod_is_active(p);
	}
	if (stale)
		rank_cache_drop(e, kind, idx);
	free(chosen);
}

/* Creates the missing pods; the API server's refusal when it refused them (manageReplicas' error), else 0. */
static uint32_t scale_up(struct engine *e, enum kind kind, uint32_t idx, uint32_t have,
			 uint32_t missing)
{
	struct cluster *c = e->c;
	const struct controller *ctl = kind == KIND_RS ? &controller_rs : &controller_rc;
	const struct replicaset *set = cluster_get(c, kind, idx);
	uint32_t refused = pod_refused(e, kind, idx, &set->tpl, 0, ctl->name);

	if (refused)
		return refused;
	if (missing > BURST_REPLICAS)
		missing = BURST_REPLICAS;
	for (uint32_t i = 0; i < missing; i++) {
		struct replicaset *rs = cluster_get(c, kind, idx);
		struct template tpl = rs->tpl;
		uint32_t pod = pod_create(e, kind, idx, &tpl, 0);
		if (pod == NONE32)
			break;
		rs = cluster_get(c, kind, idx);
		struct event *ev = cluster_event(
		    c, kind, idx, EVENT_NORMAL, "SuccessfulCreate", ctl->name, "Created pod: %s",
		    ((struct pod *)cluster_get(c, KIND_POD, pod))->meta.name);
		event_why(ev, "spec.replicas is %d and %d pods were active", (int64_t)rs->replicas,
			  (int64_t)(have + i));
	}
	if (missing == BURST_REPLICAS)
		engine_enqueue(e, kind == KIND_RS ? CTRL_RS : CTRL_RC, idx);
	return 0;
}

enum { COUNTED_ACTIVE = 1, COUNTED_READY = 2, COUNTED_LABELED = 4 };

static uint8_t contribution(const struct cluster *c, const struct replicaset *rs, const struct pod *p)
{
	if (!pod_is_active(p))
		return 0;
	return COUNTED_ACTIVE | (pod_is_ready(p) ? COUNTED_READY : 0) |
	       (labels_subset(c->labels, rs->tpl.labels, p->meta.labels) ? COUNTED_LABELED : 0);
}

/* Moves the pod's share of its set's counts to now. */
static void account(struct replicaset *rs, struct pod *p, uint8_t now)
{
	uint8_t was = p->ctl.counted;

	rs->ctl.active += !!(now & COUNTED_ACTIVE) - !!(was & COUNTED_ACTIVE);
	rs->ctl.ready += !!(now & COUNTED_READY) - !!(was & COUNTED_READY);
	rs->ctl.labeled += !!(now & COUNTED_LABELED) - !!(was & COUNTED_LABELED);
	p->ctl.counted = now;
}

/* Releases owned pods whose labels no longer match, and counts the rest afresh. */
static void recount(struct engine *e, enum kind kind, uint32_t idx)
{
	struct cluster *c = e->c;
	struct replicaset *rs = cluster_get(c, kind, idx);

	rs->ctl.active = rs->ctl.ready = rs->ctl.labeled = 0;
	rs->ctl.stale = false;
	for (uint32_t i = rs->meta.kids; i != NONE32;) {
		struct pod *p = cluster_get(c, KIND_POD, i);
		uint32_t next = p->meta.sib_next;
		e->stats.touched++;
		p->ctl.counted = 0;
		if (!selector_matches(c->labels, &rs->sel, p->meta.labels) &&
		    p->meta.deleted_ms == TIME_NONE) {
			rank_cache_drop(e, kind, idx);
			cluster_clear_owner(c, KIND_POD, i);
			cluster_changed(c, KIND_POD, i, CHANGE_UPDATED);
			rs = cluster_get(c, kind, idx);
		} else {
			account(rs, p, contribution(c, rs, p));
		}
		i = next;
	}
}

/* Orphans in the namespace that match become the set's (controller_ref_manager ClaimPods). */
static void adopt_orphans(struct engine *e, enum kind kind, uint32_t idx)
{
	struct cluster *c = e->c;
	uint32_t n;
	const struct ref *orphans = orphan_pods(e, &n);

	for (uint32_t k = 0; k < n; k++) {
		const struct replicaset *rs = cluster_get(c, kind, idx);
		struct pod *p = (struct pod *)cluster_deref(c, KIND_POD, orphans[k]);
		if (!p || p->meta.ns != rs->meta.ns || p->meta.owner_kind != KIND_NONE ||
		    !selector_matches(c->labels, &rs->sel, p->meta.labels))
			continue;
		e->stats.touched++;
		cluster_set_owner(c, KIND_POD, orphans[k].idx, kind, idx);
		cluster_changed(c, KIND_POD, orphans[k].idx, CHANGE_UPDATED);
	}
}

/* availableReplicas: Ready for minReadySeconds; with none, Ready is available. */
static int32_t count_available(struct engine *e, enum kind kind, uint32_t idx)
{
	struct cluster *c = e->c;
	const struct replicaset *rs = cluster_get(c, kind, idx);
	int64_t next = TIME_NONE;
	int32_t available = 0;

	if (rs->min_ready_s == 0)
		return rs->ctl.ready;
	for (uint32_t i = rs->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		int64_t at = p->ready_ms + (int64_t)rs->min_ready_s * 1000;
		i = p->meta.sib_next;
		if (!pod_is_active(p) || !pod_is_ready(p))
			continue;
		if (at <= c->now_ms)
			available++;
		else if (next == TIME_NONE || at < next)
			next = at;
	}
	if (next != TIME_NONE)
		engine_timer(e, kind == KIND_RS ? CTRL_RS : CTRL_RC, idx, next);
	return available;
}

/* The Deployment controller's updateReplicaSet handler. */
static void wake_deployment(struct engine *e, const struct replicaset *rs)
{
	if (rs->meta.owner_kind == KIND_DEPLOY && cluster_owner(e->c, &rs->meta))
		engine_enqueue(e, CTRL_DEPLOY, rs->meta.owner);
}

/* calculateStatus; failure: this sync's refusal (ReplicaFailure stays while it lasts), or 0. */
static void update_status(struct engine *e, enum kind kind, uint32_t idx, uint32_t failure)
{
	struct cluster *c = e->c;
	int32_t available = count_available(e, kind, idx);
	struct replicaset *rs = cluster_get(c, kind, idx);

	if (rs->status.failure != failure) {
		rs->status.failure = failure;
		rs->status.failure_ms = c->now_ms;
		cluster_touch(c, kind, idx);
		wake_deployment(e, rs);
	}
	if (rs->status.replicas != rs->ctl.active || rs->status.fully_labeled != rs->ctl.labeled ||
	    rs->status.ready != rs->ctl.ready || rs->status.available != available ||
	    rs->status.observed_generation != rs->meta.generation) {
		rs->status.replicas = rs->ctl.active;
		rs->status.fully_labeled = rs->ctl.labeled;
		rs->status.ready = rs->ctl.ready;
		rs->status.available = available;
		rs->status.observed_generation = rs->meta.generation;
		cluster_touch(c, kind, idx);
		wake_deployment(e, rs);
	}
}

static void reconcile(struct engine *e, enum kind kind, uint32_t idx)
{
	struct cluster *c = e->c;
	struct replicaset *rs = cluster_get(c, kind, idx);
	int32_t have;
	uint32_t failure = 0;

	if (!rs || rs->meta.deleted_ms != TIME_NONE)
		return;
	e->stats.touched++;
	if (rs->ctl.stale)
		recount(e, kind, idx);
	adopt_orphans(e, kind, idx);
	rs = cluster_get(c, kind, idx);
	have = rs->ctl.active;
	if (have < rs->replicas) {
		failure = scale_up(e, kind, idx, (uint32_t)have, (uint32_t)(rs->replicas - have));
	} else if (have > rs->replicas) {
		scale_down(e, kind, idx, (uint32_t)(have - rs->replicas));
	}
	update_status(e, kind, idx, failure);
}

static void rs_reconcile(struct engine *e, uint32_t idx)
{
	reconcile(e, KIND_RS, idx);
}

static void rc_reconcile(struct engine *e, uint32_t idx)
{
	reconcile(e, KIND_RC, idx);
}

/* A pod without a controller: remember it, and wake the sets in its namespace that match. */
static void offer_orphan(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	static const enum kind kinds[] = { KIND_RS, KIND_RC };

	p->ctl.counted = 0; /* counted by nobody until adopted */
	if (!(p->ctl.flags & POD_ORPHAN_LISTED)) {
		p->ctl.flags |= POD_ORPHAN_LISTED;
		xgrow(&e->orphans, &e->orphans_cap, e->norphans + 1, sizeof *e->orphans);
		e->orphans[e->norphans++] = cluster_ref(c, KIND_POD, pod);
	}
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++)
		for (uint32_t i = 0; i < cluster_len(c, kinds[k]); i++) {
			const struct replicaset *rs = cluster_get(c, kinds[k], i);
			if (rs && rs->meta.ns == p->meta.ns &&
			    selector_matches(c->labels, &rs->sel, p->meta.labels))
				engine_enqueue(e, kinds[k] == KIND_RS ? CTRL_RS : CTRL_RC, i);
		}
}

/* A pod of a set changed: move its share of the counts, and wake the set. */
static void pod_changed(struct engine *e, uint32_t pod, enum change change)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct replicaset *rs = (struct replicaset *)cluster_owner(c, &p->meta);
	enum kind kind = (enum kind)p->meta.owner_kind;

	if (!rs)
		return;
	bool was = p->ctl.counted & COUNTED_ACTIVE;
	if (change == CHANGE_DELETED) {
		account(rs, p, 0);
	} else {
		if (!selector_matches(c->labels, &rs->sel, p->meta.labels))
			rs->ctl.stale = true; /* its labels changed: the set releases it */
		account(rs, p, contribution(c, rs, p));
	}
	rank_cache_note(e, kind, p, pod, was, p->ctl.counted & COUNTED_ACTIVE);
	engine_enqueue(e, kind == KIND_RS ? CTRL_RS : CTRL_RC, p->meta.owner);
}

/* Pod changes reach both kinds through the RS entry's watch. */
static void watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	const struct pod *p;

	if (kind == KIND_RS || kind == KIND_RC) {
		struct replicaset *rs = cluster_get(e->c, kind, idx);
		if (change == CHANGE_DELETED) {
			rank_cache_drop(e, kind, idx); /* its ranking goes with it */
			return;
		}
		if (!rs->ctl.scaled)
			rs->ctl.stale = true; /* a spec change: selector or template may differ */
		rs->ctl.scaled = false;
		if (kind == KIND_RS)
			engine_enqueue(e, CTRL_RS, idx);
		return;
	}
	if (kind != KIND_POD)
		return;
	p = cluster_get(e->c, KIND_POD, idx);
	if (p->meta.owner_kind == KIND_RS || p->meta.owner_kind == KIND_RC)
		pod_changed(e, idx, change);
	else if (p->meta.owner_kind == KIND_NONE && change != CHANGE_DELETED && pod_is_active(p))
		offer_orphan(e, idx);
}

static void rc_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	if (kind == KIND_RC && change != CHANGE_DELETED)
		engine_enqueue(e, CTRL_RC, idx);
}

const struct controller controller_rs = {
	.name = "replicaset-controller",
	.kind = KIND_RS,
	.reconcile = rs_reconcile,
	.watch = watch,
};

const struct controller controller_rc = {
	.name = "replication-controller",
	.kind = KIND_RC,
	.reconcile = rc_reconcile,
	.watch = rc_watch,
};
