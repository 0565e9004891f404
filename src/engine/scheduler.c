/*
 * The default scheduler, reduced to what shapes placement: filters
 * (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts,
 * NodeResourcesFit) and scores (NodeResourcesFit LeastAllocated x1,
 * BalancedAllocation x1, TaintToleration x3, the system default topology
 * spread x2), over the adaptive sample of nodes the real scheduler scores
 * (pkg/scheduler/schedule_one.go numFeasibleNodesToFind). Ties are broken at
 * random. A pod that fits nowhere waits, with FailedScheduling, until the
 * cluster changes. Before any node is looked at, the pod's claims must
 * exist and be bound (VolumeBinding's PreFilter, Immediate binding).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char SRC[] = "default-scheduler";

enum reject {
	REJ_UNSCHEDULABLE,
	REJ_TAINT,
	REJ_AFFINITY,
	REJ_PORTS,
	REJ_CPU,
	REJ_MEMORY,
	REJ_PODS,
	REJ_COUNT,
	REJ_NONE = REJ_COUNT,
};

/* The scheduler's own words for each filter's failure (1.29-1.31). */
static const char *const reject_text[REJ_COUNT] = {
	[REJ_UNSCHEDULABLE] = "node(s) were unschedulable",
	[REJ_TAINT] = "node(s) had untolerated taint",
	[REJ_AFFINITY] = "node(s) didn't match Pod's node affinity/selector",
	[REJ_PORTS] = "node(s) didn't have free ports for the requested pod ports",
	[REJ_CPU] = "Insufficient cpu",
	[REJ_MEMORY] = "Insufficient memory",
	[REJ_PODS] = "Too many pods",
};

static bool term_matches(const struct cluster *c, const struct node_term *t, const struct node *n)
{
	struct selector sel = { .nreqs = t->nreqs, .reqs = t->reqs };

	if (!selector_matches(c->labels, &sel, n->meta.labels))
		return false;
	for (uint32_t i = 0; i < t->nfields; i++) {
		const struct selector_req *r = &t->fields[i];
		bool in = false;
		for (uint32_t j = 0; j < r->nvalues; j++)
			in |= r->values[j] == n->meta.name;
		if (r->op == SEL_IN ? !in : in)
			return false;
	}
	return true;
}

bool scheduler_node_affinity(const struct cluster *c, const struct pod *p, const struct podspec *s,
			     const struct node *n)
{
	bool any = s->nterms == 0;

	if (p && p->pin_node && p->pin_node != n->meta.name)
		return false;
	if (!labels_subset(c->labels, s->node_selector, n->meta.labels))
		return false;
	for (uint32_t i = 0; i < s->nterms && !any; i++)
		any = term_matches(c, &s->terms[i], n);
	return any;
}

static bool port_free(const struct node *n, const struct podspec *s)
{
	for (uint32_t i = 0; i < s->ncontainers; i++)
		for (uint32_t j = 0; j < s->containers[i].nports; j++) {
			int32_t hp = s->containers[i].ports[j].host_port;
			for (uint32_t k = 0; hp > 0 && k < n->ctl.nports; k++)
				if (n->ctl.host_ports[k] == hp)
					return false;
		}
	return true;
}

static enum reject filter(const struct engine *e, const struct pod *p, const struct podspec *s,
			  const struct node *n, const struct taint **bad_taint)
{
	const struct cluster *c = e->c;
	int64_t secs;

	if (n->unschedulable) {
		/* Tolerating the unschedulable taint gets past a cordon (DaemonSet pods do). */
		struct taint t = { c->s.taint_unschedulable, 0, EFFECT_NO_SCHEDULE, 0 };
		if (!pod_tolerates(e, p, s, &t, &secs))
			return REJ_UNSCHEDULABLE;
	}
	for (uint32_t i = 0; i < n->ntaints; i++) {
		const struct taint *t = &n->taints[i];
		if (t->effect == EFFECT_PREFER_NO_SCHEDULE)
			continue;
		if (!pod_tolerates(e, p, s, t, &secs)) {
			*bad_taint = t;
			return REJ_TAINT;
		}
	}
	if (!scheduler_node_affinity(c, p, s, n))
		return REJ_AFFINITY;
	if (!port_free(n, s))
		return REJ_PORTS;
	if (n->ctl.npods + 1 > (uint32_t)n->max_pods)
		return REJ_PODS;
	if (s->requests.cpu_milli &&
	    n->requested.cpu_milli + s->requests.cpu_milli > n->allocatable.cpu_milli)
		return REJ_CPU;
	if (s->requests.mem_bytes &&
	    n->requested.mem_bytes + s->requests.mem_bytes > n->allocatable.mem_bytes)
		return REJ_MEMORY;
	return REJ_NONE;
}

