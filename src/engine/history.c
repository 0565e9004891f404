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

static struct history_seen *seen_slot(struct engine *e, enum kind kind, uint32_t owner)
{
	uint32_t at = 2 * owner + (kind == KIND_STS), cap = e->history_seen_cap;

	if (at >= cap) {
		xgrow(&e->history_seen, &e->history_seen_cap, at + 1, sizeof *e->history_seen);
		memset(e->history_seen + cap, 0, (e->history_seen_cap - cap) * sizeof *e->history_seen);
	}
	return &e->history_seen[at];
}

/* The owner's revisions, lowest number first; reading them reads the whole revision table. */
static uint32_t *revisions(struct engine *e, enum kind kind, uint32_t owner, uint32_t *n)
{
	e->stats.touched += cluster_len(e->c, KIND_CR);
	return cluster_revisions(e->c, kind, owner, n);
}

void history_record(struct engine *e, enum kind kind, uint32_t owner, const struct template *tpl)
{
	struct cluster *c = e->c;
	uint32_t hash = template_revision(c, tpl), uid = cluster_meta(c, kind, owner)->uid, n, *v;
	struct history_seen *seen = seen_slot(e, kind, owner);
	int64_t max;
	uint32_t i = 0;

	if (seen->uid == uid && seen->epoch == e->revision_epoch && seen->hash == hash)
		return;
	v = revisions(e, kind, owner, &n);
	max = n ? ((const struct controller_revision *)cluster_get(c, KIND_CR, v[n - 1]))->revision : 0;
	while (i < n && ((const struct controller_revision *)cluster_get(c, KIND_CR, v[i]))->hash != hash)
		i++;
	if (i == n) {
		n += revision_make(c, kind, owner, tpl, hash, max + 1) != NONE32;
	} else if (i < n - 1) {
		((struct controller_revision *)cluster_get(c, KIND_CR, v[i]))->revision = max + 1;
		cluster_touch(c, KIND_CR, v[i]);
	}
	free(v);
	seen = seen_slot(e, kind, owner);
	*seen = (struct history_seen){ uid, hash, n, e->revision_epoch };
}

static bool is_live(uint32_t hash, const uint32_t *live, uint32_t nlive)
{
	for (uint32_t i = 0; i < nlive; i++)
		if (live[i] == hash)
			return true;
	return false;
}

void history_prune(struct engine *e, enum kind kind, uint32_t owner, int32_t limit,
		   const uint32_t *live, uint32_t nlive)
{
	struct cluster *c = e->c;
	struct history_seen *seen = seen_slot(e, kind, owner);
	uint32_t n, *v;
	int32_t old = 0;

	/* No more revisions than the limit: none can go, whichever the pods run. */
	if (seen->uid == cluster_meta(c, kind, owner)->uid && seen->epoch == e->revision_epoch &&
	    limit >= 0 && seen->n <= (uint32_t)limit)
		return;
	v = revisions(e, kind, owner, &n);
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
