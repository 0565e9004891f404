/*
 * The DaemonSet controller (pkg/controller/daemon): one pod on every node
 * that should run it. A node should run the daemon pod when the template's
 * nodeName, nodeSelector and required affinity match and every NoSchedule and
 * NoExecute taint is tolerated (with the tolerations the controller adds);
 * a pod already there stays while its NoExecute taints are tolerated. Pods
 * are pinned to their node with node affinity and bound by the scheduler.
 * Template changes roll out node by node (RollingUpdate, maxUnavailable) or
 * wait for deletions (OnDelete).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char SRC[] = "daemonset-controller";

struct node_pods {
	uint32_t n, cap;
	uint32_t *pods;
};

/*
 * nodeShouldRunDaemonPod: (should run, should continue running) for this template; *noexec
 * (when asked) gets the key of a NoExecute taint the pod does not tolerate, 0 if none.
 */
static void should_run(const struct engine *e, const struct podspec *s, const struct node *n,
		       bool *run, bool *keep, uint32_t *noexec)
{
	const struct cluster *c = e->c;
	struct pod probe = { .flags = POD_DAEMON };
	int64_t secs;

	*run = *keep = (!s->node_name || s->node_name == n->meta.name) &&
		       scheduler_node_affinity(c, NULL, s, n);
	for (uint32_t i = 0; i < n->ntaints && (*run || *keep); i++) {
		const struct taint *t = &n->taints[i];
		if (t->effect == EFFECT_PREFER_NO_SCHEDULE || pod_tolerates(e, &probe, s, t, &secs))
			continue;
		*run = false;
		if (t->effect == EFFECT_NO_EXECUTE && *keep) {
			*keep = false;
			if (noexec)
				*noexec = t->key;
		}
	}
}

static void create_on(struct engine *e, uint32_t ds, uint32_t node)
{
	struct cluster *c = e->c;
	struct daemonset *d = cluster_get(c, KIND_DS, ds);
	struct template tpl = d->tpl;
	struct strbuf name;
	uint32_t rev = template_revision(c, &tpl), pod;
	struct pod *p;
	const struct node *n = cluster_get(c, KIND_NODE, node);
	uint32_t node_name = n->meta.name;

	/* The label is the ControllerRevision's hash, its name without "<ds>-". */
	sb_init(&name);
	cluster_revision_name(c, d->meta.name, rev, &name);
	tpl.labels = labels_with(c->labels, tpl.labels, cluster_intern(c, "controller-revision-hash"),
				 cluster_intern(c, name.data + strlen(cluster_str(c, d->meta.name)) + 1));
	sb_free(&name);
	pod = pod_refused(e, KIND_DS, ds, &tpl, 0, SRC) ? NONE32
							: pod_create(e, KIND_DS, ds, &tpl, 0);
	if (pod == NONE32)
		return;
	p = cluster_get(c, KIND_POD, pod);
	p->pin_node = node_name;
	p->flags |= POD_DAEMON;
	p->revision = rev;
	struct event *ev = cluster_event(c, KIND_DS, ds, EVENT_NORMAL, "SuccessfulCreate", SRC,
					 "Created pod: %s", p->meta.name);
	event_why(ev, "node %s should run a daemon pod and has none", node_name);
}

static void delete_pod(struct engine *e, uint32_t ds, uint32_t pod, const char *why, uint32_t arg,
		       uint32_t arg2)
{
	struct cluster *c = e->c;
	const struct pod *p = cluster_get(c, KIND_POD, pod);
	struct event *ev = cluster_event(c, KIND_DS, ds, EVENT_NORMAL, "SuccessfulDelete", SRC,
					 "Deleted pod: %s", p->meta.name);
	event_why(ev, why, arg, arg2);
	pod_delete(e, pod, -1);
}

static bool available(const struct cluster *c, const struct daemonset *d, const struct pod *p)
{
	return pod_is_ready(p) && p->ready_ms + (int64_t)d->min_ready_s * 1000 <= c->now_ms;
}

/* Groups the set's live pods by the node they are pinned to. */
static struct node_pods *pods_by_node(struct engine *e, const struct daemonset *d)
{
	struct cluster *c = e->c;
	struct node_pods *by = xcalloc(cluster_len(c, KIND_NODE) + 1, sizeof *by);

	for (uint32_t i = d->meta.kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		uint32_t node = cluster_find(c, KIND_NODE, 0, p->pin_node);
		uint32_t slot = node == NONE32 ? cluster_len(c, KIND_NODE) : node;
		e->stats.touched++;
		xgrow(&by[slot].pods, &by[slot].cap, by[slot].n + 1, sizeof *by[slot].pods);
		by[slot].pods[by[slot].n++] = i;
		i = p->meta.sib_next;
	}
	return by;
}

static void free_by_node(struct node_pods *by, uint32_t n)
{
	for (uint32_t i = 0; i <= n; i++)
		free(by[i].pods);
	free(by);
}

