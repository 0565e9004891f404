/*
 * The dashboard's UI thread. DESIGN: tui_main() sets the terminal up
 * (newterm, so a bad TERM is our message), blocks the signals it handles
 * before the runner thread exists, and then sleeps in ppoll() on the
 * terminal, a signal pipe and the runner's wake pipe, with those signals
 * unblocked only inside ppoll (so ncurses' SIGWINCH handler and ours run
 * on this thread, between frames; Ctrl-Z is ours, to hold the clock). A frame takes at most one view copy
 * under the cluster lock, then draws every visible panel into its own
 * window and calls doupdate() once; frames are at least 33 ms apart, and a
 * paused, idle dashboard does not wake at all. Keys become runner commands
 * (kubectl lines, clock commands); their answers come back as results.
 */
#define _GNU_SOURCE /* ppoll */
#include "internal.h"

#include "ksim/cast.h"
#include "ksim/kubectl.h"
#include "ksim/session.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define FRAME_NS 33000000ull
#define MIN_COLS 80
#define MIN_LINES 24
#define CAPTION_LINES 2

/* Who asked for a command, so its answer lands in the right place. */
enum tag { TAG_NONE, TAG_LINE, TAG_KEY, TAG_CLOCK };

enum mode { MODE_NORMAL, MODE_COMMAND, MODE_FILTER, MODE_CONFIRM, MODE_NUMBER, MODE_HELP };

enum layout { LAYOUT_SMALL, LAYOUT_MEDIUM, LAYOUT_LARGE };

#define SLOT_WORK P_COUNT /* the slot that shows the focused workload panel */

struct slot {
	int panel;        /* enum panel_id, or SLOT_WORK */
	float x, y, w, h; /* fractions of the body */
};

/* Layouts by terminal size: 80x24 shows nodes, one workload panel, events. */
static const struct slot layouts[3][8] = {
	[LAYOUT_SMALL] = { { P_NODES, 0, 0, 1, .40f },
			   { SLOT_WORK, 0, .40f, 1, .32f },
			   { P_EVENTS, 0, .72f, 1, .28f },
			   { -1 } },
	[LAYOUT_MEDIUM] = { { P_NODES, 0, 0, 1, .38f },
			    { SLOT_WORK, 0, .38f, .55f, .34f },
			    { P_EVENTS, 0, .72f, .55f, .28f },
			    { P_DETAIL, .55f, .38f, .45f, .62f },
			    { -1 } },
	[LAYOUT_LARGE] = { { P_NODES, 0, 0, 1, .36f },
			   { P_DAEMONSETS, 0, .36f, .34f, .30f },
			   { P_JOBS, 0, .66f, .34f, .34f },
			   { P_CRONJOBS, .34f, .36f, .33f, .30f },
			   { P_SETS, .34f, .66f, .33f, .34f },
			   { P_EVENTS, .67f, .36f, .33f, .30f },
			   { P_DETAIL, .67f, .66f, .33f, .34f },
			   { -1 } },
};

static const struct panel_class *const classes[P_COUNT] = {
	&panel_nodes, &panel_daemonsets, &panel_jobs,   &panel_cronjobs,
	&panel_sets,  &panel_events,     &panel_detail,
};

/* A cast being made: curses writes into screen_out, frames become events in lines. */
struct cast {
	FILE *screen_out;
	double t; /* the frame's time in the cast, in seconds */
	struct strbuf lines;
};

#define CAST_TERM "xterm-256color"

struct app {
	const struct tui_options *o;
	struct cast *cast; /* ksim play --cast: no terminal, no thread; NULL otherwise */
	struct runner *r;
	struct view view;
	struct keymap keys;
	struct theme theme;
	char themes[16][64];
	int nthemes, theme_at;
	bool color;
	SCREEN *screen;
	WINDOW *header, *status, *help, *caption;
	uint64_t header_drawn, caption_drawn; /* what they show, hashed: redrawn only when it moves */
	struct player *play; /* a demo playing, a recording, a dump: NULL when none */
	struct panel panels[P_COUNT];
	enum panel_id focus, work, work_before;
	enum panel_id lesson; /* the workload panel it opens on (and a seek back returns to) */
	enum layout layout;
	int nodes_h; /* lines for Nodes, at most its slot; grows with the cluster, 0: not known yet */
	uint64_t nodes_h_serial; /* the view serial nodes_h was worked out for */
	bool too_small;
	enum mode mode;
	struct lineedit edit;
	struct cmdhist hist;
	char pending[768]; /* MODE_CONFIRM: the command; MODE_NUMBER: a format with %d */
	char prompt[320];
	char message[512];
	bool message_error;
	struct runner_clock want; /* the clock as the keys left it, while clock commands are in flight */
	int inflight;
	int manual;               /* manual CronJob runs made from here, for the Job names */
	int help_top, help_lines; /* the ? overlay's scroll and length */
	bool quit, dirty;
	uint64_t next_frame;
	uint64_t view_due; /* the cluster is copied again from then: copying stays under a fifth of the time */
	bool view_stale; /* a frame went out without the latest copy */
};

/* --- terminal state that must survive a fatal() on any thread --- */

static int sig_pipe[2] = { -1, -1 };
static struct termios saved_tio;
static bool have_tio;
static char exit_seq[96];

static void on_signal(int sig)
{
	int saved = errno;
	char c = (char)sig;
	ssize_t n = write(sig_pipe[1], &c, 1);

	(void)n;
	errno = saved;
}

/* fatal()'s hook: no curses (any thread may be here), just the saved termios and exit sequence. */
static void restore_terminal(void)
{
	ssize_t n;

	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
	n = write(STDOUT_FILENO, exit_seq, strlen(exit_seq));
	(void)n;
}

static void capture_exit_sequence(void)
{
	const char *caps[] = { "sgr0", "rmcup", "cnorm" };

	exit_seq[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(caps); i++) {
		const char *s = tigetstr(caps[i]);
		if (s && s != (char *)-1 && strlen(exit_seq) + strlen(s) + 3 < sizeof exit_seq)
			strcat(exit_seq, s);
	}
	strcat(exit_seq, "\r\n");
}

/* --- layout --- */

static bool in_layout(const struct app *a, enum panel_id id)
{
	for (const struct slot *s = layouts[a->layout]; s->panel >= 0; s++)
		if (s->panel == (int)id || (s->panel == SLOT_WORK && a->work == id))
			return true;
	return false;
}

/*
 * The whole screen drawn again from blank: windows moved, or Ctrl-L. What no
 * window covers is erased too (stdscr), so nothing of an older layout stays.
 */
