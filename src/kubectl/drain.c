/*
 * kubectl drain (NODE... | -l SELECTOR) [--ignore-daemonsets] [--force]
 * [--delete-emptydir-data] [--grace-period N]: cordon every node, then
 * evict the pods on each, after kubectl's filters (pkg/drain/filters.go):
 * DaemonSet pods are never evicted and need --ignore-daemonsets, pods that
 * declare no controller need --force, finished pods always go. ksim does
 * not model emptyDir volumes, so --delete-emptydir-data changes nothing.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "write.h"

struct drain_opts {
	bool ignore_daemonsets, force;
	int64_t grace_s; /* -1: each pod's own */
};

/* What a filter decided about a pod; messages are grouped per outcome. */
enum verdict { EVICT, SKIP_DAEMON, FAIL_DAEMON, EVICT_UNMANAGED, FAIL_UNMANAGED, NVERDICTS };

static const struct {
	const char *msg;
	bool evict, error;
} verdicts[NVERDICTS] = {
	[EVICT] = { NULL, true, false },
	[SKIP_DAEMON] = { "ignoring DaemonSet-managed Pods", false, false },
	[FAIL_DAEMON] = { "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
			  false, true },
	[EVICT_UNMANAGED] = { "deleting Pods that declare no controller", true, false },
	[FAIL_UNMANAGED] = { "cannot delete Pods that declare no controller (use --force to override)",
			     false, true },
};

static bool pod_finished(const struct pod *p)
{
	return p->phase == PHASE_SUCCEEDED || p->phase == PHASE_FAILED;
}

/* daemonSetFilter, then unreplicatedFilter. */
static enum verdict judge(const struct drain_opts *o, const struct pod *p)
{
	if (pod_finished(p))
		return EVICT;
	if (p->meta.owner_kind == KIND_DS)
		return o->ignore_daemonsets ? SKIP_DAEMON : FAIL_DAEMON;
	if (p->meta.owner_kind == KIND_NONE)
		return o->force ? EVICT_UNMANAGED : FAIL_UNMANAGED;
	return EVICT;
}

/* The node's pods, listed as the API server lists them (namespace, then name). */
static void node_pods(struct kubectl *k, uint32_t node, struct objlist *out)
{
	struct kubectl all = *k;
	struct objlist ol;

	all.all_namespaces = true;
	objlist_collect(&all, KIND_POD, NULL, &ol);
	out->idx = ol.idx;
	out->n = 0;
	for (uint32_t i = 0; i < ol.n; i++)
		if (((const struct pod *)cluster_get(k->c, KIND_POD, ol.idx[i]))->node == node)
			out->idx[out->n++] = ol.idx[i];
}

/* One line per outcome that has pods, "msg: ns/a, ns/b" (PodDeleteList). Returns the count. */
static int group(const struct cluster *c, const struct objlist *pods, const enum verdict *v,
		 bool errors, struct strbuf *out)
{
	int groups = 0;

	for (int d = 0; d < NVERDICTS; d++) {
		int n = 0;
		if (!verdicts[d].msg || verdicts[d].error != errors)
			continue;
		for (uint32_t i = 0; i < pods->n; i++) {
			const struct meta *m = cluster_meta(c, KIND_POD, pods->idx[i]);
			if (v[i] != (enum verdict)d)
				continue;
			if (n++)
				sb_add(out, ", ");
			else
				sb_printf(out, "%s: ", verdicts[d].msg);
			fmt_ns_name(c, m->ns, m->name, out);
		}
		if (n) {
			sb_addc(out, '\n');
			groups++;
		}
	}
	return groups;
}

/* The lines of text joined by sep, without the last newline. */
static void join_lines(const char *text, const char *sep, struct strbuf *out)
{
	for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1) {
		sb_addn(out, text, (size_t)(nl - text));
		if (nl[1])
			sb_add(out, sep);
	}
}

/* evictPods: "evicting pod" for each, then "evicted" as each goes (at once in ksim). */
static void evict(struct kubectl *k, const struct drain_opts *o, const struct objlist *pods,
		  const enum verdict *v)
{
	for (uint32_t i = 0; i < pods->n; i++) {
		const struct meta *m = cluster_meta(k->c, KIND_POD, pods->idx[i]);
		if (!verdicts[v[i]].evict)
			continue;
		sb_add(k->out, "evicting pod ");
		fmt_ns_name(k->c, m->ns, m->name, k->out);
		sb_addc(k->out, '\n');
	}
	for (uint32_t i = 0; i < pods->n; i++) {
		const struct meta *m = cluster_meta(k->c, KIND_POD, pods->idx[i]);
		uint32_t name;
		/* Gone already (an eviction can finish another pod's owner): nothing to evict. */
		if (!verdicts[v[i]].evict || !m)
			continue;
		name = m->name;
		if (o->grace_s < 0)
			engine_pod_evict(k->e, pods->idx[i]);
		else
			engine_delete(k->e, KIND_POD, pods->idx[i], PROPAGATE_BACKGROUND, o->grace_s);
		sb_printf(k->out, "pod/%s evicted\n", cluster_str(k->c, name));
	}
}

