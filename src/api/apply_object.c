/*
 * The API server's side of `kubectl apply` for one decoded object: create it
 * (with the defaults the server fills in: a Job's selector and labels, a
 * Service's cluster IP and node ports, a Node's kubelet labels) or update
 * the live one (replace the fields a manifest sets, refuse immutable
 * changes, bump metadata.generation on a spec change), and say which it
 * did: "created", "configured" or "unchanged" (kubectl prints the line).
 *
 * Each kind is a row of ops. swap() exchanges the fields a manifest sets
 * between the live object and the decoded one, so the old values leave with
 * the decoded husk and are freed with it. admit() is the server's defaulting
 * and validation, on create (live NULL) and on update, where it also carries
 * over what the server set and a manifest cannot repeat (a generated
 * selector, an allocated IP), so that same() compares like with like.
 *
 * DefaultTolerationSeconds: the engine gives every pod the not-ready and
 * unreachable NoExecute tolerations (300 s) unless its spec has its own
 * (pod_tolerates), so pods made by controllers and pods applied here behave
 * alike; nothing is added to the stored spec.
 */
#include "ksim/api.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ksim/manifest.h"

struct apply_ops {
	void (*swap)(void *live, void *decoded);
	bool (*same)(const struct cluster *c, const void *live, const void *decoded);
	/* 0, or -1 with err; live is NULL on create. May be NULL. */
	int (*admit)(struct cluster *c, const void *live, void *decoded, struct ksim_error *err);
	/* Create only, once the object has its uid. May be NULL. */
	void (*created)(struct cluster *c, uint32_t idx);
};

/* --- small helpers --- */

static void swap_bytes(void *a, void *b, size_t n)
{
	unsigned char *x = a, *y = b, t;

	for (size_t i = 0; i < n; i++) {
		t = x[i];
		x[i] = y[i];
		y[i] = t;
	}
}

#define SWAP(l, d, field) swap_bytes(&(l)->field, &(d)->field, sizeof((l)->field))

/* "The ReplicaSet "x" is invalid: <what>": the API server's 422, as kubectl prints it. */
static int invalid(struct ksim_error *err, enum kind kind, const struct meta *m,
		   const struct cluster *c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int invalid(struct ksim_error *err, enum kind kind, const struct meta *m,
		   const struct cluster *c, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	sb_init(&sb);
	sb_printf(&sb, "The %s \"%s\" is invalid: ", kind_info(kind)->kind, cluster_str(c, m->name));
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	error_set(err, "%s", sb.data);
	sb_free(&sb);
	return -1;
}

static bool sel_same(const struct selector *a, const struct selector *b)
{
	if (a->nothing != b->nothing || a->match_labels != b->match_labels || a->nreqs != b->nreqs)
		return false;
	for (uint32_t i = 0; i < a->nreqs; i++) {
		const struct selector_req *x = &a->reqs[i], *y = &b->reqs[i];
		if (x->key != y->key || x->op != y->op || x->nvalues != y->nvalues ||
		    memcmp(x->values, y->values, x->nvalues * sizeof *x->values) != 0)
			return false;
	}
	return true;
}

/* Equal metadata and equal spec content (the hash controller-revision-hash uses). */
static bool tpl_same(const struct cluster *c, const struct template *a, const struct template *b)
{
	return a->labels == b->labels && a->annotations == b->annotations &&
	       (a->spec == b->spec || cluster_template_hash(c, a) == cluster_template_hash(c, b));
}

static const char *const sel_op_names[] = {
	[SEL_IN] = "In",         [SEL_NOT_IN] = "NotIn",
	[SEL_EXISTS] = "Exists", [SEL_DOES_NOT_EXIST] = "DoesNotExist",
	[SEL_GT] = "Gt",         [SEL_LT] = "Lt",
};

/* A LabelSelector as Go's %#v prints it in "field is immutable" errors. */
static void go_selector(const struct cluster *c, const struct selector *sel, struct strbuf *out)
{
	uint32_t n;
	const struct label *p = labels_get(c->labels, sel->match_labels, &n);

	sb_add(out, "v1.LabelSelector{MatchLabels:map[string]string");
	if (!n)
		sb_add(out, "(nil)");
	for (uint32_t i = 0; i < n; i++)
		sb_printf(out, "%s\"%s\":\"%s\"", i ? ", " : "{", cluster_str(c, p[i].key),
			  cluster_str(c, p[i].val));
	sb_add(out, n ? "}" : "");
	sb_add(out, ", MatchExpressions:[]v1.LabelSelectorRequirement");
	if (!sel->nreqs)
		sb_add(out, "(nil)");
	for (uint32_t i = 0; i < sel->nreqs; i++) {
		const struct selector_req *r = &sel->reqs[i];
		sb_printf(out,
			  "%sv1.LabelSelectorRequirement{Key:\"%s\", Operator:\"%s\", Values:[]string",
			  i ? ", " : "{", cluster_str(c, r->key), sel_op_names[r->op]);
		if (!r->nvalues)
			sb_add(out, "(nil)");
		for (uint32_t j = 0; j < r->nvalues; j++)
			sb_printf(out, "%s\"%s\"", j ? ", " : "{", cluster_str(c, r->values[j]));
		sb_add(out, r->nvalues ? "}}" : "}");
	}
	sb_add(out, sel->nreqs ? "}}" : "}");
}

/* apps/v1 and batch/v1 selectors cannot change after creation. */
static int check_selector(struct cluster *c, enum kind kind, const struct meta *m,
			  const struct selector *live, const struct selector *want,
			  struct ksim_error *err)
{
	struct strbuf sb;
	int rc;

	if (sel_same(live, want))
		return 0;
	sb_init(&sb);
	go_selector(c, want, &sb);
	rc = invalid(err, kind, m, c, "spec.selector: Invalid value: %s: field is immutable",
		     sb.data);
	sb_free(&sb);
	return rc;
}

/* --- ReplicaSet and ReplicationController --- */

static void rs_swap(void *live, void *decoded)
{
	struct replicaset *l = live, *d = decoded;

	SWAP(l, d, replicas);
	SWAP(l, d, min_ready_s);
	SWAP(l, d, sel);
	SWAP(l, d, tpl);
}

static bool rs_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct replicaset *l = live, *d = decoded;

	return l->replicas == d->replicas && l->min_ready_s == d->min_ready_s &&
	       sel_same(&l->sel, &d->sel) && tpl_same(c, &l->tpl, &d->tpl);
}

