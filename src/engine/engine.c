/*
 * The engine: virtual clock, timer heap, work queues and the step order.
 * At each instant: fire the due timers in (time, sequence) order, then drain
 * the queues, controller by controller in enum ctrl order, until quiet.
 */
#include "ksim/engine.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "ksim/containerfs.h"
#include "ksim/cron.h"

const struct controller *const controllers[CTRL_COUNT] = {
	[CTRL_NODE_LIFECYCLE] = &controller_node_lifecycle,
	[CTRL_TAINT_EVICTION] = &controller_taint_eviction,
	[CTRL_DEPLOY] = &controller_deploy,
	[CTRL_RC] = &controller_rc,
	[CTRL_RS] = &controller_rs,
	[CTRL_DS] = &controller_ds,
	[CTRL_JOB] = &controller_job,
	[CTRL_CRONJOB] = &controller_cronjob,
	[CTRL_STS] = &controller_sts,
	[CTRL_PVC] = &controller_pvc,
	[CTRL_PV] = &controller_pv,
	[CTRL_SCHEDULER] = &controller_scheduler,
	[CTRL_KUBELET] = &controller_kubelet,
	[CTRL_PROBER] = &controller_prober,
	[CTRL_EP] = &controller_endpoints,
};
_Static_assert(CTRL_COUNT <= 16, "meta.ctl.queued has one bit per controller");

/* The full-resync baseline also resyncs periodically, as informers do. */
#define FULL_RESYNC_PERIOD_MS 30000

/* A reconcile loop that never quiets is a bug; stop it instead of hanging. */
#define MAX_RECONCILES_PER_INSTANT 50000000u

void engine_config_default(struct engine_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->node_monitor_grace_ms = 40000;
	cfg->default_toleration_s = CLUSTER_DEFAULT_TOLERATION_S;
}

static void on_change(void *ctx, enum kind kind, uint32_t idx, int change)
{
	struct engine *e = ctx;

	if (change == CHANGE_ADDED)
		e->stats.created[kind]++;
	if (kind == KIND_CR)
		e->revision_epoch++;
	/* a pod removed from the store takes its layers and emptyDirs with it */
	if (kind == KIND_POD && change == CHANGE_DELETED)
		containerfs_drop_pod(e->c, ((const struct pod *)cluster_get(e->c, KIND_POD, idx))->meta.uid);
	for (int i = 0; i < CTRL_COUNT; i++)
		if (controllers[i]->watch)
			controllers[i]->watch(e, kind, idx, (enum change)change);
	e->resync_pending = true;
}

struct engine *engine_new(struct cluster *c, const struct engine_config *cfg)
{
	struct engine *e = xcalloc(1, sizeof *e);

	e->c = c;
	if (cfg)
		e->cfg = *cfg;
	else
		engine_config_default(&e->cfg);
	c->default_toleration_s = e->cfg.default_toleration_s;
	c->fs = containerfs_new();
	cluster_set_hook(c, on_change, e);
	return e;
}

void engine_free(struct engine *e)
{
	if (!e)
		return;
	cluster_set_hook(e->c, NULL, NULL);
	containerfs_free(e->c->fs);
	e->c->fs = NULL;
	for (int i = 0; i < CTRL_COUNT; i++)
		free(e->queues[i].keys);
	free(e->heap);
	free(e->scratch);
	free(e->spread.count);
	free(e->feasible);
	free(e->unschedulable);
	free(e->orphans);
	free(e->history_seen);
	replicaset_caches_free(e);
	for (uint32_t i = 0; i < e->nzones; i++) {
		free(e->zones[i].name);
		cron_tz_free(e->zones[i].tz);
	}
	free(e->zones);
	free(e);
}

struct cluster *engine_cluster(const struct engine *e)
{
	return e->c;
}

int64_t engine_now(const struct engine *e)
{
	return e->c->now_ms;
}

void engine_set_start(struct engine *e, int64_t start_ms)
{
	e->c->now_ms = start_ms;
	/* Set before anything is applied: the namespaces that exist were created with the cluster. */
	for (uint32_t i = 0; i < e->c->nnamespaces; i++)
		e->c->namespace_created_ms[i] = start_ms;
}

const struct engine_stats *engine_stats(const struct engine *e)
{
	return &e->stats;
}

void engine_stats_reset(struct engine *e)
{
	memset(&e->stats, 0, sizeof e->stats);
}

/* --- work queues --- */

void engine_enqueue(struct engine *e, enum ctrl ctrl, uint32_t idx)
{
	struct queue *q = &e->queues[ctrl];
	enum kind kind = controllers[ctrl]->kind;
	struct meta *m = cluster_meta(e->c, kind, idx);

	if (!m || (m->ctl.queued & (1u << ctrl)))
		return;
	m->ctl.queued |= (uint16_t)(1u << ctrl);
	if (q->len == q->cap) {
		uint32_t cap = q->cap ? q->cap * 2 : 64;
		struct key *keys = xmalloc(cap * sizeof *keys);
		for (uint32_t i = 0; i < q->len; i++)
			keys[i] = q->keys[(q->head + i) % q->cap];
		free(q->keys);
		q->keys = keys;
		q->cap = cap;
		q->head = 0;
	}
	q->keys[(q->head + q->len++) % q->cap] = (struct key){ idx, m->gen };
}

