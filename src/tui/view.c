/*
 * The view model: a copy of what the panels draw, taken under the cluster
 * lock and only when the cluster's generation moved, so drawing never holds
 * the lock and an idle cluster costs one integer compare per frame. Pods
 * are grouped twice (by node, by owner) so a panel walks only its own.
 */
#include "internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/api.h"
#include "ksim/engine.h"
#include "ksim/kubectl.h"

/*
 * Serials never repeat, even across view_free/view_init (a seek back
 * starts a new view): what was computed for one view (a panel's rows, a
 * drawn picture) is never taken for another's.
 */
static uint64_t serials;

void view_init(struct view *v)
{
	memset(v, 0, sizeof *v);
	v->generation = UINT64_MAX;
	v->serial = ++serials;
	sb_init(&v->detail_text);
}

void view_free(struct view *v)
{
	free(v->nodes);
	free(v->pods);
	free(v->by_node);
	free(v->by_owner);
	free(v->dss);
	free(v->jobs);
	free(v->crons);
	free(v->sets);
	free(v->deploys);
	free(v->old_crons);
	free(v->owner_events);
	kubectl_watch_free(v->watch);
	sb_free(&v->detail_text);
	memset(v, 0, sizeof *v);
}

void view_set_detail(struct view *v, const struct detail_target *d)
{
	kubectl_watch_free(v->watch);
	v->watch = NULL;
	v->detail = *d;
	v->generation = UINT64_MAX; /* refill on the next copy */
	v->serial = ++serials;
}

static void copy_str(char *dst, size_t size, const struct cluster *c, uint32_t id)
{
	snprintf(dst, size, "%s", id ? cluster_str(c, id) : "");
}

/* Grows an array of the view to hold n items. */
static void *grow(void *items, uint32_t *cap, uint32_t n, size_t elem)
{
	if (n > *cap) {
		*cap = n + n / 2 + 16;
		items = xrealloc(items, (size_t)*cap * elem);
	}
	return items;
}

static uint32_t ns_index(struct view *v, const struct cluster *c, uint32_t ns)
{
	const char *name = cluster_str(c, ns);

	for (uint32_t i = 0; i < v->nns; i++)
		if (strcmp(v->ns[i], name) == 0)
			return i;
	if (v->nns == ARRAY_LEN(v->ns))
		return 0;
	snprintf(v->ns[v->nns], sizeof v->ns[0], "%s", name);
	return v->nns++;
}

static void owner_fill(struct view *v, const struct cluster *c, enum kind kind, uint32_t idx,
		       struct vowner *o)
{
	const struct meta *m = cluster_meta(c, kind, idx);

	o->kind = (uint8_t)kind;
	copy_str(o->name, sizeof o->name, c, m->name);
	o->uid = m->uid;
	o->idx = idx;
	o->ns = ns_index(v, c, m->ns);
	o->created = m->created_ms;
	o->first = o->npods = 0;
}

/* --- nodes --- */

