/*
 * One describer per kind, in the layout of kubectl 1.31's describe.go.
 * Each writes tab-separated text; describe.c aligns it.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "write.h"

struct dctx {
	const struct kubectl *k;
	const struct cluster *c;
	const struct meta *m;
	enum kind kind;
	struct strbuf *sb;
};

typedef void (*describe_fn)(const struct dctx *d);

static void line_time(const struct dctx *d, int level, const char *title, int64_t ms)
{
	dwrite(d->sb, level, "%s:\t", title);
	fmt_rfc1123z(ms, d->sb);
	sb_addc(d->sb, '\n');
}

static void name_ns(const struct dctx *d)
{
	dwrite(d->sb, 0, "Name:\t%s\n", cluster_str(d->c, d->m->name));
	dwrite(d->sb, 0, "Namespace:\t%s\n", cluster_str(d->c, d->m->ns));
}

static void labels_annotations(const struct dctx *d)
{
	describe_labels(d->c, d->sb, "", "Labels", d->m->labels);
	describe_annotations(d->c, d->sb, "Annotations", d->m->annotations);
}

static void controlled_by(const struct dctx *d)
{
	struct strbuf ctl;

	sb_init(&ctl);
	fmt_controller(d->c, d->m, &ctl);
	if (ctl.len)
		dwrite(d->sb, 0, "Controlled By:\t%s\n", ctl.data);
	sb_free(&ctl);
}

static void selector_line(const struct dctx *d, const char *title, const struct selector *sel,
			  bool none)
{
	dwrite(d->sb, 0, "%s:\t", title);
	if (none)
		fmt_selector(d->c, sel, d->sb);
	else
		selector_format(d->c->labels, sel, d->sb);
	sb_addc(d->sb, '\n');
}

/* --- pods --- */

static void describe_pod(const struct dctx *d)
{
	const struct cluster *c = d->c;
	const struct pod *p = (const struct pod *)d->m;
	const struct podspec *s = cluster_spec(c, p->spec);
	const struct node *n = p->node != NONE32 ? cluster_get(c, KIND_NODE, p->node) : NULL;
	struct condition conds[5];
	struct tol_view *tols = xcalloc(s->ntolerations + CLUSTER_NADDED_TOLERATIONS, sizeof *tols);
	uint32_t ntols = api_pod_tolerations(c, p, s, tols);
	int nconds = api_pod_conditions(c, p, conds);
	struct strbuf *sb = d->sb;
	bool terminal = p->phase == PHASE_SUCCEEDED || p->phase == PHASE_FAILED;

	name_ns(d);
	dwrite(sb, 0, "Priority:\t0\n");
	dwrite(sb, 0, "Service Account:\tdefault\n");
	if (n) {
		dwrite(sb, 0, "Node:\t%s/", cluster_str(c, n->meta.name));
		api_ip_format(n->ip, sb);
		sb_addc(sb, '\n');
	} else if (s->node_name) {
		dwrite(sb, 0, "Node:\t%s/\n", cluster_str(c, s->node_name)); /* no hostIP yet */
	} else {
		dwrite(sb, 0, "Node:\t<none>\n");
	}
	if (n && api_time_is_set(p->started_ms))
		line_time(d, 0, "Start Time", p->started_ms);
	labels_annotations(d);
	if (p->meta.deleted_ms != TIME_NONE && !terminal) {
		dwrite(sb, 0, "Status:\tTerminating (lasts ");
		fmt_age(c, p->meta.deleted_ms, sb);
		sb_add(sb, ")\n");
		dwrite(sb, 0, "Termination Grace Period:\t%llds\n",
		       (long long)(p->meta.grace_ms / 1000));
	} else {
		dwrite(sb, 0, "Status:\t%s\n", api_pod_phase_name((enum pod_phase)p->phase));
	}
	if (p->meta.deleted_ms != TIME_NONE && (p->flags & POD_NODE_LOST)) {
		dwrite(sb, 0, "Reason:\tNodeLost\n");
		dwrite(sb, 0, "Message:\tNode %s which was running pod %s is unresponsive\n",
		       n ? cluster_str(c, n->meta.name) : "", cluster_str(c, p->meta.name));
	}
	dwrite(sb, 0, "IP:\t");
	if (p->ip)
		api_ip_format(p->ip, sb);
	sb_addc(sb, '\n');
	if (p->ip) {
		dwrite(sb, 0, "IPs:\n");
		dwrite(sb, 1, "IP:\t");
		api_ip_format(p->ip, sb);
		sb_addc(sb, '\n');
	} else {
		dwrite(sb, 0, "IPs:\t<none>\n");
	}
	controlled_by(d);
	if (s->ninit)
		describe_containers(c, p, true, s, "", sb);
	describe_containers(c, p, false, s, "", sb);
	if (nconds)
		sb_add(sb, "Conditions:\n  Type\tStatus\n");
	for (int i = 0; i < nconds; i++)
		dwrite(sb, 1, "%s \t%s \n", conds[i].type, conds[i].status);
	describe_volumes(c, p, s, "", sb);
	dwrite(sb, 0, "QoS Class:\t%s\n", api_pod_qos(s));
	describe_labels(c, sb, "", "Node-Selectors", s->node_selector);
	describe_tolerations(sb, "Tolerations", tols, ntols);
	describe_events(d->k, KIND_POD, d->m, sb);
	free(tols);
}