static void repaint(struct app *a)
{
	for (int i = 0; i < P_COUNT; i++)
		a->panels[i].drawn = 0;
	a->header_drawn = a->caption_drawn = 0;
	werase(stdscr);
	wnoutrefresh(stdscr);
	clearok(curscr, TRUE);
}

static void layout(struct app *a)
{
	int lines = LINES, cols = COLS;

	if (a->header)
		delwin(a->header);
	if (a->status)
		delwin(a->status);
	if (a->help)
		delwin(a->help);
	if (a->caption)
		delwin(a->caption);
	a->help = a->caption = NULL;
	a->header_drawn = a->caption_drawn = 0;
	a->header = newwin(1, cols, 0, 0);
	a->status = newwin(1, cols, lines - 1, 0);
	keypad(a->header, TRUE); /* keys are read through the header: it is never left touched */
	nodelay(a->header, TRUE);
	a->too_small = cols < MIN_COLS || lines < MIN_LINES;
	a->layout = cols >= 160 && lines >= 40   ? LAYOUT_LARGE
		    : cols >= 120 && lines >= 32 ? LAYOUT_MEDIUM
						 : LAYOUT_SMALL;
	for (const struct slot *s = layouts[a->layout]; s->panel >= 0; s++)
		if (s->panel == (int)a->work) /* it has a slot of its own here: two slots, one window */
			a->work = a->work_before;
	for (int i = 0; i < P_COUNT; i++)
		panel_layout(&a->panels[i], (struct rect){ 0, 0, 0, 0 });
	if (a->too_small)
		return;
	int bh = lines - 2;
	if (a->o->play) { /* a demo's captions get two lines above the status line */
		a->caption = newwin(CAPTION_LINES, cols, lines - 1 - CAPTION_LINES, 0);
		bh -= CAPTION_LINES;
	}
	const struct slot *top = &layouts[a->layout][0]; /* Nodes, across the top */
	int top_h = (int)lroundf(top->h * (float)bh);
	if (a->nodes_h > 0 && a->nodes_h < top_h)
		top_h = a->nodes_h; /* the rest move up into what Nodes does not need */
	for (const struct slot *s = layouts[a->layout]; s->panel >= 0; s++) {
		int id = s->panel == SLOT_WORK ? (int)a->work : s->panel;
		float scale = (float)(bh - top_h) / (1 - top->h);
		int y0 = s == top ? 0 : top_h + (int)lroundf((s->y - top->h) * scale);
		int y1 = s == top ? top_h : top_h + (int)lroundf((s->y + s->h - top->h) * scale);
		int x0 = (int)lroundf(s->x * (float)cols),
		    x1 = (int)lroundf((s->x + s->w) * (float)cols);
		panel_layout(&a->panels[id], (struct rect){ 1 + y0, x0, y1 - y0, x1 - x0 });
	}
	if (!in_layout(a, a->focus))
		a->focus = P_NODES;
	repaint(a);
}

/* Focuses a panel, bringing a workload panel into the work slot if the layout has no place for it. */
static void focus_panel(struct app *a, enum panel_id id)
{
	if (!in_layout(a, id)) {
		if (a->work != P_DETAIL)
			a->work_before = a->work;
		a->work = id;
		layout(a);
	}
	a->focus = id;
}

/* --- messages and commands --- */