/* Labels every node has, or that the roles column already shows: not worth a line. */
static bool boring_label(const char *key)
{
	static const char *const prefixes[] = { "kubernetes.io/", "beta.kubernetes.io/",
						"node-role.kubernetes.io/", "node.kubernetes.io/" };

	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++)
		if (strncmp(key, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* "node-role.kubernetes.io/master" -> "master": the prefix says nothing on a small box. */
static const char *short_key(const char *key)
{
	const char *slash = strrchr(key, '/');

	return slash && strstr(key, "kubernetes.io/") ? slash + 1 : key;
}

static void copy_node(struct view *v, const struct cluster *c, const struct node *n, uint32_t idx,
		      struct vnode *vn)
{
	static const char *const effects[] = { "", "NoSchedule", "PreferNoSchedule", "NoExecute" };
	const struct label *ls;
	uint32_t nl;
	struct strbuf sb;

	(void)v;
	memset(vn, 0, sizeof *vn);
	copy_str(vn->name, sizeof vn->name, c, n->meta.name);
	vn->uid = n->meta.uid;
	vn->idx = idx;
	kubectl_node_status(n, vn->status, sizeof vn->status);
	sb_init(&sb);
	kubectl_node_roles(c, n, &sb);
	snprintf(vn->roles, sizeof vn->roles, "%s", sb.data);
	sb_reset(&sb);
	ls = labels_get(c->labels, n->meta.labels, &nl);
	for (uint32_t i = 0; i < nl; i++) {
		const char *key = cluster_str(c, ls[i].key);
		if (boring_label(key))
			continue;
		sb_printf(&sb, "%s%s=%s", sb.len ? "," : "", key, cluster_str(c, ls[i].val));
	}
	snprintf(vn->labels, sizeof vn->labels, "%s", sb.data);
	sb_reset(&sb);
	for (uint32_t i = 0; i < n->ntaints; i++)
		sb_printf(&sb, "%s%s:%s", sb.len ? "," : "",
			  short_key(cluster_str(c, n->taints[i].key)), effects[n->taints[i].effect]);
	snprintf(vn->taints, sizeof vn->taints, "%s", sb.data);
	sb_free(&sb);
	vn->ready = n->ready == NODE_READY;
	vn->cordoned = n->unschedulable;
	vn->silent = n->kubelet_up ? TIME_NONE : n->heartbeat_ms;
	vn->evict_at = TIME_NONE;
	bool noexec = false; /* a deadline outlives the taint that set it until its timer fires */
	for (uint32_t i = 0; i < n->ntaints; i++)
		noexec |= n->taints[i].effect == EFFECT_NO_EXECUTE;
	for (uint32_t i = noexec ? n->pods : NONE32; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		if (p->evict_ms != TIME_NONE && p->meta.deleted_ms == TIME_NONE &&
		    (vn->evict_at == TIME_NONE || p->evict_ms < vn->evict_at))
			vn->evict_at = p->evict_ms;
		i = p->node_next;
	}
	vn->cpu_req = n->requested.cpu_milli;
	vn->cpu_alloc = n->allocatable.cpu_milli;
	vn->mem_req = n->requested.mem_bytes;
	vn->mem_alloc = n->allocatable.mem_bytes;
}

/* --- pods --- */

static enum pstate pod_state(const struct pod *p, const char *status)
{
	if (p->meta.deleted_ms != TIME_NONE)
		return PS_TERMINATING;
	if (strcmp(status, "CrashLoopBackOff") == 0 || strncmp(status, "Init:CrashLoop", 14) == 0)
		return PS_CRASH;
	switch (p->phase) {
	case PHASE_PENDING:
		return p->node == NONE32 ? PS_PENDING : PS_CREATING;
	case PHASE_RUNNING:
		return api_pod_is_ready(p) ? PS_RUNNING : PS_NOT_READY;
	case PHASE_SUCCEEDED:
		return PS_SUCCEEDED;
	case PHASE_FAILED:
		return PS_FAILED;
	default:
		return PS_UNKNOWN;
	}
}

static int64_t pod_finished(const struct pod *p)
{
	int64_t t = TIME_NONE;

	for (uint32_t i = 0; p->ctrs && i < (uint32_t)p->ninit + p->ncontainers; i++)
		if (p->ctrs[i].finished_ms != TIME_NONE && p->ctrs[i].finished_ms > t)
			t = p->ctrs[i].finished_ms;
	return t;
}

static const char *claim_phase(const struct pvc *pvc)
{
	return !pvc ? "-" : pvc->phase == VOL_BOUND ? "Bound" : "Pending";
}

/* The hash of a DaemonSet's newest ControllerRevision: its template's (0 before the first). */
static uint32_t ds_revision(const struct cluster *c, uint32_t idx)
{
	uint32_t i = cluster_revision_newest(c, KIND_DS, idx);
	const struct controller_revision *newest = i == NONE32 ? NULL : cluster_get(c, KIND_CR, i);

	return newest ? newest->hash : 0;
}

/* A StatefulSet pod's first claim, "data-web-0 Bound". */
static void pod_claim(const struct cluster *c, const struct pod *p, const struct meta *owner,
		      char *buf, size_t size)
{
	const struct statefulset *ss = (const struct statefulset *)owner;
	char name[160];

	buf[0] = '\0';
	if (!ss || !ss->nclaims)
		return;
	snprintf(name, sizeof name, "%s-%s", cluster_str(c, ss->claims[0].name),
		 cluster_str(c, p->meta.name));
	uint32_t id = strtab_lookup(c->strings, name);
	uint32_t idx = id == NONE32 ? NONE32 : cluster_find(c, KIND_PVC, p->meta.ns, id);
	const struct pvc *pvc = idx == NONE32 ? NULL : cluster_get(c, KIND_PVC, idx);
	snprintf(buf, size, "%.*s %s", (int)size - 9, name, claim_phase(pvc));
}

/* The pod's first failing probe, else its first (kind PROBE_KINDS when none). */
static void copy_probe(const struct cluster *c, const struct pod *p, struct vprobe *out)
{
	const struct podspec *s = cluster_spec(c, p->spec);

	out->kind = PROBE_KINDS;
	for (uint32_t j = 0; p->probes && j < s->ncontainers; j++) {
		const struct container *k = &s->containers[j];
		for (int kind = 0; kind < PROBE_KINDS; kind++) {
			const struct probe_status *ps = pod_probe_status(p, k, j,
									 (enum probe_kind)kind);
			if (!ps || (out->kind != PROBE_KINDS && ps->last != PROBE_FAILURE))
				continue;
			*out = (struct vprobe){ ps->last_ms,
						ps->next_ms,
						(int64_t)k->probes[kind].period_s * 1000,
						ps->run,
						k->probes[kind].failure_threshold,
						(uint8_t)kind,
						ps->last,
						ps->on_hold };
			if (ps->last == PROBE_FAILURE)
				return;
		}
	}
}

static void copy_pod(struct view *v, const struct cluster *c, const struct pod *p, struct vpod *vp,
		     const uint32_t *node_map)
{
	const struct meta *owner = cluster_owner(c, &p->meta);

	memset(vp, 0, sizeof *vp);
	copy_str(vp->name, sizeof vp->name, c, p->meta.name);
	kubectl_pod_status(c, p, vp->status, sizeof vp->status);
	kubectl_pod_ready(c, p, vp->ready, sizeof vp->ready);
	if (p->ip)
		ip_format(p->ip, vp->ip, sizeof vp->ip);
	vp->ns = ns_index(v, c, p->meta.ns);
	vp->state = (uint8_t)pod_state(p, vp->status);
	vp->owner_kind = owner ? p->meta.owner_kind : KIND_NONE;
	vp->owner = NONE32;
	vp->node = p->node == NONE32 ? NONE32 : node_map[p->node];
	vp->uid = p->meta.uid;
	vp->ordinal = p->ordinal;
	vp->created = p->meta.created_ms;
	vp->started = p->started_ms;
	vp->finished = vp->state == PS_SUCCEEDED || vp->state == PS_FAILED ? pod_finished(p)
									   : TIME_NONE;
	for (uint32_t i = p->ninit; p->ctrs && i < (uint32_t)p->ninit + p->ncontainers; i++)
		vp->restarts += p->ctrs[i].restarts;
	if (vp->owner_kind == KIND_STS)
		pod_claim(c, p, owner, vp->pvc, sizeof vp->pvc);
	copy_probe(c, p, &vp->probe);
}

/* --- grouping --- */

static const struct view *sort_view; /* qsort has no context argument; UI thread only */

/* Daemon pods first on a node: they are the lesson's constant; then by name. */
static int by_node_cmp(const void *pa, const void *pb)
{
	const struct vpod *a = &sort_view->pods[*(const uint32_t *)pa];
	const struct vpod *b = &sort_view->pods[*(const uint32_t *)pb];

	if (a->node != b->node)
		return a->node < b->node ? -1 : 1;
	if ((a->owner_kind == KIND_DS) != (b->owner_kind == KIND_DS))
		return a->owner_kind == KIND_DS ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int by_owner_cmp(const void *pa, const void *pb)
{
	const struct vpod *a = &sort_view->pods[*(const uint32_t *)pa];
	const struct vpod *b = &sort_view->pods[*(const uint32_t *)pb];

	if (a->owner_kind != b->owner_kind)
		return a->owner_kind < b->owner_kind ? -1 : 1;
	if (a->owner != b->owner)
		return a->owner < b->owner ? -1 : 1;
	if (a->ordinal != b->ordinal && a->owner_kind == KIND_STS)
		return a->ordinal < b->ordinal ? -1 : 1;
	if (a->created != b->created)
		return a->created < b->created ? -1 : 1;
	return strcmp(a->name, b->name);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	return hash_bytes(s, strlen(s) + 1, h);
}

/* Everything node_box() draws of a node and its pods, as one number. */
static void node_looks(struct view *v)
{
	for (uint32_t i = 0; i < v->nnodes; i++) {
		struct vnode *n = &v->nodes[i];
		int64_t nums[] = { n->ready,     n->cordoned, n->cpu_req, n->cpu_alloc, n->mem_req,
				   n->mem_alloc, n->npods,    n->silent,  n->evict_at };
		uint64_t h = hash_bytes(nums, sizeof nums, 0);
		h = hash_str(hash_str(hash_str(hash_str(hash_str(h, n->name), n->status), n->roles),
				      n->labels),
			     n->taints);
		for (uint32_t k = 0; k < n->npods; k++) {
			const struct vpod *p = &v->pods[v->by_node[n->first + k]];
			h = hash_str(h ^ hash_u64((uint64_t)p->state << 8 | p->owner_kind), p->name);
			if (pod_waiting_reason(p))
				h = hash_str(h, p->status);
		}
		n->look = h;
	}
}

static void group_pods(struct view *v)
{
	v->by_node = grow(v->by_node, &v->cap[0], v->npods, sizeof *v->by_node);
	v->by_owner = grow(v->by_owner, &v->cap[1], v->npods, sizeof *v->by_owner);
	for (uint32_t i = 0; i < v->npods; i++)
		v->by_node[i] = v->by_owner[i] = i;
	sort_view = v;
	xqsort(v->by_node, v->npods, sizeof *v->by_node, by_node_cmp);
	xqsort(v->by_owner, v->npods, sizeof *v->by_owner, by_owner_cmp);
	sort_view = NULL;
	for (uint32_t i = 0; i < v->npods; i++) {
		const struct vpod *p = &v->pods[v->by_node[i]];
		if (p->node != NONE32 && v->nodes[p->node].npods++ == 0)
			v->nodes[p->node].first = i;
		p = &v->pods[v->by_owner[i]];
		struct vowner *o = p->owner == NONE32 ? NULL
						      : (struct vowner *)view_owner(v, p->owner_kind,
										    p->owner);
		if (o && o->npods++ == 0)
			o->first = i;
		if (o && p->owner_kind == KIND_DS && p->outdated)
			v->dss[p->owner].rolling = true;
	}
	node_looks(v);
}

/* --- owners --- */

static void copy_ds(struct view *v, const struct cluster *c, enum kind kind, uint32_t idx,
		    void *out)
{
	const struct daemonset *ds = cluster_get(c, kind, idx);
	struct vds *d = out;
	struct strbuf sb;
	const struct podspec *spec = cluster_spec(c, ds->tpl.spec);

	owner_fill(v, c, KIND_DS, idx, &d->o);
	d->desired = ds->status.desired;
	d->current = ds->status.current;
	d->ready = ds->status.ready;
	d->updated = ds->status.updated;
	d->available = ds->status.available;
	d->unavail = ds->status.unavailable;
	d->max_unavail = engine_ds_max_unavailable(ds, ds->status.desired);
	d->rolling = false; /* set when its pods are grouped: one of an older revision */
	d->revision = ds_revision(c, idx);
	d->on_delete = ds->strategy == DS_ON_DELETE;
	sb_init(&sb);
	if (spec)
		labels_format(c->labels, spec->node_selector, ",", &sb);
	snprintf(d->selector, sizeof d->selector, "%s", sb.len ? sb.data : "<none>");
	sb_free(&sb);
}

static void copy_job(struct view *v, const struct cluster *c, enum kind kind, uint32_t idx,
		     void *out)
{
	const struct job *job = cluster_get(c, kind, idx);
	struct vjob *j = out;
	const struct meta *owner = cluster_owner(c, &job->meta);

	memset(j, 0, sizeof *j);
	owner_fill(v, c, KIND_JOB, idx, &j->o);
	j->uid = job->meta.uid;
	if (owner && job->meta.owner_kind == KIND_CRONJOB)
		copy_str(j->cronjob, sizeof j->cronjob, c, owner->name);
	j->completions = job->spec.completions;
	j->parallelism = job->spec.parallelism;
	j->backoff_limit = job->spec.backoff_limit;
	j->deadline_s = job->spec.active_deadline_s;
	j->succeeded = job->status.succeeded;
	j->failed = job->status.failed;
	j->active = job->status.active;
	j->start = job->status.start_ms;
	j->end = job->status.completion_ms != TIME_NONE ? job->status.completion_ms
		 : job->status.condition != JOB_RUNNING ? job->status.condition_ms
							: TIME_NONE;
	j->condition = (uint8_t)job->status.condition;
	j->suspended = job->spec.suspend;
	const struct podspec *spec = cluster_spec(c, job->spec.tpl.spec);
	j->on_failure = spec && spec->restart_policy == RESTART_ON_FAILURE;
	for (uint32_t i = job->meta.kids; i != NONE32;) { /* pkg/controller/job: active pods only */
		const struct pod *p = cluster_get(c, KIND_POD, i);
		bool active = p->meta.deleted_ms == TIME_NONE &&
			      (p->phase == PHASE_PENDING || p->phase == PHASE_RUNNING);
		for (uint32_t k = 0; active && p->ctrs && k < (uint32_t)p->ninit + p->ncontainers; k++)
			j->restarts += (int32_t)p->ctrs[k].restarts;
		i = p->meta.sib_next;
	}
	copy_str(j->reason, sizeof j->reason, c, job->status.reason);
	history_job(v, j, c, idx);
}

static void copy_cron(struct view *v, const struct cluster *c, enum kind kind, uint32_t idx,
		      void *out)
{
	static const char *const policies[] = { "Allow", "Forbid", "Replace" };
	const struct cronjob *src = cluster_get(c, kind, idx);
	struct vcron *cj = out;
	struct cron_schedule s;
	struct ksim_error err;

	memset(cj, 0, sizeof *cj);
	owner_fill(v, c, KIND_CRONJOB, idx, &cj->o);
	cj->uid = src->meta.uid;
	snprintf(cj->schedule, sizeof cj->schedule, "%s", src->schedule ? src->schedule : "");
	copy_str(cj->zone, sizeof cj->zone, c, src->time_zone);
	snprintf(cj->policy, sizeof cj->policy, "%s", policies[src->concurrency]);
	cj->suspend = src->suspend;
	cj->active = (int32_t)src->status.nactive;
	cj->last_schedule = src->status.last_schedule_ms;
	cj->next = src->next_ms;
	cj->bad_schedule = cron_parse(cj->schedule, &s, &err) != 0;
	history_cron(v, cj, c, idx);
}

/*
 * The claims of a StatefulSet's template that outlive their pods: a
 * scale-down leaves them (persistentVolumeClaimRetentionPolicy whenScaled
 * Retain, the default), so scaling up again finds each ordinal's data.
 */
static void kept_claims(const struct cluster *c, const struct statefulset *ss, char *buf, size_t size)
{
	size_t len = 0;
	char prefix[160], pod[160];

	buf[0] = '\0';
	for (uint32_t t = 0; t < ss->nclaims; t++) {
		int n = snprintf(prefix, sizeof prefix, "%s-%s-",
				 cluster_str(c, ss->claims[t].name), cluster_str(c, ss->meta.name));
		for (uint32_t i = 0; i < cluster_len(c, KIND_PVC) && len + 1 < size; i++) {
			const struct pvc *pvc = cluster_get(c, KIND_PVC, i);
			const char *name = pvc ? cluster_str(c, pvc->meta.name) : "", *end;
			if (!pvc || pvc->meta.ns != ss->meta.ns || strncmp(name, prefix, (size_t)n))
				continue;
			long ord = strtol(name + n, (char **)&end, 10);
			if (end == name + n || *end)
				continue;
			snprintf(pod, sizeof pod, "%s-%ld", cluster_str(c, ss->meta.name), ord);
			uint32_t id = strtab_lookup(c->strings, pod);
			if (id != NONE32 && cluster_find(c, KIND_POD, ss->meta.ns, id) != NONE32)
				continue;
			len += (size_t)snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "",
						name, claim_phase(pvc));
		}
	}
}

static void copy_set(struct view *v, const struct cluster *c, enum kind kind, uint32_t idx,
		     void *out)
{
	const struct meta *m = cluster_meta(c, kind, idx);
	struct vset *s = out;

	memset(s, 0, sizeof *s);
	owner_fill(v, c, kind, idx, &s->o);
	if (kind == KIND_STS) {
		const struct statefulset *ss = (const struct statefulset *)m;
		s->replicas = ss->replicas;
		s->ready = ss->status.ready;
		s->current = ss->status.replicas;
		copy_str(s->service, sizeof s->service, c, ss->service_name);
		kept_claims(c, ss, s->kept, sizeof s->kept);
	} else {
		const struct replicaset *rs = (const struct replicaset *)m;
		s->replicas = rs->replicas;
		s->ready = rs->status.ready;
		s->current = rs->status.replicas;
	}
}

/* Where the view keeps each kind of owner: its array and count, the element's size. */
#define OWNERS(array, count, cap, type, copy)                                                   \
	{ offsetof(struct view, array), offsetof(struct view, count), cap, sizeof(type), copy }
static const struct owner_array {
	size_t array, count, cap, size; /* cap: index into view.cap; size 0: none */
	/* Fills the entry of the object (idx), NULL for Deployments (copy_deploy wants the sets). */
	void (*copy)(struct view *v, const struct cluster *c, enum kind kind, uint32_t idx,
		     void *out);
} owner_arrays[KIND_COUNT] = {
	[KIND_DS] = OWNERS(dss, ndss, 3, struct vds, copy_ds),
	[KIND_JOB] = OWNERS(jobs, njobs, 4, struct vjob, copy_job),
	[KIND_CRONJOB] = OWNERS(crons, ncrons, 5, struct vcron, copy_cron),
	[KIND_STS] = OWNERS(sets, nsets, 6, struct vset, copy_set),
	[KIND_RS] = OWNERS(sets, nsets, 6, struct vset, copy_set),
	[KIND_RC] = OWNERS(sets, nsets, 6, struct vset, copy_set),
	[KIND_DEPLOY] = OWNERS(deploys, ndeploys, 8, struct vdeploy, NULL),
};

/* Each element begins with its struct vowner. */
const struct vowner *view_owner(const struct view *v, enum kind kind, uint32_t i)
{
	const struct owner_array *a = kind < KIND_COUNT ? &owner_arrays[kind] : NULL;
	const char *base;
	uint32_t n;

	if (!a || !a->size)
		return NULL;
	memcpy(&n, (const char *)v + a->count, sizeof n);
	memcpy(&base, (const char *)v + a->array, sizeof base);
	return i < n ? (const struct vowner *)(base + i * a->size) : NULL;
}

/* Appends the object's entry to its kind's array; its index there. */
static uint32_t owner_append(struct view *v, const struct cluster *c, enum kind kind, uint32_t idx)
{
	const struct owner_array *a = &owner_arrays[kind];
	char *base;
	uint32_t n;

	memcpy(&n, (char *)v + a->count, sizeof n);
	memcpy(&base, (char *)v + a->array, sizeof base);
	base = grow(base, &v->cap[a->cap], n + 1, a->size);
	memcpy((char *)v + a->array, &base, sizeof base);
	a->copy(v, c, kind, idx, base + n * a->size);
	n++;
	memcpy((char *)v + a->count, &n, sizeof n);
	return n - 1;
}

static int64_t set_revision(const struct cluster *c, const struct replicaset *rs)
{
	int64_t r = cluster_annotation_int(c, rs->meta.annotations, CLUSTER_REVISION_ANNOTATION);

	return r < 0 ? 0 : r;
}

/* set_map: the view's set index of each ReplicaSet in the store. */
static void copy_deploy(struct view *v, const struct cluster *c, const struct deployment *d,
			uint32_t idx, const uint32_t *set_map, struct vdeploy *out)
{
	int32_t specs = 0;

	memset(out, 0, sizeof *out);
	owner_fill(v, c, KIND_DEPLOY, idx, &out->o);
	out->replicas = d->replicas;
	out->updated = d->status.updated;
	out->ready = d->status.ready;
	out->available = d->status.available;
	out->recreate = d->strategy == DEPLOY_RECREATE;
	out->paused = d->paused;
	out->max_surge = engine_deploy_max_surge(d);
	out->max_unavail = engine_deploy_max_unavailable(d);
	const struct deploy_condition *conds[2] = { &d->status.available_cond,
						    &d->status.progressing_cond };
	for (int k = 0; k < 2; k++) {
		out->cond_status[k] = conds[k]->status;
		snprintf(out->cond_reason[k], sizeof out->cond_reason[k], "%s",
			 conds[k]->reason ? conds[k]->reason : "");
	}
	for (uint32_t i = d->meta.kids; i != NONE32;) {
		const struct replicaset *rs = cluster_get(c, KIND_RS, i);
		const struct podspec *spec = cluster_spec(c, rs->tpl.spec);
		int64_t rev = set_revision(c, rs);
		uint32_t k = out->nsets;
		specs += rs->replicas;
		/* newest first; past the array's end the oldest fall off */
		while (k > 0 && out->sets[k - 1].revision < rev) {
			if (k < VIEW_DEPLOY_SETS)
				out->sets[k] = out->sets[k - 1];
			k--;
		}
		if (k < VIEW_DEPLOY_SETS) {
			out->sets[k].set = set_map[i];
			out->sets[k].revision = rev;
			copy_str(out->sets[k].image, sizeof out->sets[k].image, c,
				 spec && spec->ncontainers ? spec->containers[0].image : 0);
			if (out->nsets < VIEW_DEPLOY_SETS)
				out->nsets++;
		}
		i = rs->meta.sib_next;
	}
	out->surge = specs > d->replicas ? specs - d->replicas : 0;
	out->unavail = d->replicas > d->status.available ? d->replicas - d->status.available : 0;
}

/* --- events --- */

static void copy_event(const struct cluster *c, const struct event *ev, struct vevent *out)
{
	struct strbuf sb;

	out->seq = ev->seq;
	out->time = ev->time_ms;
	out->warning = ev->type == EVENT_WARNING;
	out->kind = (uint8_t)ev->kind;
	out->uid = ev->uid;
	copy_str(out->reason, sizeof out->reason, c, ev->reason);
	snprintf(out->object, sizeof out->object, "%s/%s", kind_info(ev->kind)->singular,
		 cluster_str(c, ev->name));
	sb_init(&sb);
	event_text_render(c, &ev->msg, &sb);
	snprintf(out->msg, sizeof out->msg, "%s", sb.data);
	sb_reset(&sb);
	if (ev->why.fmt)
		event_text_render(c, &ev->why, &sb);
	snprintf(out->why, sizeof out->why, "%s", sb.data);
	sb_free(&sb);
}

/*
 * The newest VIEW_EVENTS events the cluster keeps, copied anew whenever its
 * list changed: a re-simulated cluster (a seek) numbers its events afresh,
 * so the list is the cluster's, never what earlier copies saw.
 */
static void copy_events(struct view *v, const struct cluster *c)
{
	uint32_t n = c->events.count, first = n > VIEW_EVENTS ? n - VIEW_EVENTS : 0;
	uint64_t newest = n ? cluster_event_at(c, n - 1)->seq : 0;

	if (n - first == v->nevents && newest == v->event_seq &&
	    (!n || cluster_event_at(c, first)->seq == v->events[0].seq))
		return;
	v->nevents = n - first;
	for (uint32_t i = first; i < n; i++)
		copy_event(c, cluster_event_at(c, i), &v->events[i - first]);
	v->event_seq = newest;
}

/* --- detail --- */

/* A `get -w` in Detail: the list at its first copy, then the lines of each copy's changes. */
static void follow_watch(struct view *v, struct cluster *c)
{
	struct strbuf err;

	if (v->watch) {
		kubectl_watch_poll(v->watch, c, &v->detail_text);
		return;
	}
	sb_init(&err);
	sb_reset(&v->detail_text);
	struct kubectl k = { .c = c,
			     .out = &v->detail_text,
			     .err = &err,
			     .ns = c->s.default_ns,
			     .base_dir = "",
			     .watch = &v->watch };
	v->detail_error = kubectl_run(&k, v->detail.line) != 0;
	sb_add(&v->detail_text, err.data);
	sb_free(&err);
}

static void copy_detail(struct view *v, struct cluster *c)
{
	struct strbuf line;
	const struct detail_target *d = &v->detail;

	if (d->mode == DETAIL_OUTPUT && d->watch)
		follow_watch(v, c);
	if (d->mode != DETAIL_DESCRIBE && d->mode != DETAIL_LOGS)
		return;
	sb_init(&line);
	sb_reset(&v->detail_text);
	if (d->mode == DETAIL_DESCRIBE)
		sb_printf(&line, "describe %s '%s'", kind_info(d->kind)->singular, d->name);
	else if (d->kind == KIND_POD)
		sb_printf(&line, "logs '%s'", d->name);
	else /* a workload: kubectl picks its pod and says which first ("Found 3 pods, using ...") */
		sb_printf(&line, "logs '%s/%s'", kind_info(d->kind)->singular, d->name);
	if (d->ns[0])
		sb_printf(&line, " -n '%s'", d->ns);
	/* one buffer for both streams: what kubectl writes to stderr first shows first */
	struct kubectl k = { .c = c,
			     .out = &v->detail_text,
			     .err = &v->detail_text,
			     .ns = c->s.default_ns,
			     .base_dir = "" };
	v->detail_error = kubectl_run(&k, line.data) != 0;
	sb_free(&line);
}

/* --- the lesson --- */

enum panel_id view_lesson_panel(struct cluster *c, int64_t since)
{
	static const struct {
		enum kind kind;
		enum panel_id panel;
	} kinds[] = { { KIND_DS, P_DAEMONSETS },     { KIND_JOB, P_JOBS },
		      { KIND_CRONJOB, P_CRONJOBS },  { KIND_STS, P_SETS },
		      { KIND_RS, P_SETS },           { KIND_RC, P_SETS },
		      { KIND_DEPLOY, P_DEPLOYMENTS } };
	enum panel_id best = P_DAEMONSETS;
	uint32_t best_uid = UINT32_MAX;

	cluster_lock(c);
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++)
		for (uint32_t i = 0; i < cluster_len(c, kinds[k].kind); i++) {
			const struct meta *m = cluster_meta(c, kinds[k].kind, i);
			/* uids are handed out in creation order, and the files are applied in order */
			if (m && m->created_ms >= since && m->uid < best_uid) {
				best_uid = m->uid;
				best = kinds[k].panel;
			}
		}
	cluster_unlock(c);
	return best;
}

/* --- the copy --- */

void view_update(struct view *v, struct cluster *c)
{
	uint32_t *node_map, *owner_map[KIND_COUNT] = { 0 };

	cluster_lock(c);
	v->cluster_now = c->now_ms;
	if (c->generation == v->generation) {
		cluster_unlock(c);
		return;
	}
	v->generation = c->generation;
	v->serial = ++serials;

	node_map = xcalloc(cluster_len(c, KIND_NODE) + 1, sizeof *node_map);
	v->nnodes = 0;
	for (uint32_t i = 0; i < cluster_len(c, KIND_NODE); i++) {
		const struct node *n = cluster_get(c, KIND_NODE, i);
		node_map[i] = NONE32;
		if (!n)
			continue;
		v->nodes = grow(v->nodes, &v->cap[2], v->nnodes + 1, sizeof *v->nodes);
		node_map[i] = v->nnodes;
		copy_node(v, c, n, i, &v->nodes[v->nnodes++]);
	}

	history_index(v, c);
	v->ndss = v->njobs = v->ncrons = v->nsets = 0;
	for (int k = 0; k < KIND_COUNT; k++) {
		enum kind kind = (enum kind)k;
		if (!owner_arrays[kind].copy)
			continue;
		owner_map[kind] = xcalloc(cluster_len(c, kind) + 1, sizeof **owner_map);
		for (uint32_t i = 0; i < cluster_len(c, kind); i++)
			owner_map[kind][i] =
			    cluster_meta(c, kind, i) ? owner_append(v, c, kind, i) : NONE32;
	}

	v->ndeploys = 0;
	for (uint32_t i = 0; i < cluster_len(c, KIND_DEPLOY); i++) {
		const struct deployment *d = cluster_get(c, KIND_DEPLOY, i);
		if (!d)
			continue;
		v->deploys = grow(v->deploys, &v->cap[8], v->ndeploys + 1, sizeof *v->deploys);
		copy_deploy(v, c, d, i, owner_map[KIND_RS], &v->deploys[v->ndeploys++]);
	}

	v->npods = 0;
	for (uint32_t i = 0; i < cluster_len(c, KIND_POD); i++) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		if (!p)
			continue;
		v->pods = grow(v->pods, &v->cap[7], v->npods + 1, sizeof *v->pods);
		struct vpod *vp = &v->pods[v->npods++];
		copy_pod(v, c, p, vp, node_map);
		vp->idx = i;
		if (vp->owner_kind < KIND_COUNT && owner_map[vp->owner_kind])
			vp->owner = owner_map[vp->owner_kind][p->meta.owner];
		if (vp->owner_kind == KIND_DS && vp->owner != NONE32)
			vp->outdated = p->revision != v->dss[vp->owner].revision;
	}
	group_pods(v);
	copy_events(v, c);
	history_commit(v);
	copy_detail(v, c);
	cluster_unlock(c);

	free(node_map);
	for (int k = 0; k < KIND_COUNT; k++)
		free(owner_map[k]);
}
