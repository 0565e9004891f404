/*
 * session: one simulated cluster with its engine, set up from files the way
 * every face needs it: manifests loaded and validated first (nothing applied
 * when any file is bad), the course's lab cluster when the files define no
 * nodes, nodes applied before everything else. Owned by one thread (the
 * headless command, or the runner thread of the dashboard).
 */
#ifndef KSIM_SESSION_H
#define KSIM_SESSION_H

#include <stdint.h>

#include "ksim/cluster.h"
#include "ksim/engine.h"
#include "ksim/demo.h" /* SESSION_DEFAULT_START_MS, SESSION_DEFAULT_SEED */
#include "ksim/manifest.h"
#include "ksim/util.h"

struct session_options {
	uint64_t seed;
	int64_t start_ms;
	uint32_t event_capacity; /* 0: the default */
	struct engine_config engine;
	bool demo; /* a file may be a demo: its Scenario's nodes are applied (ksim/scenario.h) */
	enum manifest_validation validation; /* --validate: unknown fields refused (0), warned, ignored */
};
void session_options_default(struct session_options *o);

struct session {
	struct cluster *c;
	struct engine *e;
	struct strbuf warnings;
	char *base_dir; /* where commands' relative -f paths resolve; NULL: the working directory */
	/* set by a face that follows `get -w` (ksim run): commands' watches, polled by it */
	bool watching;
	struct kubectl_watch **watches;
	uint32_t nwatches, watches_cap;
};

/* Builds the cluster from files (none: the lab cluster only). 0, or -1 with err. */
int session_init(struct session *s, const struct session_options *o, char *const *files, int nfiles,
		 struct ksim_error *err);
/* The same from YAML text (tests, the built-in demo); name is used in messages. */
int session_init_text(struct session *s, const struct session_options *o, const char *name,
		      const char *yaml, struct ksim_error *err);
void session_destroy(struct session *s);
/* Runs one kubectl or ksim command line now (paths from base_dir), then lets the controllers settle. */
int session_exec(struct session *s, const char *line, struct strbuf *out, struct strbuf *err);
/* The same with paths relative to dir (a demo's folder; NULL: the working directory). */
int session_exec_from(struct session *s, const char *dir, const char *line, struct strbuf *out,
		      struct strbuf *err);
/* The lines every watch has to print since the last poll (see kubectl_watch_poll). */
void session_watch_poll(struct session *s, struct strbuf *out);
/*
 * The same, for a driver that keeps the clock itself (the runner): a
 * command that returns KUBECTL_WAIT or KUBECTL_EDIT is not run to its end
 * but handed back in *cont (kubectl_cont_poll, kubectl_cont_edited).
 */
struct kubectl_cont;
int session_start(struct session *s, const char *line, struct strbuf *out, struct strbuf *err,
		  struct kubectl_cont **cont);
/*
 * ksim's own verbs (fail, recover, add, remove, crash): what a real
 * cluster does to itself, not kubectl's; session_exec runs them besides
 * kubectl's. NULL-terminated.
 */
struct kubectl_verb;
extern const struct kubectl_verb *const session_verbs[];
/* The program a command line belongs to: "ksim" for one of session_verbs, else "kubectl". */
const char *session_line_program(const char *line);
/* The line as shown after "$ PROGRAM": without a leading "kubectl" or "ksim" word. */
const char *session_line_shown(const char *line);
/* "<time> <Normal|Warning> <Reason> <kind>/<name> <message>" for event i, oldest first. */
void session_event_line(const struct session *s, uint32_t i, bool why, struct strbuf *out);

/*
 * The state a replay must reproduce: every object (`kubectl get ... -A -o
 * yaml` of every kind), a blank line, then the event log as
 * session_event_line writes it. The dashboard's --dump and `ksim run
 * --dump` write it, so a session and its replay can be compared byte for
 * byte. Lock held (or the owning thread).
 */
void session_dump(struct cluster *c, struct strbuf *out);

#endif
