/*
 * Playing a demo, recording a session, and the end-of-session dump, for the
 * dashboard (UI thread). DESIGN: a demo's timeline is handed to the runner
 * as scheduled commands (runner_schedule), each at its exact virtual time
 * and tagged with its step number: run: steps as commands, pause and the
 * clock keys (+ - . n) as clock commands, says, expects and the other keys
 * as marks that the runner stamps and echoes. The echoes tell the player
 * how far the demo went, set the caption and press the view keys. So the
 * runner's stamped log holds the whole session, played steps and the
 * user's own, in order, and recording is copying that log into the file.
 *
 * Seeking back re-simulates from the start on a new runner (the engine is
 * deterministic), applying the steps up to the target on this thread, then
 * starts it; the recording is rewound and rewritten from the new log. Any
 * action on the cluster or the clock other than the playback keys takes
 * over: the rest of the timeline is dropped.
 */
#include "ksim/scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Results tagged PLAY_TAG + i answer step i. */
#define PLAY_TAG 0x10000

struct player {
	const struct scenario *sc; /* NULL: nothing to play */
	struct recorder *rec;      /* NULL: not recording */
	const char *dump;          /* NULL: no dump at the end */
	int64_t start;             /* virtual time of the session's start */
	uint32_t done;             /* steps applied */
	bool taken;                /* the user took over */
	uint32_t logged;           /* runner log entries copied to the recording */
	double speed;              /* speed as the recording last saw it */
	char caption[1024];
	int64_t caption_at; /* when the caption was said: says at one instant are joined */
	char error[256];    /* the recording's write error, if any */
};

struct player *player_new(const struct player_options *o)
{
	struct player *p = xcalloc(1, sizeof *p);

	p->sc = o->play;
	p->rec = o->record;
	p->dump = o->dump;
	p->start = o->start_ms;
	p->speed = o->speed;
	return p;
}

void player_free(struct player *p)
{
	free(p);
}

bool player_playing(const struct player *p)
{
	return p && p->sc && !p->taken;
}

/* --- the timeline as runner commands --- */

static enum runner_op key_op(enum action act)
{
	switch (act) {
	case ACT_PAUSE:
		return RUNNER_PAUSE;
	case ACT_FASTER:
		return RUNNER_FASTER;
	case ACT_SLOWER:
		return RUNNER_SLOWER;
	case ACT_STEP:
		return RUNNER_STEP;
	case ACT_NEXT_CRON:
		return RUNNER_NEXT_CRON;
	default:
		return RUNNER_MARK;
	}
}

/*
 * An expect: step's checks, on the simulation thread at the step's instant,
 * with ksim test's evaluation: "expect job/job-2 status.succeeded == 2: ok"
 * or "...: saw 1" per check. Returns how many failed.
 */
static int check_expects(void *ctx, int tag, struct session *s, struct strbuf *out)
{
	const struct player *p = ctx;
	const struct scenario_step *st = &p->sc->steps[tag - PLAY_TAG];
	struct strbuf seen;
	int failed = 0;

	sb_init(&seen);
	for (uint32_t i = 0; i < st->nexpect; i++) {
		const struct scenario_expect *x = &st->expect[i];
		bool ok;

		sb_reset(&seen);
		ok = scenario_expect_eval(p->sc, s, x, &seen);
		sb_add(out, i ? "  expect " : "expect ");
		scenario_expect_describe(x, out);
		sb_printf(out, ": %s%s", ok ? "ok" : "saw ", ok ? "" : seen.data);
		failed += !ok;
	}
	sb_free(&seen);
	return failed;
}

static void schedule_all(struct player *p, struct runner *r)
{
	struct strbuf body;

	sb_init(&body);
	for (uint32_t i = 0; i < p->sc->nsteps; i++) {
		const struct scenario_step *st = &p->sc->steps[i];
		struct runner_cmd cmd = { .op = RUNNER_MARK, .tag = PLAY_TAG + (int)i };

		sb_reset(&body);
		if (st->action == STEP_RUN) {
			cmd.op = RUNNER_EXEC;
			cmd.line = st->text;
		} else if (st->action == STEP_PAUSE) {
			cmd.op = RUNNER_PAUSE;
		} else {
			if (st->action == STEP_KEY)
				cmd.op = key_op(keys_demo_action(st->text));
			else if (st->action == STEP_EXPECT) {
				cmd.check = check_expects;
				cmd.ctx = p;
			}
			scenario_step_yaml(st, &body);
			cmd.line = body.data;
		}
		runner_schedule(r, p->start + st->at_ms, &cmd);
	}
	sb_free(&body);
}

void player_attach(struct player *p, struct runner *r)
{
	if (!p->sc)
		return;
	schedule_all(p, r);
	runner_run_to(r, p->start); /* the steps at 0 s, even when the dashboard opens paused */
}

