/*
 * The simulation thread. DESIGN: one mutex (mu) guards the command queue,
 * the result queue, the clock and the stamped log; the cluster has its own
 * lock, taken around engine work only, in slices of a few milliseconds so
 * the UI can read between them. The thread sleeps on a CLOCK_MONOTONIC
 * condition variable until the wall time at which the next timer comes due
 * (or forever when paused or idle); runner_post signals it. The wake pipe
 * carries at most one pending byte (the atomic flag), so a busy simulation
 * cannot flood the UI: it draws at its own pace and acks.
 */
#include "ksim/runner.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ksim/engine.h"
#include "ksim/kubectl.h"

/* Engine work per cluster-lock hold: short enough for a 30 fps UI to get in. */
#define SLICE_NS 4000000ull
/* The CronJob controller acts a moment after the scheduled time; land just past it. */
#define CRON_JUMP_PAST_MS 1000

const double runner_speeds[RUNNER_NSPEEDS] = { 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600 };

struct cmd_node {
	struct runner_cmd cmd; /* cmd.line owned */
	struct cmd_node *next;
};

/* A command waiting for its virtual time. */
struct sched {
	int64_t at;
	struct runner_cmd cmd; /* cmd.line owned */
};

struct result_node {
	struct runner_result res;
	struct result_node *next;
};

/* A command that returned KUBECTL_WAIT or KUBECTL_EDIT: answered when it is done. */
struct pending {
	struct runner_cmd cmd; /* cmd.line owned */
	int64_t at;            /* when it was applied */
	uint32_t id;           /* an EDIT's edit_id */
	struct kubectl_cont *cont;
	struct strbuf out, err; /* what it printed so far, teed into text */
	struct strbuf *text;    /* on the heap, so the tees hold when pending[] moves */
};

struct runner {
	struct session session; /* moved in by runner_new */
	struct session *s;      /* &session */
	pthread_t thread;
	bool started;
	int wake_rd, wake_wr;
	atomic_bool wake_pending;
	uint64_t seen_generation; /* runner thread only */

	pthread_mutex_t mu;
	pthread_cond_t cond;
	/* guarded by mu */
	struct cmd_node *cmd_head, *cmd_tail;
	struct result_node *res_head, *res_tail;
	struct runner_clock clock;
	bool held; /* paused by runner_hold, not by a command */
	bool quit;
	struct runner_stamp *log;
	uint32_t nlog, log_cap;
	struct sched *sched; /* by time, then as scheduled */
	uint32_t nsched, sched_cap;
	/* the simulation thread's (or runner_run_to's caller's) only */
	struct pending *pending;
	uint32_t npending, pending_cap, next_edit_id;
};

uint64_t runner_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int64_t runner_clock_at(const struct runner_clock *ck, uint64_t wall_ns)
{
	if (ck->paused || wall_ns <= ck->wall0_ns)
		return ck->virt0_ms;
	return ck->virt0_ms + (int64_t)((double)(wall_ns - ck->wall0_ns) / 1e6 * ck->speed);
}

/* The wall instant at which the clock reads virt_ms (not paused). */
static uint64_t clock_wall_of(const struct runner_clock *ck, int64_t virt_ms)
{
	if (virt_ms <= ck->virt0_ms)
		return ck->wall0_ns;
	return ck->wall0_ns + (uint64_t)ceil((double)(virt_ms - ck->virt0_ms) * 1e6 / ck->speed);
}

double runner_speed_step(double speed, int dir)
{
	int i = 0;

	while (i < RUNNER_NSPEEDS - 1 && runner_speeds[i] < speed)
		i++;
	if (runner_speeds[i] != speed) /* between steps: the nearest one that way */
		i -= dir < 0;
	else
		i += dir > 0 ? 1 : dir < 0 ? -1 : 0;
	return runner_speeds[i < 0 ? 0 : i >= RUNNER_NSPEEDS ? RUNNER_NSPEEDS - 1 : i];
}

void runner_result_free(struct runner_result *res)
{
	free(res->edit);
	free(res->line);
	free(res->out);
	free(res->err);
	free(res->text);
	memset(res, 0, sizeof *res);
}

struct runner *runner_new(struct session *s, double speed, bool paused)
{
	struct runner *r = xcalloc(1, sizeof *r);
	pthread_condattr_t attr;