static int64_t free_pct(int64_t used, int64_t cap)
{
	if (cap <= 0 || used > cap)
		return 0;
	return (cap - used) * 100 / cap;
}

/* LeastAllocated + BalancedAllocation + TaintToleration; spread is added by the caller. */
static int64_t score(const struct engine *e, const struct pod *p, const struct podspec *s,
		     const struct node *n)
{
	int64_t cpu = n->ctl.nonzero.cpu_milli + s->nonzero.cpu_milli;
	int64_t mem = n->ctl.nonzero.mem_bytes + s->nonzero.mem_bytes;
	int64_t least = (free_pct(cpu, n->allocatable.cpu_milli) +
			 free_pct(mem, n->allocatable.mem_bytes)) /
			2;
	double fc = n->allocatable.cpu_milli
			? (double)(n->requested.cpu_milli + s->requests.cpu_milli) /
			      (double)n->allocatable.cpu_milli
			: 0;
	double fm = n->allocatable.mem_bytes
			? (double)(n->requested.mem_bytes + s->requests.mem_bytes) /
			      (double)n->allocatable.mem_bytes
			: 0;
	double diff = fc > fm ? fc - fm : fm - fc;
	int64_t balanced = (int64_t)((1.0 - diff / 2) * 100);
	int64_t intolerable = 0, secs;

	for (uint32_t i = 0; i < n->ntaints; i++)
		if (n->taints[i].effect == EFFECT_PREFER_NO_SCHEDULE &&
		    !pod_tolerates(e, p, s, &n->taints[i], &secs))
			intolerable++;
	return least + balanced + 3 * (100 - (intolerable > 10 ? 100 : intolerable * 10));
}

/* How many nodes to look at before choosing (percentageOfNodesToScore adaptive default). */
static uint32_t nodes_to_find(uint32_t total)
{
	uint32_t pct, n;

	if (total < 100)
		return total;
	pct = 50 > total / 125 + 5 ? 50 - total / 125 : 5;
	n = total * pct / 100;
	return n < 100 ? 100 : n;
}

static void remember_unschedulable(struct engine *e, uint32_t pod)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);

	if (p->flags & POD_UNSCHEDULABLE)
		return;
	p->flags |= POD_UNSCHEDULABLE;
	xgrow(&e->unschedulable, &e->unsched_cap, e->nunsched + 1, sizeof *e->unschedulable);
	e->unschedulable[e->nunsched++] = cluster_ref(e->c, KIND_POD, pod);
}

void scheduler_retry_unschedulable(struct engine *e)
{
	uint32_t n = e->nunsched;

	e->nunsched = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct pod *p = (struct pod *)cluster_deref(e->c, KIND_POD, e->unschedulable[i]);
		if (!p)
			continue;
		p->flags &= (uint8_t)~POD_UNSCHEDULABLE;
		engine_enqueue(e, CTRL_SCHEDULER, e->unschedulable[i].idx);
	}
}

/* FailedScheduling with msg (freed here); the pod waits for the cluster to change. */
static void fail_scheduling(struct engine *e, uint32_t pod, struct strbuf *msg, const char *why)
{
	struct cluster *c = e->c;
	struct event *ev = cluster_event(c, KIND_POD, pod, EVENT_WARNING, "FailedScheduling", SRC,
					 "%s", cluster_intern(c, msg->data));

	event_why(ev, why);
	sb_free(msg);
	remember_unschedulable(e, pod);
}