static void say(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void say(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
	a->message[strcspn(a->message, "\n")] = '\0';
	a->message_error = error;
}

/* The clock the screen shows: the runner's, or what the keys asked while it has not caught up. */
static void clock_of(struct app *a, struct runner_clock *ck)
{
	if (a->inflight) {
		*ck = a->want;
		return;
	}
	runner_clock(a->r, ck);
	a->want = *ck;
}

static void post_cmd(struct app *a, const struct runner_cmd *cmd)
{
	if (cmd->tag == TAG_CLOCK) {
		clock_of(a, &a->want);
		a->inflight++;
		if (cmd->op == RUNNER_PAUSE || cmd->op == RUNNER_STEP)
			a->want.paused = true;
		else if (cmd->op == RUNNER_RESUME)
			a->want.paused = false;
		else if (cmd->op == RUNNER_SPEED)
			a->want.speed = cmd->speed;
		else if (cmd->op == RUNNER_FASTER || cmd->op == RUNNER_SLOWER)
			a->want.speed = runner_speed_step(a->want.speed,
							  cmd->op == RUNNER_FASTER ? 1 : -1);
	}
	runner_post(a->r, cmd);
}

static void post(struct app *a, enum runner_op op, const char *line, enum tag tag)
{
	struct runner_cmd cmd = { .op = op, .line = line, .tag = tag };

	post_cmd(a, &cmd);
}

static void run_line(struct app *a, const char *line, enum tag tag)
{
	post(a, RUNNER_EXEC, line, tag);
	say(a, false, "$ %s %s", session_line_program(line), session_line_shown(line));
}

static void show_output(struct app *a, const struct runner_result *res)
{
	struct detail_target d = { .mode = DETAIL_OUTPUT, .at = res->at_ms };

	snprintf(d.line, sizeof d.line, "%s", res->line ? session_line_shown(res->line) : "");
	d.watch = res->status == 0 && res->line && kubectl_line_watches(res->line);
	view_set_detail(&a->view, &d);
	sb_reset(&a->view.detail_text);
	sb_add(&a->view.detail_text, res->text);
	a->panels[P_DETAIL].top = a->panels[P_DETAIL].left = 0;
	if (!in_layout(a, P_DETAIL))
		focus_panel(a, P_DETAIL);
}

static void do_action(struct app *a, enum action act);
static void panels_open(struct app *a);

static void take_results(struct app *a)
{
	struct runner_result res;

	while (runner_take(a->r, &res)) {
		const char *text = res.status ? res.err : res.out;
		struct player_effect fx;
		a->dirty = true;
		if (res.tag == TAG_CLOCK && a->inflight > 0)
			a->inflight--;
		if (res.edit) { /* the answer comes with RUNNER_EDITED's */
			struct runner_cmd cmd = { .op = RUNNER_EDITED, .tag = res.tag,
						  .edit_id = res.edit_id };
			cmd.editor_status = editor_run_suspended(res.edit);
			post_cmd(a, &cmd);
		} else if (a->play && player_result(a->play, &res, &fx)) {
			if (fx.caption && a->cast)
				cast_event_line(a->cast->t, 'm', fx.caption, strlen(fx.caption),
						&a->cast->lines);
			if (fx.show_output)
				show_output(a, &res);
			if (fx.verdict)
				say(a, fx.failed, "%s %s",
				    ui.g->pod[fx.failed ? PS_FAILED : PS_SUCCEEDED], fx.verdict);
			if (fx.act != ACT_NONE) {
				/* as a straight play would: on a view of the cluster, not an empty one */
				view_update(&a->view, runner_cluster(a->r));
				do_action(a, fx.act);
			}
		} else if (res.tag == TAG_LINE) {
			show_output(a, &res);
			say(a, res.status != 0, "%s", res.status ? res.err : "ok");
		} else if ((res.tag == TAG_KEY || res.tag == TAG_CLOCK) && (text[0] || res.status)) {
			if (!text[0])
				text = res.out;
			say(a, res.status != 0, "%s", text);
		}
		runner_result_free(&res);
	}
}

/* --- what a key acts on --- */

static bool selection(struct app *a, struct target *t)
{
	struct panel *p = &a->panels[a->focus];

	panel_rows(p, &a->view);
	memset(t, 0, sizeof *t);
	t->kind = KIND_NONE;
	return p->cls->target && p->nrows && p->cls->target(p, &a->view, t);
}

/* selection(), or a message saying how to select. */
/* The selected row's own object, ignoring a pod picked inside it. */
static bool row_selection(struct app *a, struct target *t)
{
	struct panel p;

	panel_rows(&a->panels[a->focus], &a->view);
	p = a->panels[a->focus]; /* a copy that shares the rows: nothing below collects them */
	p.sub = -1;
	memset(t, 0, sizeof *t);
	t->kind = KIND_NONE;
	return p.cls->target && p.nrows && p.cls->target(&p, &a->view, t);
}

/* " -n NS" unless the default namespace or a cluster-scoped kind. */
static const char *ns_flag(const struct target *t, char *buf, size_t size)
{
	buf[0] = '\0';
	if (t->ns[0] && strcmp(t->ns, "default") != 0)
		snprintf(buf, size, " -n %s", t->ns);
	return buf;
}

/*
 * The CronJob a key means: the selected one or the one owning the selected
 * Job. Never one the screen does not point at (the only CronJob while a
 * DaemonSet is selected): the key then says what to select.
 */
static const struct vcron *pick_cronjob(struct app *a)
{
	struct target t;
	const struct view *v = &a->view;

	if (row_selection(a, &t)) {
		for (uint32_t i = 0; i < v->ncrons; i++)
			if (t.kind == KIND_CRONJOB && strcmp(v->crons[i].o.name, t.name) == 0)
				return &v->crons[i];
		for (uint32_t i = 0; t.kind == KIND_JOB && i < v->njobs; i++)
			for (uint32_t k = 0;
			     strcmp(v->jobs[i].o.name, t.name) == 0 && k < v->ncrons; k++)
				if (strcmp(v->crons[k].o.name, v->jobs[i].cronjob) == 0)
					return &v->crons[k];
	}
	say(a, true, "select a CronJob (panel 4) or one of its Jobs (panel 3) first");
	return NULL;
}

/* t with its whole names from the cluster; false (and said) when it is gone. */
static bool resolved(struct app *a, struct target *t)
{
	if (target_resolve(runner_cluster(a->r), t))
		return true;
	say(a, true, "%s/%s no longer exists", kind_info(t->kind)->singular, t->name);
	return false;
}

/* The selection with its whole names; false (and said) when nothing is selected or it is gone. */
static bool selection_whole(struct app *a, struct target *t, bool row)
{
	if (!(row ? row_selection(a, t) : selection(a, t))) {
		say(a, true, "nothing selected: pick a row with the arrows (Tab or 1-7 for a panel)");
		return false;
	}
	return resolved(a, t);
}

static bool pick_node(struct app *a, struct target *t)
{
	if (!selection(a, t) || !t->node[0]) {
		say(a, true, "select a node or a pod first (panel 1)");
		return false;
	}
	return resolved(a, t) && t->node[0];
}

static void act_on_cronjob(struct app *a, enum action act)
{
	const struct vcron *cj = pick_cronjob(a);
	char line[768], ns[80], name[TARGET_NAME + 24];
	struct target t;

	if (!cj)
		return;
	target_owner(&a->view, KIND_CRONJOB, &cj->o, &t);
	if (!resolved(a, &t))
		return;
	ns_flag(&t, ns, sizeof ns);
	if (act == ACT_SUSPEND) {
		snprintf(line, sizeof line, "patch cronjob %s%s -p '{\"spec\":{\"suspend\":%s}}'",
			 t.name, ns, cj->suspend ? "false" : "true");
	} else {
		bool taken;
		do { /* a name no Job has yet */
			snprintf(name, sizeof name, "%s-manual-%d", t.name, ++a->manual);
			taken = false;
			for (uint32_t i = 0; i < a->view.njobs; i++)
				taken |= strcmp(a->view.jobs[i].o.name, name) == 0;
		} while (taken);
		snprintf(line, sizeof line, "create job %s --from=cronjob/%s%s", name, t.name, ns);
	}
	run_line(a, line, TAG_KEY);
}

static void act_on_selection(struct app *a, enum action act)
{
	struct target t;
	char line[768], ns[80];
	const char *kind;

	switch (act) {
	case ACT_FAIL_NODE:
	case ACT_RECOVER_NODE:
	case ACT_CORDON:
	case ACT_UNCORDON: {
		static const char *const verbs[] = { "fail node", "recover node", "cordon",
						     "uncordon" };
		if (!pick_node(a, &t))
			return;
		snprintf(line, sizeof line, "%s %s", verbs[act - ACT_FAIL_NODE], t.node);
		run_line(a, line, TAG_KEY);
		return;
	}
	default:
		break;
	}
	if (!selection_whole(a, &t, act == ACT_SCALE))
		return;
	kind = kind_info(t.kind)->singular;
	ns_flag(&t, ns, sizeof ns);
	if (act == ACT_DELETE) {
		snprintf(a->pending, sizeof a->pending, "delete %s %s%s", kind, t.name, ns);
		snprintf(a->prompt, sizeof a->prompt, "delete %s/%s? (y/n) ", kind, t.name);
		a->mode = MODE_CONFIRM;
	} else if (act == ACT_CRASH) {
		if (t.kind != KIND_POD) {
			say(a, true, "select a pod first (left/right walks the pods of a row)");
			return;
		}
		snprintf(line, sizeof line, "crash pod %s%s", t.name, ns);
		run_line(a, line, TAG_KEY);
	} else if (act == ACT_SCALE) {
		if (t.kind == KIND_JOB) {
			snprintf(a->pending, sizeof a->pending,
				 "patch job %s%s -p '{\"spec\":{\"parallelism\":%%d}}'", t.name, ns);
			snprintf(a->prompt, sizeof a->prompt, "parallelism for job/%s: ", t.name);
		} else if (t.kind == KIND_RS || t.kind == KIND_RC || t.kind == KIND_STS) {
			snprintf(a->pending, sizeof a->pending, "scale %s %s%s --replicas=%%d",
				 kind, t.name, ns);
			snprintf(a->prompt, sizeof a->prompt, "replicas for %s/%s: ", kind, t.name);
		} else {
			say(a, true,
			    "e scales a ReplicaSet or StatefulSet (panel 5) or a Job's parallelism (panel 3)");
			return;
		}
		lineedit_set(&a->edit, "");
		a->mode = MODE_NUMBER;
	}
}

/* What `kubectl logs` takes: a pod, or a workload whose first pod it picks (logs job/NAME). */
static bool has_logs(enum kind kind)
{
	return kind == KIND_POD || kind == KIND_JOB || kind == KIND_DS || kind == KIND_RS ||
	       kind == KIND_STS || kind == KIND_RC;
}

static void open_detail(struct app *a, enum detail_mode mode)
{
	struct detail_target d = { .mode = mode };
	struct target t;

	if (!selection_whole(a, &t, false))
		return;
	if (mode == DETAIL_LOGS && !has_logs(t.kind)) {
		say(a, true, "select a pod or a workload first (left/right walks the pods of a row)");
		return;
	}
	d.kind = t.kind;
	snprintf(d.ns, sizeof d.ns, "%s", t.ns);
	snprintf(d.name, sizeof d.name, "%s", t.name);
	view_set_detail(&a->view, &d);
	a->panels[P_DETAIL].top = a->panels[P_DETAIL].left = 0;
	if (!in_layout(a, P_DETAIL))
		focus_panel(a, P_DETAIL);
}

static void next_theme(struct app *a)
{
	struct ksim_error err;
	struct theme t;

	a->theme_at = (a->theme_at + 1) % a->nthemes;
	if (theme_load(a->themes[a->theme_at], &t, &err)) {
		say(a, true, "%s", err.msg);
		return;
	}
	a->theme = t;
	theme_apply(&a->theme, a->color, ui.attr);
	ui.epoch++;
	say(a, false, "theme %s%s", a->theme.name, a->color ? "" : " (no colours: attributes only)");
}

static void back(struct app *a)
{
	if (a->focus == P_DETAIL && a->work == P_DETAIL) {
		a->work = a->work_before;
		layout(a);
		a->focus = a->work;
	} else if (a->panels[a->focus].filter[0]) {
		a->panels[a->focus].filter[0] = '\0';
	}
	a->message[0] = '\0';
}

static void do_action(struct app *a, enum action act)
{
	struct runner_clock ck;

	clock_of(a, &ck);
	switch (act) {
	case ACT_NONE:
		break;
	case ACT_HELP:
		a->mode = MODE_HELP;
		a->help_top = 0;
		break;
	case ACT_QUIT:
		if (a->o->recording) {
			snprintf(a->pending, sizeof a->pending, "quit");
			snprintf(a->prompt, sizeof a->prompt, "stop recording and quit? (y/n) ");
			a->mode = MODE_CONFIRM;
		} else {
			a->quit = true;
		}
		break;
	case ACT_NEXT_PANEL:
	case ACT_PREV_PANEL: {
		int step = act == ACT_NEXT_PANEL ? 1 : P_COUNT - 1, id = (int)a->focus;
		do /* in the small layouts Tab walks the work slot's panels too */
			id = (id + step) % P_COUNT;
		while (id == P_DETAIL && a->view.detail.mode == DETAIL_NONE);
		focus_panel(a, (enum panel_id)id);
		break;
	}
	case ACT_DESCRIBE:
	case ACT_LOGS:
		panel_key(&a->panels[a->focus], &a->view, act); /* Events stops following there */
		open_detail(a, act == ACT_DESCRIBE ? DETAIL_DESCRIBE : DETAIL_LOGS);
		break;
	case ACT_FILTER:
		lineedit_set(&a->edit, a->panels[a->focus].filter);
		a->mode = MODE_FILTER;
		break;
	case ACT_BACK:
		back(a);
		break;
	case ACT_PAUSE:
		post(a, ck.paused ? RUNNER_RESUME : RUNNER_PAUSE, NULL, TAG_CLOCK);
		break;
	case ACT_FASTER:
	case ACT_SLOWER:
		post(a, act == ACT_FASTER ? RUNNER_FASTER : RUNNER_SLOWER, NULL, TAG_CLOCK);
		break;
	case ACT_STEP:
		post(a, RUNNER_STEP, NULL, TAG_CLOCK);
		break;
	case ACT_NEXT_CRON:
		post(a, RUNNER_NEXT_CRON, NULL, TAG_CLOCK);
		say(a, false, "jumping to the next CronJob run...");
		break;
	case ACT_SUSPEND:
	case ACT_TRIGGER:
		act_on_cronjob(a, act);
		break;
	case ACT_FAIL_NODE:
	case ACT_RECOVER_NODE:
	case ACT_CORDON:
	case ACT_UNCORDON:
	case ACT_DELETE:
	case ACT_CRASH:
	case ACT_SCALE:
		act_on_selection(a, act);
		break;
	case ACT_COMMAND:
		lineedit_set(&a->edit, "");
		a->hist.pos = a->hist.n;
		a->mode = MODE_COMMAND;
		break;
	case ACT_THEME:
		next_theme(a);
		break;
	case ACT_REDRAW:
		repaint(a);
		break;
	default:
		if (act >= ACT_PANEL_1 && act < ACT_PANEL_1 + P_COUNT)
			focus_panel(a, (enum panel_id)(act - ACT_PANEL_1));
		else
			panel_key(&a->panels[a->focus], &a->view, act);
		break;
	}
}

static int help_height(void)
{
	return LINES - 2 < 30 ? LINES - 2 : 30;
}

/* Keys while the bottom line takes text. */
static void edit_key(struct app *a, int key)
{
	enum action act = keys_action(&a->keys, key);
	bool enter = key == '\n' || key == '\r' || key == FKEY(KEY_ENTER);
	struct panel *p = &a->panels[a->focus];

	if (key == 27) {
		if (a->mode == MODE_FILTER)
			p->filter[0] = '\0';
		a->mode = MODE_NORMAL;
		return;
	}
	if (enter) {
		if (a->mode == MODE_COMMAND && a->edit.len) {
			cmdhist_push(&a->hist, a->edit.buf);
			run_line(a, a->edit.buf, TAG_LINE);
		} else if (a->mode == MODE_NUMBER) {
			char *end, line[512];
			long n = strtol(a->edit.buf, &end, 10);
			if (!a->edit.len || *end || n < 0 || n > 100000) {
				say(a, true, "not a number: \"%s\"", a->edit.buf);
			} else {
				snprintf(line, sizeof line, a->pending, (int)n);
				run_line(a, line, TAG_KEY);
			}
		}
		a->mode = MODE_NORMAL;
		return;
	}
	if (a->mode == MODE_COMMAND && key == '\t') {
		lineedit_complete(&a->edit, &a->view, a->message, sizeof a->message);
		a->message_error = false;
	} else if (a->mode == MODE_COMMAND && (act == ACT_UP || act == ACT_DOWN) && key > 0x10ffff) {
		cmdhist_move(&a->hist, act == ACT_UP ? -1 : 1, &a->edit);
	} else if (a->mode == MODE_NUMBER && key < 0x80 && key >= 32 && (key < '0' || key > '9')) {
		return; /* digits only */
	} else {
		lineedit_key(&a->edit, key);
	}
	if (a->mode == MODE_FILTER) { /* the panel narrows as one types; Events goes on following */
		snprintf(p->filter, sizeof p->filter, "%.*s", (int)sizeof p->filter - 1, a->edit.buf);
		p->sel = 0;
	}
}

static void handle_key(struct app *a, int key)
{
	if (key == FKEY(KEY_RESIZE)) {
		a->nodes_h = 0;
		a->nodes_h_serial = 0;
		layout(a);
		return;
	}
	switch (a->mode) {
	case MODE_HELP: {
		enum action act = keys_action(&a->keys, key);
		int page = LINES / 2, max = a->help_lines - (help_height() - 2);
		if (act == ACT_DOWN || act == ACT_UP || act == ACT_PAGE_DOWN || act == ACT_PAGE_UP) {
			a->help_top += act == ACT_DOWN        ? 1
				       : act == ACT_UP        ? -1
				       : act == ACT_PAGE_DOWN ? page
							      : -page;
			a->help_top = a->help_top > max ? max : a->help_top;
			a->help_top = a->help_top < 0 ? 0 : a->help_top;
		} else {
			a->mode = MODE_NORMAL;
		}
		return;
	}
	case MODE_CONFIRM:
		a->mode = MODE_NORMAL;
		a->message[0] = '\0';
		if (key != 'y' && key != 'Y')
			return;
		if (strcmp(a->pending, "quit") == 0)
			a->quit = true;
		else
			run_line(a, a->pending, TAG_KEY);
		return;
	case MODE_COMMAND:
	case MODE_FILTER:
	case MODE_NUMBER:
		edit_key(a, key);
		return;
	case MODE_NORMAL:
		break;
	}
	a->message[0] = '\0';
	enum action act = keys_action(&a->keys, key);
	bool paging = panel_pages(&a->panels[a->focus], &a->view);
	enum player_key pk = a->play ? player_action(a->play, &a->r, &a->view, key, act, paging,
						     a->message, sizeof a->message)
				     : PLAYER_KEY_PASS;
	if (pk == PLAYER_KEY_REPLAYED)
		panels_open(a);
	if (pk == PLAYER_KEY_PASS)
		do_action(a, act);
}

/* --- drawing --- */

static void draw_header(struct app *a)
{
	const struct view *v = &a->view;
	char when[32], speed[32], right[64], keys[24], state[160];
	int x = 0, w = COLS;

	player_state(a->play, state, sizeof state);
	struct {
		int64_t second;
		double speed;
		unsigned epoch;
		bool paused;
	} k;
	memset(&k, 0, sizeof k);
	k.second = v->now / 1000, k.speed = v->clock.speed, k.epoch = ui.epoch;
	k.paused = v->clock.paused;
	uint64_t key = hash_bytes(state, strlen(state), hash_bytes(&k, sizeof k, 0)) | 1;
	if (key == a->header_drawn)
		return;
	a->header_drawn = key;
	wbkgdset(a->header, ' ' | ui.attr[ROLE_HEADER]);
	werase(a->header);
	x += put_text(a->header, 0, x, w - x, " ksim ", ROLE_HEADER);
	x += put_fmt(a->header, 0, x, w - x - 40, ROLE_HEADER, " %s ",
		     a->o->title ? a->o->title : "") +
	     1;
	time_rfc3339(v->now, when, sizeof when);
	when[10] = ' ';
	when[19] = '\0';
	x += put_text(a->header, 0, x, w - x, when, ROLE_HEADER) + 2;
	snprintf(speed, sizeof speed, v->clock.speed < 1 ? "x%.1f" : "x%.0f", v->clock.speed);
	if (v->clock.paused)
		x += put_fmt(a->header, 0, x, w - x, ROLE_PAUSED, " paused %s ", speed);
	else
		x += put_fmt(a->header, 0, x, w - x, ROLE_HEADER, "%s %s", ui.g->ascii ? ">" : "▶",
			     speed);
	if (state[0])
		x += put_fmt(a->header, 0, x + 2, w - x - 2, ROLE_PAUSED, " %s ", state) + 2;
	snprintf(right, sizeof right, "%s help ", keys_label(&a->keys, ACT_HELP, keys, sizeof keys));
	put_right(a->header, 0, x, w - x, right, ROLE_HEADER);
	wnoutrefresh(a->header);
}

/* "f fail  r recover ..." for the focused panel, then the keys that always apply. */
static void draw_hints(struct app *a, int x, int w)
{
	static const enum action always[] = { ACT_NEXT_PANEL, ACT_PAUSE, ACT_COMMAND,
					      ACT_HELP,       ACT_QUIT,  ACT_NONE };
	const enum action *lists[] = { a->panels[a->focus].cls->hints, always };
	char key[24];

	for (size_t l = 0; l < ARRAY_LEN(lists); l++)
		for (const enum action *act = lists[l]; *act && x < w; act++) {
			if (!keys_label(&a->keys, *act, key, sizeof key)[0])
				continue;
			x += put_text(a->status, 0, x, w - x, key, ROLE_KEY) + 1;
			x += put_text(a->status, 0, x, w - x, action_hint(*act), ROLE_STATUS) + 2;
		}
}

static void draw_status(struct app *a)
{
	int w = COLS;
	struct target t;
	char sel[160];

	wbkgdset(a->status, ' ' | ui.attr[ROLE_STATUS]);
	werase(a->status);
	switch (a->mode) {
	case MODE_COMMAND:
		lineedit_draw(a->status, 0, 0, w, ":", &a->edit);
		break;
	case MODE_FILTER:
		lineedit_draw(a->status, 0, 0, w, "filter: /", &a->edit);
		break;
	case MODE_NUMBER:
		lineedit_draw(a->status, 0, 0, w, a->prompt, &a->edit);
		break;
	case MODE_CONFIRM:
		put_text(a->status, 0, 1, w - 1, a->prompt, ROLE_ERROR);
		break;
	default:
		if (a->message[0]) {
			put_text(a->status, 0, 1, w - 1, a->message,
				 a->message_error ? ROLE_ERROR : ROLE_MESSAGE);
			break;
		}
		sel[0] = '\0';
		if (selection(a, &t) && t.kind != KIND_NONE)
			snprintf(sel, sizeof sel, " %s/%.*s ", kind_info(t.kind)->singular,
				 VIEW_NAME - 1, t.name);
		int sw = text_width(sel) < w / 3 ? text_width(sel) : w / 3;
		draw_hints(a, 1, w - sw - 1);
		put_right(a->status, 0, w - sw, sw, sel, ROLE_MESSAGE);
		break;
	}
	if (a->mode == MODE_COMMAND && a->message[0]) /* completion candidates above the line */
		put_text(a->status, 0, w / 2, w - w / 2, a->message, ROLE_MESSAGE);
	wnoutrefresh(a->status);
}

static void draw_help(struct app *a)
{
	int h = help_height(), w = COLS - 4 < 100 ? COLS - 4 : 100;

	if (!a->help)
		a->help = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	a->help_lines = help_draw(a->help, &a->keys, a->help_top);
	wnoutrefresh(a->help);
}

static void frame(struct app *a)
{
	struct view *v = &a->view;

	if (a->too_small) {
		char lines[3][32];
		snprintf(lines[0], sizeof lines[0], "terminal too small");
		snprintf(lines[1], sizeof lines[1], "need %dx%d", MIN_COLS, MIN_LINES);
		snprintf(lines[2], sizeof lines[2], "now %dx%d", COLS, LINES);
		werase(stdscr);
		for (int i = 0; i < 3; i++) {
			int len = (int)strlen(lines[i]);
			mvwaddnstr(stdscr, (LINES - 3) / 2 + i, len < COLS ? (COLS - len) / 2 : 0,
				   lines[i], COLS);
		}
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	clock_of(a, &v->clock);
	uint64_t t0 = runner_wall_ns();
	a->view_stale = t0 < a->view_due;
	if (!a->view_stale) { /* 200,000 pods take tens of ms to copy: keys must not wait for each */
		view_update(v, runner_cluster(a->r));
		a->view_due = t0 + 4 * (runner_wall_ns() - t0);
	}
	if (v->serial != a->nodes_h_serial) { /* the cluster changed: does Nodes need more room? */
		int want = panel_nodes_height(&a->panels[P_NODES], v, COLS);
		a->nodes_h_serial = v->serial;
		if (want > a->nodes_h) { /* grow only: panels that jump about are hard to follow */
			a->nodes_h = want;
			layout(a);
		}
	}
	v->now = a->cast ? v->cluster_now : runner_clock_at(&v->clock, runner_wall_ns());
	if (v->now < v->cluster_now)
		v->now = v->cluster_now;
	if (a->mode != MODE_HELP && a->help) {
		delwin(a->help);
		a->help = NULL;
		for (int i = 0; i < P_COUNT; i++) /* uncover what the overlay hid */
			a->panels[i].drawn = 0;
		a->header_drawn = a->caption_drawn = 0;
	}
	draw_header(a);
	for (int i = 0; i < P_COUNT; i++) {
		a->panels[i].focus = a->focus == (enum panel_id)i;
		panel_draw(&a->panels[i], v);
	}
	draw_status(a);
	uint64_t caption_key = hash_bytes(player_caption(a->play), strlen(player_caption(a->play)),
					  hash_u64(ui.epoch)) |
			       1;
	if (a->caption && caption_key != a->caption_drawn) {
		a->caption_drawn = caption_key;
		wbkgdset(a->caption, ' ' | ui.attr[ROLE_CAPTION]);
		werase(a->caption);
		put_wrapped(a->caption, 0, 1, COLS - 2, CAPTION_LINES, player_caption(a->play),
			    ROLE_CAPTION);
		wnoutrefresh(a->caption);
	}
	if (a->mode == MODE_HELP)
		draw_help(a);
	doupdate();
}

/* --- the loop --- */

/* Milliseconds until the clock on screen shows another second; -1 when it stands still. */
static int tick_ms(struct app *a)
{
	struct runner_clock ck;

	clock_of(a, &ck);
	if (ck.paused)
		return -1;
	int64_t now = runner_clock_at(&ck, runner_wall_ns());
	double ms = (double)(1000 - now % 1000) / ck.speed;
	return ms < FRAME_NS / 1e6 ? (int)(FRAME_NS / 1000000) : (int)ceil(ms);
}

static void read_keys(struct app *a)
{
	wint_t wch;
	int rc;

	while ((rc = wget_wch(a->header, &wch)) != ERR) {
		handle_key(a, rc == KEY_CODE_YES ? FKEY((int)wch) : (int)wch);
		a->dirty = true;
	}
}

/*
 * ppoll() delivers a signal only when it would otherwise block, so one that
 * arrives while keys or a hung-up terminal keep stdin ready stays pending:
 * take it here instead.
 */
static bool quit_signal_pending(void)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	return sigtimedwait(&set, NULL, &zero) > 0;
}

/*
 * Ctrl-Z: the terminal back to the shell and the clock held while the
 * process is stopped (ncurses' own handler would let it run on), then
 * the screen repainted whole.
 */
static void suspend(struct app *a)
{
	struct sigaction dfl, ours;
	sigset_t tstp;

	runner_hold(a->r, true);
	endwin();
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &dfl, &ours);
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	kill(getpid(), SIGTSTP);
	pthread_sigmask(SIG_UNBLOCK, &tstp, NULL); /* stops here until fg */
	pthread_sigmask(SIG_BLOCK, &tstp, NULL);
	sigaction(SIGTSTP, &ours, NULL);
	runner_hold(a->r, false);
	clearok(curscr, TRUE);
	a->dirty = true;
}