	r->session = *s;
	memset(s, 0, sizeof *s);
	r->s = &r->session;
	s = r->s;
	r->wake_rd = r->wake_wr = -1;
	atomic_init(&r->wake_pending, false);
	pthread_mutex_init(&r->mu, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&r->cond, &attr);
	pthread_condattr_destroy(&attr);
	r->clock.wall0_ns = runner_wall_ns();
	r->clock.virt0_ms = engine_now(s->e);
	r->clock.speed = speed > 0 ? speed : 1;
	r->clock.paused = paused;
	r->seen_generation = s->c->generation;
	return r;
}

struct cluster *runner_cluster(const struct runner *r)
{
	return r->s->c;
}

int runner_wake_fd(const struct runner *r)
{
	return r->wake_rd;
}

/* Runner side: one byte unless one is already waiting to be read. */
static void wake(struct runner *r)
{
	if (r->wake_wr >= 0 && !atomic_exchange(&r->wake_pending, true)) {
		ssize_t n = write(r->wake_wr, "w", 1);
		(void)n; /* a full pipe already wakes the reader */
	}
}

void runner_ack(struct runner *r)
{
	char buf[64];

	/* Drain first, then clear: a byte written in between only costs a spare frame. */
	while (read(r->wake_rd, buf, sizeof buf) > 0)
		;
	atomic_store(&r->wake_pending, false);
}

void runner_post(struct runner *r, const struct runner_cmd *cmd)
{
	struct cmd_node *n = xcalloc(1, sizeof *n);

	n->cmd = *cmd;
	n->cmd.line = cmd->line ? xstrdup(cmd->line) : NULL;
	pthread_mutex_lock(&r->mu);
	if (r->cmd_tail)
		r->cmd_tail->next = n;
	else
		r->cmd_head = n;
	r->cmd_tail = n;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->mu);
}

bool runner_take(struct runner *r, struct runner_result *res)
{
	struct result_node *n;

	pthread_mutex_lock(&r->mu);
	n = r->res_head;
	if (n) {
		r->res_head = n->next;
		if (!r->res_head)
			r->res_tail = NULL;
	}
	pthread_mutex_unlock(&r->mu);
	if (!n)
		return false;
	*res = n->res;
	free(n);
	return true;
}

void runner_clock(struct runner *r, struct runner_clock *out)
{
	pthread_mutex_lock(&r->mu);
	*out = r->clock;
	pthread_mutex_unlock(&r->mu);
}

uint32_t runner_log_from(struct runner *r, uint32_t from,
			 void (*fn)(void *ctx, const struct runner_stamp *st), void *ctx)
{
	uint32_t n;

	pthread_mutex_lock(&r->mu);
	for (uint32_t i = from; i < r->nlog; i++)
		fn(ctx, &r->log[i]);
	n = r->nlog;
	pthread_mutex_unlock(&r->mu);
	return n;
}

void runner_log_each(struct runner *r, void (*fn)(void *ctx, const struct runner_stamp *st), void *ctx)
{
	runner_log_from(r, 0, fn, ctx);
}

void runner_schedule(struct runner *r, int64_t at_ms, const struct runner_cmd *cmd)
{
	uint32_t i;

	pthread_mutex_lock(&r->mu);
	xgrow(&r->sched, &r->sched_cap, r->nsched + 1, sizeof *r->sched);
	for (i = r->nsched; i > 0 && r->sched[i - 1].at > at_ms; i--)
		r->sched[i] = r->sched[i - 1];
	r->sched[i] = (struct sched){ at_ms, *cmd };
	r->sched[i].cmd.line = cmd->line ? xstrdup(cmd->line) : NULL;
	r->nsched++;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->mu);
}

void runner_unschedule(struct runner *r)
{
	pthread_mutex_lock(&r->mu);
	for (uint32_t i = 0; i < r->nsched; i++)
		free((char *)r->sched[i].cmd.line);
	r->nsched = 0;
	pthread_mutex_unlock(&r->mu);
}

uint32_t runner_scheduled(struct runner *r)
{
	uint32_t n;

	pthread_mutex_lock(&r->mu);
	n = r->nsched;
	pthread_mutex_unlock(&r->mu);
	return n;
}