/* Per node: create the missing pod, drop finished, duplicate and unwanted ones. */
static void manage_node(struct engine *e, uint32_t ds, uint32_t node, const struct node_pods *np)
{
	struct cluster *c = e->c;
	const struct daemonset *d = cluster_get(c, KIND_DS, ds);
	const struct node *n = cluster_get(c, KIND_NODE, node);
	bool run, keep, have = false;
	uint32_t oldest = NONE32, noexec = 0;

	should_run(e, cluster_spec(c, d->tpl.spec), n, &run, &keep, &noexec);
	for (uint32_t k = 0; k < np->n; k++) {
		const struct pod *p = cluster_get(c, KIND_POD, np->pods[k]);
		if (p->meta.deleted_ms != TIME_NONE)
			continue;
		if (!keep && noexec) {
			delete_pod(e, ds, np->pods[k],
				   "node %s has taint %s:NoExecute and the daemon pod does not "
				   "tolerate it",
				   n->meta.name, noexec);
		} else if (!keep) {
			delete_pod(e, ds, np->pods[k],
				   "node %s no longer matches the template's nodeName, nodeSelector "
				   "or node affinity",
				   n->meta.name, 0);
		} else if (p->phase == PHASE_FAILED || p->phase == PHASE_SUCCEEDED) {
			if (p->phase == PHASE_FAILED)
				cluster_event(
				    c, KIND_DS, ds, EVENT_WARNING, "FailedDaemonPod", SRC,
				    "Found failed daemon pod %s/%s on node %s, will try to kill it",
				    p->meta.ns, p->meta.name, n->meta.name);
			delete_pod(e, ds, np->pods[k],
				   "the daemon pod on %s finished; it is replaced", n->meta.name, 0);
		} else if (oldest == NONE32) {
			oldest = np->pods[k];
			have = true;
		} else {
			delete_pod(e, ds, np->pods[k],
				   "more than one daemon pod on %s; the oldest stays", n->meta.name, 0);
		}
		d = cluster_get(c, KIND_DS, ds);
	}
	if (run && !have)
		create_on(e, ds, node);
}

int32_t engine_ds_max_unavailable(const struct daemonset *d, int32_t desired)
{
	int32_t m = d->max_unavailable;

	if (d->max_unavailable_pct)
		m = (int32_t)(((int64_t)desired * m + 99) / 100);
	return m < 1 && !(d->max_surge > 0) ? 1 : m;
}

/* RollingUpdate with maxSurge 0 (daemon/update.go rollingUpdate): by node name order. */
static void rolling_update(struct engine *e, uint32_t ds, struct node_pods *by)
{
	struct cluster *c = e->c;
	const struct daemonset *d = cluster_get(c, KIND_DS, ds);
	uint32_t rev = template_revision(c, &d->tpl), len = cluster_len(c, KIND_NODE);
	int32_t desired = 0, unavailable = 0, limit;

	for (uint32_t i = 0; i < len; i++) {
		const struct node *n = cluster_get(c, KIND_NODE, i);
		bool run, keep, ok = false;
		if (!n)
			continue;
		should_run(e, cluster_spec(c, d->tpl.spec), n, &run, &keep, NULL);
		if (!run)
			continue;
		desired++;
		for (uint32_t k = 0; k < by[i].n; k++) {
			const struct pod *p = cluster_get(c, KIND_POD, by[i].pods[k]);
			ok |= p->meta.deleted_ms == TIME_NONE && available(c, d, p);
		}
		unavailable += !ok;
	}
	limit = engine_ds_max_unavailable(d, desired);
	for (uint32_t i = 0; i < len; i++) {
		for (uint32_t k = 0; k < by[i].n; k++) {
			const struct pod *p = cluster_get(c, KIND_POD, by[i].pods[k]);
			if (p->meta.deleted_ms != TIME_NONE || p->revision == rev)
				continue;
			if (!available(c, d, p)) {
				delete_pod(e, ds, by[i].pods[k],
					   "rolling update: old pod on %s is unavailable anyway",
					   ((struct node *)cluster_get(c, KIND_NODE, i))->meta.name, 0);
			} else if (unavailable < limit) {
				unavailable++;
				delete_pod(
				    e, ds, by[i].pods[k],
				    "rolling update: replacing the pod on %s within maxUnavailable",
				    ((struct node *)cluster_get(c, KIND_NODE, i))->meta.name, 0);
			}
			d = cluster_get(c, KIND_DS, ds);
		}
	}
}

