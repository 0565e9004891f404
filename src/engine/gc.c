/*
 * Deletion as the API server and the garbage collector carry it out
 * (website concepts/architecture/garbage-collection.md): Background removes
 * the owner at once and then deletes its dependents; Foreground marks the
 * owner, deletes the dependents, and removes the owner when the last is
 * gone; Orphan strips the dependents' ownerReferences and keeps them.
 */
#include <stdlib.h>

#include "internal.h"

/* The children's handles, taken before the owner's links change. */
static struct ref *children(struct engine *e, enum kind kind, uint32_t idx, uint32_t *n)
{
	struct cluster *c = e->c;
	enum kind child = kind_child_of(kind);
	const struct meta *m = cluster_meta(c, kind, idx);
	struct ref *refs = NULL;
	uint32_t cap = 0;

	*n = 0;
	for (uint32_t i = child == KIND_NONE ? NONE32 : m->kids; i != NONE32;) {
		const struct meta *k = cluster_meta(c, child, i);
		xgrow(&refs, &cap, *n + 1, sizeof *refs);
		refs[(*n)++] = cluster_ref(c, child, i);
		i = k->sib_next;
	}
	return refs;
}

/* A DaemonSet's or StatefulSet's ControllerRevisions go with it, or are orphaned with its pods. */
static void revisions_follow(struct engine *e, enum kind kind, uint32_t idx, enum propagation prop)
{
	struct cluster *c = e->c;
	uint32_t n, *v = cluster_revisions(c, kind, idx, &n);

	for (uint32_t i = 0; i < n; i++) {
		if (prop != PROPAGATE_ORPHAN) {
			cluster_remove(c, KIND_CR, v[i]);
			continue;
		}
		cluster_clear_owner(c, KIND_CR, v[i]);
		cluster_changed(c, KIND_CR, v[i], CHANGE_UPDATED);
	}
	free(v);
}

/* Pods bound to a node that is gone are deleted at once (the pod GC). */
static void delete_node(struct engine *e, uint32_t node)
{
	struct cluster *c = e->c;
	const struct node *n = cluster_get(c, KIND_NODE, node);
	uint32_t i = n->pods;

	while (i != NONE32) {
		struct pod *p = cluster_get(c, KIND_POD, i);
		uint32_t next = p->node_next;
		p->flags |= POD_NODE_LOST;
		pod_delete(e, i, 0);
		i = next;
	}
	cluster_remove(c, KIND_NODE, node);
}

void engine_delete(struct engine *e, enum kind kind, uint32_t idx, enum propagation prop,
		   int64_t grace_s)
{
	struct cluster *c = e->c;
	enum kind child = kind_child_of(kind);
	struct meta *m = cluster_meta(c, kind, idx);
	struct ref *kids;
	uint32_t n;

	if (!m)
		return;
	if (kind == KIND_POD) {
		pod_delete(e, idx, grace_s);
		return;
	}
	if (kind == KIND_NODE) {
		delete_node(e, idx);
		return;
	}
	if (kind == KIND_PVC) {
		volumes_claim_delete(e, idx);
		return;
	}
	/* Claims a StatefulSet owns (retention policy Delete) are its dependents too. */
	if (kind == KIND_STS && prop != PROPAGATE_ORPHAN)
		sts_delete_claims(e, idx);
	if (kind == KIND_DS || kind == KIND_STS)
		revisions_follow(e, kind, idx, prop);
	kids = children(e, kind, idx, &n);
	switch (prop) {
	case PROPAGATE_ORPHAN:
		for (uint32_t i = 0; i < n; i++) {
			cluster_clear_owner(c, child, kids[i].idx);
			cluster_changed(c, child, kids[i].idx, CHANGE_UPDATED);
		}
		cluster_remove(c, kind, idx);
		break;
	case PROPAGATE_BACKGROUND:
		cluster_remove(c, kind, idx);
		for (uint32_t i = 0; i < n; i++)
			if (cluster_deref(c, child, kids[i]))
				engine_delete(e, child, kids[i].idx, PROPAGATE_BACKGROUND, -1);
		break;
	case PROPAGATE_FOREGROUND:
		if (m->deleted_ms == TIME_NONE)
			m->deleted_ms = c->now_ms;
		cluster_changed(c, kind, idx, CHANGE_UPDATED);
		for (uint32_t i = 0; i < n; i++)
			if (cluster_deref(c, child, kids[i]))
				engine_delete(e, child, kids[i].idx, PROPAGATE_FOREGROUND, -1);
		gc_child_removed(e, kind, idx);
		break;
	}
	free(kids);
}

void gc_child_removed(struct engine *e, enum kind owner_kind, uint32_t owner)
{
	struct cluster *c = e->c;
	struct meta *m = cluster_meta(c, owner_kind, owner);
	enum kind grand = (enum kind)(m ? m->owner_kind : KIND_NONE);
	uint32_t grand_idx = m ? m->owner : NONE32;

	/* Foreground deletion: the owner waits for its last dependent. */
	if (!m || m->deleted_ms == TIME_NONE || m->kids != NONE32)
		return;
	cluster_remove(c, owner_kind, owner);
	if (grand != KIND_NONE)
		gc_child_removed(e, grand, grand_idx);
}
