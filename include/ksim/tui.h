/*
 * tui: the ncurses dashboard. It runs on the calling thread (the UI
 * thread, the only one that calls curses) and drives a runner thread that
 * owns the session. Everything curses-shaped stays in src/tui/; this header
 * is what the command line needs.
 */
#ifndef KSIM_TUI_H
#define KSIM_TUI_H

#include <stdbool.h>

#include "ksim/session.h"
#include "ksim/util.h"

struct tui_options {
	const char *title;  /* shown in the header: the demo or file name */
	const char *theme;  /* a theme name (themes/NAME.yaml) or a file; NULL: default */
	bool ascii;         /* ASCII line drawing and glyphs even in a UTF-8 locale */
	double speed;       /* initial speed factor */
	bool paused;        /* start paused */
	bool recording;     /* q asks before quitting */
	const char *caption;/* shown under the header until replaced (a demo's description), or NULL */
};

/*
 * Checks the terminal and the configuration (theme, ~/.config/ksim/keys.yaml),
 * then runs the dashboard until the user quits. Takes the session (moved
 * into the runner, *s left zeroed). 0 on a clean exit; -1 with err filled
 * when the dashboard cannot start (no terminal, unknown TERM, bad theme or
 * keys file): the caller prints it and exits 2. The session is destroyed
 * either way.
 */
int tui_main(struct session *s, const struct tui_options *o, struct ksim_error *err);

#endif