/* --- nodes --- */

/* describe.go orders taints by "effect,key". */
static int taint_cmp(const struct cluster *c, const struct taint *x, const struct taint *y)
{
	int r = strcmp(api_taint_effect_name(x->effect), api_taint_effect_name(y->effect));

	return r ? r : strcmp(cluster_str(c, x->key), cluster_str(c, y->key));
}

static void describe_taints(const struct dctx *d, const struct node *n)
{
	struct taint *t = xcalloc(n->ntaints + 1, sizeof *t);
	struct strbuf *sb = d->sb;

	if (n->ntaints)
		memcpy(t, n->taints, n->ntaints * sizeof *t);
	for (uint32_t i = 1; i < n->ntaints; i++)
		for (uint32_t j = i; j > 0 && taint_cmp(d->c, &t[j - 1], &t[j]) > 0; j--) {
			struct taint tmp = t[j];
			t[j] = t[j - 1];
			t[j - 1] = tmp;
		}
	sb_add(sb, "Taints:\t");
	if (!n->ntaints)
		sb_add(sb, "<none>\n");
	for (uint32_t i = 0; i < n->ntaints; i++) {
		if (i)
			sb_addc(sb, '\t');
		taint_format(d->c, &t[i], sb);
		sb_addc(sb, '\n');
	}
	free(t);
}