bool player_result(struct player *p, const struct runner_result *res, struct player_effect *fx)
{
	const struct scenario_step *st;
	uint32_t i;

	memset(fx, 0, sizeof *fx);
	if (!p->sc || res->tag < PLAY_TAG || (uint32_t)(res->tag - PLAY_TAG) >= p->sc->nsteps)
		return false;
	i = (uint32_t)(res->tag - PLAY_TAG);
	st = &p->sc->steps[i];
	p->done = i + 1;
	if (st->action == STEP_SAY) {
		size_t n = p->caption[0] && res->at_ms == p->caption_at ? strlen(p->caption) : 0;
		snprintf(p->caption + n, sizeof p->caption - n, "%s%s", n ? "  " : "", st->text);
		p->caption_at = res->at_ms;
		fx->caption = st->text;
	} else if (st->action == STEP_RUN)
		fx->show_output = true;
	else if (st->action == STEP_KEY && res->op == RUNNER_MARK)
		fx->act = keys_demo_action(st->text);
	else if (st->action == STEP_EXPECT) {
		fx->verdict = res->out;
		fx->failed = res->status != 0;
	}
	return true;
}

/* --- playback keys --- */

static void take_over(struct player *p, struct runner *r)
{
	runner_unschedule(r);
	/* the caption told what the demo was about to do: it stays, marked as the demo's */
	if (p->caption[0]) {
		char said[sizeof p->caption];
		snprintf(said, sizeof said, "%s", p->caption);
		snprintf(p->caption, sizeof p->caption, "Before you took over, the demo said: %.*s",
			 (int)(sizeof p->caption - 40), said);
	}
	p->taken = true;
}

/* Steps the runner applied: the schedule holds the rest (the answers may still be on their way). */
static uint32_t applied(const struct player *p, struct runner *r)
{
	return p->sc->nsteps - runner_scheduled(r);
}

/* > and PgDn: run to the next step's instant and apply what is there. */
static void next_step(struct player *p, struct runner *r, char *msg, size_t size)
{
	struct runner_cmd cmd = { .op = RUNNER_RUN_TO };
	uint32_t next = applied(p, r);

	if (next >= p->sc->nsteps) {
		snprintf(msg, size, "end of the demo: every step has played");
		return;
	}
	cmd.at_ms = p->start + p->sc->steps[next].at_ms;
	runner_post(r, &cmd);
}

/*
 * < and PgUp: back to the instant before the last one played, by running
 * a new session there; -1 goes back to the start with no step applied.
 * 0, or -1 (msg says why) when the demo cannot be replayed.
 */
static int prev_step(struct player *p, struct runner **rp, char *msg, size_t size)
{
	uint32_t done = applied(p, *rp);
	int64_t target = -1, last = done ? p->sc->steps[done - 1].at_ms : -1;
	struct runner_clock ck;
	struct session s;
	struct ksim_error err;
	struct runner *r;

	for (uint32_t i = done; i-- > 0;)
		if (p->sc->steps[i].at_ms < last) {
			target = p->sc->steps[i].at_ms;
			break;
		}
	if (scenario_session(p->sc, &s, &err)) {
		snprintf(msg, size, "cannot replay the demo: %s", err.msg);
		return -1;
	}
	runner_clock(*rp, &ck);
	runner_free(*rp);
	r = runner_new(&s, ck.speed, ck.paused);
	p->done = 0;
	p->logged = 0;
	p->caption[0] = '\0';
	if (p->rec && recorder_rewind(p->rec))
		snprintf(p->error, sizeof p->error, "recording: %s", strerror(errno));
	schedule_all(p, r);
	runner_run_to(r, target < 0 ? p->start - 1 : p->start + target);
	if (runner_start(r))
		fatal("cannot restart the simulation thread: %s", strerror(errno));
	*rp = r;
	return 0;
}

enum player_key player_action(struct player *p, struct runner **rp, int key, enum action act,
			      bool paging, char *msg, size_t size)
{
	char label[24], body[64];
	struct strbuf q;

	/* a clicker sends PgDn/PgUp: they step the demo unless a panel has more to page through */
	if (player_playing(p) && (key == '>' || (key == FKEY(KC_NPAGE) && !paging))) {
		next_step(p, *rp, msg, size);
		return PLAYER_KEY_TAKEN;
	}
	if (player_playing(p) && (key == '<' || (key == FKEY(KC_PPAGE) && !paging))) {
		return prev_step(p, rp, msg, size) ? PLAYER_KEY_TAKEN : PLAYER_KEY_REPLAYED;
	}
	if (action_acts(act)) {
		if (player_playing(p))
			take_over(p, *rp);
		return PLAYER_KEY_PASS;
	}
	switch (act) {
	case ACT_NONE:
	case ACT_HELP:
	case ACT_QUIT:
	case ACT_PAUSE: /* the runner stamps pauses and speeds itself */
	case ACT_FASTER:
	case ACT_SLOWER:
	case ACT_REDRAW:
	case ACT_THEME:
	case ACT_FILTER: /* what is typed next is not a key: leave it out */
		return PLAYER_KEY_PASS;
	default: /* looking around: recorded as a key, so playback shows the same panels */
		if (p->rec && keys_demo_label(act, label, sizeof label)[0]) {
			struct runner_cmd cmd = { .op = RUNNER_MARK };
			sb_init(&q);
			scenario_yaml_quote(label, &q);
			snprintf(body, sizeof body, "key: %s", q.data);
			sb_free(&q);
			cmd.line = body;
			runner_post(*rp, &cmd);
		}
		return PLAYER_KEY_PASS;
	}
}

