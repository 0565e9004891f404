/*
 * runner: the simulation thread of the dashboard. It owns a session (cluster
 * + engine), maps wall time to virtual time with a speed factor, runs the
 * engine up to "now", then sleeps on a CLOCK_MONOTONIC condition variable
 * until the next timer is due or a command arrives; paused, it sleeps until
 * a command. Nothing polls.
 *
 * Threads: runner_new/runner_start/runner_stop/runner_free belong to the
 * thread that made the runner (the UI thread). runner_post, runner_take,
 * runner_clock, runner_ack and runner_log_each may be called from any
 * thread. The cluster (runner_cluster) may be read by another thread only
 * between cluster_lock() and cluster_unlock(); the runner locks it around
 * all engine work.
 *
 * Commands are applied in the order posted, each at the virtual time the
 * runner reached when it took it; that stamped list (runner_log_each) is
 * what a recording stores. Commands can also be scheduled for a virtual
 * time (runner_schedule): the clock stops at that instant, applies them,
 * then goes on, so a played timeline acts at exactly its times. Results (command output, notices) come back
 * through runner_take(). When the cluster changed, the runner writes one
 * byte to the wake pipe (runner_wake_fd) unless one is already pending;
 * the reader calls runner_ack() before drawing.
 */
#ifndef KSIM_RUNNER_H
#define KSIM_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/cluster.h"
#include "ksim/session.h"

enum runner_op {
	RUNNER_EXEC, /* line: a kubectl or ksim command line */
	RUNNER_PAUSE,
	RUNNER_RESUME,
	RUNNER_SPEED,     /* speed: the new factor */
	RUNNER_STEP,      /* run to the next timer, stay paused */
	RUNNER_NEXT_CRON, /* run to the next scheduled run of any CronJob */
	RUNNER_QUIT,
	RUNNER_FASTER, /* one step up the speed table */
	RUNNER_SLOWER, /* one step down */
	RUNNER_MARK,   /* line: a note (a caption, a key); changes nothing, stamped and echoed */
	RUNNER_RUN_TO, /* at_ms: run there now (scheduled commands on the way apply; a pause stops it) */
	RUNNER_EDITED, /* edit_id, editor_status: the editor of an EDIT result exited; apply the file */
};

struct runner_cmd {
	enum runner_op op;
	const char *line; /* RUNNER_EXEC: copied by runner_post */
	double speed;     /* RUNNER_SPEED */
	int tag;          /* echoed in the result: lets the poster tell its answers apart */
	int64_t at_ms;    /* RUNNER_RUN_TO */
	uint32_t edit_id; /* RUNNER_EDITED: the result's edit_id */
	int editor_status; /* RUNNER_EDITED: the editor's exit status, -1 when it could not run */
	/*
	 * RUNNER_MARK, optional: called on the simulation thread at the mark's
	 * instant, the cluster locked, with ctx and tag; what it writes to out
	 * comes back as the result's out and its return as the status.
	 */
	int (*check)(void *ctx, int tag, struct session *s, struct strbuf *out);
	void *ctx;
};

/*
 * What a command printed, or a notice about a clock command. A command
 * that waits (`rollout status`) answers once, when it is done, while the
 * clock goes on; one that edits answers first with status KUBECTL_EDIT and
 * edit set: the UI thread opens that file in the editor and posts
 * RUNNER_EDITED with edit_id, whose answer is the command's outcome.
 */
struct runner_result {
	enum runner_op op;
	int tag;
	int status;    /* kubectl's exit status; 1 for a clock command that could not act */
	char *edit;    /* status KUBECTL_EDIT: the file to edit, else NULL */
	uint32_t edit_id;
	int64_t at_ms; /* virtual time it was applied at */
	char *line;    /* the command line, or NULL */
	char *out;     /* stdout text, never NULL */
	char *err;     /* stderr text, never NULL */
	char *text;    /* stdout and stderr in the order written, never NULL */
};
void runner_result_free(struct runner_result *res);