/* The signal pipe: Ctrl-Z suspends, any other signal quits. */
static void take_signals(struct app *a)
{
	char buf[16];
	ssize_t n;

	while ((n = read(sig_pipe[0], buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != SIGTSTP)
				a->quit = true;
			else if (!a->quit)
				suspend(a);
		}
}

static void loop(struct app *a, const sigset_t *unblocked)
{
	while (!a->quit) {
		uint64_t now = runner_wall_ns();
		int timeout;

		take_results(a);
		if (a->play)
			player_sync(a->play, a->r);
		if (a->dirty && now >= a->next_frame) {
			frame(a);
			a->next_frame = now + FRAME_NS;
			a->dirty = a->view_stale;
			if (a->view_stale && a->view_due > a->next_frame)
				a->next_frame = a->view_due;
		}
		if (a->dirty)
			timeout = (int)((a->next_frame - now + 999999) / 1000000);
		else
			timeout = tick_ms(a);
		/* While a frame is due anyway, the wake pipe can wait: changes coalesce. */
		struct pollfd fds[3] = { { STDIN_FILENO, POLLIN, 0 },
					 { sig_pipe[0], POLLIN, 0 },
					 { runner_wake_fd(a->r), POLLIN, 0 } };
		struct timespec ts = { timeout / 1000, (long)(timeout % 1000) * 1000000 };
		int n = ppoll(fds, a->dirty ? 2 : 3, timeout < 0 ? NULL : &ts, unblocked);
		if (n < 0 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
		if (n == 0 || (n < 0 && errno == EINTR))
			a->dirty = true; /* the clock ticked, or a signal (SIGCONT, SIGWINCH) came */
		if (n > 0 && !a->dirty && fds[2].revents) {
			runner_ack(a->r);
			a->dirty = true;
		}
		if (n > 0 && fds[1].revents)
			take_signals(a);
		/* The terminal is gone (SIGHUP may still be on its way), or a signal waits undelivered. */
		if ((n > 0 && fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) ||
		    quit_signal_pending())
			a->quit = true;
		if (!a->quit)
			read_keys(a);
	}
}

/* --- set-up and tear-down --- */

static int load_config(struct app *a, struct ksim_error *err)
{
	if (keys_load(&a->keys, err))
		return -1;
	a->nthemes = theme_list(a->themes, 16);
	if (!a->o->theme) {
		theme_default(&a->theme);
		return 0;
	}
	if (theme_load(a->o->theme, &a->theme, err))
		return -1;
	for (int i = 0; i < a->nthemes; i++)
		if (strcmp(a->themes[i], a->theme.name) == 0)
			a->theme_at = i;
	return 0;
}

static int pipe_nonblock(int fds[2])
{
	if (pipe(fds))
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(fds[i], F_SETFD, FD_CLOEXEC);
	}
	return 0;
}

/* The screen on out (a cast's file: a fixed terminal type, size from LINES/COLUMNS). */
static int term_init(struct app *a, FILE *out, FILE *in, struct ksim_error *err)
{
	const char *term = a->cast ? CAST_TERM : getenv("TERM");
	const char *no_color = getenv("NO_COLOR");

	if (!term || !term[0]) {
		error_set(err, "TERM is not set: the dashboard cannot tell what terminal this is");
		return -1;
	}
	a->screen = newterm(a->cast ? term : NULL, out, in);
	if (!a->screen) {
		error_set(err, "unknown terminal type \"%s\" (TERM); try TERM=xterm-256color", term);
		return -1;
	}
	set_term(a->screen);
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		endwin();
		delscreen(a->screen);
		a->screen = NULL;
		error_set(err,
			  "terminal type \"%s\" (TERM) cannot move the cursor, so it cannot show the "
			  "dashboard; try TERM=xterm-256color, or 'ksim run' for headless output",
			  term);
		return -1;
	}
	capture_exit_sequence();
	cbreak();
	noecho();
	nonl();
	curs_set(0);
	set_escdelay(25);
	/*
	 * A frame goes out in one write. Without typeahead(-1) doupdate() flushes and polls the
	 * keyboard every few lines; and ncurses 6.4 flushes after every cursor move until the
	 * screen has once been suspended and resumed, hence the endwin/doupdate before anything
	 * is drawn.
	 */
	typeahead(-1);
	if (!a->cast) {
		endwin();
		doupdate();
	}
	a->color = has_colors() && !(no_color && no_color[0]);
	if (a->color) {
		start_color();
		use_default_colors();
	}
	theme_apply(&a->theme, a->color, ui.attr);
	ui.g = a->o->ascii || strcmp(nl_langinfo(CODESET), "UTF-8") != 0 ? &glyphs_ascii
									 : &glyphs_utf8;
	return 0;
}

