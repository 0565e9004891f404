/* The objects a command sees, in the order the API server lists them. */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *object_ns(const struct cluster *c, const struct meta *m)
{
	return m->ns ? cluster_str(c, m->ns) : "";
}

/* qsort has no context argument; a command runs on one thread at a time. */
static _Thread_local struct {
	const struct cluster *c;
	enum kind kind;
} sort_ctx;

static int by_ns_name(const void *a, const void *b)
{
	const struct meta *ma = cluster_meta(sort_ctx.c, sort_ctx.kind, *(const uint32_t *)a);
	const struct meta *mb = cluster_meta(sort_ctx.c, sort_ctx.kind, *(const uint32_t *)b);
	int r = strcmp(object_ns(sort_ctx.c, ma), object_ns(sort_ctx.c, mb));

	return r ? r : strcmp(cluster_str(sort_ctx.c, ma->name), cluster_str(sort_ctx.c, mb->name));
}

void objlist_collect(const struct kubectl *k, enum kind kind, const struct selector *sel,
		     struct objlist *out)
{
	const struct cluster *c = k->c;
	bool any_ns = k->all_namespaces || !kind_info(kind)->namespaced;

	out->n = 0;
	out->idx = xmalloc(((size_t)cluster_count(c, kind) + 1) * sizeof *out->idx);
	for (uint32_t i = 0; i < cluster_len(c, kind); i++) {
		const struct meta *m = cluster_meta(c, kind, i);
		if (!m || (!any_ns && m->ns != k->ns))
			continue;
		if (sel && !selector_matches(c->labels, sel, m->labels))
			continue;
		out->idx[out->n++] = i;
	}
	sort_ctx.c = c;
	sort_ctx.kind = kind;
	xqsort(out->idx, out->n, sizeof *out->idx, by_ns_name);
}

void objlist_free(struct objlist *l)
{
	free(l->idx);
	l->idx = NULL;
	l->n = 0;
}
