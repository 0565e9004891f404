/*
 * The API server's side of `kubectl apply` for one decoded object: create it
 * (with the defaults the server fills in: a Job's selector and labels, a
 * Service's cluster IP and node ports, a Node's kubelet labels) or update
 * the live one (replace the fields a manifest sets, refuse immutable
 * changes, bump metadata.generation on a spec change), and say which it
 * did: "created", "configured" or "unchanged" (kubectl prints the line).
 *
 * Each kind is a row of ops: the list of the fields a manifest sets, which
 * both compares the live object with the decoded one and swaps them (so the
 * old values leave with the decoded husk and are freed with it), and
 * admit(), the server's defaulting and validation, on create (live NULL) and
 * on update, where it also carries over what the server set and a manifest
 * cannot repeat (a generated selector, an allocated IP), so that the
 * comparison is of like with like.
 *
 * DefaultTolerationSeconds: the engine gives every pod the not-ready and
 * unreachable NoExecute tolerations (300 s) unless its spec has its own
 * (pod_tolerates), so pods made by controllers and pods applied here behave
 * alike; nothing is added to the stored spec.
 */
#include "ksim/api.h"

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ksim/manifest.h"

/*
 * A field a manifest sets: swapped byte for byte; compared byte for byte, or
 * by same() over the two fields, or for an owned array by same() over each
 * pair of elements (after its uint32_t length, at offset count).
 */
struct apply_field {
	size_t off, size;
	bool (*same)(const struct cluster *c, const void *a, const void *b);
	size_t count, elem; /* an array: its length's offset and its element's size; else 0 */
};

#define FIELD(T, f) { offsetof(T, f), sizeof(((T *)0)->f), NULL, 0, 0 }
#define FIELD_BY(T, f, fn) { offsetof(T, f), sizeof(((T *)0)->f), fn, 0, 0 }
/* The length is a field of its own too, listed before the array. */
#define FIELD_ARRAY(T, f, n, fn) \
	{ offsetof(T, f), sizeof(((T *)0)->f), fn, offsetof(T, n), sizeof(*((T *)0)->f) }
#define FIELDS(list) list, ARRAY_LEN(list)

