/*
 * Events as the API server names and files them. The store keeps every
 * occurrence; kubectl/events.c folds identical ones into one Event with a
 * count, as the event recorder does.
 */
#include "ksim/api.h"

uint32_t api_event_ns(const struct cluster *c, const struct event *ev)
{
	return ev->ns ? ev->ns : c->s.default_ns;
}

void api_event_name(const struct cluster *c, const struct kevent *e, struct strbuf *out)
{
	/* The recorder names an Event after its object and the creation time in nanoseconds. */
	uint64_t nanos = (uint64_t)e->first->time_ms * 1000000u + e->first->seq % 1000000u;

	sb_printf(out, "%s.%llx", cluster_str(c, e->first->name), (unsigned long long)nanos);
}