static int rs_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct replicaset *l = live;
	const struct replicaset *d = decoded;

	return l ? check_selector(c, KIND_RS, &d->meta, &l->sel, &d->sel, err) : 0;
}

/* --- Deployment --- */

static void deploy_swap(void *live, void *decoded)
{
	struct deployment *l = live, *d = decoded;

	SWAP(l, d, replicas);
	SWAP(l, d, min_ready_s);
	SWAP(l, d, history_limit);
	SWAP(l, d, progress_deadline_s);
	SWAP(l, d, paused);
	SWAP(l, d, strategy);
	SWAP(l, d, max_surge);
	SWAP(l, d, max_unavailable);
	SWAP(l, d, max_surge_pct);
	SWAP(l, d, max_unavailable_pct);
	SWAP(l, d, sel);
	SWAP(l, d, tpl);
}

static bool deploy_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct deployment *l = live, *d = decoded;

	return l->replicas == d->replicas && l->min_ready_s == d->min_ready_s &&
	       l->history_limit == d->history_limit &&
	       l->progress_deadline_s == d->progress_deadline_s && l->paused == d->paused &&
	       l->strategy == d->strategy && l->max_surge == d->max_surge &&
	       l->max_unavailable == d->max_unavailable && l->max_surge_pct == d->max_surge_pct &&
	       l->max_unavailable_pct == d->max_unavailable_pct && sel_same(&l->sel, &d->sel) &&
	       tpl_same(c, &l->tpl, &d->tpl);
}

static int deploy_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct deployment *l = live;
	const struct deployment *d = decoded;

	return l ? check_selector(c, KIND_DEPLOY, &d->meta, &l->sel, &d->sel, err) : 0;
}

/* --- DaemonSet --- */

static void ds_swap(void *live, void *decoded)
{
	struct daemonset *l = live, *d = decoded;

	SWAP(l, d, sel);
	SWAP(l, d, tpl);
	SWAP(l, d, strategy);
	SWAP(l, d, max_unavailable);
	SWAP(l, d, max_surge);
	SWAP(l, d, max_unavailable_pct);
	SWAP(l, d, max_surge_pct);
	SWAP(l, d, min_ready_s);
	SWAP(l, d, history_limit);
}

static bool ds_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct daemonset *l = live, *d = decoded;

	return sel_same(&l->sel, &d->sel) && tpl_same(c, &l->tpl, &d->tpl) &&
	       l->strategy == d->strategy && l->max_unavailable == d->max_unavailable &&
	       l->max_surge == d->max_surge && l->max_unavailable_pct == d->max_unavailable_pct &&
	       l->max_surge_pct == d->max_surge_pct && l->min_ready_s == d->min_ready_s &&
	       l->history_limit == d->history_limit;
}

static int ds_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct daemonset *l = live;
	const struct daemonset *d = decoded;

	return l ? check_selector(c, KIND_DS, &d->meta, &l->sel, &d->sel, err) : 0;
}

/* --- Job and CronJob --- */