static void term_end(struct app *a)
{
	for (int i = 0; i < P_COUNT; i++) {
		panel_layout(&a->panels[i], (struct rect){ 0, 0, 0, 0 });
		free(a->panels[i].rows);
		free(a->panels[i].parts);
		a->panels[i].rows = NULL;
		a->panels[i].parts = NULL;
		a->panels[i].nrows = a->panels[i].rows_cap = a->panels[i].parts_cap = 0;
	}
	if (a->help)
		delwin(a->help);
	if (a->caption)
		delwin(a->caption);
	if (a->header)
		delwin(a->header);
	if (a->status)
		delwin(a->status);
	endwin();
	delscreen(a->screen);
	a->screen = NULL;
}

/*
 * Focus, selections and scrolling as the dashboard opens. A seek back
 * comes here too: the played key steps move them again from there, so a
 * replay shows what a straight play showed (filters are not key steps and stay).
 */
static void panels_open(struct app *a)
{
	for (int i = 0; i < P_COUNT; i++) {
		struct panel *p = &a->panels[i];
		p->sel = p->top = p->left = 0;
		p->sub = -1;
		p->follow = i == P_EVENTS;
		p->rows_for = p->drawn = 0;
	}
	a->focus = P_NODES;
	a->work = a->work_before = a->lesson;
	if (a->header) /* the windows exist: the work slot may have changed */
		layout(a);
}

