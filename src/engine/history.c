/*
 * ControllerRevisions as the DaemonSet and StatefulSet controllers keep them
 * (pkg/controller/history; daemon/update.go constructHistory and
 * cleanupHistory; statefulset/stateful_set_control.go
 * getStatefulSetRevisions and truncateHistory): the template the owner runs
 * is the newest revision; a template run before gets its revision renumbered
 * to the next number (a rollback), a new one is made with it. Revisions no
 * pod runs beyond revisionHistoryLimit go, the oldest first.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* history.NewControllerRevision: the template's labels plus controller-revision-hash, the owner's annotations. */
static uint32_t revision_make(struct cluster *c, enum kind kind, uint32_t owner,
			      const struct template *tpl, uint32_t hash, int64_t number)
{
	const struct meta *o = cluster_meta(c, kind, owner);
	struct strbuf name;
	uint32_t idx, ns = o->ns, owner_name = o->name;
	struct controller_revision *r;

	sb_init(&name);
	cluster_revision_name(c, owner_name, hash, &name);
	idx = cluster_add(c, KIND_CR, ns, cluster_intern(c, name.data));
	if (idx != NONE32) {
		o = cluster_meta(c, kind, owner); /* the add may move the tables */
		r = cluster_get(c, KIND_CR, idx);
		r->meta.owner_kind = (uint8_t)kind;
		r->meta.owner = owner;
		r->meta.owner_gen = o->gen;
		r->meta.annotations = o->annotations;
		r->meta.labels = labels_with(c->labels, tpl->labels,
					     cluster_intern(c, "controller-revision-hash"),
					     cluster_intern(c, name.data + strlen(cluster_str(c, owner_name)) + 1));
		r->hash = hash;
		r->revision = number;
		template_copy(c, &r->tpl, tpl);
		cluster_changed(c, KIND_CR, idx, CHANGE_ADDED);
	}
	sb_free(&name);
	return idx;
}

void history_record(struct cluster *c, enum kind kind, uint32_t owner, const struct template *tpl)
{
	uint32_t hash = template_revision(c, tpl), n, *v = cluster_revisions(c, kind, owner, &n);
	int64_t max = n ? ((const struct controller_revision *)cluster_get(c, KIND_CR, v[n - 1]))->revision : 0;
	uint32_t i = 0;

	while (i < n && ((const struct controller_revision *)cluster_get(c, KIND_CR, v[i]))->hash != hash)
		i++;
	if (i == n) {
		revision_make(c, kind, owner, tpl, hash, max + 1);
	} else if (i < n - 1) {
		((struct controller_revision *)cluster_get(c, KIND_CR, v[i]))->revision = max + 1;
		cluster_touch(c, KIND_CR, v[i]);
	}
	free(v);
}

static bool is_live(uint32_t hash, const uint32_t *live, uint32_t nlive)
{
	for (uint32_t i = 0; i < nlive; i++)
		if (live[i] == hash)
			return true;
	return false;
}

void history_prune(struct cluster *c, enum kind kind, uint32_t owner, int32_t limit,
		   const uint32_t *live, uint32_t nlive)
{
	uint32_t n, *v = cluster_revisions(c, kind, owner, &n);
	int32_t old = 0;

	for (uint32_t i = 0; i < n; i++)
		old += !is_live(((const struct controller_revision *)cluster_get(c, KIND_CR, v[i]))->hash,
				live, nlive);
	/* Oldest first: v is in revision order. */
	for (uint32_t i = 0; i < n && old > limit; i++)
		if (!is_live(((const struct controller_revision *)cluster_get(c, KIND_CR, v[i]))->hash,
			     live, nlive)) {
			cluster_remove(c, KIND_CR, v[i]);
			old--;
		}
	free(v);
}

uint32_t history_live(const struct cluster *c, const struct meta *owner, uint32_t *live,
		      uint32_t cap)
{
	uint32_t n = 0;

	for (uint32_t i = owner->kids; i != NONE32;) {
		const struct pod *p = cluster_get(c, KIND_POD, i);
		if (!p)
			break;
		if (n < cap && !is_live(p->revision, live, n))
			live[n++] = p->revision;
		i = p->meta.sib_next;
	}
	return n;
}
