/* The Node kind: its class, what a node owns and holds. */
#include "ksim/cluster.h"

#include <stdlib.h>

#include "internal.h"

static void node_init(struct cluster *c, struct meta *m)
{
	struct node *n = (struct node *)m;

	n->pods = NONE32;
	n->index = c->next_node_index++;
	n->ip = (192u << 24) | (168u << 16) | (56u << 8) | 30u;
	n->ip += n->index;
	n->kubelet_up = true;
	n->max_pods = 110;
}

static void node_free(struct cluster *c, struct meta *m)
{
	struct node *n = (struct node *)m;

	(void)c;
	free(n->taints);
	free(n->images);
	free(n->ctl.host_ports);
	n->taints = NULL;
	n->images = NULL;
	n->ctl.host_ports = NULL;
}

static void node_mark(struct cluster *c, const struct meta *m)
{
	const struct node *n = (const struct node *)m;

	for (uint32_t i = 0; i < n->ntaints; i++) {
		cluster_mark_str(c, n->taints[i].key);
		cluster_mark_str(c, n->taints[i].value);
	}
	for (uint32_t i = 0; i < n->nimages; i++)
		cluster_mark_str(c, n->images[i]);
}

static void node_unlink(struct cluster *c, uint32_t idx)
{
	struct node *n = cluster_get(c, KIND_NODE, idx);

	while (n->pods != NONE32) {
		struct pod *p = cluster_get(c, KIND_POD, n->pods);
		cluster_pod_release(c, n->pods);
		cluster_pod_unbind(c, p);
	}
}

const struct kind_class kind_class_node = {
	.info = { "Node", "nodes", "node", "no", "v1", "", false },
	.size = sizeof(struct node),
	.child = KIND_NONE,
	.init = node_init,
	.release = node_free,
	.mark = node_mark,
	.unlink = node_unlink,
};
