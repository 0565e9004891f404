/*
 * Node lifecycle and taint-based eviction (pkg/controller/nodelifecycle,
 * pkg/controller/tainteviction). A node whose kubelet stops reporting turns
 * Ready=Unknown after the node monitor grace period (40 s in 1.29-1.31) and
 * is tainted node.kubernetes.io/unreachable NoSchedule and NoExecute; its pods
 * turn not Ready. Each pod is evicted when its toleration of the NoExecute
 * taint runs out (300 s by default; DaemonSet pods tolerate it forever).
 * No heartbeats are simulated: one timer at the instant the grace ends.
 */
#include <string.h>

#include "internal.h"

static const char NODE_SRC[] = "node-controller";
static const char EVICT_SRC[] = "taint-eviction-controller";

static bool has_taint(const struct node *n, uint32_t key, enum taint_effect effect)
{
	for (uint32_t i = 0; i < n->ntaints; i++)
		if (n->taints[i].key == key && n->taints[i].effect == effect)
			return true;
	return false;
}

static void add_taint(struct cluster *c, struct node *n, uint32_t key, enum taint_effect effect)
{
	if (has_taint(n, key, effect))
		return;
	n->taints = xrealloc(n->taints, (n->ntaints + 1) * sizeof *n->taints);
	n->taints[n->ntaints++] = (struct taint){ key, 0, effect, c->now_ms };
}

static void remove_taints(struct node *n, uint32_t key)
{
	uint32_t m = 0;

	for (uint32_t i = 0; i < n->ntaints; i++)
		if (n->taints[i].key != key)
			n->taints[m++] = n->taints[i];
	n->ntaints = m;
}

static void mark_pods(struct engine *e, uint32_t node, bool lost)
{
	struct cluster *c = e->c;
	const struct node *n = cluster_get(c, KIND_NODE, node);

	for (uint32_t i = n->pods; i != NONE32;) {
		struct pod *p = cluster_get(c, KIND_POD, i);
		uint32_t next = p->node_next;
		/*
		 * MarkPodsNotReady sets only the pod's Ready condition to False: the containers'
		 * statuses are the kubelet's, and it is gone (pkg/controller/util/node/controller_utils.go).
		 */
		if (lost && !pod_is_terminal(p)) {
			p->flags |= POD_NODE_LOST;
			struct event *ev = cluster_event(c, KIND_POD, i, EVENT_WARNING,
							 "NodeNotReady", NODE_SRC,
							 "Node is not ready");
			event_why(ev, "node %s stopped reporting; its pods are no longer Ready",
				  n->meta.name);
		} else {
			p->flags &= (uint8_t)~POD_NODE_LOST;
		}
		cluster_changed(c, KIND_POD, i, CHANGE_UPDATED);
		if (!lost)
			engine_enqueue(e, CTRL_KUBELET, i);
		i = next;
	}
}

static void node_reconcile(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct node *n = cluster_get(c, KIND_NODE, idx);
	struct event *ev;

	if (!n)
		return;
	e->stats.touched++;
	if (!n->kubelet_up) {
		int64_t due = n->heartbeat_ms + e->cfg.node_monitor_grace_ms;
		if (c->now_ms < due) {
			engine_timer(e, CTRL_NODE_LIFECYCLE, idx, due);
			return;
		}
		if (n->ready == NODE_UNKNOWN)
			return;
		n->ready = NODE_UNKNOWN;
		n->transition_ms = c->now_ms;
		add_taint(c, n, c->s.taint_unreachable, EFFECT_NO_SCHEDULE);
		add_taint(c, n, c->s.taint_unreachable, EFFECT_NO_EXECUTE);
		ev = cluster_event(c, KIND_NODE, idx, EVENT_NORMAL, "NodeNotReady", NODE_SRC,
				   "Node %s status is now: NodeNotReady", n->meta.name);
		event_why(ev, "no status from the kubelet for %d s (node-monitor-grace-period)",
			  e->cfg.node_monitor_grace_ms / 1000);
		cluster_changed(c, KIND_NODE, idx, CHANGE_UPDATED);
		mark_pods(e, idx, true);
		return;
	}
	if (n->ready == NODE_READY)
		return;
	n->ready = NODE_READY;
	n->transition_ms = c->now_ms;
	remove_taints(n, c->s.taint_unreachable);
	remove_taints(n, c->s.taint_not_ready);
	ev = cluster_event(c, KIND_NODE, idx, EVENT_NORMAL, "NodeReady", NODE_SRC,
			   "Node %s status is now: NodeReady", n->meta.name);
	event_why(ev, "the kubelet reports again");
	cluster_changed(c, KIND_NODE, idx, CHANGE_UPDATED);
	mark_pods(e, idx, false);
}

static void node_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	if (kind == KIND_NODE && change == CHANGE_ADDED)
		engine_enqueue(e, CTRL_NODE_LIFECYCLE, idx);
}

const struct controller controller_node_lifecycle = {
	.name = "node-controller",
	.kind = KIND_NODE,
	.reconcile = node_reconcile,
	.watch = node_watch,
};

void engine_node_fail(struct engine *e, uint32_t node)
{
	struct cluster *c = e->c;
	struct node *n = cluster_get(c, KIND_NODE, node);

	if (!n || !n->kubelet_up)
		return;
	n->kubelet_up = false;
	n->heartbeat_ms = c->now_ms;
	cluster_changed(c, KIND_NODE, node, CHANGE_UPDATED);
	engine_enqueue(e, CTRL_NODE_LIFECYCLE, node);
}