/* The first scheduled command due by target, taken off the list (mu not held). */
static bool take_due(struct runner *r, int64_t target, struct sched *out)
{
	bool due;

	pthread_mutex_lock(&r->mu);
	due = r->nsched && r->sched[0].at <= target;
	if (due) {
		*out = r->sched[0];
		memmove(r->sched, r->sched + 1, --r->nsched * sizeof *r->sched);
	}
	pthread_mutex_unlock(&r->mu);
	return due;
}

/* When the next scheduled command is due, TIME_NONE if none (mu held). */
static int64_t next_scheduled(const struct runner *r)
{
	return r->nsched ? r->sched[0].at : TIME_NONE;
}

/* --- the thread --- */

static struct result_node *result_new(const struct runner_cmd *cmd, int status, int64_t at,
				      struct strbuf *out, struct strbuf *err, struct strbuf *text)
{
	struct result_node *n = xcalloc(1, sizeof *n);

	n->res = (struct runner_result){ .op = cmd->op,
					 .tag = cmd->tag,
					 .status = status,
					 .at_ms = at,
					 .line = cmd->line ? xstrdup(cmd->line) : NULL,
					 .out = sb_take(out),
					 .err = sb_take(err),
					 .text = sb_take(text) };
	return n;
}

/* Queues a finished result for the UI; n is the UI's from here on. */
static void result_push(struct runner *r, struct result_node *n)
{
	pthread_mutex_lock(&r->mu);
	if (r->res_tail)
		r->res_tail->next = n;
	else
		r->res_head = n;
	r->res_tail = n;
	pthread_mutex_unlock(&r->mu);
}

static void post_result(struct runner *r, const struct runner_cmd *cmd, int status, int64_t at,
			struct strbuf *out, struct strbuf *err, struct strbuf *text)
{
	result_push(r, result_new(cmd, status, at, out, err, text));
}

/* Re-anchors the clock at virt_ms now (mu held). */
static void clock_set(struct runner *r, int64_t virt_ms)
{
	r->clock.wall0_ns = runner_wall_ns();
	r->clock.virt0_ms = virt_ms;
}

void runner_hold(struct runner *r, bool hold)
{
	pthread_mutex_lock(&r->mu);
	if (hold && !r->clock.paused) {
		clock_set(r, runner_clock_at(&r->clock, runner_wall_ns()));
		r->clock.paused = r->held = true;
	} else if (!hold && r->held) {
		clock_set(r, r->clock.virt0_ms);
		r->clock.paused = r->held = false;
		pthread_cond_signal(&r->cond);
	}
	pthread_mutex_unlock(&r->mu);
}

static void pending_drop(struct runner *r, uint32_t i)
{
	struct pending *p = &r->pending[i];

	kubectl_cont_free(p->cont);
	free((char *)p->cmd.line);
	sb_free(&p->out);
	sb_free(&p->err);
	sb_free(p->text);
	free(p->text);
	memmove(p, p + 1, (--r->npending - i) * sizeof *p);
}

/* Answers for a pending command with its status and everything it printed, and forgets it. */
static void pending_answer(struct runner *r, uint32_t i, int status)
{
	struct pending *p = &r->pending[i];

	post_result(r, &p->cmd, status, p->at, &p->out, &p->err, p->text);
	pending_drop(r, i);
	wake(r);
}

/* After virtual time moved: each waiting command checks its condition again (cluster locked). */
static void pending_poll(struct runner *r)
{
	for (uint32_t i = 0; i < r->npending;) {
		struct pending *p = &r->pending[i];
		int rc = kubectl_cont_file(p->cont) ? KUBECTL_EDIT
						    : kubectl_cont_poll(p->cont, &p->out, &p->err);
		if (rc == KUBECTL_WAIT || rc == KUBECTL_EDIT)
			i++;
		else
			pending_answer(r, i, rc);
	}
}

/* The earliest deadline of a waiting command, TIME_NONE if none. */
static int64_t pending_deadline(const struct runner *r)
{
	int64_t best = TIME_NONE;

	for (uint32_t i = 0; i < r->npending; i++) {
		int64_t d = kubectl_cont_deadline(r->pending[i].cont);
		if (d != TIME_NONE && (best == TIME_NONE || d < best))
			best = d;
	}
	return best;
}

/* The next instant something is due: a timer or a waiting command's deadline. */
static int64_t next_due(struct runner *r)
{
	int64_t due = engine_next_due(r->s->e), deadline = pending_deadline(r);

	return deadline != TIME_NONE && (due == TIME_NONE || deadline < due) ? deadline : due;
}

