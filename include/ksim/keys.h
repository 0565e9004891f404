/*
 * keys: the dashboard's actions, the keys they are on by default, and the
 * names keys go by in keys.yaml and in a demo's `key:` steps. Free of
 * curses, so the demo loader checks `key:` steps with the table the
 * dashboard plays them with; src/tui/keys.c adds the user's keys.yaml.
 */
#ifndef KSIM_KEYS_H
#define KSIM_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "ksim/util.h"

/* Keys are characters (Unicode code points) or curses KEY_* codes moved above them. */
#define FKEY(k) (0x110000 + (k))

/* curses' codes of the keys with names (src/tui/keys.c checks them against <curses.h>). */
enum key_code {
	KC_DOWN = 0402,
	KC_UP = 0403,
	KC_LEFT = 0404,
	KC_RIGHT = 0405,
	KC_HOME = 0406,
	KC_BACKSPACE = 0407,
	KC_F0 = 0410,
	KC_DC = 0512,
	KC_IC = 0513,
	KC_NPAGE = 0522,
	KC_PPAGE = 0523,
	KC_ENTER = 0527,
	KC_BTAB = 0541,
	KC_END = 0550,
};
#define KC_F(n) (KC_F0 + (n))

enum action {
	ACT_NONE,
	ACT_HELP,
	ACT_QUIT,
	ACT_NEXT_PANEL,
	ACT_PREV_PANEL,
	ACT_UP,
	ACT_DOWN,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_DESCRIBE,
	ACT_LOGS,
	ACT_FILTER,
	ACT_BACK,
	ACT_PAUSE,
	ACT_FASTER,
	ACT_SLOWER,
	ACT_STEP, /* ACT_STEP to ACT_COMMAND act on the cluster or the clock (action_acts) */
	ACT_NEXT_CRON,
	ACT_SUSPEND,
	ACT_TRIGGER,
	ACT_FAIL_NODE,
	ACT_RECOVER_NODE,
	ACT_CORDON,
	ACT_UNCORDON,
	ACT_DELETE,
	ACT_CRASH,
	ACT_SCALE,
	ACT_COMMAND,
	ACT_THEME,
	ACT_REDRAW,
	ACT_ZOOM,
	ACT_WRAP,
	ACT_PANEL_1, /* ACT_PANEL_1 + n: the panel numbered n + 1 */
	ACT_PANEL_LAST = ACT_PANEL_1 + 8,
	ACT_COUNT,
};

/* A key as keys.yaml writes it ("f", "^L", "C-l", "F1", "Space", "PgDn"): its code, 0 if none. */
int key_parse(const char *s);
/* The name of a key as key_parse reads it ("Tab", "^L", "f"). */
void key_label(int key, char *buf, size_t size);

/* A short help text for act ("fail the node"), and its config name ("fail-node"). */
const char *action_help(enum action act);
const char *action_name(enum action act);
/* One word for the status line ("fail", "describe"). */
const char *action_hint(enum action act);
/* The action with that config name, ACT_NONE if none. */
enum action action_named(const char *name);
/* Changes the cluster: never put on a key people move with. */
bool action_destructive(enum action act);
/* Acts on the cluster or the clock beyond pause and speed (a demo playing is taken over). */
bool action_acts(enum action act);
/* The built-in keys of act, 0-terminated. */
const int *action_keys(enum action act);

/*
 * A demo's `key:`: a key name as keys.yaml writes it ("Tab", "3", "Space")
 * or an action name ("next-panel"), read with the built-in bindings so a
 * demo means the same everywhere; ACT_NONE when it is neither.
 */
enum action keys_demo_action(const char *text);
/* The built-in key of act as a demo writes it ("Tab", "+"); "" when none. */
const char *keys_demo_label(enum action act, char *buf, size_t size);
/* What a `key:` step may press, for an error message: "?, F1, q, Tab, ...". */
void keys_demo_valid(struct strbuf *out);

#endif