static bool job_spec_same(const struct cluster *c, const struct job_spec *a, const struct job_spec *b)
{
	return a->completions == b->completions && a->parallelism == b->parallelism &&
	       a->backoff_limit == b->backoff_limit &&
	       a->active_deadline_s == b->active_deadline_s && a->ttl_s == b->ttl_s &&
	       a->suspend == b->suspend && a->manual_selector == b->manual_selector &&
	       a->mode == b->mode && a->labels == b->labels && a->annotations == b->annotations &&
	       sel_same(&a->sel, &b->sel) && tpl_same(c, &a->tpl, &b->tpl);
}

static void job_swap(void *live, void *decoded)
{
	struct job *l = live, *d = decoded;

	SWAP(l, d, spec);
}

static bool job_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct job *l = live, *d = decoded;

	return job_spec_same(c, &l->spec, &d->spec);
}

static int job_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct job *l = live;
	struct job *d = decoded;

	if (!l)
		return 0;
	cluster_job_stamp(c, d, l->meta.uid);
	if (check_selector(c, KIND_JOB, &d->meta, &l->spec.sel, &d->spec.sel, err))
		return -1;
	if (d->spec.completions != l->spec.completions)
		return invalid(err, KIND_JOB, &d->meta, c,
			       "spec.completions: Invalid value: %d: field is immutable",
			       d->spec.completions);
	if (d->spec.mode != l->spec.mode)
		return invalid(err, KIND_JOB, &d->meta, c,
			       "spec.completionMode: Invalid value: \"%s\": field is immutable",
			       d->spec.mode == COMPLETION_INDEXED ? "Indexed" : "NonIndexed");
	/* A suspended Job's template may change (the scheduling directives, simplified). */
	if (!l->spec.suspend && !tpl_same(c, &l->spec.tpl, &d->spec.tpl))
		return invalid(
		    err, KIND_JOB, &d->meta, c,
		    "spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable");
	return 0;
}

static void job_created(struct cluster *c, uint32_t idx)
{
	struct job *j = cluster_get(c, KIND_JOB, idx);

	cluster_job_stamp(c, j, j->meta.uid);
}

static void cronjob_swap(void *live, void *decoded)
{
	struct cronjob *l = live, *d = decoded;

	SWAP(l, d, schedule);
	SWAP(l, d, time_zone);
	SWAP(l, d, concurrency);
	SWAP(l, d, suspend);
	SWAP(l, d, starting_deadline_s);
	SWAP(l, d, success_history);
	SWAP(l, d, failed_history);
	SWAP(l, d, job);
}

static bool cronjob_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct cronjob *l = live, *d = decoded;

	return strcmp(l->schedule, d->schedule) == 0 && l->time_zone == d->time_zone &&
	       l->concurrency == d->concurrency && l->suspend == d->suspend &&
	       l->starting_deadline_s == d->starting_deadline_s &&
	       l->success_history == d->success_history && l->failed_history == d->failed_history &&
	       job_spec_same(c, &l->job, &d->job);
}

/* --- StatefulSet --- */

static bool claims_same(const struct statefulset *a, const struct statefulset *b)
{
	if (a->nclaims != b->nclaims)
		return false;
	for (uint32_t i = 0; i < a->nclaims; i++) {
		const struct claim_template *x = &a->claims[i], *y = &b->claims[i];
		if (x->name != y->name || x->storage_class != y->storage_class ||
		    x->access_modes != y->access_modes || x->request_bytes != y->request_bytes ||
		    x->labels != y->labels)
			return false;
	}
	return true;
}

static void sts_swap(void *live, void *decoded)
{
	struct statefulset *l = live, *d = decoded;

	SWAP(l, d, replicas);
	SWAP(l, d, service_name);
	SWAP(l, d, pod_management);
	SWAP(l, d, strategy);
	SWAP(l, d, rolling_update_nil);
	SWAP(l, d, partition);
	SWAP(l, d, min_ready_s);
	SWAP(l, d, ordinals_start);
	SWAP(l, d, history_limit);
	SWAP(l, d, delete_claims_when_deleted);
	SWAP(l, d, delete_claims_when_scaled);
	SWAP(l, d, sel);
	SWAP(l, d, tpl);
	SWAP(l, d, nclaims);
	SWAP(l, d, claims);
}

static bool sts_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct statefulset *l = live, *d = decoded;

	return l->replicas == d->replicas && l->service_name == d->service_name &&
	       l->pod_management == d->pod_management && l->strategy == d->strategy &&
	       l->rolling_update_nil == d->rolling_update_nil && l->partition == d->partition &&
	       l->min_ready_s == d->min_ready_s && l->ordinals_start == d->ordinals_start &&
	       l->delete_claims_when_deleted == d->delete_claims_when_deleted &&
	       l->delete_claims_when_scaled == d->delete_claims_when_scaled &&
	       l->history_limit == d->history_limit && sel_same(&l->sel, &d->sel) &&
	       tpl_same(c, &l->tpl, &d->tpl) && claims_same(l, d);
}

