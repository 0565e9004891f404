/* The bounded event log. Messages are stored as format + arguments and rendered on demand. */
#include "ksim/cluster.h"

#include <stdarg.h>
#include <string.h>

#include "internal.h"

/* The conversion of the next argument after p ('s' string id; 'd', 't', 'm' int64), 0 at the end. */
static char next_arg(const char **p)
{
	for (const char *q = *p; *q; q++) {
		if (*q != '%' || !q[1])
			continue;
		q++;
		if (*q == 's' || *q == 'd' || *q == 't' || *q == 'm') {
			*p = q + 1;
			return *q;
		}
	}
	return 0;
}

static void text_capture(struct event_text *t, const char *fmt, va_list ap)
{
	const char *p = fmt;
	char conv;

	t->fmt = fmt;
	t->nargs = 0;
	while (t->nargs < ARRAY_LEN(t->args) && (conv = next_arg(&p)))
		t->args[t->nargs++] = conv == 's' ? va_arg(ap, uint32_t)
						  : (uint64_t)va_arg(ap, int64_t);
}

static void text_mark(struct cluster *c, const struct event_text *t)
{
	const char *p = t->fmt;

	for (uint8_t a = 0; p && a < t->nargs; a++)
		if (next_arg(&p) == 's')
			strtab_mark(c->strings, (uint32_t)t->args[a]);
}

void cluster_events_mark(struct cluster *c)
{
	for (uint32_t i = 0; i < c->events.count; i++) {
		const struct event *ev = cluster_event_at(c, i);
		strtab_mark(c->strings, ev->reason);
		strtab_mark(c->strings, ev->source);
		strtab_mark(c->strings, ev->ns);
		strtab_mark(c->strings, ev->name);
		text_mark(c, &ev->msg);
		text_mark(c, &ev->why);
	}
}

struct event *cluster_event(struct cluster *c, enum kind kind, uint32_t idx, enum event_type type,
			    const char *reason, const char *source, const char *fmt, ...)
{
	const struct meta *m = cluster_meta(c, kind, idx);
	struct event *ev;
	va_list ap;

	if (c->events.count < c->events.cap) {
		ev = &c->events.ring[(c->events.head + c->events.count++) % c->events.cap];
	} else {
		ev = &c->events.ring[c->events.head];
		c->events.head = (c->events.head + 1) % c->events.cap;
	}
	memset(ev, 0, sizeof *ev);
	ev->seq = ++c->events.next_seq;
	ev->time_ms = c->now_ms;
	ev->type = type;
	ev->kind = kind;
	ev->reason = cluster_intern(c, reason);
	ev->source = cluster_intern(c, source);
	if (m) {
		ev->ns = m->ns;
		ev->name = m->name;
		ev->uid = m->uid;
	}
	va_start(ap, fmt);
	text_capture(&ev->msg, fmt, ap);
	va_end(ap);
	c->generation++;
	return ev;
}

void event_why(struct event *ev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_capture(&ev->why, fmt, ap);
	va_end(ap);
}

void event_text_render(const struct cluster *c, const struct event_text *t, struct strbuf *out)
{
	char buf[32];
	uint8_t a = 0;

	if (!t->fmt)
		return;
	for (const char *p = t->fmt; *p; p++) {
		if (*p != '%' || !p[1]) {
			sb_addc(out, *p);
			continue;
		}
		p++;
		if (*p == '%') {
			sb_addc(out, '%');
		} else if (a >= t->nargs) {
			sb_add(out, "?");
		} else if (*p == 's') {
			sb_add(out, cluster_str(c, (uint32_t)t->args[a++]));
		} else if (*p == 'd') {
			sb_printf(out, "%lld", (long long)(int64_t)t->args[a++]);
		} else if (*p == 'm') {
			int64_t ms = (int64_t)t->args[a++];
			if (ms % 1000)
				sb_printf(out, "%lld.%03llds", (long long)(ms / 1000),
					  (long long)(ms % 1000));
			else
				sb_printf(out, "%llds", (long long)(ms / 1000));
		} else if (*p == 't') {
			time_rfc3339((int64_t)t->args[a++], buf, sizeof buf);
			sb_add(out, buf);
		}
	}
}

const struct event *cluster_event_at(const struct cluster *c, uint32_t i)
{
	return &c->events.ring[(c->events.head + i) % c->events.cap];
}

void cluster_events_clear(struct cluster *c)
{
	c->events.count = 0;
	c->events.head = 0;
	c->generation++;
}