/*
 * Runs the engine to target (or to the next timer only, when one_event),
 * in slices so the cluster lock is released every few milliseconds;
 * waiting commands are polled at each instant. Returns the virtual time
 * reached.
 */
static int64_t advance(struct runner *r, int64_t target, bool one_event)
{
	struct engine *e = r->s->e;
	struct cluster *c = r->s->c;
	int64_t now;

	for (;;) {
		uint64_t until = runner_wall_ns() + SLICE_NS;
		bool done = false;
		cluster_lock(c);
		do {
			int64_t due = next_due(r);
			if (one_event) {
				if (due != TIME_NONE)
					engine_run_until(e, due);
				done = true;
			} else if (due == TIME_NONE || due > target) {
				engine_run_until(e, target);
				done = true;
			} else {
				engine_run_until(e, due);
			}
			pending_poll(r);
		} while (!done && runner_wall_ns() < until);
		now = engine_now(e);
		if (c->generation != r->seen_generation) {
			r->seen_generation = c->generation;
			wake(r);
		}
		cluster_unlock(c);
		if (done)
			return now;
	}
}

static void apply(struct runner *r, const struct runner_cmd *cmd);

/*
 * Runs the engine to target, stopping at each scheduled command due on the
 * way to apply it. A scheduled pause ends the run there unless
 * through_pause. Returns the virtual time reached.
 */
static int64_t run_to(struct runner *r, int64_t target, bool through_pause)
{
	struct sched s;

	while (take_due(r, target, &s)) {
		bool stops = s.cmd.op == RUNNER_PAUSE || s.cmd.op == RUNNER_STEP;

		advance(r, s.at, false);
		apply(r, &s.cmd);
		free((char *)s.cmd.line);
		if (stops && !through_pause) {
			cluster_lock(r->s->c);
			target = engine_now(r->s->e);
			cluster_unlock(r->s->c);
			return target;
		}
	}
	return advance(r, target, false);
}

void runner_run_to(struct runner *r, int64_t target_ms)
{
	struct runner_clock before;
	int64_t now;

	assert(!r->started);
	runner_clock(r, &before);
	now = run_to(r, target_ms, true);
	pthread_mutex_lock(&r->mu);
	r->clock.paused |= before.paused;
	r->clock.speed = before.speed;
	clock_set(r, now);
	pthread_mutex_unlock(&r->mu);
}

/* The earliest next run the CronJob controller keeps (none when suspended), or TIME_NONE. */
static int64_t next_cron_run(struct runner *r, char *name, size_t size)
{
	struct cluster *c = r->s->c;
	int64_t best = TIME_NONE;

	cluster_lock(c);
	for (uint32_t i = 0; i < cluster_len(c, KIND_CRONJOB); i++) {
		const struct cronjob *cj = cluster_get(c, KIND_CRONJOB, i);
		if (cj && cj->next_ms != TIME_NONE &&
		    (best == TIME_NONE || cj->next_ms < best)) {
			best = cj->next_ms;
			snprintf(name, size, "%s", cluster_str(c, cj->meta.name));
		}
	}
	cluster_unlock(c);
	return best;
}

/* Keeps a command that returned WAIT or EDIT, with what it printed so far. */
static struct pending *pending_keep(struct runner *r, const struct runner_cmd *cmd, int64_t at,
				    struct kubectl_cont *cont, struct strbuf *out, struct strbuf *err,
				    const struct strbuf *text)
{
	struct pending *p;

	xgrow(&r->pending, &r->pending_cap, r->npending + 1, sizeof *r->pending);
	p = &r->pending[r->npending++];
	*p = (struct pending){ *cmd, at, ++r->next_edit_id, cont, { 0 }, { 0 }, NULL };
	p->cmd.line = xstrdup(cmd->line);
	sb_init(&p->out);
	sb_init(&p->err);
	sb_add(&p->out, out->data);
	sb_add(&p->err, err->data);
	p->text = xmalloc(sizeof *p->text);
	sb_init(p->text);
	sb_add(p->text, text->data);
	p->out.tee = p->err.tee = p->text;
	return p;
}