/* apps/validation ValidateStatefulSetUpdate, in its 1.31 words. */
static int sts_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct statefulset *l = live, *d = decoded;

	if (!l || (l->service_name == d->service_name && l->pod_management == d->pod_management &&
		   sel_same(&l->sel, &d->sel) && claims_same(l, d)))
		return 0;
	return invalid(err, KIND_STS, &d->meta, c,
		       "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', "
		       "'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
		       "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
}

/* --- Service --- */

#define SVC_NET 0x0a600000u /* 10.96.0.0/12, the default --service-cluster-ip-range */
#define SVC_MASK 0xfff00000u
#define NODE_PORT_MIN 30000
#define NODE_PORT_COUNT 2768 /* 30000-32767 */

static bool svc_wants_ip(const struct service *s)
{
	return s->type != SVC_EXTERNAL_NAME && !s->headless;
}

static bool svc_has_node_ports(const struct service *s)
{
	return s->type == SVC_NODE_PORT || s->type == SVC_LOAD_BALANCER;
}

/* Whether another Service holds the IP (self is the live one on update, else NULL). */
static bool ip_taken(const struct cluster *c, uint32_t ip, const void *self)
{
	for (uint32_t i = 0; i < cluster_len(c, KIND_SVC); i++) {
		const struct service *s = cluster_get(c, KIND_SVC, i);
		if (s && (const void *)s != self && s->cluster_ip == ip)
			return true;
	}
	return false;
}

static bool node_port_taken(const struct cluster *c, int32_t port, const void *self,
			    const struct service *d, uint32_t upto)
{
	for (uint32_t i = 0; i < upto; i++)
		if (d->ports[i].node_port == port)
			return true;
	for (uint32_t i = 0; i < cluster_len(c, KIND_SVC); i++) {
		const struct service *s = cluster_get(c, KIND_SVC, i);
		if (!s || (const void *)s == self)
			continue;
		if (s->health_check_node_port == port)
			return true;
		for (uint32_t j = 0; j < s->nports; j++)
			if (s->ports[j].node_port == port)
				return true;
	}
	return false;
}

/* A random free port of 30000-32767, 0 when none is left. */
static int32_t free_node_port(struct cluster *c, const void *self, const struct service *d,
			      uint32_t upto)
{
	for (int tries = 0; tries < 4 * NODE_PORT_COUNT; tries++) {
		int32_t port = NODE_PORT_MIN + (int32_t)cluster_rand(c, NODE_PORT_COUNT);
		if (!node_port_taken(c, port, self, d, upto))
			return port;
	}
	return 0;
}

/* clusterIP is immutable once set, headless ("None") included; ExternalName has none. */
static bool svc_ip_changed(const struct service *l, const struct service *d)
{
	if (l->type == SVC_EXTERNAL_NAME || d->type == SVC_EXTERNAL_NAME)
		return false;
	return l->headless != d->headless || (l->cluster_ip && d->cluster_ip != l->cluster_ip);
}

/*
 * The bitmap allocator (pkg/registry/core/service/ipallocator) picks a random
 * free address, first above the lower band kept for static ones: the first
 * min(max(16, size/16), 256) addresses, here 10.96.0.1-10.96.0.255.
 */
#define SVC_STATIC_BAND 256u
#define SVC_SIZE ((~SVC_MASK) - 1u) /* without the network and broadcast addresses */

static int svc_cluster_ip(struct cluster *c, const struct service *l, struct service *d,
			  struct ksim_error *err)
{
	char ip[20];

	if (l && !d->cluster_ip && !d->headless)
		d->cluster_ip = l->cluster_ip;
	ip_format(d->cluster_ip, ip, sizeof ip);
	if (l && svc_ip_changed(l, d))
		return invalid(
		    err, KIND_SVC, &d->meta, c,
		    "spec.clusterIPs[0]: Invalid value: []string{\"%s\"}: may not change once set",
		    d->headless ? "None" : ip);
	if (!svc_wants_ip(d) || (l && d->cluster_ip && d->cluster_ip == l->cluster_ip))
		return 0;
	if (d->cluster_ip && (d->cluster_ip & SVC_MASK) != SVC_NET)
		return invalid(
		    err, KIND_SVC, &d->meta, c,
		    "spec.clusterIPs: Invalid value: []string{\"%s\"}: failed to allocate IP %s: "
		    "the provided IP (%s) is not in the valid range. The range of valid IPs "
		    "is 10.96.0.0/12",
		    ip, ip, ip);
	if (d->cluster_ip && ip_taken(c, d->cluster_ip, l))
		return invalid(
		    err, KIND_SVC, &d->meta, c,
		    "spec.clusterIPs: Invalid value: []string{\"%s\"}: failed to allocate IP %s: "
		    "provided IP is already allocated",
		    ip, ip);
	for (uint32_t tries = 0; !d->cluster_ip && tries < SVC_SIZE; tries++) {
		uint32_t ip_try = SVC_NET + 1 + SVC_STATIC_BAND +
				  cluster_rand(c, SVC_SIZE - SVC_STATIC_BAND);
		if (!ip_taken(c, ip_try, l))
			d->cluster_ip = ip_try;
	}
	if (!d->cluster_ip)
		return invalid(
		    err, KIND_SVC, &d->meta, c,
		    "spec.clusterIPs: Internal error: failed to allocate a serviceIP: range is full");
	return 0;
}

