/*
 * scenario: demo files. A demo is one YAML document `apiVersion:
 * ksim.io/v1alpha1`, `kind: Scenario` (its cluster's nodes, start time,
 * seed, speed, teaching overrides and a timeline of steps) followed by
 * ordinary manifests, which are applied at the start. The manifest loader
 * decodes the Scenario document with its own tables (src/manifest/
 * scenario.c), so a demo's errors read like a manifest's, and turns its
 * nodes into Node objects; this module owns the decoded form, builds a
 * session from it, and evaluates the expectations of `ksim test`.
 *
 * The timeline is a list of steps in time order, each one action at a
 * virtual time from the start: what a recorder appends and a player steps
 * through. A struct scenario owns every string it holds and depends on no
 * cluster; the functions that take a session run on the thread that owns it.
 */
#ifndef KSIM_SCENARIO_H
#define KSIM_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/session.h"
#include "ksim/util.h"

enum step_action {
	STEP_RUN,    /* run: a kubectl command or ksim verb */
	STEP_KEY,    /* key: a dashboard key (headless faces only list it) */
	STEP_SAY,    /* say: a caption */
	STEP_PAUSE,  /* pause: true (the dashboard pauses; headless goes on) */
	STEP_EXPECT, /* expect: one check or a list of them */
};

enum expect_kind {
	EXPECT_GET,    /* {get: KIND/NAME, field: PATH, equals|contains: V} */
	EXPECT_COUNT,  /* {count: KIND, selector, namespace, node, phase, status, equals: N} */
	EXPECT_EVENT,  /* {event: REASON, object: KIND/NAME, count: N, message: TEXT} */
	EXPECT_OUTPUT, /* {output: COMMAND, equals|contains: TEXT} */
};

/* One check. Strings are NULL when not written. */
struct scenario_expect {
	enum expect_kind kind;
	int line, col;  /* where the check is written */
	char *target;   /* get, event object: "job/job-2"; count: "pods"; output: the command */
	char *reason;   /* event */
	char *field;    /* get: a path into `kubectl get -o json` ("status.succeeded") */
	char *selector; /* count: kubectl -l syntax */
	char *ns;       /* namespace (default: default) */
	char *node;     /* count pods: bound to this node */
	char *status;   /* count pods: kubectl's STATUS column ("Completed") */
	char *phase;    /* count pods: status.phase ("Running") */
	char *equals;   /* get, output: the exact text; count: the number */
	char *contains; /* get, output */
	char *message;  /* event: a substring of the message */
	int64_t number; /* count: equals; event: count (-1: at least one) */
};

struct scenario_step {
	int64_t at_ms; /* from the start, never before the previous step */
	enum step_action action;
	char *text; /* run: the command; key: the key; say: the caption */
	uint32_t nexpect;
	struct scenario_expect *expect;
	int line, col; /* where the step is written */
};

/* The workload panel the dashboard opens on: spec.panel, or (AUTO) the files' first workload's. */
enum scenario_panel {
	SCENARIO_PANEL_AUTO,
	SCENARIO_PANEL_DAEMONSETS,
	SCENARIO_PANEL_JOBS,
	SCENARIO_PANEL_CRONJOBS,
	SCENARIO_PANEL_SETS, /* StatefulSets & ReplicaSets */
	SCENARIO_PANEL_DEPLOYMENTS,
};

struct scenario {
	char *file;       /* the demo's path, or the name given with its text */
	char *dir;        /* where run: paths resolve ("" = the working directory) */
	const char *text; /* the built-in demo's text (static), NULL for a file */
	char *name, *description;
	int64_t start_ms;
	uint64_t seed;
	double speed;                  /* initial dashboard speed (virtual seconds per second) */
	int64_t node_monitor_grace_ms; /* -1: the engine's default (40 s) */
	int64_t toleration_s;          /* DefaultTolerationSeconds override, -1: 300 */
	enum manifest_validation validation; /* how it was read: its session reads its files so */
	enum scenario_panel panel;
	uint32_t nsteps;
	struct scenario_step *steps;
};