void engine_node_recover(struct engine *e, uint32_t node)
{
	struct cluster *c = e->c;
	struct node *n = cluster_get(c, KIND_NODE, node);

	if (!n || n->kubelet_up)
		return;
	n->kubelet_up = true;
	n->heartbeat_ms = c->now_ms;
	cluster_changed(c, KIND_NODE, node, CHANGE_UPDATED);
	engine_enqueue(e, CTRL_NODE_LIFECYCLE, node);
	/* Pods deleted while it was away are finished now that the kubelet is back. */
	for (uint32_t i = n->pods; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		uint32_t next = p->node_next;
		engine_enqueue(e, CTRL_KUBELET, i);
		i = next;
	}
}

void engine_node_cordon(struct engine *e, uint32_t node, bool on)
{
	struct cluster *c = e->c;
	struct node *n = cluster_get(c, KIND_NODE, node);

	if (!n || n->unschedulable == on)
		return;
	n->unschedulable = on;
	/* The node controller mirrors spec.unschedulable as a NoSchedule taint. */
	if (on)
		add_taint(c, n, c->s.taint_unschedulable, EFFECT_NO_SCHEDULE);
	else
		remove_taints(n, c->s.taint_unschedulable);
	/* The kubelet reports the change (pkg/kubelet/nodestatus/setters.go); a dead one cannot. */
	if (n->kubelet_up) {
		const char *now = on ? "NodeNotSchedulable" : "NodeSchedulable";
		struct event *ev = cluster_event(c, KIND_NODE, node, EVENT_NORMAL, now, "kubelet",
						 "Node %s status is now: %s", n->meta.name,
						 cluster_intern(c, now));
		event_why(ev, on ? "spec.unschedulable is true (cordon): no new pods are scheduled here"
				 : "spec.unschedulable is false (uncordon)");
	}
	cluster_changed(c, KIND_NODE, node, CHANGE_UPDATED);
}

void engine_pod_evict(struct engine *e, uint32_t pod)
{
	pod_delete(e, pod, -1);
}

/* --- taint-based eviction: keys are pods on nodes with NoExecute taints --- */

static void evict_reconcile(struct engine *e, uint32_t idx)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, idx);
	const struct node *n;
	const struct podspec *s;
	int64_t deadline = TIME_NONE, why_secs = -1;
	const struct taint *why = NULL;

	if (!p)
		return;
	p->evict_ms = TIME_NONE; /* set again below while a NoExecute taint still counts down */
	if (p->node == NONE32 || p->meta.deleted_ms != TIME_NONE || pod_is_terminal(p))
		return;
	e->stats.touched++;
	n = cluster_get(c, KIND_NODE, p->node);
	s = cluster_spec(c, p->spec);
	for (uint32_t i = 0; i < n->ntaints; i++) {
		const struct taint *t = &n->taints[i];
		int64_t secs, at;
		if (t->effect != EFFECT_NO_EXECUTE)
			continue;
		bool tolerated = pod_tolerates(e, p, s, t, &secs);
		if (tolerated && secs < 0)
			continue;
		at = tolerated ? t->added_ms + secs * 1000 : c->now_ms;
		if (deadline == TIME_NONE || at < deadline) {
			deadline = at;
			why = t;
			why_secs = tolerated ? secs : -1;
		}
	}
	p->evict_ms = deadline;
	if (deadline == TIME_NONE)
		return;
	if (deadline > c->now_ms) {
		engine_timer(e, CTRL_TAINT_EVICTION, idx, deadline);
		return;
	}
	struct event *ev = cluster_event(c, KIND_POD, idx, EVENT_NORMAL, "TaintManagerEviction",
					 EVICT_SRC, "Marking for deletion Pod %s/%s", p->meta.ns,
					 p->meta.name);
	/* A NoExecute taint not tolerated evicts at once; a tolerated one after tolerationSeconds. */
	if (why_secs < 0)
		event_why(ev, "node %s has taint %s:NoExecute and the pod does not tolerate it: "
			      "NoExecute evicts at once",
			  n->meta.name, why->key);
	else
		event_why(ev, "node %s has had taint %s:NoExecute since %t and the pod tolerates it "
			      "for %d s (tolerationSeconds): that time ran out",
			  n->meta.name, why->key, why->added_ms, why_secs);
	p->flags |= POD_EVICTED;
	pod_delete(e, idx, -1);
}

static void evict_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;
	const struct node *n;

	if (kind == KIND_POD && change != CHANGE_DELETED) {
		const struct pod *p = cluster_get(c, KIND_POD, idx);
		/* a pod that finished or is going has no eviction ahead: its deadline goes */
		if (p->evict_ms != TIME_NONE &&
		    (pod_is_terminal(p) || p->meta.deleted_ms != TIME_NONE))
			engine_enqueue(e, CTRL_TAINT_EVICTION, idx);
		return;
	}
	if (kind != KIND_NODE || change == CHANGE_DELETED)
		return;
	n = cluster_get(c, KIND_NODE, idx);
	bool noexec = false;
	for (uint32_t i = 0; i < n->ntaints; i++)
		noexec |= n->taints[i].effect == EFFECT_NO_EXECUTE;
	/* without NoExecute taints only the pods still counting down need a look (to stop) */
	for (uint32_t i = n->pods; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		if (noexec || p->evict_ms != TIME_NONE)
			engine_enqueue(e, CTRL_TAINT_EVICTION, i);
		i = p->node_next;
	}
}

const struct controller controller_taint_eviction = {
	.name = "taint-eviction-controller",
	.kind = KIND_POD,
	.reconcile = evict_reconcile,
	.watch = evict_watch,
};