static const struct service_port *same_port(const struct service *l, const struct service_port *p)
{
	for (uint32_t i = 0; l && i < l->nports; i++)
		if (l->ports[i].port == p->port && l->ports[i].protocol == p->protocol)
			return &l->ports[i];
	return NULL;
}

/* NodePort allocation is random in 30000-32767, as the API server's allocator is. */
static int svc_node_ports(struct cluster *c, const struct service *l, struct service *d,
			  struct ksim_error *err)
{
	for (uint32_t i = 0; svc_has_node_ports(d) && i < d->nports; i++) {
		struct service_port *p = &d->ports[i];
		const struct service_port *old = same_port(l, p);
		if (!p->node_port && old && old->node_port) {
			p->node_port = old->node_port;
			continue;
		}
		if (p->node_port && old && old->node_port == p->node_port)
			continue;
		if (p->node_port && (p->node_port < NODE_PORT_MIN ||
				     p->node_port >= NODE_PORT_MIN + NODE_PORT_COUNT))
			return invalid(
			    err, KIND_SVC, &d->meta, c,
			    "spec.ports[%u].nodePort: Invalid value: %d: provided port is not in "
			    "the valid range. The range of valid ports is 30000-32767",
			    i, p->node_port);
		if (p->node_port && node_port_taken(c, p->node_port, l, d, i))
			return invalid(
			    err, KIND_SVC, &d->meta, c,
			    "spec.ports[%u].nodePort: Invalid value: %d: provided port is already "
			    "allocated",
			    i, p->node_port);
		if (!p->node_port)
			p->node_port = free_node_port(c, l, d, i);
		if (!p->node_port)
			return invalid(
			    err, KIND_SVC, &d->meta, c,
			    "spec.ports[%u].nodePort: Internal error: failed to allocate a nodePort: "
			    "range is full",
			    i);
	}
	return 0;
}

/* A LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort for the cloud's probes. */
static void svc_health_check_port(struct cluster *c, const struct service *l, struct service *d)
{
	if (d->type != SVC_LOAD_BALANCER || !d->local_traffic) {
		d->health_check_node_port = 0;
		return;
	}
	if (!d->health_check_node_port && l && l->health_check_node_port)
		d->health_check_node_port = l->health_check_node_port;
	if (!d->health_check_node_port)
		d->health_check_node_port = free_node_port(c, l, d, d->nports);
}

static int svc_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	if (svc_cluster_ip(c, live, decoded, err) || svc_node_ports(c, live, decoded, err))
		return -1;
	svc_health_check_port(c, live, decoded);
	return 0;
}

static void svc_swap(void *live, void *decoded)
{
	struct service *l = live, *d = decoded;

	SWAP(l, d, type);
	SWAP(l, d, headless);
	SWAP(l, d, local_traffic);
	SWAP(l, d, health_check_node_port);
	SWAP(l, d, publish_not_ready);
	SWAP(l, d, cluster_ip);
	SWAP(l, d, selector);
	SWAP(l, d, has_selector);
	SWAP(l, d, external_ip);
	SWAP(l, d, external_name);
	SWAP(l, d, nports);
	SWAP(l, d, ports);
}

static bool svc_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct service *l = live, *d = decoded;

	(void)c;
	if (l->type != d->type || l->headless != d->headless || l->local_traffic != d->local_traffic ||
	    l->health_check_node_port != d->health_check_node_port ||
	    l->publish_not_ready != d->publish_not_ready || l->cluster_ip != d->cluster_ip ||
	    l->selector != d->selector || l->has_selector != d->has_selector ||
	    l->external_ip != d->external_ip || l->external_name != d->external_name ||
	    l->nports != d->nports)
		return false;
	for (uint32_t i = 0; i < l->nports; i++) {
		const struct service_port *x = &l->ports[i], *y = &d->ports[i];
		if (x->name != y->name || x->protocol != y->protocol || x->port != y->port ||
		    x->node_port != y->node_port || x->target_port != y->target_port ||
		    x->target_port_name != y->target_port_name)
			return false;
	}
	return true;
}