/* Panels, view, the player and a runner that takes the session (not started). */
static void app_setup(struct app *a, struct session *s)
{
	const struct tui_options *o = a->o;

	static const enum panel_id named[] = {
		[SCENARIO_PANEL_AUTO] = P_COUNT,      [SCENARIO_PANEL_DAEMONSETS] = P_DAEMONSETS,
		[SCENARIO_PANEL_JOBS] = P_JOBS,       [SCENARIO_PANEL_CRONJOBS] = P_CRONJOBS,
		[SCENARIO_PANEL_SETS] = P_SETS,
	};

	view_init(&a->view);
	for (int i = 0; i < P_COUNT; i++) {
		a->panels[i].cls = classes[i];
		a->panels[i].id = (enum panel_id)i;
	}
	a->lesson = o->play ? named[o->play->panel] : P_COUNT;
	if (a->lesson == P_COUNT)
		a->lesson = view_lesson_panel(s->c, engine_now(s->e));
	panels_open(a);
	if (o->play || o->record || o->dump) {
		struct player_options po = { o->play, o->record, o->dump, engine_now(s->e), o->speed };
		a->play = player_new(&po);
	}
	/* --validate=warn: what the files hold that Kubernetes does not, on screen from the start */
	if (s->warnings.len) {
		uint32_t more = 0;
		for (const char *nl = strchr(s->warnings.data, '\n'); nl && nl[1];
		     nl = strchr(nl + 1, '\n'))
			more++;
		say(a, true, "Warning: %.*s%s", (int)strcspn(s->warnings.data, "\n"),
		    s->warnings.data, more ? " (and more: see them after quitting)" : "");
	}
	a->r = runner_new(s, o->speed, o->paused && !a->cast);
	if (a->play)
		player_attach(a->play, a->r);
}