struct apply_ops {
	const struct apply_field *fields;
	size_t nfields;
	/* 0, or -1 with err; live is NULL on create. May be NULL. */
	int (*admit)(struct cluster *c, const void *live, void *decoded, struct api_error *err);
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

static uint32_t count_at(const void *obj, size_t off)
{
	uint32_t n;

	memcpy(&n, (const char *)obj + off, sizeof n);
	return n;
}

static bool field_same(const struct cluster *c, const struct apply_field *f, const void *live,
		       const void *decoded)
{
	const char *a = (const char *)live + f->off, *b = (const char *)decoded + f->off;
	const char *x, *y;
	uint32_t n;

	if (!f->same)
		return memcmp(a, b, f->size) == 0;
	if (!f->elem)
		return f->same(c, a, b);
	n = count_at(live, f->count);
	if (n != count_at(decoded, f->count))
		return false;
	memcpy(&x, a, sizeof x);
	memcpy(&y, b, sizeof y);
	for (uint32_t i = 0; i < n; i++)
		if (!f->same(c, x + i * f->elem, y + i * f->elem))
			return false;
	return true;
}

static bool fields_same(const struct cluster *c, const struct apply_field *f, size_t n,
			const void *live, const void *decoded)
{
	for (size_t i = 0; i < n; i++)
		if (!field_same(c, &f[i], live, decoded))
			return false;
	return true;
}

static void fields_swap(const struct apply_field *f, size_t n, void *live, void *decoded)
{
	for (size_t i = 0; i < n; i++)
		swap_bytes((char *)live + f[i].off, (char *)decoded + f[i].off, f[i].size);
}

/* An array's capacity: swapped with the array, never compared. */
static bool any_same(const struct cluster *c, const void *a, const void *b)
{
	(void)c;
	(void)a;
	(void)b;
	return true;
}

/* A NUL-terminated string the object owns. */
static bool str_same(const struct cluster *c, const void *a, const void *b)
{
	const char *x, *y;

	(void)c;
	memcpy(&x, a, sizeof x);
	memcpy(&y, b, sizeof y);
	return strcmp(x, y) == 0;
}

/*
 * One cause of the API server's 422 (field.Invalid and friends: "field:
 * message"), added to err's causes; the status message is rebuilt from all
 * of them as ToAggregate prints a list: `ReplicaSet.apps "x" is invalid:
 * cause` for one, `[cause, cause]` for several (api/errors NewInvalid).
 */
static int invalid(struct api_error *err, enum kind kind, const struct meta *m,
		   const struct cluster *c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int invalid(struct api_error *err, enum kind kind, const struct meta *m,
		   const struct cluster *c, const char *fmt, ...)
{
	const struct kind_info *ki = kind_info(kind);
	struct strbuf sb;
	va_list ap;
	size_t used = strlen(err->causes);

	va_start(ap, fmt);
	vsnprintf(err->causes + used, sizeof err->causes - used, fmt, ap);
	va_end(ap);
	used = strlen(err->causes);
	snprintf(err->causes + used, sizeof err->causes - used, "\n");
	err->ncauses++;
	err->reason = "Invalid";
	err->kind = kind;
	snprintf(err->name, sizeof err->name, "%s", cluster_str(c, m->name));
	sb_init(&sb);
	sb_printf(&sb, "%s%s%s \"%s\" is invalid: %s", ki->kind, *ki->group ? "." : "", ki->group,
		  err->name, err->ncauses > 1 ? "[" : "");
	for (const char *line = err->causes; *line;) {
		size_t len = strcspn(line, "\n");
		sb_printf(&sb, "%s%.*s", line == err->causes ? "" : ", ", (int)len, line);
		line += len + (line[len] == '\n');
	}
	sb_add(&sb, err->ncauses > 1 ? "]" : "");
	snprintf(err->message, sizeof err->message, "%s", sb.data);
	sb_free(&sb);
	return -1;
}

static bool sel_same(const struct cluster *c, const void *pa, const void *pb)
{
	const struct selector *a = pa, *b = pb;

	(void)c;
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
static bool tpl_same(const struct cluster *c, const void *pa, const void *pb)
{
	const struct template *a = pa, *b = pb;

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
			  struct api_error *err)
{
	struct strbuf sb;
	int rc;

	if (sel_same(c, live, want))
		return 0;
	sb_init(&sb);
	go_selector(c, want, &sb);
	rc = invalid(err, kind, m, c, "spec.selector: Invalid value: %s: field is immutable",
		     sb.data);
	sb_free(&sb);
	return rc;
}

/* --- ReplicaSet and ReplicationController --- */

static const struct apply_field rs_fields[] = {
	FIELD(struct replicaset, replicas),
	FIELD(struct replicaset, min_ready_s),
	FIELD_BY(struct replicaset, sel, sel_same),
	FIELD_BY(struct replicaset, tpl, tpl_same),
};

static int rs_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	const struct replicaset *l = live;
	const struct replicaset *d = decoded;

	return l ? check_selector(c, KIND_RS, &d->meta, &l->sel, &d->sel, err) : 0;
}

/* --- Deployment --- */

static const struct apply_field deploy_fields[] = {
	FIELD(struct deployment, replicas),
	FIELD(struct deployment, min_ready_s),
	FIELD(struct deployment, history_limit),
	FIELD(struct deployment, progress_deadline_s),
	FIELD(struct deployment, paused),
	FIELD(struct deployment, strategy),
	FIELD(struct deployment, max_surge),
	FIELD(struct deployment, max_unavailable),
	FIELD(struct deployment, max_surge_pct),
	FIELD(struct deployment, max_unavailable_pct),
	FIELD_BY(struct deployment, sel, sel_same),
	FIELD_BY(struct deployment, tpl, tpl_same),
};

static int deploy_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	const struct deployment *l = live;
	const struct deployment *d = decoded;

	return l ? check_selector(c, KIND_DEPLOY, &d->meta, &l->sel, &d->sel, err) : 0;
}

/* --- DaemonSet --- */

static const struct apply_field ds_fields[] = {
	FIELD_BY(struct daemonset, sel, sel_same),
	FIELD_BY(struct daemonset, tpl, tpl_same),
	FIELD(struct daemonset, strategy),
	FIELD(struct daemonset, max_unavailable),
	FIELD(struct daemonset, max_surge),
	FIELD(struct daemonset, max_unavailable_pct),
	FIELD(struct daemonset, max_surge_pct),
	FIELD(struct daemonset, min_ready_s),
	FIELD(struct daemonset, history_limit),
};

static int ds_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	const struct daemonset *l = live;
	const struct daemonset *d = decoded;

	return l ? check_selector(c, KIND_DS, &d->meta, &l->sel, &d->sel, err) : 0;
}

