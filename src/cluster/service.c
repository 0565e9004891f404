/* The Service and Endpoints kinds: their classes. */
#include "ksim/cluster.h"

#include <stdlib.h>

#include "internal.h"

static void svc_free(struct cluster *c, struct meta *m)
{
	struct service *s = (struct service *)m;

	(void)c;
	free(s->ports);
	s->ports = NULL;
}

static void svc_mark(struct cluster *c, const struct meta *m)
{
	const struct service *s = (const struct service *)m;

	cluster_mark_set(c, s->selector);
	cluster_mark_str(c, s->external_ip);
	cluster_mark_str(c, s->external_name);
	for (uint32_t i = 0; i < s->nports; i++) {
		cluster_mark_str(c, s->ports[i].name);
		cluster_mark_str(c, s->ports[i].protocol);
		cluster_mark_str(c, s->ports[i].target_port_name);
	}
}

const struct kind_class kind_class_svc = {
	.info = { "Service", "services", "service", "svc", "v1", "", true },
	.size = sizeof(struct service),
	.child = KIND_NONE,
	.release = svc_free,
	.mark = svc_mark,
	.logs = true,
};

static void ep_free(struct cluster *c, struct meta *m)
{
	struct endpoints *ep = (struct endpoints *)m;

	(void)c;
	free(ep->addrs);
	ep->addrs = NULL;
}

static void ep_mark(struct cluster *c, const struct meta *m)
{
	const struct endpoints *ep = (const struct endpoints *)m;

	for (uint32_t i = 0; i < ep->naddrs; i++) {
		cluster_mark_str(c, ep->addrs[i].node);
		cluster_mark_str(c, ep->addrs[i].hostname);
	}
}

const struct kind_class kind_class_ep = {
	.info = { "Endpoints", "endpoints", "endpoints", "ep", "v1", "", true },
	.size = sizeof(struct endpoints),
	.child = KIND_NONE,
	.release = ep_free,
	.mark = ep_mark,
};
