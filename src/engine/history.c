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

/* The owner's kubernetes.io/change-cause, copied as the controllers copy its annotations. */
static uint32_t change_cause(const struct cluster *c, const struct meta *owner)
{
	uint32_t key = strtab_lookup(c->strings, "kubernetes.io/change-cause"), v;

	v = key == NONE32 ? NONE32 : labels_value(c->labels, owner->annotations, key);
	return v == NONE32 ? 0 : v;
}

const struct revision *history_record(struct cluster *c, const struct meta *owner,
				      struct revision_history *h, const struct template *tpl)
{
	uint32_t hash = template_revision(c, tpl);
	int64_t max = 0;
	struct revision *found = NULL;

	for (uint32_t i = 0; i < h->n; i++) {
		max = h->v[i].number > max ? h->v[i].number : max;
		if (h->v[i].hash == hash)
			found = &h->v[i];
	}
	if (found) {
		if (found->number < max)
			found->number = max + 1;
		return found;
	}
	xgrow(&h->v, &h->cap, h->n + 1, sizeof *h->v);
	found = &h->v[h->n++];
	*found = (struct revision){ .hash = hash,
				    .number = max + 1,
				    .created_ms = c->now_ms,
				    .change_cause = change_cause(c, owner) };
	template_copy(c, &found->tpl, tpl);
	return found;
}

static bool is_live(uint32_t hash, const uint32_t *live, uint32_t nlive)
{
	for (uint32_t i = 0; i < nlive; i++)
		if (live[i] == hash)
			return true;
	return false;
}

void history_prune(struct cluster *c, struct revision_history *h, int32_t limit,
		   const uint32_t *live, uint32_t nlive)
{
	for (;;) {
		struct revision *oldest = NULL;
		int32_t old = 0;
		for (uint32_t i = 0; i < h->n; i++) {
			if (is_live(h->v[i].hash, live, nlive))
				continue;
			old++;
			if (!oldest || h->v[i].number < oldest->number)
				oldest = &h->v[i];
		}
		if (old <= limit)
			return;
		template_release(c, &oldest->tpl);
		*oldest = h->v[--h->n];
	}
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