int tui_main(struct session *s, const struct tui_options *o, struct ksim_error *err)
{
	static const int handled[] = { SIGINT, SIGTERM, SIGHUP, SIGTSTP };
	struct sigaction sa, old_sa[ARRAY_LEN(handled)];
	sigset_t block, unblocked;
	struct app *a = xcalloc(1, sizeof *a);
	int rc = -1;

	a->o = o;
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		error_set(
		    err,
		    "the dashboard needs a terminal (%s is not a tty); use 'ksim run' for headless output",
		    isatty(STDOUT_FILENO) ? "stdin" : "stdout");
		goto out;
	}
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C"); /* "0.5" in manifests and commands, whatever the user's locale */
	if (load_config(a, err) || pipe_nonblock(sig_pipe))
		goto out;
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	fatal_set_hook(restore_terminal);
	/* ours before newterm, so ncurses does not install its own exit-from-a-handler ones */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(handled); i++) {
		sigaction(handled[i], NULL, &old_sa[i]);
		if (old_sa[i].sa_handler != SIG_IGN) /* a shell without job control ignores ^Z */
			sigaction(handled[i], &sa, NULL);
	}
	if (term_init(a, stdout, stdin, err) == 0) {
		sigemptyset(&block);
		sigaddset(&block, SIGWINCH);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		sigaddset(&block, SIGHUP);
		sigaddset(&block, SIGTSTP);
		pthread_sigmask(SIG_BLOCK, &block, &unblocked);
		app_setup(a, s);
		if (runner_start(a->r)) {
			error_set(err, "cannot start the simulation thread: %s", strerror(errno));
		} else {
			layout(a);
			a->dirty = true;
			loop(a, &unblocked);
			rc = 0;
		}
		runner_stop(a->r);
		term_end(a);
		if (rc == 0 && a->play && player_finish(a->play, a->r, err))
			rc = -1;
		player_free(a->play);
		pthread_sigmask(SIG_SETMASK, &unblocked, NULL);
		runner_free(a->r);
		view_free(&a->view);
	}
	for (size_t i = 0; i < ARRAY_LEN(handled); i++)
		sigaction(handled[i], &old_sa[i], NULL);
	fatal_set_hook(NULL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
	cmdhist_free(&a->hist);
out:
	if (s->c) /* not moved into a runner */
		session_destroy(s);
	free(a);
	return rc;
}

