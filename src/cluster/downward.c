/* The downward API: what a pod's fieldRef env entries resolve to (pkg/fieldpath, the kubelet's podFieldSelectorRuntimeValue). */
#include "ksim/cluster.h"

#include <string.h>

#include "ksim/labels.h"

/* The value of key in a label set, or NULL. */
static const char *label_value(const struct cluster *c, uint32_t set, const char *key, size_t len)
{
	uint32_t n;
	const struct label *l = labels_get(c->labels, set, &n);

	for (uint32_t i = 0; i < n; i++) {
		const char *k = cluster_str(c, l[i].key);
		if (strlen(k) == len && memcmp(k, key, len) == 0)
			return cluster_str(c, l[i].val);
	}
	return NULL;
}

/* metadata.labels['k'] and metadata.annotations['k']: the set's value for k, if any. */
static void subscript_value(const struct cluster *c, uint32_t set, const char *subscript,
			    struct strbuf *out)
{
	size_t len = strlen(subscript);
	const char *v;

	if (len < 4 || subscript[0] != '[' || subscript[1] != '\'' ||
	    strcmp(subscript + len - 2, "']") != 0)
		return;
	v = label_value(c, set, subscript + 2, len - 4);
	if (v)
		sb_add(out, v);
}

static void add_ip(uint32_t ip, struct strbuf *out)
{
	char buf[16];

	if (!ip)
		return;
	ip_format(ip, buf, sizeof buf);
	sb_add(out, buf);
}

void pod_field_value(const struct cluster *c, const struct pod *p, const char *path,
		     struct strbuf *out)
{
	const struct node *n = p->node != NONE32 ? cluster_get(c, KIND_NODE, p->node) : NULL;

	if (strcmp(path, "metadata.name") == 0)
		sb_add(out, cluster_str(c, p->meta.name));
	else if (strcmp(path, "metadata.namespace") == 0)
		sb_add(out, cluster_str(c, p->meta.ns));
	else if (strcmp(path, "metadata.uid") == 0)
		cluster_uid_format(p->meta.uid, out);
	else if (strncmp(path, "metadata.labels[", 16) == 0)
		subscript_value(c, p->meta.labels, path + 15, out);
	else if (strncmp(path, "metadata.annotations[", 21) == 0)
		subscript_value(c, p->meta.annotations, path + 20, out);
	else if (strcmp(path, "spec.nodeName") == 0 && n)
		sb_add(out, cluster_str(c, n->meta.name));
	else if (strcmp(path, "spec.serviceAccountName") == 0)
		sb_add(out, "default");
	else if (strncmp(path, "status.hostIP", 13) == 0 && n)
		add_ip(n->ip, out);
	else if (strncmp(path, "status.podIP", 12) == 0)
		add_ip(p->ip, out);
}