/* --- Endpoints --- */

static void ep_swap(void *live, void *decoded)
{
	struct endpoints *l = live, *d = decoded;

	SWAP(l, d, naddrs);
	SWAP(l, d, addrs_cap);
	SWAP(l, d, addrs);
}

static bool ep_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct endpoints *l = live, *d = decoded;

	(void)c;
	if (l->naddrs != d->naddrs)
		return false;
	for (uint32_t i = 0; i < l->naddrs; i++)
		if (l->addrs[i].ip != d->addrs[i].ip || l->addrs[i].ready != d->addrs[i].ready)
			return false;
	return true;
}

/* --- PersistentVolume and PersistentVolumeClaim --- */

static void pv_swap(void *live, void *decoded)
{
	struct pv *l = live, *d = decoded;

	SWAP(l, d, capacity_bytes);
	SWAP(l, d, access_modes);
	SWAP(l, d, reclaim);
	SWAP(l, d, storage_class);
	SWAP(l, d, claim_ns);
	SWAP(l, d, claim_name);
}

static bool pv_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct pv *l = live, *d = decoded;

	(void)c;
	return l->capacity_bytes == d->capacity_bytes && l->access_modes == d->access_modes &&
	       l->reclaim == d->reclaim && l->storage_class == d->storage_class &&
	       l->claim_ns == d->claim_ns && l->claim_name == d->claim_name;
}

/* The binder fills claimRef; a manifest without one keeps it. */
static int pv_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct pv *l = live;
	struct pv *d = decoded;

	(void)c;
	(void)err;
	if (l && !d->claim_name) {
		d->claim_ns = l->claim_ns;
		d->claim_name = l->claim_name;
	}
	return 0;
}

static void pvc_swap(void *live, void *decoded)
{
	struct pvc *l = live, *d = decoded;

	SWAP(l, d, request_bytes);
	SWAP(l, d, access_modes);
	SWAP(l, d, storage_class);
	SWAP(l, d, volume);
}

static bool pvc_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct pvc *l = live, *d = decoded;

	(void)c;
	return l->request_bytes == d->request_bytes && l->access_modes == d->access_modes &&
	       l->storage_class == d->storage_class && l->volume == d->volume;
}

/* Only resources.requests may change; the binder fills volumeName, a manifest may omit it. */
static int pvc_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct pvc *l = live;
	struct pvc *d = decoded;

	if (!l)
		return 0;
	if (!d->volume)
		d->volume = l->volume;
	if (l->access_modes == d->access_modes && l->storage_class == d->storage_class &&
	    l->volume == d->volume)
		return 0;
	return invalid(err, KIND_PVC, &d->meta, c,
		       "spec: Forbidden: spec is immutable after creation except resources.requests "
		       "and volumeAttributesClassName for bound claims");
}

/* --- Pod --- */

static void pod_swap(void *live, void *decoded)
{
	struct pod *l = live, *d = decoded;

	SWAP(l, d, spec);
}

static bool pod_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct pod *l = live, *d = decoded;
	struct template a = { 0, 0, l->spec }, b = { 0, 0, d->spec };

	return tpl_same(c, &a, &b);
}

static void pod_created(struct cluster *c, uint32_t idx)
{
	cluster_pod_setup(c, idx);
}

/* A pod's spec is fixed once created (ksim does not let even the image change). */
static int pod_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct pod *l = live, *d = decoded;

	if (!l || pod_same(c, l, d))
		return 0;
	return invalid(err, KIND_POD, &d->meta, c,
		       "spec: Forbidden: pod updates may not change fields other than "
		       "`spec.containers[*].image`,`spec.initContainers[*].image`,"
		       "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing "
		       "tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if "
		       "it was previously negative)");
}

/* --- Node --- */

#define NODE_CPU_MILLI 4000
#define NODE_MEMORY (8LL << 30)

static bool taints_same(const struct node *a, const struct node *b)
{
	if (a->ntaints != b->ntaints)
		return false;
	for (uint32_t i = 0; i < a->ntaints; i++)
		if (a->taints[i].key != b->taints[i].key || a->taints[i].value != b->taints[i].value ||
		    a->taints[i].effect != b->taints[i].effect)
			return false;
	return true;
}

static void node_swap(void *live, void *decoded)
{
	struct node *l = live, *d = decoded;

	SWAP(l, d, ntaints);
	SWAP(l, d, taints);
	SWAP(l, d, unschedulable);
	SWAP(l, d, capacity);
	SWAP(l, d, allocatable);
}

static bool node_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct node *l = live, *d = decoded;

	(void)c;
	return taints_same(l, d) && l->unschedulable == d->unschedulable &&
	       l->capacity.cpu_milli == d->capacity.cpu_milli &&
	       l->capacity.mem_bytes == d->capacity.mem_bytes &&
	       l->allocatable.cpu_milli == d->allocatable.cpu_milli &&
	       l->allocatable.mem_bytes == d->allocatable.mem_bytes;
}