/* --- ksim play --cast --- */

/* The 16 colours of the header: xterm's, with the theme's normal text and background. */
static void cast_colors(const struct app *a, struct cast_header *h)
{
	const struct style *normal = &a->theme.role[ROLE_NORMAL];

	for (int i = 0; i < 16; i++)
		cast_xterm_rgb(i, h->palette[i]);
	snprintf(h->fg, sizeof h->fg, "%s", normal->fg >= 0 ? "" : "#d0d0d0");
	snprintf(h->bg, sizeof h->bg, "%s", normal->bg >= 0 ? "" : "#121212");
	if (normal->fg >= 0)
		cast_xterm_rgb(normal->fg, h->fg);
	if (normal->bg >= 0)
		cast_xterm_rgb(normal->bg, h->bg);
}

/* What curses wrote since the last call, as one "o" event at the frame's time. */
static void cast_flush(struct app *a)
{
	struct cast *c = a->cast;
	char buf[65536];
	ssize_t n;
	struct strbuf data;

	fflush(c->screen_out);
	sb_init(&data);
	lseek(fileno(c->screen_out), 0, SEEK_SET);
	while ((n = read(fileno(c->screen_out), buf, sizeof buf)) > 0)
		sb_addn(&data, buf, (size_t)n);
	if (ftruncate(fileno(c->screen_out), 0) == 0)
		lseek(fileno(c->screen_out), 0, SEEK_SET);
	if (data.len)
		cast_event_line(c->t, 'o', data.data, data.len, &c->lines);
	sb_free(&data);
}

int tui_cast(struct session *s, const struct tui_options *o, const char *path, int cols, int rows,
	     struct ksim_error *err)
{
	struct app *a = xcalloc(1, sizeof *a);
	struct cast c = { 0 };
	struct cast_header h = { .cols = cols, .rows = rows, .term = CAST_TERM, .title = o->title };
	int64_t start = engine_now(s->e), end, step;
	char size[16];
	FILE *in = NULL, *out = NULL;
	int rc = -1;

	a->o = o;
	a->cast = &c;
	sb_init(&c.lines);
	/* a UTF-8 locale when there is one, so the cast has the dashboard's real glyphs */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	snprintf(size, sizeof size, "%d", rows);
	setenv("LINES", size, 1);
	snprintf(size, sizeof size, "%d", cols);
	setenv("COLUMNS", size, 1);
	c.screen_out = tmpfile();
	in = fopen("/dev/null", "r");
	if (!c.screen_out || !in) {
		error_set(err, "cannot make a scratch file for the cast: %s", strerror(errno));
		goto out;
	}
	if (load_config(a, err) || term_init(a, c.screen_out, in, err))
		goto out;
	h.timestamp = start / 1000;
	cast_colors(a, &h);
	cast_header_line(&h, &c.lines);
	app_setup(a, s);
	end = start + (o->play ? scenario_duration(o->play) : 0) + (int64_t)(3000 * o->speed);
	step = o->speed * 100 > 1000 ? (int64_t)(o->speed * 100) : 1000;
	layout(a);
	for (int64_t t = start;; t += step) {
		if (t > end)
			t = end;
		runner_run_to(a->r, t);
		c.t = (double)(t - start) / 1000.0 / o->speed;
		take_results(a);
		frame(a);
		cast_flush(a);
		if (t == end)
			break;
	}
	term_end(a);
	runner_free(a->r);
	view_free(&a->view);
	player_free(a->play);
	out = fopen(path, "w");
	rc = out && fwrite(c.lines.data, 1, c.lines.len, out) == c.lines.len ? 0 : -1;
	if (out && fclose(out))
		rc = -1;
	if (rc)
		error_set(err, "%s: cannot write the cast: %s", path, strerror(errno));
out:
	if (a->screen)
		term_end(a);
	if (in)
		fclose(in);
	if (c.screen_out)
		fclose(c.screen_out);
	if (s->c)
		session_destroy(s);
	cmdhist_free(&a->hist);
	sb_free(&c.lines);
	free(a);
	return rc;
}
