/* A cluster and its engine, made from manifest files and the built-in lab. */
#include "ksim/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/api.h"
#include "ksim/kubectl.h"
#include "ksim/manifest.h"

#include "internal.h"

/* The lab was set up a week before the lesson; its events are long gone (the API server keeps 1 h). */
#define LAB_AGE_MS (7LL * 24 * 3600 * 1000)

void session_options_default(struct session_options *o)
{
	memset(o, 0, sizeof *o);
	o->seed = SESSION_DEFAULT_SEED;
	o->start_ms = SESSION_DEFAULT_START_MS;
	o->event_capacity = 100000;
	engine_config_default(&o->engine);
}

static bool has_nodes(const struct manifest *m)
{
	for (uint32_t i = 0; i < m->count; i++)
		if (m->objects[i].kind == KIND_NODE)
			return true;
	return false;
}

/* Applies the objects whose kind is (or, with nodes false, is not) Node, in file order. */
static int apply_all(struct session *s, struct manifest *m, bool nodes, struct ksim_error *err)
{
	struct api_written done;
	struct api_error refusal;
	int rc = 0;

	for (uint32_t i = 0; i < m->count && rc == 0; i++) {
		struct manifest_object *mo = &m->objects[i];
		if ((mo->kind == KIND_NODE) != nodes)
			continue;
		rc = api_apply_object(s->c, s->c->s.default_ns, mo, &done, &refusal);
		if (rc) { /* the API server refused it: say which document */
			struct strbuf msg;
			sb_init(&msg);
			kubectl_error_format(&refusal, mo->file, &msg);
			error_at(err, mo->file, mo->line, mo->col, NULL, "%s", msg.data);
			sb_free(&msg);
		}
		engine_settle(s->e);
	}
	return rc;
}

/* Loads one source into m: a file path, or (name, text) when text is not NULL. */
struct source {
	const char *name, *text;
};

/* Builds the lab a week before start and runs it up to start, so its pods are long Running. */
static int build_lab(struct session *s, int64_t start_ms, struct ksim_error *err)
{
	struct manifest lab;
	int rc;

	manifest_init(&lab);
	engine_set_start(s->e, start_ms - LAB_AGE_MS);
	rc = manifest_load_string(s->c, "<lab>", session_lab_yaml, strlen(session_lab_yaml), &lab,
				  err);
	if (rc == 0)
		rc = apply_all(s, &lab, true, err);
	if (rc == 0)
		rc = apply_all(s, &lab, false, err);
	manifest_free(s->c, &lab);
	engine_run_until(s->e, start_ms);
	cluster_events_clear(s->c);
	return rc;
}

static int session_build(struct session *s, const struct session_options *o,
			 const struct source *src, int n, struct ksim_error *err)
{
	struct manifest m;
	int rc = 0;

	memset(s, 0, sizeof *s);
	s->c = cluster_new(o->seed, o->event_capacity);
	s->e = engine_new(s->c, &o->engine);
	engine_set_start(s->e, o->start_ms);
	sb_init(&s->warnings);
	manifest_init(&m);
	m.allow_scenario = o->demo;
	m.validation = o->validation;
	engine_collect_hold(s->e); /* the decoded manifests hold ids until applied */
	/* Every file is read and validated before anything is applied. */
	for (int i = 0; i < n && rc == 0; i++)
		rc = src[i].text ? manifest_load_string(s->c, src[i].name, src[i].text,
							strlen(src[i].text), &m, err)
				 : manifest_load_file(s->c, src[i].name, &m, err);
	if (rc == 0 && !has_nodes(&m))
		rc = build_lab(s, o->start_ms, err);
	if (rc == 0) {
		sb_add(&s->warnings, m.warnings.data);
		rc = apply_all(s, &m, true, err);
	}
	if (rc == 0)
		rc = apply_all(s, &m, false, err);
	manifest_free(s->c, &m);
	engine_collect_release(s->e);
	if (rc)
		session_destroy(s);
	return rc;
}