/* --- Job and CronJob --- */

static const struct apply_field job_spec_fields[] = {
	FIELD(struct job_spec, completions),
	FIELD(struct job_spec, parallelism),
	FIELD(struct job_spec, backoff_limit),
	FIELD(struct job_spec, active_deadline_s),
	FIELD(struct job_spec, ttl_s),
	FIELD(struct job_spec, suspend),
	FIELD(struct job_spec, manual_selector),
	FIELD(struct job_spec, mode),
	FIELD(struct job_spec, labels),
	FIELD(struct job_spec, annotations),
	FIELD_BY(struct job_spec, sel, sel_same),
	FIELD_BY(struct job_spec, tpl, tpl_same),
};

static bool job_spec_same(const struct cluster *c, const void *a, const void *b)
{
	return fields_same(c, FIELDS(job_spec_fields), a, b);
}

static const struct apply_field job_fields[] = {
	FIELD_BY(struct job, spec, job_spec_same),
};

/* ValidateJobUpdate: every immutable field that changed is a cause of its own. */
static int job_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	const struct job *l = live;
	struct job *d = decoded;

	if (!l)
		return 0;
	cluster_job_stamp(c, d, l->meta.uid);
	check_selector(c, KIND_JOB, &d->meta, &l->spec.sel, &d->spec.sel, err);
	if (d->spec.completions != l->spec.completions)
		invalid(err, KIND_JOB, &d->meta, c,
			"spec.completions: Invalid value: %d: field is immutable", d->spec.completions);
	if (d->spec.mode != l->spec.mode)
		invalid(err, KIND_JOB, &d->meta, c,
			"spec.completionMode: Invalid value: \"%s\": field is immutable",
			d->spec.mode == COMPLETION_INDEXED ? "Indexed" : "NonIndexed");
	/* A suspended Job's template may change (the scheduling directives, simplified). */
	if (!l->spec.suspend && !tpl_same(c, &l->spec.tpl, &d->spec.tpl))
		invalid(err, KIND_JOB, &d->meta, c,
			"spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable");
	return err->ncauses ? -1 : 0;
}

static void job_created(struct cluster *c, uint32_t idx)
{
	struct job *j = cluster_get(c, KIND_JOB, idx);

	cluster_job_stamp(c, j, j->meta.uid);
}

static const struct apply_field cronjob_fields[] = {
	FIELD_BY(struct cronjob, schedule, str_same),
	FIELD(struct cronjob, time_zone),
	FIELD(struct cronjob, concurrency),
	FIELD(struct cronjob, suspend),
	FIELD(struct cronjob, starting_deadline_s),
	FIELD(struct cronjob, success_history),
	FIELD(struct cronjob, failed_history),
	FIELD_BY(struct cronjob, job, job_spec_same),
};

/* --- StatefulSet --- */

static bool claim_same(const struct cluster *c, const void *a, const void *b)
{
	const struct claim_template *x = a, *y = b;

	(void)c;
	return x->name == y->name && x->storage_class == y->storage_class &&
	       x->access_modes == y->access_modes && x->request_bytes == y->request_bytes &&
	       x->labels == y->labels;
}

#define STS_CLAIMS FIELD_ARRAY(struct statefulset, claims, nclaims, claim_same)
static const struct apply_field sts_claims = STS_CLAIMS;

static const struct apply_field sts_fields[] = {
	FIELD(struct statefulset, replicas),
	FIELD(struct statefulset, service_name),
	FIELD(struct statefulset, pod_management),
	FIELD(struct statefulset, strategy),
	FIELD(struct statefulset, rolling_update_nil),
	FIELD(struct statefulset, partition),
	FIELD(struct statefulset, min_ready_s),
	FIELD(struct statefulset, ordinals_start),
	FIELD(struct statefulset, history_limit),
	FIELD(struct statefulset, delete_claims_when_deleted),
	FIELD(struct statefulset, delete_claims_when_scaled),
	FIELD_BY(struct statefulset, sel, sel_same),
	FIELD_BY(struct statefulset, tpl, tpl_same),
	FIELD(struct statefulset, nclaims),
	STS_CLAIMS,
};

/* apps/validation ValidateStatefulSetUpdate, in its 1.31 words. */
static int sts_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	const struct statefulset *l = live, *d = decoded;

	if (!l || (l->service_name == d->service_name && l->pod_management == d->pod_management &&
		   sel_same(c, &l->sel, &d->sel) && field_same(c, &sts_claims, l, d)))
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
			  struct api_error *err)
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
			  struct api_error *err)
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