/* --- recording --- */

static void write_key(struct player *p, int64_t at, enum action act, int times)
{
	char label[24], body[64];
	struct strbuf q;

	sb_init(&q);
	scenario_yaml_quote(keys_demo_label(act, label, sizeof label), &q);
	snprintf(body, sizeof body, "key: %s", q.data);
	sb_free(&q);
	while (times-- > 0)
		if (recorder_step(p->rec, at, body))
			snprintf(p->error, sizeof p->error, "recording: %s", strerror(errno));
}

/* One applied command as a step of the recording; resumes and jumps need none. */
static void write_stamp(void *ctx, const struct runner_stamp *st)
{
	struct player *p = ctx;
	int64_t at = st->at_ms - p->start;
	struct strbuf body;
	int steps = 0;

	sb_init(&body);
	switch (st->op) {
	case RUNNER_EXEC:
		sb_add(&body, "run: ");
		scenario_yaml_quote(st->line, &body);
		break;
	case RUNNER_MARK:
		sb_add(&body, st->line);
		break;
	case RUNNER_PAUSE:
		sb_add(&body, "pause: true");
		break;
	case RUNNER_STEP:
		write_key(p, at, ACT_STEP, 1);
		break;
	case RUNNER_NEXT_CRON:
		write_key(p, at, ACT_NEXT_CRON, 1);
		break;
	case RUNNER_SPEED:
	case RUNNER_FASTER:
	case RUNNER_SLOWER:
		for (double s = p->speed; s < st->speed && steps < RUNNER_NSPEEDS;
		     s = runner_speed_step(s, 1))
			steps++;
		for (double s = p->speed; s > st->speed && steps > -RUNNER_NSPEEDS;
		     s = runner_speed_step(s, -1))
			steps--;
		write_key(p, at, steps > 0 ? ACT_FASTER : ACT_SLOWER, abs(steps));
		p->speed = st->speed;
		break;
	default:
		break;
	}
	if (body.len && recorder_step(p->rec, at, body.data))
		snprintf(p->error, sizeof p->error, "recording: %s", strerror(errno));
	sb_free(&body);
}

void player_sync(struct player *p, struct runner *r)
{
	if (p->rec)
		p->logged = runner_log_from(r, p->logged, write_stamp, p);
}

/* --- what the dashboard shows --- */

const char *player_caption(const struct player *p)
{
	return p && p->sc ? p->caption : "";
}

void player_state(const struct player *p, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	if (!p)
		return;
	if (p->sc && p->taken)
		n = (size_t)snprintf(buf, size, "interactive from here");
	else if (p->sc && p->done >= p->sc->nsteps)
		n = (size_t)snprintf(buf, size, "end of demo");
	else if (p->sc)
		n = (size_t)snprintf(buf, size, "demo %u/%u  < >", p->done, p->sc->nsteps);
	if (p->rec && n < size)
		snprintf(buf + n, size - n, "%s%s", n ? "  " : "", p->error[0] ? p->error : "REC");
}

/* --- the end --- */

static int write_dump(const char *path, struct cluster *c, struct ksim_error *err)
{
	struct strbuf out;
	int rc;

	sb_init(&out);
	cluster_lock(c);
	session_dump(c, &out);
	cluster_unlock(c);
	FILE *f = fopen(path, "w");
	rc = f && fwrite(out.data, 1, out.len, f) == out.len ? 0 : -1;
	if (f && fclose(f))
		rc = -1;
	if (rc)
		error_set(err, "%s: cannot write the dump: %s", path, strerror(errno));
	sb_free(&out);
	return rc;
}

int player_finish(struct player *p, struct runner *r, struct ksim_error *err)
{
	struct cluster *c = runner_cluster(r);
	struct runner_clock ck;
	int64_t end;

	/* the engine only wakes for timers: bring it to the time the header showed */
	runner_clock(r, &ck);
	runner_run_to(r, runner_clock_at(&ck, runner_wall_ns()));
	cluster_lock(c);
	end = c->now_ms;
	cluster_unlock(c);
	player_sync(p, r);
	if (p->rec && recorder_finish(p->rec, end - p->start, err))
		return -1;
	return p->dump ? write_dump(p->dump, c, err) : 0;
}