/* An EDIT's first answer: the file for the UI thread's editor. */
static void post_edit(struct runner *r, const struct pending *p)
{
	struct strbuf none[3]; /* it printed nothing yet */
	struct result_node *n;

	for (int i = 0; i < 3; i++)
		sb_init(&none[i]);
	/* filled in before it is queued: the UI may take results at any time */
	n = result_new(&p->cmd, KUBECTL_EDIT, p->at, &none[0], &none[1], &none[2]);
	n->res.edit = xstrdup(kubectl_cont_file(p->cont));
	n->res.edit_id = p->id;
	result_push(r, n);
}

/* RUNNER_EDITED: the saved file applied, answered as the edit command. */
static void edited(struct runner *r, const struct runner_cmd *cmd)
{
	uint32_t i = 0;
	int status;

	while (i < r->npending && r->pending[i].id != cmd->edit_id)
		i++;
	if (i == r->npending || !kubectl_cont_file(r->pending[i].cont))
		return;
	cluster_lock(r->s->c);
	status = kubectl_cont_edited(r->pending[i].cont, cmd->editor_status, &r->pending[i].out,
				     &r->pending[i].err);
	engine_settle(r->s->e);
	r->seen_generation = r->s->c->generation;
	cluster_unlock(r->s->c);
	pending_answer(r, i, status);
}

static void log_stamp(struct runner *r, const struct runner_cmd *cmd, int64_t at)
{
	pthread_mutex_lock(&r->mu);
	xgrow(&r->log, &r->log_cap, r->nlog + 1, sizeof *r->log);
	r->log[r->nlog++] = (struct runner_stamp){ at, cmd->op, cmd->line ? xstrdup(cmd->line) : NULL,
						   r->clock.speed };
	pthread_mutex_unlock(&r->mu);
}

/* Applies one command at the current virtual time, stamps it and posts its result. */
static void apply(struct runner *r, const struct runner_cmd *cmd)
{
	struct strbuf out, err, text;
	int64_t now = engine_now(r->s->e), at = now;
	struct kubectl_cont *cont = NULL;
	struct pending *keep = NULL;
	int status = 0;
	char name[256], t[32];

	sb_init(&out);
	sb_init(&err);
	sb_init(&text);
	out.tee = err.tee = &text;
	switch (cmd->op) {
	case RUNNER_EXEC:
		cluster_lock(r->s->c);
		status = session_start(r->s, cmd->line, &out, &err, &cont);
		r->seen_generation = r->s->c->generation;
		cluster_unlock(r->s->c);
		if (status == KUBECTL_WAIT || status == KUBECTL_EDIT)
			keep = pending_keep(r, cmd, at, cont, &out, &err, &text);
		break;
	case RUNNER_EDITED:
		edited(r, cmd);
		break;
	case RUNNER_MARK:
		if (cmd->check) {
			cluster_lock(r->s->c);
			status = cmd->check(cmd->ctx, cmd->tag, r->s, &out);
			cluster_unlock(r->s->c);
		}
		break;
	case RUNNER_STEP:
		now = advance(r, 0, true);
		time_rfc3339(now, t, sizeof t);
		if (now == at) {
			sb_add(&err, "nothing is scheduled: the cluster is at rest");
			status = 1;
		} else {
			sb_printf(&out, "stepped to %s", t);
		}
		break;
	case RUNNER_RUN_TO:
		now = run_to(r, cmd->at_ms, false);
		break;
	case RUNNER_NEXT_CRON: {
		int64_t next = next_cron_run(r, name, sizeof name);
		if (next == TIME_NONE) {
			sb_add(&err, "no CronJob is scheduled (none, or all suspended)");
			status = 1;
			break;
		}
		now = run_to(r, next + CRON_JUMP_PAST_MS, false);
		time_rfc3339(next, t, sizeof t);
		sb_printf(&out, "cronjob/%s ran at %s", name, t);
		break;
	}
	default:
		break;
	}
	pthread_mutex_lock(&r->mu);
	switch (cmd->op) {
	case RUNNER_PAUSE:
	case RUNNER_STEP:
		r->clock.paused = true;
		break;
	case RUNNER_RESUME:
		r->clock.paused = false;
		break;
	case RUNNER_SPEED:
		if (cmd->speed > 0)
			r->clock.speed = cmd->speed;
		break;
	case RUNNER_FASTER:
	case RUNNER_SLOWER:
		r->clock.speed = runner_speed_step(r->clock.speed, cmd->op == RUNNER_FASTER ? 1 : -1);
		break;
	case RUNNER_QUIT:
		r->quit = true;
		break;
	default:
		break;
	}
	clock_set(r, now);
	pthread_mutex_unlock(&r->mu);
	if (cmd->op != RUNNER_EDITED) /* a file's text is not a command a replay could run */
		log_stamp(r, cmd, at);
	if (keep && status == KUBECTL_EDIT)
		post_edit(r, keep);
	else if (!keep && cmd->op != RUNNER_EDITED)
		post_result(r, cmd, status, at, &out, &err, &text);
	sb_free(&out);
	sb_free(&err);
	sb_free(&text);
	wake(r);
}

