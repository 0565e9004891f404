/*
 * Fixtures shared by the storage and networking tests (test_statefulset.c,
 * test_volumes.c, test_services.c): a session built from an inline manifest
 * on the lab cluster, kubectl commands, and lookups by name in the default
 * namespace. Include after <cmocka.h>.
 */
#ifndef KSIM_TEST_SESSION_FIXTURE_H
#define KSIM_TEST_SESSION_FIXTURE_H

#include <string.h>

#include "ksim/session.h"

#define SEC 1000LL
#define MIN (60 * SEC)

/* A session whose clock starts at start (RFC 3339; NULL: the default start). */
static inline struct session *open_at(const char *yaml, const char *start)
{
	struct session *s = test_malloc(sizeof *s);
	struct session_options o;
	struct ksim_error err;

	session_options_default(&o);
	if (start && time_parse_rfc3339(start, &o.start_ms) != 0)
		fail_msg("bad start time %s", start);
	if (session_init_text(s, &o, "test.yaml", yaml, &err) != 0)
		fail_msg("session_init_text: %s", err.msg);
	return s;
}

static inline struct session *open_text(const char *yaml)
{
	return open_at(yaml, NULL);
}

static inline void close_session(struct session *s)
{
	session_destroy(s);
	test_free(s);
}

/* Runs to ms after the session's start. */
static inline void run_to(struct session *s, int64_t ms)
{
	struct session_options o;

	session_options_default(&o);
	engine_run_until(s->e, o.start_ms + ms);
}

/* Runs a kubectl line; its output goes to out (may be NULL). Returns the exit status. */
static inline int kubectl(struct session *s, const char *line, struct strbuf *out)
{
	struct strbuf o, err;
	int rc;

	sb_init(&o);
	sb_init(&err);
	rc = session_exec(s, line, out ? out : &o, &err);
	if (out)
		sb_add(out, err.data);
	sb_free(&o);
	sb_free(&err);
	return rc;
}

static inline uint32_t find(struct session *s, enum kind kind, const char *name)
{
	uint32_t id = strtab_lookup(s->c->strings, name);
	uint32_t ns = kind_info(kind)->namespaced ? s->c->s.default_ns : 0;

	return id == NONE32 ? NONE32 : cluster_find(s->c, kind, ns, id);
}

static inline void *get(struct session *s, enum kind kind, const char *name)
{
	uint32_t idx = find(s, kind, name);

	return idx == NONE32 ? NULL : cluster_get(s->c, kind, idx);
}

static inline const struct pod *pod(struct session *s, const char *name)
{
	return get(s, KIND_POD, name);
}

static inline bool running_ready(struct session *s, const char *name)
{
	const struct pod *p = pod(s, name);

	return p && p->phase == PHASE_RUNNING && p->meta.deleted_ms == TIME_NONE &&
	       p->ctrs[p->ninit].ready;
}

/* How many events with this reason are about the object. */
static inline int count_events(struct session *s, const char *reason, const char *object)
{
	int n = 0;

	for (uint32_t i = 0; i < s->c->events.count; i++) {
		const struct event *ev = cluster_event_at(s->c, i);
		n += strcmp(cluster_str(s->c, ev->reason), reason) == 0 &&
		     strcmp(cluster_str(s->c, ev->name), object) == 0;
	}
	return n;
}

/* The newest event with this reason about the object, rendered; "" when none. */
static inline void event_message(struct session *s, const char *reason, const char *object,
				 struct strbuf *out)
{
	for (uint32_t i = s->c->events.count; i-- > 0;) {
		const struct event *ev = cluster_event_at(s->c, i);
		if (strcmp(cluster_str(s->c, ev->reason), reason) == 0 &&
		    strcmp(cluster_str(s->c, ev->name), object) == 0) {
			event_text_render(s->c, &ev->msg, out);
			return;
		}
	}
}

#endif
