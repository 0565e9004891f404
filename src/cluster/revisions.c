/* The ControllerRevision kind: its class, and the revisions an owner has (by ownerReference). */
#include "ksim/cluster.h"

#include <stdlib.h>

#include "internal.h"

static int64_t revision_number(const struct cluster *c, uint32_t idx)
{
	return ((const struct controller_revision *)cluster_get(c, KIND_CR, idx))->revision;
}

/* Revision r belongs to the owner o (kind, slot) by its ownerReference. */
static bool owned_by(const struct controller_revision *r, const struct meta *o,
		     enum kind owner_kind, uint32_t owner)
{
	return r && o && r->meta.owner_kind == owner_kind && r->meta.owner == owner &&
	       r->meta.owner_gen == o->gen;
}

uint32_t cluster_revision_newest(const struct cluster *c, enum kind owner_kind, uint32_t owner)
{
	const struct meta *o = cluster_meta(c, owner_kind, owner);
	uint32_t best = NONE32;

	for (uint32_t i = 0; o && i < cluster_len(c, KIND_CR); i++) {
		const struct controller_revision *r = cluster_get(c, KIND_CR, i);
		if (owned_by(r, o, owner_kind, owner) &&
		    (best == NONE32 || revision_number(c, best) < r->revision))
			best = i;
	}
	return best;
}

uint32_t *cluster_revisions(const struct cluster *c, enum kind owner_kind, uint32_t owner,
			    uint32_t *n)
{
	const struct meta *o = cluster_meta(c, owner_kind, owner);
	uint32_t *out = NULL, cap = 0;

	*n = 0;
	for (uint32_t i = 0; o && i < cluster_len(c, KIND_CR); i++) {
		const struct controller_revision *r = cluster_get(c, KIND_CR, i);
		uint32_t j;
		if (!owned_by(r, o, owner_kind, owner))
			continue;
		xgrow(&out, &cap, *n + 1, sizeof *out);
		for (j = (*n)++; j > 0 && revision_number(c, out[j - 1]) > r->revision; j--)
			out[j] = out[j - 1];
		out[j] = i;
	}
	return out;
}

static void cr_free(struct cluster *c, struct meta *m)
{
	template_release(c, &((struct controller_revision *)m)->tpl);
}

static void cr_mark(struct cluster *c, const struct meta *m)
{
	cluster_mark_template(c, &((const struct controller_revision *)m)->tpl);
}

/* Its owner's kids list holds the owner's pods: a revision is found by cluster_revisions(). */
const struct kind_class kind_class_cr = {
	.info = { "ControllerRevision", "controllerrevisions", "controllerrevision", NULL,
		  "apps/v1", "apps", true },
	.size = sizeof(struct controller_revision),
	.child = KIND_NONE,
	.release = cr_free,
	.mark = cr_mark,
};