static void update_status(struct engine *e, uint32_t ds, const struct node_pods *by)
{
	struct cluster *c = e->c;
	struct daemonset *d = cluster_get(c, KIND_DS, ds);
	uint32_t rev = template_revision(c, &d->tpl), len = cluster_len(c, KIND_NODE);
	int32_t desired = 0, current = 0, mis = 0, ready = 0, updated = 0, avail = 0;
	int64_t next = TIME_NONE;

	for (uint32_t i = 0; i < len; i++) {
		const struct node *n = cluster_get(c, KIND_NODE, i);
		bool run, keep, has = false, is_ready = false, is_avail = false, is_updated = false;
		if (!n)
			continue;
		should_run(e, cluster_spec(c, d->tpl.spec), n, &run, &keep, NULL);
		for (uint32_t k = 0; k < by[i].n; k++) {
			const struct pod *p = cluster_get(c, KIND_POD, by[i].pods[k]);
			if (!p || p->meta.deleted_ms != TIME_NONE || pod_is_terminal(p))
				continue;
			has = true;
			is_ready |= pod_is_ready(p);
			is_avail |= available(c, d, p);
			is_updated |= p->revision == rev;
			if (pod_is_ready(p) && !available(c, d, p)) {
				int64_t at = p->ready_ms + (int64_t)d->min_ready_s * 1000;
				next = next == TIME_NONE || at < next ? at : next;
			}
		}
		desired += run;
		current += run && has;
		mis += !run && has;
		ready += run && is_ready;
		avail += run && is_avail;
		updated += run && is_updated;
	}
	if (next != TIME_NONE)
		engine_timer(e, CTRL_DS, ds, next);
	if (d->status.desired != desired || d->status.current != current ||
	    d->status.misscheduled != mis || d->status.ready != ready ||
	    d->status.updated != updated || d->status.available != avail ||
	    d->status.observed_generation != d->meta.generation) {
		d->status.desired = desired;
		d->status.current = current;
		d->status.misscheduled = mis;
		d->status.ready = ready;
		d->status.updated = updated;
		d->status.available = avail;
		d->status.unavailable = desired - avail;
		d->status.observed_generation = d->meta.generation;
		cluster_touch(c, KIND_DS, ds);
	}
}

/* cleanupHistory: the current revision and those pods run are kept. */
static void prune_history(struct engine *e, uint32_t ds)
{
	struct cluster *c = e->c;
	struct daemonset *d = cluster_get(c, KIND_DS, ds);
	uint32_t live[64], n = history_live(c, &d->meta, live, ARRAY_LEN(live) - 1);

	live[n++] = template_revision(c, &d->tpl);
	history_prune(e, KIND_DS, ds, d->history_limit, live, n);
}

static void ds_reconcile(struct engine *e, uint32_t ds)
{
	struct cluster *c = e->c;
	const struct daemonset *d = cluster_get(c, KIND_DS, ds);
	uint32_t len = cluster_len(c, KIND_NODE);
	struct node_pods *by;

	if (!d || d->meta.deleted_ms != TIME_NONE)
		return;
	e->stats.touched++;
	history_record(e, KIND_DS, ds, &d->tpl);
	d = cluster_get(c, KIND_DS, ds);
	by = pods_by_node(e, d);
	/* Pods whose node is gone. */
	for (uint32_t k = 0; k < by[len].n; k++)
		if (((struct pod *)cluster_get(c, KIND_POD, by[len].pods[k]))->meta.deleted_ms ==
		    TIME_NONE)
			delete_pod(e, ds, by[len].pods[k], "its node no longer exists", 0, 0);
	for (uint32_t i = 0; i < len; i++)
		if (cluster_get(c, KIND_NODE, i))
			manage_node(e, ds, i, &by[i]);
	d = cluster_get(c, KIND_DS, ds);
	if (d->strategy == DS_ROLLING_UPDATE)
		rolling_update(e, ds, by);
	free_by_node(by, len);
	d = cluster_get(c, KIND_DS, ds);
	by = pods_by_node(e, d);
	update_status(e, ds, by);
	free_by_node(by, len);
	prune_history(e, ds);
}

/* Status-only pod changes are synced in batches, as the Job controller batches (syncJobBatchPeriod). */
#define STATUS_BATCH_MS 1000

static void ds_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;

	if (kind == KIND_DS && change != CHANGE_DELETED) {
		engine_enqueue(e, CTRL_DS, idx);
	} else if (kind == KIND_NODE) {
		for (uint32_t i = 0; i < cluster_len(c, KIND_DS); i++)
			engine_enqueue(e, CTRL_DS, i);
	} else if (kind == KIND_POD) {
		const struct pod *p = cluster_get(c, KIND_POD, idx);
		struct daemonset *d = (struct daemonset *)cluster_owner(c, &p->meta);
		if (p->meta.owner_kind != KIND_DS || !d)
			return;
		/* A pod gone, going or finished, or a rollout waiting for one, needs a decision now;
		 * otherwise a starting pod only moves the status. */
		if (change != CHANGE_UPDATED || !pod_is_active(p) ||
		    d->status.updated < d->status.desired) {
			engine_enqueue(e, CTRL_DS, p->meta.owner);
		} else if (d->ctl.sync_at <= c->now_ms) {
			d->ctl.sync_at = c->now_ms + STATUS_BATCH_MS;
			engine_timer(e, CTRL_DS, p->meta.owner, d->ctl.sync_at);
		}
	}
}

const struct controller controller_ds = {
	.name = "daemonset-controller",
	.kind = KIND_DS,
	.reconcile = ds_reconcile,
	.watch = ds_watch,
};