static void report_unschedulable(struct engine *e, uint32_t pod, const uint32_t *counts,
				 const struct taint *taint, uint32_t total)
{
	struct cluster *c = e->c;
	struct strbuf msg;
	uint32_t helpless = 0, victimless = 0;
	bool first = true;

	sb_init(&msg);
	sb_printf(&msg, "0/%u nodes are available: ", total);
	if (total == 0)
		sb_add(&msg, "no nodes available to schedule pods");
	/* The scheduler sorts the reasons by their text. */
	const char *order[REJ_COUNT];
	uint32_t idx[REJ_COUNT], n = 0;
	for (int r = 0; r < REJ_COUNT; r++)
		if (counts[r]) {
			order[n] = reject_text[r];
			idx[n++] = (uint32_t)r;
		}
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = i + 1; j < n; j++)
			if (strcmp(order[j], order[i]) < 0) {
				const char *t = order[i];
				uint32_t k = idx[i];
				order[i] = order[j];
				idx[i] = idx[j];
				order[j] = t;
				idx[j] = k;
			}
	for (uint32_t i = 0; i < n; i++) {
		sb_printf(&msg, "%s%u %s", first ? "" : ", ", counts[idx[i]], order[i]);
		if (idx[i] == REJ_TAINT)
			sb_printf(&msg, " {%s: %s}", cluster_str(c, taint->key),
				  cluster_str(c, taint->value));
		first = false;
		if (idx[i] == REJ_CPU || idx[i] == REJ_MEMORY || idx[i] == REJ_PODS)
			victimless += counts[idx[i]];
		else
			helpless += counts[idx[i]];
	}
	sb_printf(&msg, ". preemption: 0/%u nodes are available: ", total);
	if (helpless)
		sb_printf(&msg, "%u Preemption is not helpful for scheduling", helpless);
	if (victimless)
		sb_printf(&msg, "%s%u No preemption victims found for incoming pod",
			  helpless ? ", " : "", victimless);
	sb_addc(&msg, '.');
	fail_scheduling(e, pod, &msg,
			"no node passed every filter; the pod waits until a node or pod changes");
}

/* A PreFilter plugin turned the pod away: every node fails alike (FitError's PreFilterMsg). */
static void report_prefilter(struct engine *e, uint32_t pod, const char *reason, uint32_t total)
{
	struct strbuf msg;

	sb_init(&msg);
	sb_printf(&msg,
		  "0/%u nodes are available: %s. preemption: 0/%u nodes are available: %u "
		  "Preemption is not helpful for scheduling.",
		  total, reason, total, total);
	fail_scheduling(e, pod, &msg,
			"its volumes are not ready; the pod waits until its claims change");
}

/*
 * The system default topology spread counts the pods of the pod's controller
 * (not a DaemonSet's or a Job's): per node, counted only when the cache holds
 * another owner's. No owner: all zero.
 */
static const uint32_t *spread_counts(struct engine *e, const struct pod *p)
{
	struct cluster *c = e->c;
	uint32_t len = cluster_len(c, KIND_NODE) + 1;
	enum kind kind = (enum kind)p->meta.owner_kind;
	const struct meta *o = kind == KIND_DS || kind == KIND_JOB ? NULL : cluster_owner(c, &p->meta);
	struct ref r;

	if (!o) {
		xgrow(&e->scratch, &e->scratch_cap, len, sizeof *e->scratch);
		return e->scratch; /* zeroed */
	}
	r = cluster_ref(c, kind, p->meta.owner);
	if (e->spread.valid && e->spread.kind == kind && e->spread.owner.idx == r.idx &&
	    e->spread.owner.gen == r.gen && e->spread.cap >= len)
		return e->spread.count;
	xgrow(&e->spread.count, &e->spread.cap, len, sizeof *e->spread.count);
	memset(e->spread.count, 0, e->spread.cap * sizeof *e->spread.count);
	count_pods_per_node(c, o, e->spread.count);
	e->spread.valid = true;
	e->spread.kind = (uint8_t)kind;
	e->spread.owner = r;
	return e->spread.count;
}

/* Picks the best feasible node; ties at random (reservoir sampling), as the scheduler does. */
static uint32_t pick(struct engine *e, uint32_t n, const uint32_t *spread)
{
	uint32_t max_spread = 0, min_spread = UINT32_MAX, best = NONE32, ties = 0;
	int64_t best_score = -1;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t sp = spread[e->feasible[i].node];
		max_spread = sp > max_spread ? sp : max_spread;
		min_spread = sp < min_spread ? sp : min_spread;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ni = e->feasible[i].node;
		/* PodTopologySpread x2: fewer of the owner's pods on a node scores higher. */
		int64_t sc = e->feasible[i].score +
			     (max_spread
				  ? 2 * 100 * (int64_t)(max_spread + min_spread - spread[ni]) /
					max_spread
				  : 2 * 100);
		if (sc > best_score) {
			best_score = sc;
			best = ni;
			ties = 1;
		} else if (sc == best_score && cluster_rand(e->c, ++ties) == 0) {
			best = ni;
		}
	}
	return best;
}

/*
 * A pod with spec.nodeName is not the scheduler's: that node's kubelet runs
 * it, without a Scheduled event. With no such node it stays Pending until
 * the node is added.
 */