/*
 * Reads a demo file and validates all of it, manifests included, as `ksim
 * check` does. 0 with *out set (free with scenario_free), 1 when the file
 * holds no Scenario document (not a demo; *out NULL), -1 with err.
 */
int scenario_load_file(const char *path, struct scenario **out, struct ksim_error *err);
/* The same with unknown fields read as v says (--validate), and its session reading them so. */
int scenario_load_file_validated(const char *path, enum manifest_validation v,
				 struct scenario **out, struct ksim_error *err);
/* The same for text that outlives the scenario (the built-in demo); name is used in messages. */
int scenario_load_text(const char *name, const char *text, struct scenario **out,
		       struct ksim_error *err);
void scenario_free(struct scenario *sc);

/* The demo `make run` opens: demos/default.yaml, compiled in. */
const char *scenario_builtin_default(void);

/* Session options that play the demo: its seed, start and engine overrides. */
void scenario_session_options(const struct scenario *sc, struct session_options *o);
/* Builds the demo's cluster at its start time. 0, or -1 with err. */
int scenario_session(const struct scenario *sc, struct session *s, struct ksim_error *err);
/* Time of the last step from the start (0 without steps). */
int64_t scenario_duration(const struct scenario *sc);
/* Runs a run: step's command with the demo's directory for relative paths. */
int scenario_exec(const struct scenario *sc, struct session *s, const char *line,
		  struct strbuf *out, struct strbuf *err);

/* "job/job-2 status.succeeded == 2": what the check asks, in one line. */
void scenario_expect_describe(const struct scenario_expect *x, struct strbuf *out);
/*
 * Evaluates a check against the cluster now (an output check runs its
 * command). Returns true when it holds; seen gets what was found ("1",
 * "no pod/x", "3 events") for the report.
 */
bool scenario_expect_eval(const struct scenario *sc, struct session *s,
			  const struct scenario_expect *x, struct strbuf *seen);

/* --- recordings (record.c) --- */

/* s as a YAML double-quoted scalar. */
void scenario_yaml_quote(const char *s, struct strbuf *out);
/* A step's body as one line of YAML: `run: "get pods"`, `pause: true`, `expect: [{...}]`. */
void scenario_step_yaml(const struct scenario_step *st, struct strbuf *out);

/* What a recorded session started from: a file's name and its text (a demo or manifests). */
struct recorder_source {
	const char *name;
	const char *text;
};

/*
 * A demo file written as a session runs. recorder_open writes PATH.part:
 * the sources' manifests as written, then a Scenario document (start and
 * seed from o, the given speed, the source demo's other settings) ending
 * with `timeline:`. Each recorder_step appends one step with one write()
 * and syncs it, so PATH.part is a playable demo after every step, even if
 * the process is killed. recorder_finish appends a closing `pause: true` at
 * the end time, syncs and renames PATH.part to PATH. 0, or -1 with err /
 * errno. Owned by one thread.
 */
struct recorder;
int recorder_open(const char *path, const struct recorder_source *src, int nsrc,
		  const struct session_options *o, double speed, struct recorder **out,
		  struct ksim_error *err);
/* Appends `- at: DUR` with body (one line from scenario_step_yaml); -1 with errno on a write error. */
int recorder_step(struct recorder *rec, int64_t at_ms, const char *body);
uint32_t recorder_steps(const struct recorder *rec);
/* Drops every step written so far (a seek replays them). */
int recorder_rewind(struct recorder *rec);
int recorder_finish(struct recorder *rec, int64_t end_ms, struct ksim_error *err);
/* "OUT.yaml.part": the file being written, the one to play after a crash. */
const char *recorder_part(const struct recorder *rec);
/* Closes without finishing: PATH.part stays as written. */
void recorder_free(struct recorder *rec);

#endif
