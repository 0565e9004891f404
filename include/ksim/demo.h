/*
 * demo: a demo file's Scenario document as plain data, what the manifest
 * loader decodes (src/manifest/scenario.c) and scenario/ plays, checks and
 * records (ksim/scenario.h). It depends on no cluster and no engine, so the
 * loader reaches neither.
 *
 * The timeline is a list of steps in time order, each one action at a
 * virtual time from the start: what a recorder appends and a player steps
 * through. A struct scenario owns every string it holds; scenario_free()
 * frees it. Any thread may read one it holds.
 */
#ifndef KSIM_DEMO_H
#define KSIM_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/manifest.h"

/* What a session starts from when neither a demo nor a flag says (session.h's defaults). */
#define SESSION_DEFAULT_START_MS 1767225600000LL /* 2026-01-01T00:00:00Z */
#define SESSION_DEFAULT_SEED 1

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

/* NULL does nothing. */
void scenario_free(struct scenario *sc);

#endif
