/*
 * Events as kubectl sees them. The store keeps every occurrence; the real
 * event recorder folds identical ones (same object, type, reason, source
 * and message) into one Event with a count and first/last timestamps, so
 * the same folding happens here before printing.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool in_scope(const struct kubectl *k, enum kind kind, const struct meta *m,
		     const struct event *ev)
{
	if (kind != KIND_NONE)
		return ev->kind == kind && ev->uid == m->uid && ev->name == m->name;
	return k->all_namespaces || api_event_ns(k->c, ev) == k->ns;
}

/* Orders occurrences so identical ones are adjacent, oldest first within a group. */
static int by_identity(const void *a, const void *b)
{
	const struct kevent *x = a, *y = b;
	const struct event *p = x->first, *q = y->first;
	int r;

	if (p->kind != q->kind)
		return p->kind < q->kind ? -1 : 1;
	if (p->uid != q->uid)
		return p->uid < q->uid ? -1 : 1;
	if (p->type != q->type)
		return p->type < q->type ? -1 : 1;
	if (p->reason != q->reason)
		return p->reason < q->reason ? -1 : 1;
	if (p->source != q->source)
		return p->source < q->source ? -1 : 1;
	if ((r = strcmp(x->message, y->message)))
		return r;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

static bool same_identity(const struct kevent *x, const struct kevent *y)
{
	const struct event *p = x->first, *q = y->first;

	return p->kind == q->kind && p->uid == q->uid && p->name == q->name && p->type == q->type &&
	       p->reason == q->reason && p->source == q->source &&
	       strcmp(x->message, y->message) == 0;
}

static int by_last_seen(const void *a, const void *b)
{
	const struct event *p = ((const struct kevent *)a)->last,
			   *q = ((const struct kevent *)b)->last;

	if (p->time_ms != q->time_ms)
		return p->time_ms < q->time_ms ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

void events_collect(const struct kubectl *k, enum kind kind, const struct meta *m,
		    struct keventlist *out)
{
	const struct cluster *c = k->c;
	struct kevent *v = xmalloc(((size_t)c->events.count + 1) * sizeof *v);
	uint32_t n = 0, merged = 0;

	for (uint32_t i = 0; i < c->events.count; i++) {
		const struct event *ev = cluster_event_at(c, i);
		struct strbuf msg;
		if (!in_scope(k, kind, m, ev))
			continue;
		sb_init(&msg);
		event_text_render(c, &ev->msg, &msg);
		v[n++] = (struct kevent){ ev, ev, 1, sb_take(&msg) };
	}
	xqsort(v, n, sizeof *v, by_identity);
	for (uint32_t i = 0; i < n; i++) {
		if (merged && same_identity(&v[merged - 1], &v[i])) {
			v[merged - 1].last = v[i].last;
			v[merged - 1].count++;
			free(v[i].message);
			continue;
		}
		v[merged++] = v[i];
	}
	xqsort(v, merged, sizeof *v, by_last_seen);
	out->v = v;
	out->n = merged;
}

void events_free(struct keventlist *l)
{
	for (uint32_t i = 0; i < l->n; i++)
		free(l->v[i].message);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
