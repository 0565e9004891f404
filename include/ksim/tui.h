/*
 * tui: the ncurses dashboard. It runs on the calling thread (the UI
 * thread, the only one that calls curses) and drives a runner thread that
 * owns the session. Everything curses-shaped stays in src/tui/; this header
 * is what the command line needs.
 */
#ifndef KSIM_TUI_H
#define KSIM_TUI_H

#include <stdbool.h>

#include "ksim/scenario.h"
#include "ksim/session.h"
#include "ksim/util.h"

struct tui_options {
	const char *title;           /* shown in the header: the demo or file name */
	const char *theme;           /* a theme name (themes/NAME.yaml) or a file; NULL: default */
	bool ascii;                  /* ASCII line drawing and glyphs even in a UTF-8 locale */
	double speed;                /* initial speed factor */
	bool paused;                 /* start paused */
	bool recording;              /* q asks before quitting */
	const struct scenario *play; /* a demo to play (its session is s), or NULL */
	struct recorder *record;     /* record the session here, or NULL */
	const char *dump;            /* at the end, write session_dump() here, or NULL */
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

/*
 * The lowest WCAG 2 contrast ratio among the roles of a theme (a name, a
 * file, or "built-in" for the compiled-in default) that carry information
 * (every role but the borders), against the background each is drawn on;
 * *role names it. A colour left to the terminal ("default") is taken as
 * #d0d0d0 on #121212. 0, or -1 with err when the theme cannot be loaded.
 */
int tui_theme_contrast(const char *theme, double *ratio, const char **role,
		       struct ksim_error *err);

/*
 * `ksim play --cast`: the dashboard playing o->play, drawn into an
 * asciicast v2 file of cols x rows instead of a terminal. No thread and no
 * terminal: the clock moves by frames (a frame per virtual second, or per
 * tenth of a second of cast time at high speeds), each stamped with its
 * virtual time divided by the speed; every caption adds a marker. Ends at
 * the last step. Takes the session. 0, or -1 with err.
 */
int tui_cast(struct session *s, const struct tui_options *o, const char *path, int cols, int rows,
	     struct ksim_error *err);

#endif