static void bind_as_written(struct engine *e, uint32_t pod, uint32_t node_name)
{
	struct cluster *c = e->c;
	uint32_t node = cluster_find(c, KIND_NODE, 0, node_name);
	struct pod *p;

	if (node == NONE32) {
		remember_unschedulable(e, pod); /* bound when the node appears */
		return;
	}
	cluster_pod_bind(c, pod, node);
	p = cluster_get(c, KIND_POD, pod);
	p->scheduled_ms = c->now_ms;
	cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
	engine_enqueue(e, CTRL_KUBELET, pod);
}

static void scheduler_reconcile(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	uint32_t counts[REJ_COUNT] = { 0 };
	const struct taint *taint = NULL;
	uint32_t total = cluster_count(c, KIND_NODE), len = cluster_len(c, KIND_NODE);
	uint32_t want = nodes_to_find(total), found = 0, k, best;
	const struct podspec *s;
	const uint32_t *spread;
	bool keep;

	if (!p || p->node != NONE32 || p->meta.deleted_ms != TIME_NONE ||
	    (p->flags & POD_UNSCHEDULABLE))
		return;
	e->stats.touched++;
	s = cluster_spec(c, p->spec);
	if (s->node_name) {
		bind_as_written(e, pod, s->node_name);
		return;
	}
	/* VolumeBinding's PreFilter: every claim must exist and be bound (Immediate binding). */
	struct strbuf vol;
	sb_init(&vol);
	if (volumes_unbound(e, p, &vol)) {
		report_prefilter(e, pod, vol.data, total);
		sb_free(&vol);
		return;
	}
	sb_free(&vol);
	spread = spread_counts(e, p);
	xgrow(&e->feasible, &e->feasible_cap, want + 1, sizeof *e->feasible);
	/* NodeAffinity's PreFilter: a pod pinned by matchFields metadata.name looks at that node only. */
	uint32_t only = p->pin_node ? cluster_find(c, KIND_NODE, 0, p->pin_node) : NONE32;
	if (p->pin_node)
		counts[REJ_AFFINITY] += total - (only != NONE32);
	uint32_t span = p->pin_node ? 1 : len;
	for (k = 0; k < span && found < want; k++) {
		uint32_t ni = p->pin_node ? only : (e->sched_start + k) % len;
		const struct node *n = ni == NONE32 ? NULL : cluster_get(c, KIND_NODE, ni);
		if (!n)
			continue;
		e->stats.nodes_scored++;
		enum reject r = filter(e, p, s, n, &taint);
		if (r != REJ_NONE) {
			counts[r]++;
			continue;
		}
		e->feasible[found].node = ni;
		e->feasible[found++].score = score(e, p, s, n);
	}
	best = found ? pick(e, found, spread) : NONE32;
	/* The next search starts where this one stopped (nextStartNodeIndex). */
	if (!p->pin_node)
		e->sched_start = (e->sched_start + k) % (len ? len : 1);
	if (best == NONE32) {
		report_unschedulable(e, pod, counts, taint, total);
		return;
	}
	cluster_pod_bind(c, pod, best);
	p = cluster_get(c, KIND_POD, pod);
	p->scheduled_ms = c->now_ms;
	cluster_event(c, KIND_POD, pod, EVENT_NORMAL, "Scheduled", SRC,
		      "Successfully assigned %s/%s to %s", p->meta.ns, p->meta.name,
		      ((struct node *)cluster_get(c, KIND_NODE, best))->meta.name);
	keep = e->spread.valid && spread == e->spread.count;
	cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
	if (keep) { /* the change was this placement: the counts follow it */
		e->spread.valid = true;
		e->spread.count[best]++;
	}
	engine_enqueue(e, CTRL_KUBELET, pod);
}

static void scheduler_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	const struct pod *p;

	if (kind == KIND_NODE || kind == KIND_PVC) {
		e->spread.valid &= kind != KIND_NODE;
		if (change != CHANGE_DELETED)
			scheduler_retry_unschedulable(e);
		return;
	}
	if (kind != KIND_POD)
		return;
	p = cluster_get(e->c, KIND_POD, idx);
	if (p->meta.owner_kind == KIND_NONE ||
	    (p->meta.owner_kind == e->spread.kind && p->meta.owner == e->spread.owner.idx))
		e->spread.valid = false;
	if (p->node == NONE32 && change == CHANGE_ADDED)
		engine_enqueue(e, CTRL_SCHEDULER, idx);
	/* Room may have been freed: a terminal or departing pod. */
	if (e->nunsched && p->node != NONE32 && (change == CHANGE_DELETED || !pod_is_active(p)))
		scheduler_retry_unschedulable(e);
}

const struct controller controller_scheduler = {
	.name = "default-scheduler",
	.kind = KIND_POD,
	.reconcile = scheduler_reconcile,
	.watch = scheduler_watch,
};