/* Takes every queued command (mu held). */
static struct cmd_node *take_commands(struct runner *r)
{
	struct cmd_node *n = r->cmd_head;

	r->cmd_head = r->cmd_tail = NULL;
	return n;
}

static void *runner_main(void *arg)
{
	struct runner *r = arg;

	pthread_mutex_lock(&r->mu);
	while (!r->quit) {
		struct runner_clock ck = r->clock;
		struct cmd_node *cmds = take_commands(r);
		pthread_mutex_unlock(&r->mu);

		/* Commands apply at "now": catch the engine up first. */
		if (!ck.paused)
			run_to(r, runner_clock_at(&ck, runner_wall_ns()), false);
		for (struct cmd_node *n = cmds, *next; n; n = next) {
			next = n->next;
			apply(r, &n->cmd);
			free((char *)n->cmd.line);
			free(n);
		}
		cluster_lock(r->s->c);
		int64_t due = next_due(r);
		cluster_unlock(r->s->c);

		pthread_mutex_lock(&r->mu);
		if (r->quit || r->cmd_head)
			continue;
		ck = r->clock;
		if (next_scheduled(r) != TIME_NONE && (due == TIME_NONE || next_scheduled(r) < due))
			due = next_scheduled(r);
		if (ck.paused || due == TIME_NONE) {
			pthread_cond_wait(&r->cond, &r->mu);
		} else {
			uint64_t at = clock_wall_of(&ck, due);
			struct timespec ts = { (time_t)(at / 1000000000ull),
					       (long)(at % 1000000000ull) };
			pthread_cond_timedwait(&r->cond, &r->mu, &ts);
		}
	}
	pthread_mutex_unlock(&r->mu);
	wake(r);
	return NULL;
}

int runner_start(struct runner *r)
{
	int fds[2];

	if (r->wake_rd < 0) {
		if (pipe(fds))
			return -1;
		for (int i = 0; i < 2; i++) {
			fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
			fcntl(fds[i], F_SETFD, FD_CLOEXEC);
		}
		r->wake_rd = fds[0];
		r->wake_wr = fds[1];
	}
	atomic_store(&r->wake_pending, false);
	r->clock.wall0_ns = runner_wall_ns(); /* time spent loading does not count */
#ifdef M_ARENA_MAX
	/*
	 * The main thread built the cluster and this thread churns it: with one
	 * arena the pods it frees are reused, not stranded in the main arena.
	 */
	mallopt(M_ARENA_MAX, 1);
#endif
	errno = pthread_create(&r->thread, NULL, runner_main, r);
	if (errno)
		return -1;
	r->started = true;
	return 0;
}

void runner_stop(struct runner *r)
{
	if (!r || !r->started)
		return;
	pthread_mutex_lock(&r->mu);
	r->quit = true;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->mu);
	pthread_join(r->thread, NULL);
	r->started = false;
}

void runner_free(struct runner *r)
{
	struct runner_result res;

	if (!r)
		return;
	runner_stop(r);
	for (struct cmd_node *n = r->cmd_head, *next; n; n = next) {
		next = n->next;
		free((char *)n->cmd.line);
		free(n);
	}
	while (runner_take(r, &res))
		runner_result_free(&res);
	for (uint32_t i = 0; i < r->nlog; i++)
		free((char *)r->log[i].line);
	free(r->log);
	runner_unschedule(r);
	free(r->sched);
	while (r->npending)
		pending_drop(r, r->npending - 1);
	free(r->pending);
	if (r->wake_rd >= 0) {
		close(r->wake_rd);
		close(r->wake_wr);
	}
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->mu);
	session_destroy(&r->session);
	free(r);
}
