/*
 * scenario: demo files. A demo is one YAML document `apiVersion:
 * ksim.io/v1alpha1`, `kind: Scenario` (its cluster's nodes, start time,
 * seed, speed, teaching overrides and a timeline of steps) followed by
 * ordinary manifests, which are applied at the start. The manifest loader
 * decodes the Scenario document with its own tables (src/manifest/
 * scenario.c), so a demo's errors read like a manifest's, and turns its
 * nodes into Node objects (the decoded form is plain data, ksim/demo.h);
 * this module builds a session from it, and evaluates the expectations of
 * `ksim test`.
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

#include "ksim/demo.h"
#include "ksim/keys.h"
#include "ksim/runner.h"
#include "ksim/session.h"
#include "ksim/util.h"

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
/*
 * --- the dashboard's player (play.c): playing a demo, recording, the dump at the end ---
 * Curses-free, on the UI thread, over a runner.
 */

struct player_options {
	const struct scenario *play; /* the demo whose timeline plays, or NULL */
	struct recorder *record;     /* where the session is recorded, or NULL */
	const char *dump;            /* file for session_dump() at the end, or NULL */
	int64_t start_ms;            /* the session's start: step times count from here */
	double speed;                /* the initial speed */
};
struct player;
struct player *player_new(const struct player_options *o);
void player_free(struct player *p);
/* Hands the timeline to a runner that has not started, and applies its steps at 0 s. */
void player_attach(struct player *p, struct runner *r);
/* True while a timeline plays and nobody took over. */
bool player_playing(const struct player *p);

/* What the dashboard does with the answer to a played step. */
struct player_effect {
	bool show_output;    /* a run: step: show its output as a typed command's */
	enum action act;     /* a key: step: perform this action */
	const char *caption; /* a say: step: its text (valid until the player is freed) */
	const char *verdict; /* an expect: step: one verdict per check (valid with the result) */
	bool failed;         /* ... and one of them failed */
};
/* Looks at a runner result; true when it answers a played step (fx says what to do). */
bool player_result(struct player *p, const struct runner_result *res, struct player_effect *fx);
/* What player_action did with a key. */
enum player_key {
	PLAYER_KEY_PASS,     /* not a playback key: the dashboard acts on it */
	PLAYER_KEY_TAKEN,    /* a playback key, done */
	PLAYER_KEY_REPLAYED, /* seeking back: a new runner and an empty view; the played
				key steps come again, so the panels must start as they opened */
};
/*
 * A key pressed in normal mode, before the dashboard acts on it. Takes the
 * playback keys (> PgDn, < PgUp; PgUp and PgDn only when not paging, that
 * is when the focused panel shows all it has); otherwise notes what the action means for
 * the demo (one on the cluster or the clock takes over, one that looks
 * around is recorded) and passes. Seeking back replaces *rp with a new
 * runner; the caller clears its view. msg gets a notice.
 */
enum player_key player_action(struct player *p, struct runner **rp, int key, enum action act,
			      bool paging, char *msg, size_t size);
/* Copies what the runner applied since the last call into the recording. */
void player_sync(struct player *p, struct runner *r);
/* The caption bar's text, the says of one instant joined ("" when none); the header's words ("demo 3/12", "interactive from here", "REC"). */
const char *player_caption(const struct player *p);
void player_state(const struct player *p, char *buf, size_t size);
/* After the runner stopped: finishes the recording and writes the dump. 0, or -1 with err. */
int player_finish(struct player *p, struct runner *r, struct ksim_error *err);

#endif
