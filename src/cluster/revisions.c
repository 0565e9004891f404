/* The ControllerRevisions an owner has: found by their ownerReference, in revision order. */
#include "ksim/cluster.h"

uint32_t cluster_revisions(const struct cluster *c, enum kind owner_kind, uint32_t owner,
			   uint32_t *out, uint32_t cap)
{
	const struct meta *o = cluster_meta(c, owner_kind, owner);
	uint32_t n = 0;

	for (uint32_t i = 0; o && i < cluster_len(c, KIND_CR); i++) {
		const struct controller_revision *r = cluster_get(c, KIND_CR, i);
		uint32_t j;
		if (!r || r->meta.owner_kind != owner_kind || r->meta.owner != owner ||
		    r->meta.owner_gen != o->gen || n == cap)
			continue;
		for (j = n++; j > 0 && ((const struct controller_revision *)cluster_get(
					   c, KIND_CR, out[j - 1]))->revision > r->revision;
		     j--)
			out[j] = out[j - 1];
		out[j] = i;
	}
	return n;
}
