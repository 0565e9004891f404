/*
 * The Pod kind: its class, and the node index (each node's intrusive list of
 * the pods bound to it, with what they request and the host ports they take).
 */
#include "ksim/cluster.h"

#include <assert.h>
#include <stdlib.h>

#include "internal.h"

void cluster_pod_setup(struct cluster *c, uint32_t pod)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct podspec *s = cluster_spec(c, p->spec);
	uint32_t n = s->ninit + s->ncontainers;

	p->ninit = (uint8_t)s->ninit;
	p->ncontainers = (uint8_t)s->ncontainers;
	free(p->ctrs);
	p->ctrs = xcalloc(n ? n : 1, sizeof *p->ctrs);
	for (uint32_t i = 0; i < n; i++)
		p->ctrs[i].timer_ms = TIME_NONE;
	p->scheduled_ms = p->started_ms = p->ready_ms = p->evict_ms = TIME_NONE;
	p->revision = p->spec;
}

static void port_add(struct node *n, int32_t port)
{
	xgrow(&n->ctl.host_ports, &n->ctl.ports_cap, n->ctl.nports + 1, sizeof *n->ctl.host_ports);
	n->ctl.host_ports[n->ctl.nports++] = port;
}

static void port_del(struct node *n, int32_t port)
{
	for (uint32_t i = 0; i < n->ctl.nports; i++)
		if (n->ctl.host_ports[i] == port) {
			n->ctl.host_ports[i] = n->ctl.host_ports[--n->ctl.nports];
			return;
		}
}

static void for_each_host_port(const struct podspec *s, struct node *n,
			       void (*fn)(struct node *, int32_t))
{
	for (uint32_t i = 0; i < s->ncontainers; i++)
		for (uint32_t j = 0; j < s->containers[i].nports; j++)
			if (s->containers[i].ports[j].host_port > 0)
				fn(n, s->containers[i].ports[j].host_port);
}

void cluster_pod_bind(struct cluster *c, uint32_t pod, uint32_t node)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct node *n = cluster_get(c, KIND_NODE, node);
	const struct podspec *s = cluster_spec(c, p->spec);

	assert(p->node == NONE32);
	p->node = node;
	p->node_prev = NONE32;
	p->node_next = n->pods;
	if (n->pods != NONE32)
		((struct pod *)cluster_get(c, KIND_POD, n->pods))->node_prev = pod;
	n->pods = pod;
	n->requested.cpu_milli += s->requests.cpu_milli;
	n->requested.mem_bytes += s->requests.mem_bytes;
	n->ctl.nonzero.cpu_milli += s->nonzero.cpu_milli;
	n->ctl.nonzero.mem_bytes += s->nonzero.mem_bytes;
	n->ctl.npods++;
	for_each_host_port(s, n, port_add);
	p->ctl.flags |= POD_HOLDS;
}

void cluster_pod_release(struct cluster *c, uint32_t pod)
{
	struct pod *p = cluster_get(c, KIND_POD, pod);
	struct node *n;
	const struct podspec *s;

	if (!(p->ctl.flags & POD_HOLDS))
		return;
	p->ctl.flags &= (uint8_t)~POD_HOLDS;
	n = cluster_get(c, KIND_NODE, p->node);
	if (!n)
		return;
	s = cluster_spec(c, p->spec);
	n->requested.cpu_milli -= s->requests.cpu_milli;
	n->requested.mem_bytes -= s->requests.mem_bytes;
	n->ctl.nonzero.cpu_milli -= s->nonzero.cpu_milli;
	n->ctl.nonzero.mem_bytes -= s->nonzero.mem_bytes;
	n->ctl.npods--;
	for_each_host_port(s, n, port_del);
}

void cluster_pod_unbind(struct cluster *c, struct pod *p)
{
	struct node *n = cluster_get(c, KIND_NODE, p->node);

	if (p->node_prev != NONE32)
		((struct pod *)cluster_get(c, KIND_POD, p->node_prev))->node_next = p->node_next;
	else if (n)
		n->pods = p->node_next;
	if (p->node_next != NONE32)
		((struct pod *)cluster_get(c, KIND_POD, p->node_next))->node_prev = p->node_prev;
	p->node = p->node_prev = p->node_next = NONE32;
}

static void pod_init(struct cluster *c, struct meta *m)
{
	struct pod *p = (struct pod *)m;

	(void)c;
	p->node = p->node_prev = p->node_next = NONE32;
}

static void pod_free(struct cluster *c, struct meta *m)
{
	struct pod *p = (struct pod *)m;

	if (p->spec)
		cluster_spec_unref(c, p->spec);
	p->spec = 0;
	free(p->ctrs);
	p->ctrs = NULL;
	free(p->probes);
	p->probes = NULL;
}

static void pod_mark(struct cluster *c, const struct meta *m)
{
	const struct pod *p = (const struct pod *)m;

	cluster_mark_str(c, p->pin_node);
	for (uint32_t i = 0; p->ctrs && i < (uint32_t)p->ninit + p->ncontainers; i++) {
		cluster_mark_str(c, p->ctrs[i].env);
		cluster_mark_str(c, p->ctrs[i].config_error);
	}
}

static void pod_unlink(struct cluster *c, uint32_t idx)
{
	struct pod *p = cluster_get(c, KIND_POD, idx);

	cluster_pod_release(c, idx);
	if (p->node != NONE32)
		cluster_pod_unbind(c, p);
	cluster_log_drop(c, idx);
}

const struct kind_class kind_class_pod = {
	.info = { "Pod", "pods", "pod", "po", "v1", "", true },
	.size = sizeof(struct pod),
	.child = KIND_NONE,
	.init = pod_init,
	.release = pod_free,
	.mark = pod_mark,
	.unlink = pod_unlink,
};
