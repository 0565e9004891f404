/*
 * The terminal and the signals: newterm and its settings, the exit sequence
 * and termios that fatal() restores from any thread, the signal pipe the
 * handlers write to (they do nothing else), Ctrl-Z with the clock held.
 */
#define _GNU_SOURCE /* sigtimedwait */
#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

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

/*
 * ppoll() delivers a signal only when it would otherwise block, so one that
 * arrives while keys or a hung-up terminal keep stdin ready stays pending:
 * take it here instead.
 */
bool app_quit_signal_pending(void)
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
void app_take_signals(struct app *a)
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
/*
 * The background colour the terminal answers to OSC 11 ("rgb:RRRR/GGGG/BBBB"):
 * 1 light, 0 dark, -1 no answer. DA1 is asked right after, which every
 * terminal answers, so one that ignores OSC 11 costs no wait.
 */
static int osc11_light(void)
{
	static const char query[] = "\033]11;?\033\\\033[c";
	struct termios saved, raw;
	char buf[256] = "";
	size_t len = 0;
	unsigned rgb[3];

	if (tcgetattr(STDIN_FILENO, &saved))
		return -1;
	raw = saved;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw))
		return -1;
	uint64_t until = runner_wall_ns() + 250000000ull;
	if (write(STDOUT_FILENO, query, sizeof query - 1) == (ssize_t)sizeof query - 1) {
		for (;;) {
			struct pollfd pfd = { STDIN_FILENO, POLLIN, 0 };
			uint64_t now = runner_wall_ns();
			ssize_t n;
			if (now >= until || len + 1 >= sizeof buf ||
			    poll(&pfd, 1, (int)((until - now) / 1000000 + 1)) <= 0 ||
			    (n = read(STDIN_FILENO, buf + len, sizeof buf - 1 - len)) <= 0)
				break;
			len += (size_t)n;
			buf[len] = '\0';
			if (strstr(buf, "\033[?") && buf[len - 1] == 'c') /* DA1's answer: the last */
				break;
		}
	}
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	const char *at = strstr(buf, "]11;rgb:");
	if (!at || sscanf(at + 8, "%x/%x/%x", &rgb[0], &rgb[1], &rgb[2]) != 3)
		return -1;
	size_t digits = strspn(at + 8, "0123456789abcdefABCDEF");
	double max = digits >= 1 && digits <= 4 ? (double)((1u << (4 * digits)) - 1) : 65535;
	return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 0.5 * max;
}

bool app_term_light(void)
{
	const char *fgbg = getenv("COLORFGBG"), *bg;
	int light = osc11_light();

	if (light >= 0)
		return light;
	if (!fgbg || !(bg = strrchr(fgbg, ';')))
		return false;
	return strcmp(bg + 1, "7") == 0 || strcmp(bg + 1, "15") == 0;
}

/* ours before newterm, so ncurses does not install its own exit-from-a-handler ones */
static const int handled[] = { SIGINT, SIGTERM, SIGHUP, SIGTSTP };
static struct sigaction old_sa[ARRAY_LEN(handled)];

int app_signals_open(void)
{
	struct sigaction sa;

	if (pipe_nonblock(sig_pipe))
		return -1;
	have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
	fatal_set_hook(restore_terminal);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(handled); i++) {
		sigaction(handled[i], NULL, &old_sa[i]);
		if (old_sa[i].sa_handler != SIG_IGN) /* a shell without job control ignores ^Z */
			sigaction(handled[i], &sa, NULL);
	}
	return 0;
}

void app_signals_close(void)
{
	for (size_t i = 0; i < ARRAY_LEN(handled); i++)
		sigaction(handled[i], &old_sa[i], NULL);
	fatal_set_hook(NULL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

/* Before the runner thread exists, so only this thread takes them (inside ppoll). */
void app_signals_block(sigset_t *unblocked)
{
	sigset_t block;

	sigemptyset(&block);
	sigaddset(&block, SIGWINCH);
	for (size_t i = 0; i < ARRAY_LEN(handled); i++)
		sigaddset(&block, handled[i]);
	pthread_sigmask(SIG_BLOCK, &block, unblocked);
}

int app_signal_fd(void)
{
	return sig_pipe[0];
}

int app_term_init(struct app *a, FILE *out, FILE *in, struct ksim_error *err)
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

void app_term_end(struct app *a)
{
	for (int i = 0; i < P_COUNT; i++) {
		panel_layout(&a->panels[i], (struct rect){ 0, 0, 0, 0 });
		free(a->panels[i].rows);
		free(a->panels[i].parts);
		free(a->panels[i].memo);
		a->panels[i].rows = NULL;
		a->panels[i].parts = NULL;
		a->panels[i].memo = NULL;
		a->panels[i].nrows = a->panels[i].rows_cap = a->panels[i].parts_cap = 0;
		a->panels[i].memo_cap = 0;
		a->panels[i].memo_for = 0;
	}
	app_windows_free(a);
	endwin();
	delscreen(a->screen);
	a->screen = NULL;
}