/*
 * deleteOrEvictPodsSimple for one node: 0 when drained, else 1 with each
 * error message on its own line in errors.
 */
static int drain_node(struct kubectl *k, const struct drain_opts *o, uint32_t node,
		      struct strbuf *errors)
{
	struct objlist pods;
	enum verdict *v;
	struct strbuf warn;
	int nerr;

	node_pods(k, node, &pods);
	v = xmalloc(((size_t)pods.n + 1) * sizeof *v);
	for (uint32_t i = 0; i < pods.n; i++)
		v[i] = judge(o, cluster_get(k->c, KIND_POD, pods.idx[i]));
	nerr = group(k->c, &pods, v, true, errors);
	if (!nerr) {
		sb_init(&warn);
		if (group(k->c, &pods, v, false, &warn)) {
			sb_add(k->err, "Warning: ");
			join_lines(warn.data, "; ", k->err);
			sb_addc(k->err, '\n');
		}
		sb_free(&warn);
		evict(k, o, &pods, v);
	}
	free(v);
	objlist_free(&pods);
	return nerr;
}

struct nodes {
	uint32_t *v;
	uint32_t n, cap;
};

static int collect_node(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	struct nodes *ns = ctx;

	(void)k;
	(void)kind;
	xgrow(&ns->v, &ns->cap, ns->n + 1, sizeof *ns->v);
	ns->v[ns->n++] = idx;
	return 0;
}

/*
 * RunDrain: cordon all, then drain each, then name the nodes left and the
 * errors: a single node's messages one a line, else one line per node
 * (utilerrors.Aggregate as cmdutil.CheckErr prints it).
 */
static int drain_all(struct kubectl *k, const struct drain_opts *o, const struct nodes *ns)
{
	struct strbuf pending, lines, one;
	int failed = 0;

	for (uint32_t i = 0; i < ns->n; i++)
		node_cordon(k, ns->v[i], true);
	sb_init(&pending);
	sb_init(&lines);
	sb_init(&one);
	for (uint32_t i = 0; i < ns->n; i++) {
		const char *name = cluster_str(k->c, cluster_meta(k->c, KIND_NODE, ns->v[i])->name);
		struct strbuf errors, why;
		int n;
		sb_init(&errors);
		sb_init(&why);
		n = drain_node(k, o, ns->v[i], &errors);
		if (n) {
			sb_add(&why, n > 1 ? "[" : "");
			join_lines(errors.data, ", ", &why);
			sb_add(&why, n > 1 ? "]" : "");
			sb_printf(k->err,
				  "error: unable to drain node \"%s\" due to error: %s, continuing "
				  "command...\n",
				  name, why.data);
			sb_printf(&pending, " %s\n", name);
			sb_printf(&lines, "%s\n", why.data);
			sb_add(&one, errors.data);
			failed++;
		} else {
			sb_printf(k->out, "node/%s drained\n", name);
		}
		sb_free(&errors);
		sb_free(&why);
	}
	if (failed)
		sb_printf(k->err, "There are pending nodes to be drained:\n%s%s", pending.data,
			  failed == 1 ? one.data : lines.data);
	sb_free(&pending);
	sb_free(&lines);
	sb_free(&one);
	return failed ? 1 : 0;
}

static int drain_exec(struct kubectl *k, int argc, char **argv)
{
	struct drain_opts o = { .grace_s = -1 };
	struct nodes ns = { 0 };
	const char *selector = NULL, *grace = NULL, *timeout = NULL;
	bool emptydir = false, local_data = false;
	const struct kubectl_flag flags[] = {
		{ "l", "selector", &selector, NULL },
		{ NULL, "ignore-daemonsets", NULL, &o.ignore_daemonsets },
		{ NULL, "force", NULL, &o.force },
		{ NULL, "delete-emptydir-data", NULL, &emptydir },
		{ NULL, "delete-local-data", NULL, &local_data },
		{ NULL, "grace-period", &grace, NULL },
		/* Evictions in ksim finish at once; nothing to time out. */
		{ NULL, "timeout", &timeout, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	int rc;

	if (kubectl_flags(k, flags, &argc, argv) ||
	    (grace && kubectl_flag_int(k, "drain", "grace-period", grace, &o.grace_s)))
		return 1;
	if (local_data)
		sb_add(k->err,
		       "Flag --delete-local-data has been deprecated, This option is deprecated and "
		       "will be deleted. Use --delete-emptydir-data.\n");
	rc = pick_nodes(k, "drain", selector, argc, argv, collect_node, &ns);
	if (!rc)
		rc = drain_all(k, &o, &ns);
	free(ns.v);
	return rc;
}

const struct kubectl_verb kubectl_drain = {
	.name = "drain",
	.usage = "drain NODE [--ignore-daemonsets] [--force] [--delete-emptydir-data] "
		 "[--grace-period N]",
	.summary = "Drain node in preparation for maintenance",
	.exec = drain_exec,
};