static void describe_node_conditions(const struct dctx *d, const struct node *n)
{
	struct condition conds[4];
	int nconds = api_node_conditions(d->c, n, conds);

	sb_add(
	    d->sb,
	    "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
	dwrite(d->sb, 1, "----\t------\t-----------------\t------------------\t------\t-------\n");
	for (int i = 0; i < nconds; i++) {
		dwrite(d->sb, 1, "%s \t%s \t", conds[i].type, conds[i].status);
		fmt_rfc1123z(conds[i].heartbeat_ms, d->sb);
		sb_add(d->sb, " \t");
		fmt_rfc1123z(api_time_is_set(conds[i].transition_ms) ? conds[i].transition_ms
								     : n->meta.created_ms,
			     d->sb);
		sb_printf(d->sb, " \t%s \t%s\n", conds[i].reason, conds[i].message);
	}
}

static void resource_list(const struct dctx *d, const char *title, const struct resources *r,
			  int32_t pods)
{
	sb_printf(d->sb, "%s:\n  cpu:\t", title);
	api_cpu_format(r->cpu_milli, d->sb);
	sb_add(d->sb, "\n  memory:\t");
	api_bytes_format(r->mem_bytes, d->sb);
	sb_printf(d->sb, "\n  pods:\t%d\n", pods);
}

static int percent(int64_t part, int64_t whole)
{
	return whole ? (int)((double)part / (double)whole * 100) : 0;
}

static void usage_cell(struct strbuf *sb, void (*fmt)(int64_t, struct strbuf *), int64_t v,
		       int64_t whole)
{
	fmt(v, sb);
	sb_printf(sb, " (%d%%)", percent(v, whole));
}

/* The sum of a pod's container requests or limits. */
static struct resources pod_sum(const struct podspec *s, bool limits)
{
	struct resources r = { 0, 0 };

	for (uint32_t i = 0; i < s->ncontainers; i++) {
		const struct resources *x = limits ? &s->containers[i].limits
						   : &s->containers[i].requests;
		r.cpu_milli += x->cpu_milli;
		r.mem_bytes += x->mem_bytes;
	}
	return r;
}

static void describe_node_pods(const struct dctx *d, const struct node *n)
{
	struct kubectl all = *d->k;
	struct objlist l;
	struct resources req = { 0, 0 }, lim = { 0, 0 };
	const struct resources *alloc = &n->allocatable;
	uint32_t count = 0;
	struct strbuf *sb = d->sb;

	all.all_namespaces = true;
	objlist_collect(&all, KIND_POD, NULL, &l);
	for (uint32_t i = 0; i < l.n; i++) {
		const struct pod *p = cluster_get(d->c, KIND_POD, l.idx[i]);
		count += p->node != NONE32 && cluster_get(d->c, KIND_NODE, p->node) == n &&
			 p->phase != PHASE_SUCCEEDED && p->phase != PHASE_FAILED;
	}
	dwrite(sb, 0, "Non-terminated Pods:\t(%u in total)\n", count);
	dwrite(sb, 1,
	       "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n");
	dwrite(sb, 1,
	       "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n");
	for (uint32_t i = 0; i < l.n; i++) {
		const struct pod *p = cluster_get(d->c, KIND_POD, l.idx[i]);
		const struct podspec *s;
		struct resources r, m;
		if (p->node == NONE32 || cluster_get(d->c, KIND_NODE, p->node) != n ||
		    p->phase == PHASE_SUCCEEDED || p->phase == PHASE_FAILED)
			continue;
		s = cluster_spec(d->c, p->spec);
		r = pod_sum(s, false);
		m = pod_sum(s, true);
		req.cpu_milli += r.cpu_milli;
		req.mem_bytes += r.mem_bytes;
		lim.cpu_milli += m.cpu_milli;
		lim.mem_bytes += m.mem_bytes;
		dwrite(sb, 1, "%s\t%s\t\t", cluster_str(d->c, p->meta.ns),
		       cluster_str(d->c, p->meta.name));
		usage_cell(sb, api_cpu_format, r.cpu_milli, alloc->cpu_milli);
		sb_addc(sb, '\t');
		usage_cell(sb, api_cpu_format, m.cpu_milli, alloc->cpu_milli);
		sb_addc(sb, '\t');
		usage_cell(sb, api_bytes_format, r.mem_bytes, alloc->mem_bytes);
		sb_addc(sb, '\t');
		usage_cell(sb, api_bytes_format, m.mem_bytes, alloc->mem_bytes);
		sb_addc(sb, '\t');
		fmt_age(d->c, p->meta.created_ms, sb);
		sb_addc(sb, '\n');
	}
	objlist_free(&l);
	sb_add(
	    sb,
	    "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n");
	dwrite(sb, 1, "Resource\tRequests\tLimits\n");
	dwrite(sb, 1, "--------\t--------\t------\n");
	dwrite(sb, 1, "cpu\t");
	usage_cell(sb, api_cpu_format, req.cpu_milli, alloc->cpu_milli);
	sb_addc(sb, '\t');
	usage_cell(sb, api_cpu_format, lim.cpu_milli, alloc->cpu_milli);
	sb_add(sb, "\n");
	dwrite(sb, 1, "memory\t");
	usage_cell(sb, api_bytes_format, req.mem_bytes, alloc->mem_bytes);
	sb_addc(sb, '\t');
	usage_cell(sb, api_bytes_format, lim.mem_bytes, alloc->mem_bytes);
	sb_add(sb, "\n");
	dwrite(sb, 1, "ephemeral-storage\t0 (0%%)\t0 (0%%)\n");
}

static void describe_node(const struct dctx *d)
{
	const struct node *n = (const struct node *)d->m;
	struct strbuf *sb = d->sb;
	uint64_t id = hash_u64(n->meta.uid ^ 0x6e6f6465ULL);

	dwrite(sb, 0, "Name:\t%s\n", cluster_str(d->c, n->meta.name));
	dwrite(sb, 0, "Roles:\t");
	kubectl_node_roles(d->c, n, sb);
	sb_addc(sb, '\n');
	labels_annotations(d);
	line_time(d, 0, "CreationTimestamp", n->meta.created_ms);
	describe_taints(d, n);
	dwrite(sb, 0, "Unschedulable:\t%s\n", n->unschedulable ? "true" : "false");
	dwrite(sb, 0, "Lease:\n");
	dwrite(sb, 1, "HolderIdentity:\t%s\n", cluster_str(d->c, n->meta.name));
	dwrite(sb, 1, "AcquireTime:\t<unset>\n");
	line_time(d, 1, "RenewTime", api_node_report_time(d->c, n, 10000));
	describe_node_conditions(d, n);
	dwrite(sb, 0, "Addresses:\n");
	dwrite(sb, 1, "InternalIP:\t");
	api_ip_format(n->ip, sb);
	sb_addc(sb, '\n');
	dwrite(sb, 1, "Hostname:\t%s\n", cluster_str(d->c, n->meta.name));
	resource_list(d, "Capacity", &n->capacity, n->max_pods);
	resource_list(d, "Allocatable", &n->allocatable, n->max_pods);
	dwrite(sb, 0, "System Info:\n");
	dwrite(sb, 1, "Machine ID:\t%016llx%016llx\n", (unsigned long long)id,
	       (unsigned long long)hash_u64(id));
	dwrite(sb, 1, "System UUID:\t");
	cluster_uid_format(n->meta.uid ^ 0x5555u, sb);
	sb_addc(sb, '\n');
	dwrite(sb, 1, "Boot ID:\t");
	cluster_uid_format(n->meta.uid ^ 0xaaaau, sb);
	sb_addc(sb, '\n');
	dwrite(sb, 1, "Kernel Version:\t%s\n", api_kernel_version);
	dwrite(sb, 1, "OS Image:\t%s\n", api_os_image);
	dwrite(sb, 1, "Operating System:\tlinux\n");
	dwrite(sb, 1, "Architecture:\tamd64\n");
	dwrite(sb, 1, "Container Runtime Version:\t%s\n", api_container_runtime);
	dwrite(sb, 1, "Kubelet Version:\t%s\n", api_kubelet_version);
	dwrite(sb, 1, "Kube-Proxy Version:\t\n");
	dwrite(sb, 0, "PodCIDR:\t10.244.%u.0/24\n", n->index);
	dwrite(sb, 0, "PodCIDRs:\t10.244.%u.0/24\n", n->index);
	describe_node_pods(d, n);
	describe_events(d->k, KIND_NODE, d->m, sb);
}

/* --- workloads --- */

static void describe_replicaset(const struct dctx *d)
{
	const struct replicaset *rs = (const struct replicaset *)d->m;
	struct strbuf *sb = d->sb;

	name_ns(d);
	if (d->kind == KIND_RC) {
		dwrite(sb, 0, "Selector:\t");
		fmt_labels(d->c, rs->sel.match_labels, sb);
		sb_addc(sb, '\n');
	} else {
		selector_line(d, "Selector", &rs->sel, true);
	}
	labels_annotations(d);
	if (d->kind == KIND_RS)
		controlled_by(d);
	dwrite(sb, 0, "Replicas:\t%d current / %d desired\n", rs->status.replicas, rs->replicas);
	dwrite(sb, 0, "Pods Status:\t");
	describe_pods_status(d->c, d->m, sb);
	describe_pod_template(d->c, &rs->tpl, sb);
	if (rs->status.failure)
		sb_add(sb, "Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n"
			   "  ReplicaFailure \tTrue\tFailedCreate\n");
	describe_events(d->k, d->kind, d->m, sb);
}

/* printReplicaSetsByLabels: "name (ready/desired replicas created)", or <none>. */
static void replica_sets_line(const struct dctx *d, const char *title, uint32_t new_rs, bool old)
{
	const struct deployment *dp = (const struct deployment *)d->m;
	int n = 0;

	dwrite(d->sb, 0, "%s:	", title);
	for (uint32_t i = dp->meta.kids; i != NONE32;) {
		const struct replicaset *rs = cluster_get(d->c, KIND_RS, i);
		if (old ? i != new_rs && rs->replicas > 0 : i == new_rs)
			sb_printf(d->sb, "%s%s (%d/%d replicas created)", n++ ? ", " : "",
				  cluster_str(d->c, rs->meta.name), rs->status.replicas, rs->replicas);
		i = rs->meta.sib_next;
	}
	sb_add(d->sb, n ? "\n" : "<none>\n");
}

static void budget(const struct dctx *d, int32_t v, bool pct)
{
	sb_printf(d->sb, pct ? "%d%%" : "%d", v);
}

/* describe.go DeploymentDescriber, kubectl 1.31. */
static void describe_deployment(const struct dctx *d)
{
	const struct deployment *dp = (const struct deployment *)d->m;
	struct strbuf *sb = d->sb;
	struct condition conds[3];
	char text[3][256];
	int n = api_deploy_conditions(d->c, dp, conds, text);
	uint32_t new_rs = engine_deploy_new_set(d->c, cluster_find(d->c, KIND_DEPLOY, dp->meta.ns,
								    dp->meta.name));

	name_ns(d);
	line_time(d, 0, "CreationTimestamp", dp->meta.created_ms);
	labels_annotations(d);
	selector_line(d, "Selector", &dp->sel, false);
	dwrite(sb, 0, "Replicas:\t%d desired | %d updated | %d total | %d available | %d unavailable\n",
	       dp->replicas, dp->status.updated, dp->status.replicas, dp->status.available,
	       dp->status.unavailable);
	dwrite(sb, 0, "StrategyType:\t%s\n",
	       dp->strategy == DEPLOY_ROLLING_UPDATE ? "RollingUpdate" : "Recreate");
	dwrite(sb, 0, "MinReadySeconds:\t%d\n", dp->min_ready_s);
	if (dp->strategy == DEPLOY_ROLLING_UPDATE) {
		dwrite(sb, 0, "RollingUpdateStrategy:\t");
		budget(d, dp->max_unavailable, dp->max_unavailable_pct);
		sb_add(sb, " max unavailable, ");
		budget(d, dp->max_surge, dp->max_surge_pct);
		sb_add(sb, " max surge\n");
	}
	describe_pod_template(d->c, &dp->tpl, sb);
	if (n)
		sb_add(sb, "Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
	for (int i = 0; i < n; i++)
		dwrite(sb, 1, "%s \t%s \t%s\n", conds[i].type, conds[i].status, conds[i].reason);
	replica_sets_line(d, "OldReplicaSets", new_rs, true);
	replica_sets_line(d, "NewReplicaSet", new_rs, false);
	describe_events(d->k, KIND_DEPLOY, d->m, sb);
}

static void describe_daemonset(const struct dctx *d)
{
	const struct daemonset *ds = (const struct daemonset *)d->m;
	struct strbuf *sb = d->sb;

	name_ns(d);
	selector_line(d, "Selector", &ds->sel, false);
	dwrite(sb, 0, "Node-Selector:\t");
	fmt_labels(d->c, cluster_spec(d->c, ds->tpl.spec)->node_selector, sb);
	sb_addc(sb, '\n');
	labels_annotations(d);
	dwrite(sb, 0, "Desired Number of Nodes Scheduled: %d\n", ds->status.desired);
	dwrite(sb, 0, "Current Number of Nodes Scheduled: %d\n", ds->status.current);
	dwrite(sb, 0, "Number of Nodes Scheduled with Up-to-date Pods: %d\n", ds->status.updated);
	dwrite(sb, 0, "Number of Nodes Scheduled with Available Pods: %d\n", ds->status.available);
	dwrite(sb, 0, "Number of Nodes Misscheduled: %d\n", ds->status.misscheduled);
	dwrite(sb, 0, "Pods Status:\t");
	describe_pods_status(d->c, d->m, sb);
	describe_pod_template(d->c, &ds->tpl, sb);
	describe_events(d->k, KIND_DS, d->m, sb);
}

/* status.completedIndexes ("1,3-5"), cut after 50 characters at a comma (capIndexesListOrNone). */
static void completed_indexes(const struct job *j, struct strbuf *sb)
{
	size_t start = sb->len, cut;
	int32_t n = j->spec.completions > 0 && j->status.index_done ? j->spec.completions : 0;

	for (int32_t i = 0; i < n; i++) {
		int32_t end = i;
		if (!j->status.index_done[i])
			continue;
		while (end + 1 < n && j->status.index_done[end + 1])
			end++;
		sb_printf(sb, "%s%d", sb->len > start ? "," : "", i);
		if (end > i)
			sb_printf(sb, "%s%d", end == i + 1 ? "," : "-", end);
		i = end;
	}
	if (sb->len == start) {
		sb_add(sb, "<none>");
		return;
	}
	for (cut = start + 50; cut < sb->len && sb->data[cut] != ','; cut++)
		;
	if (cut < sb->len) {
		sb->len = cut + 1;
		sb->data[sb->len] = '\0';
		sb_add(sb, "...");
	}
}

static void describe_job(const struct dctx *d)
{
	const struct job *j = (const struct job *)d->m;
	struct strbuf *sb = d->sb;
	char buf[32];

	name_ns(d);
	selector_line(d, "Selector", &j->spec.sel, false);
	labels_annotations(d);
	controlled_by(d);
	dwrite(sb, 0, "Parallelism:\t%d\n", j->spec.parallelism);
	if (j->spec.completions >= 0)
		dwrite(sb, 0, "Completions:\t%d\n", j->spec.completions);
	else
		dwrite(sb, 0, "Completions:\t<unset>\n");
	dwrite(sb, 0, "Completion Mode:\t%s\n",
	       j->spec.mode == COMPLETION_INDEXED ? "Indexed" : "NonIndexed");
	dwrite(sb, 0, "Suspend:\t%s\n", j->spec.suspend ? "true" : "false");
	dwrite(sb, 0, "Backoff Limit:\t%d\n", j->spec.backoff_limit);
	if (j->spec.ttl_s >= 0)
		dwrite(sb, 0, "TTL Seconds After Finished:\t%lld\n", (long long)j->spec.ttl_s);
	if (api_time_is_set(j->status.start_ms))
		line_time(d, 0, "Start Time", j->status.start_ms);
	if (api_time_is_set(j->status.completion_ms))
		line_time(d, 0, "Completed At", j->status.completion_ms);
	if (api_time_is_set(j->status.start_ms) && api_time_is_set(j->status.completion_ms)) {
		duration_human(j->status.completion_ms - j->status.start_ms, buf, sizeof buf);
		dwrite(sb, 0, "Duration:\t%s\n", buf);
	}
	if (j->spec.active_deadline_s >= 0)
		dwrite(sb, 0, "Active Deadline Seconds:\t%llds\n",
		       (long long)j->spec.active_deadline_s);
	dwrite(sb, 0, "Pods Statuses:\t%d Active (%d Ready) / %d Succeeded / %d Failed\n",
	       j->status.active, j->status.ready, j->status.succeeded, j->status.failed);
	if (j->spec.mode == COMPLETION_INDEXED) {
		dwrite(sb, 0, "Completed Indexes:\t");
		completed_indexes(j, sb);
		sb_addc(sb, '\n');
	}
	describe_pod_template(d->c, &j->spec.tpl, sb);
	describe_events(d->k, KIND_JOB, d->m, sb);
}

static void describe_cronjob(const struct dctx *d)
{
	static const char *const policies[] = { "Allow", "Forbid", "Replace" };
	const struct cronjob *cj = (const struct cronjob *)d->m;
	struct strbuf *sb = d->sb;

	name_ns(d);
	labels_annotations(d);
	dwrite(sb, 0, "Schedule:\t%s\n", cj->schedule ? cj->schedule : "");
	dwrite(sb, 0, "Concurrency Policy:\t%s\n", policies[cj->concurrency]);
	dwrite(sb, 0, "Suspend:\t%s\n", cj->suspend ? "True" : "False");
	dwrite(sb, 0, "Successful Job History Limit:\t%d\n", cj->success_history);
	dwrite(sb, 0, "Failed Job History Limit:\t%d\n", cj->failed_history);
	if (cj->starting_deadline_s >= 0)
		dwrite(sb, 0, "Starting Deadline Seconds:\t%llds\n",
		       (long long)cj->starting_deadline_s);
	else
		dwrite(sb, 0, "Starting Deadline Seconds:\t<unset>\n");
	if (selector_empty(&cj->job.sel))
		dwrite(sb, 0, "Selector:\t<unset>\n");
	else
		selector_line(d, "Selector", &cj->job.sel, false);
	/* A jobTemplate is not defaulted, so an unset parallelism reads as the default 1. */
	if (cj->job.completions < 0 && cj->job.parallelism == 1)
		dwrite(sb, 0, "Parallelism:\t<unset>\n");
	else
		dwrite(sb, 0, "Parallelism:\t%d\n", cj->job.parallelism);
	if (cj->job.completions >= 0)
		dwrite(sb, 0, "Completions:\t%d\n", cj->job.completions);
	else
		dwrite(sb, 0, "Completions:\t<unset>\n");
	if (cj->job.active_deadline_s >= 0)
		dwrite(sb, 0, "Active Deadline Seconds:\t%llds\n",
		       (long long)cj->job.active_deadline_s);
	describe_pod_template(d->c, &cj->job.tpl, sb);
	if (api_time_is_set(cj->status.last_schedule_ms))
		line_time(d, 0, "Last Schedule Time", cj->status.last_schedule_ms);
	else
		dwrite(sb, 0, "Last Schedule Time:\t<unset>\n");
	dwrite(sb, 0, "Active Jobs:\t");
	for (uint32_t i = 0, shown = 0; i < cj->status.nactive; i++) {
		const struct meta *m = cluster_deref(d->c, KIND_JOB, cj->status.active[i].job);
		if (m)
			sb_printf(sb, "%s%s", shown++ ? ", " : "", cluster_str(d->c, m->name));
	}
	sb_add(sb, cj->status.nactive ? "\n" : "<none>\n");
	describe_events(d->k, KIND_CRONJOB, d->m, sb);
}

static void describe_statefulset(const struct dctx *d)
{
	const struct statefulset *s = (const struct statefulset *)d->m;
	struct strbuf *sb = d->sb;

	name_ns(d);
	line_time(d, 0, "CreationTimestamp", s->meta.created_ms);
	selector_line(d, "Selector", &s->sel, false);
	labels_annotations(d);
	dwrite(sb, 0, "Replicas:\t%d desired | %d total\n", s->replicas, s->status.replicas);
	dwrite(sb, 0, "Update Strategy:\t%s\n",
	       s->strategy == STS_ROLLING_UPDATE ? "RollingUpdate" : "OnDelete");
	if (s->strategy == STS_ROLLING_UPDATE && !s->rolling_update_nil)
		dwrite(sb, 1, "Partition:\t%d\n", s->partition);
	dwrite(sb, 0, "Pods Status:\t");
	describe_pods_status(d->c, d->m, sb);
	describe_pod_template(d->c, &s->tpl, sb);
	if (!s->nclaims)
		dwrite(sb, 0, "Volume Claims:\t<none>\n");
	else
		dwrite(sb, 0, "Volume Claims:\n");
	for (uint32_t i = 0; i < s->nclaims; i++) {
		const struct claim_template *ct = &s->claims[i];
		static const char *const modes[] = { "ReadWriteOnce", "ReadOnlyMany",
						     "ReadWriteMany", "ReadWriteOncePod" };
		dwrite(sb, 1, "Name:\t%s\n", cluster_str(d->c, ct->name));
		dwrite(sb, 1, "StorageClass:\t%s\n",
		       ct->storage_class != NONE32 ? cluster_str(d->c, ct->storage_class) : "");
		describe_labels(d->c, sb, "  ", "Labels", ct->labels);
		describe_labels(d->c, sb, "  ", "Annotations", 0);
		dwrite(sb, 1, "Capacity:\t");
		api_bytes_format(ct->request_bytes, sb);
		sb_add(sb, "\n");
		dwrite(sb, 1, "Access Modes:\t[");
		for (uint32_t b = 0, shown = 0; b < 4; b++)
			if (ct->access_modes & (1u << b))
				sb_printf(sb, "%s%s", shown++ ? " " : "", modes[b]);
		sb_add(sb, "]\n");
	}
	describe_events(d->k, KIND_STS, d->m, sb);
}

/* --- networking and storage --- */

static void describe_service(const struct dctx *d)
{
	const struct service *s = (const struct service *)d->m;
	uint32_t ep = cluster_find(d->c, KIND_EP, s->meta.ns, s->meta.name);
	const struct endpoints *eps = ep != NONE32 ? cluster_get(d->c, KIND_EP, ep) : NULL;
	struct strbuf *sb = d->sb;
	bool external = s->type == SVC_EXTERNAL_NAME;

	name_ns(d);
	labels_annotations(d);
	dwrite(sb, 0, "Selector:\t");
	fmt_labels(d->c, s->selector, sb);
	sb_addc(sb, '\n');
	dwrite(sb, 0, "Type:\t%s\n", api_service_type_name(s->type));
	if (!external)
		dwrite(sb, 0, "IP Family Policy:\tSingleStack\n");
	dwrite(sb, 0, "IP Families:\t%s\n", external ? "<none>" : "IPv4");
	dwrite(sb, 0, "IP:\t");
	if (s->headless)
		sb_add(sb, "None");
	else if (s->cluster_ip)
		api_ip_format(s->cluster_ip, sb);
	sb_add(sb, "\nIPs:\t");
	if (s->headless)
		sb_add(sb, "None");
	else if (s->cluster_ip)
		api_ip_format(s->cluster_ip, sb);
	else
		sb_add(sb, "<none>");
	sb_addc(sb, '\n');
	if (s->external_ip && !external)
		dwrite(sb, 0, "External IPs:\t%s\n", cluster_str(d->c, s->external_ip));
	if (external)
		dwrite(sb, 0, "External Name:\t%s\n", cluster_str(d->c, s->external_name));
	for (uint32_t i = 0; i < s->nports; i++) {
		const struct service_port *p = &s->ports[i];
		const char *name = p->name ? cluster_str(d->c, p->name) : "<unset>";
		const char *proto = api_protocol_name(d->c, p->protocol);
		dwrite(sb, 0, "Port:\t%s\t%d/%s\n", name, p->port, proto);
		if (p->target_port_name)
			dwrite(sb, 0, "TargetPort:\t%s/%s\n",
			       cluster_str(d->c, p->target_port_name), proto);
		else
			dwrite(sb, 0, "TargetPort:\t%d/%s\n",
			       p->target_port ? p->target_port : p->port, proto);
		if (p->node_port)
			dwrite(sb, 0, "NodePort:\t%s\t%d/%s\n", name, p->node_port, proto);
		dwrite(sb, 0, "Endpoints:\t");
		if (eps)
			fmt_endpoints(d->c, eps, (int)i, sb);
		else
			sb_add(sb, "<none>");
		sb_addc(sb, '\n');
	}
	dwrite(sb, 0, "Session Affinity:\tNone\n");
	if (s->type == SVC_NODE_PORT || s->type == SVC_LOAD_BALANCER)
		dwrite(sb, 0, "External Traffic Policy:\t%s\n",
		       s->local_traffic ? "Local" : "Cluster");
	if (!external)
		dwrite(sb, 0, "Internal Traffic Policy:\tCluster\n");
	if (s->health_check_node_port)
		dwrite(sb, 0, "HealthCheck NodePort:\t%d\n", s->health_check_node_port);
	describe_events(d->k, KIND_SVC, d->m, sb);
}

static void address_list(const struct dctx *d, const struct endpoints *ep, bool ready)
{
	uint32_t shown = 0;

	for (uint32_t i = 0; i < ep->naddrs; i++) {
		if (ep->addrs[i].ready != ready)
			continue;
		if (shown++)
			sb_addc(d->sb, ',');
		api_ip_format(ep->addrs[i].ip, d->sb);
	}
	sb_add(d->sb, shown ? "\n" : "<none>\n");
}

static void describe_endpoints(const struct dctx *d)
{
	const struct endpoints *ep = (const struct endpoints *)d->m;
	uint32_t svc = cluster_find(d->c, KIND_SVC, ep->meta.ns, ep->meta.name);
	const struct service *s = svc != NONE32 ? cluster_get(d->c, KIND_SVC, svc) : NULL;
	struct strbuf *sb = d->sb;

	name_ns(d);
	labels_annotations(d);
	dwrite(sb, 0, "Subsets:\n");
	if (ep->naddrs) {
		dwrite(sb, 1, "Addresses:\t");
		address_list(d, ep, true);
		dwrite(sb, 1, "NotReadyAddresses:\t");
		address_list(d, ep, false);
		if (s && s->nports) {
			dwrite(sb, 1, "Ports:\n");
			dwrite(sb, 2, "Name\tPort\tProtocol\n");
			dwrite(sb, 2, "----\t----\t--------\n");
		}
		for (uint32_t i = 0; s && i < s->nports; i++)
			dwrite(sb, 2, "%s\t%d\t%s\n",
			       s->ports[i].name ? cluster_str(d->c, s->ports[i].name) : "<unset>",
			       engine_endpoint_port(d->c, &s->ports[i], &ep->addrs[0]),
			       api_protocol_name(d->c, s->ports[i].protocol));
		sb_addc(sb, '\n');
	}
	describe_events(d->k, KIND_EP, d->m, sb);
}

static void describe_pv(const struct dctx *d)
{
	static const char *const reclaim[] = { "Retain", "Delete", "Recycle" };
	const struct pv *pv = (const struct pv *)d->m;
	struct strbuf *sb = d->sb;

	dwrite(sb, 0, "Name:\t%s\n", cluster_str(d->c, pv->meta.name));
	labels_annotations(d);
	dwrite(sb, 0, "Finalizers:\t[kubernetes.io/pv-protection]\n");
	dwrite(sb, 0, "StorageClass:\t%s\n", cluster_str(d->c, pv->storage_class));
	if (pv->meta.deleted_ms != TIME_NONE) {
		dwrite(sb, 0, "Status:\tTerminating (lasts ");
		fmt_age(d->c, pv->meta.deleted_ms, sb);
		sb_add(sb, ")\n");
	} else {
		dwrite(sb, 0, "Status:\t%s\n", api_volume_phase_name(pv->phase));
	}
	dwrite(sb, 0, "Claim:\t");
	if (pv->claim_name)
		fmt_ns_name(d->c, pv->claim_ns, pv->claim_name, sb);
	sb_add(sb, "\n");
	dwrite(sb, 0, "Reclaim Policy:\t%s\n", reclaim[pv->reclaim]);
	dwrite(sb, 0, "Access Modes:\t");
	api_access_modes_format(pv->access_modes, sb);
	sb_add(sb, "\nVolumeMode:\tFilesystem\nCapacity:\t");
	api_bytes_format(pv->capacity_bytes, sb);
	sb_add(sb, "\nNode Affinity:\t<none>\nMessage:\t\nSource:\n");
	dwrite(sb, 2, "Type:\tHostPath (bare host directory volume)\n");
	dwrite(sb, 2, "Path:\t/tmp/hostpath-provisioner/%s/%s\n",
	       pv->claim_ns ? cluster_str(d->c, pv->claim_ns) : "default",
	       cluster_str(d->c, pv->claim_name ? pv->claim_name : pv->meta.name));
	dwrite(sb, 2, "HostPathType:\t\n");
	describe_events(d->k, KIND_PV, d->m, sb);
}

static void describe_pvc(const struct dctx *d)
{
	const struct pvc *p = (const struct pvc *)d->m;
	struct strbuf *sb = d->sb;
	struct objlist pods;
	uint32_t used = 0;

	name_ns(d);
	dwrite(sb, 0, "StorageClass:\t%s\n",
	       p->storage_class != NONE32 ? cluster_str(d->c, p->storage_class) : "");
	if (p->meta.deleted_ms != TIME_NONE) {
		dwrite(sb, 0, "Status:\tTerminating (lasts ");
		fmt_age(d->c, p->meta.deleted_ms, sb);
		sb_add(sb, ")\n");
	} else {
		dwrite(sb, 0, "Status:\t%s\n", api_volume_phase_name(p->phase));
	}
	dwrite(sb, 0, "Volume:\t%s\n", p->volume ? cluster_str(d->c, p->volume) : "");
	labels_annotations(d);
	dwrite(sb, 0, "Finalizers:\t[kubernetes.io/pvc-protection]\n");
	dwrite(sb, 0, "Capacity:\t");
	if (p->volume)
		api_bytes_format(p->capacity_bytes, sb);
	dwrite(sb, 0, "\nAccess Modes:\t");
	if (p->volume)
		api_access_modes_format(p->access_modes, sb);
	dwrite(sb, 0, "\nVolumeMode:\tFilesystem\nUsed By:\t");
	objlist_collect(d->k, KIND_POD, NULL, &pods);
	for (uint32_t i = 0; i < pods.n; i++) {
		const struct pod *pod = cluster_get(d->c, KIND_POD, pods.idx[i]);
		const struct podspec *s = cluster_spec(d->c, pod->spec);
		for (uint32_t j = 0; j < s->nvolumes; j++)
			if (volume_claim(&s->volumes[j]) == p->meta.name) {
				if (used++)
					sb_addc(sb, '\t');
				sb_printf(sb, "%s\n", cluster_str(d->c, pod->meta.name));
				break;
			}
	}
	objlist_free(&pods);
	if (!used)
		sb_add(sb, "<none>\n");
	describe_events(d->k, KIND_PVC, d->m, sb);
}

/* describe.go describeConfigMap: data in full, binaryData as byte counts. */
static void describe_configmap(const struct dctx *d)
{
	const struct config_object *o = (const struct config_object *)d->m;
	struct strbuf *sb = d->sb;

	name_ns(d);
	labels_annotations(d);
	dwrite(sb, 0, "\nData\n====\n");
	for (uint32_t i = 0; i < o->nentries; i++)
		if (!o->entries[i].binary)
			dwrite(sb, 0, "%s:\n----\n%s\n", cluster_str(d->c, o->entries[i].key),
			       o->entries[i].value);
	dwrite(sb, 0, "\nBinaryData\n====\n");
	for (uint32_t i = 0; i < o->nentries; i++)
		if (o->entries[i].binary)
			dwrite(sb, 0, "%s: %u bytes\n", cluster_str(d->c, o->entries[i].key),
			       o->entries[i].len);
	dwrite(sb, 0, "\n");
	describe_events(d->k, KIND_CM, d->m, sb);
}

/* describe.go describeSecret: byte counts only, but a service account token in full; no events. */
static void describe_secret(const struct dctx *d)
{
	const struct config_object *o = (const struct config_object *)d->m;
	const char *type = cluster_str(d->c, o->type);
	struct strbuf *sb = d->sb;

	name_ns(d);
	labels_annotations(d);
	dwrite(sb, 0, "\nType:\t%s\n\nData\n====\n", type);
	for (uint32_t i = 0; i < o->nentries; i++) {
		const char *key = cluster_str(d->c, o->entries[i].key);
		if (strcmp(key, "token") == 0 &&
		    strcmp(type, "kubernetes.io/service-account-token") == 0)
			dwrite(sb, 0, "%s:\t%s\n", key, o->entries[i].value);
		else
			dwrite(sb, 0, "%s:\t%u bytes\n", key, o->entries[i].len);
	}
}

static const describe_fn describers[KIND_COUNT] = {
	[KIND_NODE] = describe_node,       [KIND_POD] = describe_pod,
	[KIND_RC] = describe_replicaset,   [KIND_RS] = describe_replicaset,
	[KIND_DS] = describe_daemonset,    [KIND_JOB] = describe_job,
	[KIND_CRONJOB] = describe_cronjob, [KIND_STS] = describe_statefulset,
	[KIND_SVC] = describe_service,     [KIND_EP] = describe_endpoints,
	[KIND_PV] = describe_pv,           [KIND_PVC] = describe_pvc,
	[KIND_DEPLOY] = describe_deployment, [KIND_CM] = describe_configmap,
	[KIND_SECRET] = describe_secret,
};

void describe_object(const struct kubectl *k, enum kind kind, uint32_t idx, struct strbuf *out)
{
	struct dctx d = { k, k->c, cluster_meta(k->c, kind, idx), kind, out };

	if (describers[kind])
		describers[kind](&d);
	else
		describe_unstructured(k, kind, idx, out);
}