/* The labels every kubelet puts on its node. */
static const char *const kubelet_labels[][2] = {
	{ "beta.kubernetes.io/arch", "amd64" },
	{ "beta.kubernetes.io/os", "linux" },
	{ "kubernetes.io/arch", "amd64" },
	{ "kubernetes.io/hostname", NULL }, /* the node's name */
	{ "kubernetes.io/os", "linux" },
};

/*
 * Capacity is status the kubelet reports, and its labels are the kubelet's:
 * a manifest without them keeps what the node has (or gets ksim's defaults).
 */
static int node_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	const struct node *l = live;
	struct node *d = decoded;

	(void)err;
	for (size_t i = 0; i < ARRAY_LEN(kubelet_labels); i++) {
		uint32_t key = cluster_intern(c, kubelet_labels[i][0]);
		uint32_t val = kubelet_labels[i][1] ? cluster_intern(c, kubelet_labels[i][1])
						    : d->meta.name;
		if (labels_value(c->labels, d->meta.labels, key) == NONE32)
			d->meta.labels = labels_with(c->labels, d->meta.labels, key, val);
	}
	if (!d->capacity.cpu_milli)
		d->capacity.cpu_milli = l ? l->capacity.cpu_milli : NODE_CPU_MILLI;
	if (!d->capacity.mem_bytes)
		d->capacity.mem_bytes = l ? l->capacity.mem_bytes : NODE_MEMORY;
	if (!d->allocatable.cpu_milli)
		d->allocatable.cpu_milli = l ? l->allocatable.cpu_milli : d->capacity.cpu_milli;
	if (!d->allocatable.mem_bytes)
		d->allocatable.mem_bytes = l ? l->allocatable.mem_bytes : d->capacity.mem_bytes;
	for (uint32_t i = 0; i < d->ntaints; i++) {
		const struct taint *old = NULL;
		for (uint32_t j = 0; l && j < l->ntaints; j++)
			if (l->taints[j].key == d->taints[i].key &&
			    l->taints[j].effect == d->taints[i].effect)
				old = &l->taints[j];
		d->taints[i].added_ms = old ? old->added_ms : c->now_ms;
	}
	return 0;
}

/* ksim's simulated kubelet is up from the start and posts Ready at once. */
static void node_created(struct cluster *c, uint32_t idx)
{
	struct node *n = cluster_get(c, KIND_NODE, idx);

	n->ready = NODE_READY;
	n->heartbeat_ms = n->transition_ms = c->now_ms;
}

/* --- ConfigMap and Secret --- */

static void config_swap(void *live, void *decoded)
{
	struct config_object *l = live, *d = decoded;

	SWAP(l, d, immutable);
	SWAP(l, d, type);
	SWAP(l, d, nentries);
	SWAP(l, d, cap);
	SWAP(l, d, entries);
}

static bool config_same(const struct cluster *c, const void *live, const void *decoded)
{
	const struct config_object *l = live, *d = decoded;

	(void)c;
	if (l->immutable != d->immutable || l->type != d->type || l->nentries != d->nentries)
		return false;
	for (uint32_t i = 0; i < l->nentries; i++) {
		const struct config_entry *x = &l->entries[i], *y = &d->entries[i];
		if (x->key != y->key || x->binary != y->binary || x->len != y->len ||
		    memcmp(x->value, y->value, x->len) != 0)
			return false;
	}
	return true;
}

static int config_admit(struct cluster *c, enum kind kind, const void *live, void *decoded,
			struct ksim_error *err)
{
	struct config_object *d = decoded;
	struct ksim_error why = { 0 };

	if (live && !d->type) /* apply's patch keeps the live type */
		d->type = ((const struct config_object *)live)->type;
	manifest_config_default(c, kind, d);
	if (live ? manifest_config_validate_update(c, kind, live, d, &why)
		 : manifest_config_validate(c, kind, d, &why))
		return invalid(err, kind, &d->meta, c, "%s: %s", why.path, why.msg);
	return 0;
}

static int cm_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	return config_admit(c, KIND_CM, live, decoded, err);
}

static int secret_admit(struct cluster *c, const void *live, void *decoded, struct ksim_error *err)
{
	return config_admit(c, KIND_SECRET, live, decoded, err);
}