/* A command as applied: the virtual time and what it was. */
struct runner_stamp {
	int64_t at_ms;
	enum runner_op op;
	const char *line; /* RUNNER_EXEC only, else NULL */
	double speed;     /* RUNNER_SPEED only */
};

/* How wall time maps to virtual time: virt = virt0 + (wall - wall0) * speed unless paused. */
struct runner_clock {
	uint64_t wall0_ns; /* CLOCK_MONOTONIC */
	int64_t virt0_ms;
	double speed;
	bool paused;
};
/* Virtual time at monotonic instant wall_ns under ck. Pure. */
int64_t runner_clock_at(const struct runner_clock *ck, uint64_t wall_ns);
/* CLOCK_MONOTONIC now, in ns. */
uint64_t runner_wall_ns(void);

/* The speed steps +/- walk through, slowest first. */
#define RUNNER_NSPEEDS 10
extern const double runner_speeds[RUNNER_NSPEEDS];
/* The next step up (dir > 0) or down from speed, clamped to the table. */
double runner_speed_step(double speed, int dir);

/*
 * Moves *s into the runner (*s is left zeroed; runner_free destroys the
 * session). The clock starts at the session's virtual now, at speed.
 */
struct runner *runner_new(struct session *s, double speed, bool paused);
/* Starts the thread. 0, or -1 (errno set) when the thread or pipe cannot be made. */
int runner_start(struct runner *r);
/* Asks the thread to stop and joins it. Safe to call twice, or without start. */
void runner_stop(struct runner *r);
void runner_free(struct runner *r);

struct cluster *runner_cluster(const struct runner *r);
/* Queues a command and wakes the thread. */
void runner_post(struct runner *r, const struct runner_cmd *cmd);
/* The oldest result not yet taken, into *res (caller frees); false when none. */
bool runner_take(struct runner *r, struct runner_result *res);
/*
 * Stops the clock where it is (hold) and starts it again from there, so
 * wall time in between does not count: the dashboard while Ctrl-Z has it
 * stopped. A clock already paused stays as it is. Any thread.
 */
void runner_hold(struct runner *r, bool hold);
/* A consistent copy of the clock. */
void runner_clock(struct runner *r, struct runner_clock *out);
/* Read end of the wake pipe (non-blocking): readable when something changed. */
int runner_wake_fd(const struct runner *r);
/* Drains the wake pipe so the next change writes again. */
void runner_ack(struct runner *r);
/* Calls fn for each applied command, oldest first, under the runner's lock. */
void runner_log_each(struct runner *r, void (*fn)(void *ctx, const struct runner_stamp *st),
		     void *ctx);
/* The same from the from-th command on; returns how many the log holds. */
uint32_t runner_log_from(struct runner *r, uint32_t from,
			 void (*fn)(void *ctx, const struct runner_stamp *st), void *ctx);

/*
 * Queues cmd to be applied when the virtual clock reaches at_ms (after
 * anything scheduled earlier for the same instant). A time already passed
 * applies at the next chance. Any thread.
 */
void runner_schedule(struct runner *r, int64_t at_ms, const struct runner_cmd *cmd);
/* Drops every scheduled command not yet applied. Any thread. */
void runner_unschedule(struct runner *r);
/* How many scheduled commands are still waiting. Any thread. */
uint32_t runner_scheduled(struct runner *r);
/*
 * Without the thread (never started, or stopped): runs the engine to
 * target on the calling thread, applying the scheduled commands due on the
 * way (a scheduled pause is noted and the run goes on; speed changes are
 * logged but the clock keeps its speed), and leaves the clock there,
 * paused if it was or a pause was met. Seeking and headless exports use it; same steps, same state
 * as the thread would reach.
 */
void runner_run_to(struct runner *r, int64_t target_ms);

#endif
