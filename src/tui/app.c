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
#include "app.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const struct panel_class *const classes[P_COUNT] = {
	&panel_nodes, &panel_daemonsets, &panel_jobs,   &panel_cronjobs,
	&panel_sets,  &panel_events,     &panel_detail, &panel_deployments,
};

/* --- the loop --- */

/* Milliseconds until the clock on screen shows another second; -1 when it stands still. */
static int tick_ms(struct app *a)
{
	struct runner_clock ck;

	app_clock(a, &ck);
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
		app_handle_key(a, rc == KEY_CODE_YES ? FKEY((int)wch) : (int)wch);
		a->dirty = true;
	}
}

static void loop(struct app *a, const sigset_t *unblocked)
{
	while (!a->quit) {
		uint64_t now = runner_wall_ns();
		int timeout;

		app_take_results(a);
		if (a->play)
			player_sync(a->play, a->r);
		if (a->dirty && now >= a->next_frame) {
			app_frame(a);
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
					 { app_signal_fd(), POLLIN, 0 },
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
			app_take_signals(a);
		/* The terminal is gone (SIGHUP may still be on its way), or a signal waits undelivered. */
		if ((n > 0 && fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) ||
		    app_quit_signal_pending())
			a->quit = true;
		if (!a->quit)
			read_keys(a);
	}
}

/* --- set-up and tear-down --- */

int app_load_config(struct app *a, bool light, struct ksim_error *err)
{
	struct ksim_error ignored;

	if (keys_load(&a->keys, err))
		return -1;
	a->nthemes = theme_list(a->themes, 16);
	if (!a->o->theme && !(light && theme_load("light", &a->theme, &ignored) == 0)) {
		theme_default(&a->theme);
		return 0;
	}
	if (a->o->theme && theme_load(a->o->theme, &a->theme, err))
		return -1;
	for (int i = 0; i < a->nthemes; i++)
		if (strcmp(a->themes[i], a->theme.name) == 0)
			a->theme_at = i;
	return 0;
}

/*
 * Focus, selections and scrolling as the dashboard opens. A seek back
 * comes here too: the played key steps move them again from there, so a
 * replay shows what a straight play showed (filters are not key steps and stay).
 */
void app_panels_open(struct app *a)
{
	for (int i = 0; i < P_COUNT; i++) {
		struct panel *p = &a->panels[i];
		p->sel = p->top = p->left = 0;
		p->sub = -1;
		p->follow = i == P_EVENTS;
		p->wrap = false; /* tables (get -o wide) read best cut; w wraps */
		p->rows_for = p->drawn = 0;
	}
	a->focus = P_NODES;
	a->zoom = false;
	a->work = a->work_before = a->lesson;
	if (a->header) /* the windows exist: the work slot may have changed */
		app_layout(a);
}

/* Panels, view, the player and a runner that takes the session (not started). */
void app_setup(struct app *a, struct session *s)
{
	const struct tui_options *o = a->o;

	static const enum panel_id named[] = {
		[SCENARIO_PANEL_AUTO] = P_COUNT,      [SCENARIO_PANEL_DAEMONSETS] = P_DAEMONSETS,
		[SCENARIO_PANEL_JOBS] = P_JOBS,       [SCENARIO_PANEL_CRONJOBS] = P_CRONJOBS,
		[SCENARIO_PANEL_SETS] = P_SETS,       [SCENARIO_PANEL_DEPLOYMENTS] = P_DEPLOYMENTS,
	};

	view_init(&a->view);
	for (int i = 0; i < P_COUNT; i++) {
		a->panels[i].cls = classes[i];
		a->panels[i].id = (enum panel_id)i;
	}
	a->lesson = o->play ? named[o->play->panel] : P_COUNT;
	if (a->lesson == P_COUNT)
		a->lesson = view_lesson_panel(s->c, engine_now(s->e));
	app_panels_open(a);
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
		app_say(a, true, "Warning: %.*s%s", (int)strcspn(s->warnings.data, "\n"),
		    s->warnings.data, more ? " (and more: in 7 Detail, and after quitting)" : "");
		/* and in Detail whole, as kubectl prints them: "Warning: ..." before anything else */
		struct detail_target d = { .mode = DETAIL_OUTPUT, .at = engine_now(s->e) };
		view_set_detail(&a->view, &d);
		for (const char *w = s->warnings.data; *w; w += strcspn(w, "\n"), w += *w == '\n')
			sb_printf(&a->view.detail_text, "Warning: %.*s\n", (int)strcspn(w, "\n"), w);
	}
	a->r = runner_new(s, o->speed, o->paused && !a->cast);
	if (a->play)
		player_attach(a->play, a->r);
}

int tui_main(struct session *s, const struct tui_options *o, struct ksim_error *err)
{
	sigset_t unblocked;
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
	if (app_load_config(a, app_term_light(), err) || app_signals_open())
		goto out;
	if (app_term_init(a, stdout, stdin, err) == 0) {
		app_signals_block(&unblocked);
		app_setup(a, s);
		if (runner_start(a->r)) {
			error_set(err, "cannot start the simulation thread: %s", strerror(errno));
		} else {
			app_layout(a);
			a->dirty = true;
			loop(a, &unblocked);
			rc = 0;
		}
		runner_stop(a->r);
		app_term_end(a);
		if (rc == 0 && a->play && player_finish(a->play, a->r, err))
			rc = -1;
		player_free(a->play);
		pthread_sigmask(SIG_SETMASK, &unblocked, NULL);
		runner_free(a->r);
		view_free(&a->view);
	}
	app_signals_close();
	cmdhist_free(&a->hist);
out:
	if (s->c) /* not moved into a runner */
		session_destroy(s);
	free(a);
	return rc;
}