static int svc_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	if (svc_cluster_ip(c, live, decoded, err) || svc_node_ports(c, live, decoded, err))
		return -1;
	svc_health_check_port(c, live, decoded);
	return 0;
}

static bool port_same(const struct cluster *c, const void *a, const void *b)
{
	const struct service_port *x = a, *y = b;

	(void)c;
	return x->name == y->name && x->protocol == y->protocol && x->port == y->port &&
	       x->node_port == y->node_port && x->target_port == y->target_port &&
	       x->target_port_name == y->target_port_name;
}

static const struct apply_field svc_fields[] = {
	FIELD(struct service, type),
	FIELD(struct service, headless),
	FIELD(struct service, local_traffic),
	FIELD(struct service, health_check_node_port),
	FIELD(struct service, publish_not_ready),
	FIELD(struct service, cluster_ip),
	FIELD(struct service, selector),
	FIELD(struct service, has_selector),
	FIELD(struct service, external_ip),
	FIELD(struct service, external_name),
	FIELD(struct service, nports),
	FIELD_ARRAY(struct service, ports, nports, port_same),
};

/* --- Endpoints --- */

static bool addr_same(const struct cluster *c, const void *a, const void *b)
{
	const struct endpoint_addr *x = a, *y = b;

	(void)c;
	return x->ip == y->ip && x->ready == y->ready;
}

static const struct apply_field ep_fields[] = {
	FIELD(struct endpoints, naddrs),
	FIELD_BY(struct endpoints, addrs_cap, any_same),
	FIELD_ARRAY(struct endpoints, addrs, naddrs, addr_same),
};

/* --- PersistentVolume and PersistentVolumeClaim --- */

static const struct apply_field pv_fields[] = {
	FIELD(struct pv, capacity_bytes),
	FIELD(struct pv, access_modes),
	FIELD(struct pv, reclaim),
	FIELD(struct pv, storage_class),
	FIELD(struct pv, claim_ns),
	FIELD(struct pv, claim_name),
};

/* The binder fills claimRef; a manifest without one keeps it. */
static int pv_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
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

static const struct apply_field pvc_fields[] = {
	FIELD(struct pvc, request_bytes),
	FIELD(struct pvc, access_modes),
	FIELD(struct pvc, storage_class),
	FIELD(struct pvc, volume),
};

/* Only resources.requests may change; the binder fills volumeName, a manifest may omit it. */
static int pvc_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
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

/* Two pod specs (ids) compared as the templates they would be. */
static bool podspec_same(const struct cluster *c, const void *a, const void *b)
{
	struct template x = { 0 }, y = { 0 };

	memcpy(&x.spec, a, sizeof x.spec);
	memcpy(&y.spec, b, sizeof y.spec);
	return tpl_same(c, &x, &y);
}

static const struct apply_field pod_fields[] = {
	FIELD_BY(struct pod, spec, podspec_same),
};

static void pod_created(struct cluster *c, uint32_t idx)
{
	cluster_pod_setup(c, idx);
}

/* A pod's spec is fixed once created (ksim does not let even the image change). */
static int pod_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	const struct pod *l = live, *d = decoded;
	struct strbuf why;

	if (!l) {
		sb_init(&why);
		if (cluster_pod_forbidden(c, d->meta.ns, cluster_spec(c, d->spec),
					  cluster_str(c, d->meta.name), &why)) {
			err->reason = "Forbidden";
			snprintf(err->message, sizeof err->message, "%s", why.data);
		}
		sb_free(&why);
		return err->reason ? -1 : 0;
	}
	if (fields_same(c, FIELDS(pod_fields), l, d))
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

/* The time a taint was added is the server's: not compared. */
static bool taint_same(const struct cluster *c, const void *a, const void *b)
{
	const struct taint *x = a, *y = b;

	(void)c;
	return x->key == y->key && x->value == y->value && x->effect == y->effect;
}

static const struct apply_field node_fields[] = {
	FIELD(struct node, ntaints),
	FIELD_ARRAY(struct node, taints, ntaints, taint_same),
	FIELD(struct node, unschedulable),
	FIELD(struct node, capacity),
	FIELD(struct node, allocatable),
};

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
static int node_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
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

static bool entry_same(const struct cluster *c, const void *a, const void *b)
{
	const struct config_entry *x = a, *y = b;

	(void)c;
	return x->key == y->key && x->binary == y->binary && x->len == y->len &&
	       memcmp(x->value, y->value, x->len) == 0;
}

