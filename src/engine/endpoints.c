/*
 * The endpoints controller (pkg/controller/endpoint/endpoints_controller.go).
 * Every Service with a selector has an Endpoints object of the same name
 * listing the pods of its namespace that the selector picks, have an IP and
 * are not finished (nor being deleted, unless publishNotReadyAddresses):
 * ready ones as addresses, the others as notReadyAddresses (all ready with
 * publishNotReadyAddresses), sorted by IP as RepackSubsets does, each with
 * its node and, when the pod's subdomain is the Service's name, its
 * hostname, which DNS serves for a StatefulSet's pods. A named targetPort
 * is looked up in each pod's container ports (a pod without it does not
 * serve that port). Its labels are the
 * Service's, plus service.kubernetes.io/headless for a headless one. It
 * follows every pod change. A Service without a selector keeps the
 * Endpoints it was given (the `kubernetes` one is the API server's); a
 * deleted Service takes its Endpoints with it.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* endpointutil.ShouldPodBeInEndpoints. */
static bool listed(const struct pod *p, bool include_terminating)
{
	return !pod_is_terminal(p) && p->ip &&
	       (include_terminating || p->meta.deleted_ms == TIME_NONE);
}

int32_t engine_endpoint_port(const struct cluster *c, const struct service_port *sp,
			     const struct endpoint_addr *a)
{
	const struct pod *p = a->pod.idx == NONE32
				  ? NULL
				  : (const struct pod *)cluster_deref(c, KIND_POD, a->pod);
	const struct podspec *spec;

	if (!sp->target_port_name)
		return sp->target_port ? sp->target_port : sp->port;
	if (!p)
		return 0;
	spec = cluster_spec(c, p->spec);
	for (uint32_t i = 0; i < spec->ncontainers; i++)
		for (uint32_t k = 0; k < spec->containers[i].nports; k++) {
			const struct container_port *cp = &spec->containers[i].ports[k];
			uint32_t proto = cp->protocol ? cp->protocol : c->s.tcp;
			if (cp->name == sp->target_port_name &&
			    proto == (sp->protocol ? sp->protocol : c->s.tcp))
				return cp->container_port;
		}
	return 0;
}

/* A pod serving none of the Service's ports is in no subset (a headless one without ports takes all). */
static bool serves_a_port(const struct cluster *c, const struct service *s,
			  const struct endpoint_addr *a)
{
	for (uint32_t i = 0; i < s->nports; i++)
		if (engine_endpoint_port(c, &s->ports[i], a))
			return true;
	return s->nports == 0;
}

/* LessEndpointAddress: by IP as text, then by pod uid. */
static int addr_cmp(const void *pa, const void *pb)
{
	const struct endpoint_addr *a = pa, *b = pb;
	char x[20], y[20];
	int r;

	ip_format(a->ip, x, sizeof x);
	ip_format(b->ip, y, sizeof y);
	r = strcmp(x, y);
	return r ? r : (a->pod.idx > b->pod.idx) - (a->pod.idx < b->pod.idx);
}

static bool addrs_equal(const struct endpoint_addr *a, const struct endpoint_addr *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (a[i].ip != b[i].ip || a[i].ready != b[i].ready ||
		    a[i].hostname != b[i].hostname || a[i].node != b[i].node ||
		    a[i].pod.idx != b[i].pod.idx || a[i].pod.gen != b[i].pod.gen)
			return false;
	return true;
}

/* The addresses the Service's pods give, sorted. */
static struct endpoint_addr *collect(struct engine *e, const struct service *s, uint32_t *n)
{
	struct cluster *c = e->c;
	struct endpoint_addr *v = NULL;
	uint32_t cap = 0;

