/*
 * The dashboard application, shared by the files that run it on the UI
 * thread (and by nothing else): one struct app, and each file one job.
 *
 *   app.c          tui_main(): set-up, the poll loop, tear-down
 *   term.c         the terminal (newterm, restore on fatal()) and signals
 *   layout.c       panels placed by terminal size, focus and the work slot
 *   commands.c     messages, commands to the runner and their answers
 *   actions.c      keys and what they act on
 *   frame.c        one frame: header, panels, status line, caption, help
 *   cast_export.c  ksim play --cast: frames written as an asciicast
 */
#ifndef KSIM_TUI_APP_H
#define KSIM_TUI_APP_H

#include "internal.h"

#include <signal.h>
#include <stdio.h>

#define FRAME_NS 33000000ull
#define MIN_COLS 80
#define MIN_LINES 24
#define CAPTION_LINES 2 /* at first; a longer caption grows the bar up to CAPTION_MAX */
#define CAPTION_MAX 4
#define CAST_TERM "xterm-256color"

/* Who asked for a command, so its answer lands in the right place. */
enum tag { TAG_NONE, TAG_LINE, TAG_KEY, TAG_CLOCK };

enum mode { MODE_NORMAL, MODE_COMMAND, MODE_FILTER, MODE_CONFIRM, MODE_NUMBER, MODE_HELP };

enum layout { LAYOUT_SMALL, LAYOUT_MEDIUM, LAYOUT_LARGE };

/* A cast being made: curses writes into screen_out, frames become events in lines. */
struct cast {
	FILE *screen_out;
	double t; /* the frame's time in the cast, in seconds */
	struct strbuf lines;
};

/* A key's hint on the status line: "f fail". */
struct hint {
	char key[48];
	const char *word;
};

/* The status line's parts, made again only when what they come from moved (frame.c). */
struct status_memo {
	uint64_t hints_for; /* the focused panel's hints, the room, the glyphs and theme */
	int nhints;
	struct hint hints[32]; /* those shown, in order */
	uint64_t detail_for;   /* the view copy, the selected object and the clock */
	char detail[80];
};

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
	bool zoom; /* the focused panel fills the body (z, and Esc back) */
	int nodes_h; /* lines for Nodes, at most its slot; grows with the cluster, 0: not known yet */
	uint64_t nodes_h_serial; /* the view serial nodes_h and filled were worked out for */
	int caption_h; /* the caption bar's lines: grows (only) to the longest caption seen */
	unsigned filled; /* workload panels that ever had an object, one bit per id: they get the room */
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
	struct status_memo status_memo;
};

/* app.c */
/* Key bindings and the theme asked for, else light's on a light background (-1 with err). */
int app_load_config(struct app *a, bool light, struct ksim_error *err);
/* Panels, view, the player and a runner that takes the session (not started). */
void app_setup(struct app *a, struct session *s);
/* Focus, selections and scrolling as the dashboard opens (and after a seek back). */
void app_panels_open(struct app *a);

/* term.c */
/* The signal pipe, the saved termios for fatal(), our handlers: -1 when no pipe. */
int app_signals_open(void);
void app_signals_close(void);
/* Blocks the handled signals (and SIGWINCH) on this thread; *unblocked gets the mask before. */
void app_signals_block(sigset_t *unblocked);
int app_signal_fd(void);
/* The signal pipe: Ctrl-Z suspends, any other signal quits. */
void app_take_signals(struct app *a);
/* A quit signal left pending while stdin kept ppoll from blocking (taken here). */
bool app_quit_signal_pending(void);
/*
 * True when the terminal's background is light: its answer to OSC 11 where
 * it answers, else COLORFGBG's background (7 or 15), else false (dark).
 * Before curses starts: it reads the answer from stdin itself.
 */
bool app_term_light(void);
/* The screen on out (a cast's file: a fixed terminal type, size from LINES/COLUMNS). */
int app_term_init(struct app *a, FILE *out, FILE *in, struct ksim_error *err);
void app_term_end(struct app *a);

/* layout.c */
/* True when the current layout shows panel id (in its own slot or the work slot). */
bool app_in_layout(const struct app *a, enum panel_id id);
/* The whole screen drawn again from blank. */
void app_repaint(struct app *a);
/* The header, status, help and caption windows deleted (NULL). */
void app_windows_free(struct app *a);
/* Windows and panel rectangles from LINES and COLS. */
void app_layout(struct app *a);
/* Focuses a panel, bringing a workload panel into the work slot if the layout has no place for it. */
void app_focus_panel(struct app *a, enum panel_id id);
/* Detail brought into view when the layout hides it (focused when it does, or when zoomed). */
void app_show_detail(struct app *a);
/* The focused panel maximised (on) or the layout back. */
void app_zoom(struct app *a, bool on);

/* commands.c */
void app_say(struct app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The clock the screen shows: the runner's, or what the keys asked while it has not caught up. */
void app_clock(struct app *a, struct runner_clock *ck);
void app_post_cmd(struct app *a, const struct runner_cmd *cmd);
void app_post(struct app *a, enum runner_op op, const char *line, enum tag tag);
/* A kubectl line posted, and said on the status line. */
void app_run_line(struct app *a, const char *line, enum tag tag);
/* The runner's answers: messages, Detail, a played step's effect. */
void app_take_results(struct app *a);

/* actions.c */
/* The focused panel's selected object (a pod picked inside a row if any); false when none. */
bool app_selection(struct app *a, struct target *t);
void app_do_action(struct app *a, enum action act);
void app_handle_key(struct app *a, int key);

/* frame.c */
/* Lines of the ? overlay. */
int app_help_height(void);
void app_frame(struct app *a);

#endif