int session_init(struct session *s, const struct session_options *o, char *const *files, int nfiles,
		 struct ksim_error *err)
{
	struct source *src = xcalloc((size_t)nfiles + 1, sizeof *src);
	int rc;

	for (int i = 0; i < nfiles; i++)
		src[i].name = files[i];
	rc = session_build(s, o, src, nfiles, err);
	free(src);
	return rc;
}

int session_init_text(struct session *s, const struct session_options *o, const char *name,
		      const char *yaml, struct ksim_error *err)
{
	struct source src = { name, yaml };

	return session_build(s, o, &src, 1, err);
}

void session_destroy(struct session *s)
{
	engine_free(s->e);
	cluster_free(s->c);
	sb_free(&s->warnings);
	free(s->base_dir);
	for (uint32_t i = 0; i < s->nwatches; i++)
		kubectl_watch_free(s->watches[i]);
	free(s->watches);
	memset(s, 0, sizeof *s);
}

/* A command's context: the session's cluster and engine, paths from dir. */
static struct kubectl session_kubectl(struct session *s, const char *dir, struct strbuf *out,
				      struct strbuf *err)
{
	return (struct kubectl){
		.e = s->e,
		.c = s->c,
		.out = out,
		.err = err,
		.ns = s->c->s.default_ns,
		.base_dir = dir ? dir : "",
		.more_verbs = session_verbs,
	};
}

int session_exec_from(struct session *s, const char *dir, const char *line, struct strbuf *out,
		      struct strbuf *err)
{
	struct kubectl_watch *w = NULL;
	struct kubectl k = session_kubectl(s, dir, out, err);
	int rc;

	k.watch = s->watching ? &w : NULL;
	rc = kubectl_run(&k, line);
	if (w) {
		xgrow(&s->watches, &s->watches_cap, s->nwatches + 1, sizeof *s->watches);
		s->watches[s->nwatches++] = w;
	}
	engine_settle(s->e);
	return rc;
}

void session_watch_poll(struct session *s, struct strbuf *out)
{
	for (uint32_t i = 0; i < s->nwatches; i++)
		kubectl_watch_poll(s->watches[i], s->c, out);
}

int session_start(struct session *s, const char *line, struct strbuf *out, struct strbuf *err,
		  struct kubectl_cont **cont)
{
	struct kubectl k = session_kubectl(s, s->base_dir, out, err);
	int rc = kubectl_start(&k, line, cont);

	engine_settle(s->e);
	return rc;
}

int session_exec(struct session *s, const char *line, struct strbuf *out, struct strbuf *err)
{
	return session_exec_from(s, s->base_dir, line, out, err);
}

void session_event_line(const struct session *s, uint32_t i, bool why, struct strbuf *out)
{
	const struct cluster *c = s->c;
	const struct event *ev = cluster_event_at(c, i);
	const char *kind = kind_info(ev->kind)->singular;
	char t[32];

	time_rfc3339(ev->time_ms, t, sizeof t);
	sb_printf(out, "%s %s %s %s/%s ", t, ev->type == EVENT_WARNING ? "Warning" : "Normal",
		  cluster_str(c, ev->reason), kind, cluster_str(c, ev->name));
	event_text_render(c, &ev->msg, out);
	if (why && ev->why.fmt) {
		sb_add(out, "  [why: ");
		event_text_render(c, &ev->why, out);
		sb_addc(out, ']');
	}
	sb_addc(out, '\n');
}

void session_dump(struct cluster *c, struct strbuf *out)
{
	struct session s = { .c = c };
	struct strbuf err;
	struct kubectl k = { .c = c, .out = out, .err = &err, .ns = c->s.default_ns, .base_dir = "" };

	sb_init(&err);
	kubectl_run(
	    &k,
	    "get nodes,pods,replicationcontrollers,replicasets,daemonsets,jobs,cronjobs,"
	    "statefulsets,services,endpoints,persistentvolumeclaims,persistentvolumes -A -o yaml");
	sb_add(out, err.data);
	sb_addc(out, '\n');
	for (uint32_t i = 0; i < c->events.count; i++)
		session_event_line(&s, i, false, out);
	sb_free(&err);
}