	*n = 0;
	for (uint32_t i = 0; i < cluster_len(c, KIND_POD); i++) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		const struct podspec *spec;
		if (!p || p->meta.ns != s->meta.ns || !listed(p, s->publish_not_ready) ||
		    !labels_subset(c->labels, s->selector, p->meta.labels))
			continue;
		e->stats.touched++;
		spec = cluster_spec(c, p->spec);
		xgrow(&v, &cap, *n + 1, sizeof *v);
		v[*n] = (struct endpoint_addr){
			.ip = p->ip,
			.pod = cluster_ref(c, KIND_POD, i),
			.node = p->node == NONE32 ? 0 : cluster_meta(c, KIND_NODE, p->node)->name,
			.hostname = spec->subdomain == s->meta.name ? spec->hostname : 0,
			.ready = s->publish_not_ready || pod_is_ready(p),
		};
		*n += serves_a_port(c, s, &v[*n]);
	}
	xqsort(v, *n, sizeof *v, addr_cmp);
	return v;
}

static uint32_t endpoint_labels(struct cluster *c, const struct service *s)
{
	return s->headless ? labels_with(c->labels, s->meta.labels,
					 cluster_intern(c, "service.kubernetes.io/headless"), 0)
			   : s->meta.labels;
}

static void ep_reconcile(struct engine *e, uint32_t svc)
{
	struct cluster *c = e->c;
	const struct service *s = cluster_get(c, KIND_SVC, svc);
	struct endpoint_addr *addrs;
	struct endpoints *ep;
	uint32_t n, idx, labels;
	bool created = false;

	if (!s || !s->has_selector)
		return;
	e->stats.touched++;
	addrs = collect(e, s, &n);
	labels = endpoint_labels(c, s);
	idx = cluster_find(c, KIND_EP, s->meta.ns, s->meta.name);
	if (idx == NONE32) {
		idx = cluster_add(c, KIND_EP, s->meta.ns, s->meta.name);
		created = true;
	}
	ep = cluster_get(c, KIND_EP, idx);
	if (!created && ep->meta.labels == labels && ep->naddrs == n &&
	    addrs_equal(ep->addrs, addrs, n)) {
		free(addrs);
		return;
	}
	free(ep->addrs);
	ep->addrs = addrs;
	ep->naddrs = ep->addrs_cap = n;
	ep->meta.labels = labels;
	cluster_changed(c, KIND_EP, idx, created ? CHANGE_ADDED : CHANGE_UPDATED);
}

/* Services in the pod's namespace that select it now or listed it before. */
static void enqueue_services_of(struct engine *e, const struct pod *p, uint32_t pod)
{
	struct cluster *c = e->c;

	for (uint32_t i = 0; i < cluster_len(c, KIND_SVC); i++) {
		const struct service *s = cluster_get(c, KIND_SVC, i);
		const struct endpoints *ep;
		uint32_t idx;
		bool hit;
		if (!s || s->meta.ns != p->meta.ns || !s->has_selector)
			continue;
		hit = labels_subset(c->labels, s->selector, p->meta.labels);
		idx = hit ? NONE32 : cluster_find(c, KIND_EP, s->meta.ns, s->meta.name);
		ep = idx == NONE32 ? NULL : cluster_get(c, KIND_EP, idx);
		for (uint32_t k = 0; ep && k < ep->naddrs && !hit; k++)
			hit = ep->addrs[k].pod.idx == pod;
		if (hit)
			engine_enqueue(e, CTRL_EP, i);
	}
}

static void ep_watch(struct engine *e, enum kind kind, uint32_t idx, enum change change)
{
	struct cluster *c = e->c;

	if (kind == KIND_SVC && change != CHANGE_DELETED) {
		engine_enqueue(e, CTRL_EP, idx);
	} else if (kind == KIND_SVC) {
		const struct service *s = cluster_get(c, KIND_SVC, idx);
		uint32_t ep = cluster_find(c, KIND_EP, s->meta.ns, s->meta.name);
		if (ep != NONE32)
			cluster_remove(c, KIND_EP, ep);
	} else if (kind == KIND_POD) {
		enqueue_services_of(e, cluster_get(c, KIND_POD, idx), idx);
	}
}

const struct controller controller_endpoints = {
	.name = "endpoint-controller",
	.kind = KIND_SVC,
	.reconcile = ep_reconcile,
	.watch = ep_watch,
};