static const struct apply_field config_fields[] = {
	FIELD(struct config_object, immutable),
	FIELD(struct config_object, type),
	FIELD(struct config_object, nentries),
	FIELD_BY(struct config_object, cap, any_same),
	FIELD_ARRAY(struct config_object, entries, nentries, entry_same),
};

static int config_admit(struct cluster *c, enum kind kind, const void *live, void *decoded,
			struct api_error *err)
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

static int cm_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	return config_admit(c, KIND_CM, live, decoded, err);
}

static int secret_admit(struct cluster *c, const void *live, void *decoded, struct api_error *err)
{
	return config_admit(c, KIND_SECRET, live, decoded, err);
}

static const struct apply_ops kind_ops[KIND_COUNT] = {
	[KIND_NODE] = { FIELDS(node_fields), node_admit, node_created },
	[KIND_POD] = { FIELDS(pod_fields), pod_admit, pod_created },
	[KIND_RC] = { FIELDS(rs_fields), NULL, NULL },
	[KIND_RS] = { FIELDS(rs_fields), rs_admit, NULL },
	[KIND_DS] = { FIELDS(ds_fields), ds_admit, NULL },
	[KIND_JOB] = { FIELDS(job_fields), job_admit, job_created },
	[KIND_CRONJOB] = { FIELDS(cronjob_fields), NULL, NULL },
	[KIND_STS] = { FIELDS(sts_fields), sts_admit, NULL },
	[KIND_SVC] = { FIELDS(svc_fields), svc_admit, NULL },
	[KIND_EP] = { FIELDS(ep_fields), NULL, NULL },
	[KIND_PV] = { FIELDS(pv_fields), pv_admit, NULL },
	[KIND_PVC] = { FIELDS(pvc_fields), pvc_admit, NULL },
	[KIND_DEPLOY] = { FIELDS(deploy_fields), deploy_admit, NULL },
	[KIND_CM] = { FIELDS(config_fields), cm_admit, NULL },
	[KIND_SECRET] = { FIELDS(config_fields), secret_admit, NULL },
};

/* --- create and update --- */

static int create(struct cluster *c, const struct manifest_object *mo, uint32_t ns,
		  struct api_written *done, struct api_error *err)
{
	const struct apply_ops *ops = &kind_ops[mo->kind];
	struct meta *dm = mo->obj, *m;
	uint32_t idx;

	if (ns && !cluster_has_namespace(c, ns)) {
		err->reason = "NotFound";
		snprintf(err->message, sizeof err->message, "namespaces \"%s\" not found",
			 cluster_str(c, ns));
		return -1;
	}
	dm->ns = ns; /* admission sees the namespace it is created in */
	if (ops->admit && ops->admit(c, NULL, mo->obj, err))
		return -1;
	idx = cluster_add(c, mo->kind, ns, dm->name);
	m = cluster_meta(c, mo->kind, idx);
	m->labels = dm->labels;
	m->annotations = dm->annotations;
	fields_swap(ops->fields, ops->nfields, m, mo->obj);
	if (ops->created)
		ops->created(c, idx);
	cluster_changed(c, mo->kind, idx, CHANGE_ADDED);
	*done = (struct api_written){ mo->kind, idx, "created" };
	return 0;
}

static int update(struct cluster *c, const struct manifest_object *mo, uint32_t idx,
		  struct api_written *done, struct api_error *err)
{
	const struct apply_ops *ops = &kind_ops[mo->kind];
	struct meta *dm = mo->obj, *m = cluster_meta(c, mo->kind, idx);
	bool spec_same, meta_same;

	if (ops->admit && ops->admit(c, m, mo->obj, err))
		return -1;
	spec_same = fields_same(c, ops->fields, ops->nfields, m, mo->obj);
	meta_same = m->labels == dm->labels && m->annotations == dm->annotations;
	if (spec_same && meta_same) {
		*done = (struct api_written){ mo->kind, idx, "unchanged" };
		return 0;
	}
	m->labels = dm->labels;
	m->annotations = dm->annotations;
	if (!spec_same) {
		fields_swap(ops->fields, ops->nfields, m, mo->obj);
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
		     struct api_written *done, struct api_error *err)
{
	uint32_t idx;
	int rc;

	assert(cluster_is_owned(c));
	*err = (struct api_error){ .kind = mo->kind };
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