static bool queue_pop(struct engine *e, enum ctrl ctrl, uint32_t *idx)
{
	struct queue *q = &e->queues[ctrl];

	while (q->len) {
		struct key k = q->keys[q->head];
		struct meta *m;

		q->head = (q->head + 1) % q->cap;
		q->len--;
		m = cluster_meta(e->c, controllers[ctrl]->kind, k.idx);
		if (!m || m->gen != k.gen)
			continue; /* deleted while queued */
		m->ctl.queued &= (uint16_t) ~(1u << ctrl);
		*idx = k.idx;
		return true;
	}
	return false;
}

/* --- timers: a binary min-heap on (at, seq) --- */

static bool timer_before(const struct timer *a, const struct timer *b)
{
	return a->at < b->at || (a->at == b->at && a->seq < b->seq);
}

void engine_timer(struct engine *e, enum ctrl ctrl, uint32_t idx, int64_t at)
{
	const struct meta *m = cluster_meta(e->c, controllers[ctrl]->kind, idx);
	uint32_t i;

	if (!m)
		return;
	if (at < e->c->now_ms)
		at = e->c->now_ms;
	xgrow(&e->heap, &e->heap_cap, e->nheap + 1, sizeof *e->heap);
	i = e->nheap++;
	e->heap[i] = (struct timer){ at, ++e->timer_seq, (uint8_t)ctrl, idx, m->gen };
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!timer_before(&e->heap[i], &e->heap[parent]))
			break;
		struct timer t = e->heap[i];
		e->heap[i] = e->heap[parent];
		e->heap[parent] = t;
		i = parent;
	}
}

static struct timer timer_pop(struct engine *e)
{
	struct timer top = e->heap[0];
	uint32_t i = 0;

	e->heap[0] = e->heap[--e->nheap];
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < e->nheap && timer_before(&e->heap[l], &e->heap[m]))
			m = l;
		if (r < e->nheap && timer_before(&e->heap[r], &e->heap[m]))
			m = r;
		if (m == i)
			break;
		struct timer t = e->heap[i];
		e->heap[i] = e->heap[m];
		e->heap[m] = t;
		i = m;
	}
	return top;
}

int64_t engine_next_due(const struct engine *e)
{
	return e->nheap ? e->heap[0].at : TIME_NONE;
}

/* --- the step --- */

static void resync_everything(struct engine *e)
{
	for (int i = 0; i < CTRL_COUNT; i++) {
		enum kind kind = controllers[i]->kind;
		for (uint32_t idx = 0; idx < cluster_len(e->c, kind); idx++)
			engine_enqueue(e, (enum ctrl)i, idx);
	}
}

void engine_settle(struct engine *e)
{
	uint64_t start = e->stats.reconciles;
	bool busy = true;

	assert(cluster_is_owned(e->c));
	if (e->cfg.full_resync && e->resync_pending)
		resync_everything(e);
	e->resync_pending = false;
	while (busy) {
		busy = false;
		for (int i = 0; i < CTRL_COUNT; i++) {
			uint32_t idx;
			while (queue_pop(e, (enum ctrl)i, &idx)) {
				e->stats.reconciles++;
				controllers[i]->reconcile(e, idx);
				busy = true;
			}
		}
		if (e->stats.reconciles - start > MAX_RECONCILES_PER_INSTANT)
			fatal("controllers did not settle at one instant (a reconcile loop)");
	}
}

/* Full-resync mode: resync at every period boundary up to (not past) limit. */
static void periodic_resyncs(struct engine *e, int64_t limit)
{
	if (!e->cfg.full_resync)
		return;
	if (e->next_resync_ms == 0)
		e->next_resync_ms = e->c->now_ms + FULL_RESYNC_PERIOD_MS;
	while (e->next_resync_ms <= limit) {
		e->c->now_ms = e->next_resync_ms;
		e->next_resync_ms += FULL_RESYNC_PERIOD_MS;
		e->resync_pending = true;
		engine_settle(e);
	}
}

void engine_collect_hold(struct engine *e)
{
	e->collect_holds++;
}

void engine_collect_release(struct engine *e)
{
	assert(e->collect_holds);
	e->collect_holds--;
}

static void collect(struct engine *e)
{
	if (!e->collect_holds && cluster_should_collect(e->c))
		cluster_collect(e->c);
}

void engine_run_until(struct engine *e, int64_t until_ms)
{
	engine_settle(e);
	collect(e);
	while (e->nheap && e->heap[0].at <= until_ms) {
		periodic_resyncs(e, e->heap[0].at - 1);
		e->c->now_ms = e->heap[0].at;
		while (e->nheap && e->heap[0].at == e->c->now_ms) {
			struct timer t = timer_pop(e);
			const struct meta *m = cluster_meta(e->c, controllers[t.ctrl]->kind, t.idx);
			e->stats.timers_fired++;
			if (m && m->gen == t.gen &&
			    (!controllers[t.ctrl]->due || controllers[t.ctrl]->due(e, t.idx, t.at)))
				engine_enqueue(e, (enum ctrl)t.ctrl, t.idx);
		}
		e->resync_pending = true;
		engine_settle(e);
		collect(e);
	}
	periodic_resyncs(e, until_ms);
	if (until_ms > e->c->now_ms)
		e->c->now_ms = until_ms;
}