static const struct apply_ops kind_ops[KIND_COUNT] = {
	[KIND_NODE] = { node_swap, node_same, node_admit, node_created },
	[KIND_POD] = { pod_swap, pod_same, pod_admit, pod_created },
	[KIND_RC] = { rs_swap, rs_same, NULL, NULL },
	[KIND_RS] = { rs_swap, rs_same, rs_admit, NULL },
	[KIND_DS] = { ds_swap, ds_same, ds_admit, NULL },
	[KIND_JOB] = { job_swap, job_same, job_admit, job_created },
	[KIND_CRONJOB] = { cronjob_swap, cronjob_same, NULL, NULL },
	[KIND_STS] = { sts_swap, sts_same, sts_admit, NULL },
	[KIND_SVC] = { svc_swap, svc_same, svc_admit, NULL },
	[KIND_EP] = { ep_swap, ep_same, NULL, NULL },
	[KIND_PV] = { pv_swap, pv_same, pv_admit, NULL },
	[KIND_PVC] = { pvc_swap, pvc_same, pvc_admit, NULL },
	[KIND_DEPLOY] = { deploy_swap, deploy_same, deploy_admit, NULL },
	[KIND_CM] = { config_swap, config_same, cm_admit, NULL },
	[KIND_SECRET] = { config_swap, config_same, secret_admit, NULL },
};

/* --- create and update --- */

static int create(struct cluster *c, const struct manifest_object *mo, uint32_t ns,
		  struct api_written *done, struct ksim_error *err)
{
	const struct apply_ops *ops = &kind_ops[mo->kind];
	struct meta *dm = mo->obj, *m;
	uint32_t idx;

	if (ns && !cluster_has_namespace(c, ns)) {
		error_set(
		    err,
		    "Error from server (NotFound): error when creating \"%s\": namespaces \"%s\" not found",
		    mo->file, cluster_str(c, ns));
		return -1;
	}
	if (ops->admit && ops->admit(c, NULL, mo->obj, err))
		return -1;
	idx = cluster_add(c, mo->kind, ns, dm->name);
	m = cluster_meta(c, mo->kind, idx);
	m->labels = dm->labels;
	m->annotations = dm->annotations;
	ops->swap(m, mo->obj);
	if (ops->created)
		ops->created(c, idx);
	cluster_changed(c, mo->kind, idx, CHANGE_ADDED);
	*done = (struct api_written){ mo->kind, idx, "created" };
	return 0;
}

static int update(struct cluster *c, const struct manifest_object *mo, uint32_t idx,
		  struct api_written *done, struct ksim_error *err)
{
	const struct apply_ops *ops = &kind_ops[mo->kind];
	struct meta *dm = mo->obj, *m = cluster_meta(c, mo->kind, idx);
	bool spec_same, meta_same;

	if (ops->admit && ops->admit(c, m, mo->obj, err))
		return -1;
	spec_same = ops->same(c, m, mo->obj);
	meta_same = m->labels == dm->labels && m->annotations == dm->annotations;
	if (spec_same && meta_same) {
		*done = (struct api_written){ mo->kind, idx, "unchanged" };
		return 0;
	}
	m->labels = dm->labels;
	m->annotations = dm->annotations;
	if (!spec_same) {
		ops->swap(m, mo->obj);
		m->generation++;
	}
	cluster_changed(c, mo->kind, idx, CHANGE_UPDATED);
	*done = (struct api_written){ mo->kind, idx, "configured" };
	return 0;
}

/* A Namespace document (kind KIND_NONE, obj its name id): only its name matters to ksim. */
static int apply_namespace(struct cluster *c, uint32_t name, struct api_written *done)
{
	bool exists = cluster_has_namespace(c, name);

	if (!exists)
		cluster_add_namespace(c, name);
	*done = (struct api_written){ KIND_NONE, name, exists ? "unchanged" : "created" };
	return 0;
}

/*
 * The loader fills in "default" for a namespaced object that names none, so
 * that is where the command's namespace (-n) applies. (An explicit
 * "namespace: default" with another -n, which kubectl refuses, lands in -n.)
 */
uint32_t api_object_ns(const struct cluster *c, uint32_t ns, enum kind kind, const struct meta *m)
{
	if (!kind_info(kind)->namespaced)
		return 0;
	return m->ns && m->ns != c->s.default_ns ? m->ns : ns;
}

int api_apply_object(struct cluster *c, uint32_t ns, struct manifest_object *mo,
		     struct api_written *done, struct ksim_error *err)
{
	uint32_t idx;
	int rc;

	assert(cluster_is_owned(c));
	if (mo->kind == KIND_NONE) {
		rc = apply_namespace(c, *(const uint32_t *)mo->obj, done);
	} else {
		ns = api_object_ns(c, ns, mo->kind, mo->obj);
		idx = cluster_find(c, mo->kind, ns, ((const struct meta *)mo->obj)->name);
		rc = idx == NONE32 ? create(c, mo, ns, done, err) : update(c, mo, idx, done, err);
	}
	manifest_object_free(c, mo->kind, mo->obj);
	mo->obj = NULL;
	return rc;
}
