/* The dashboard's actions, their built-in keys, and key names (include/ksim/keys.h). */
#include "ksim/keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct action_info {
	const char *name, *help;
	bool destructive;
	int keys[4];      /* 0-terminated */
	const char *hint; /* the word in the status line */
};

#define CTRL(c) ((c)&0x1f)
static const struct action_info actions[ACT_COUNT] = {
	[ACT_HELP] = { "help", "show this help", false, { '?', FKEY(KC_F(1)) }, "help" },
	[ACT_QUIT] = { "quit", "quit", true, { 'q' }, "quit" },
	[ACT_NEXT_PANEL] = { "next-panel", "next panel", false, { '\t' }, "panel" },
	[ACT_PREV_PANEL] = { "prev-panel", "previous panel", false, { FKEY(KC_BTAB) }, "panel" },
	[ACT_UP] = { "up", "select up", false, { FKEY(KC_UP), 'k' }, "up" },
	[ACT_DOWN] = { "down", "select down", false, { FKEY(KC_DOWN), 'j' }, "down" },
	[ACT_LEFT] = { "left", "previous pod in the row", false, { FKEY(KC_LEFT), 'h' }, "pods" },
	[ACT_RIGHT] = { "right", "next pod in the row", false, { FKEY(KC_RIGHT), 'l' }, "pods" },
	[ACT_PAGE_UP] = { "page-up", "page up", false, { FKEY(KC_PPAGE) }, "page" },
	[ACT_PAGE_DOWN] = { "page-down", "page down", false, { FKEY(KC_NPAGE) }, "page" },
	[ACT_HOME] = { "home", "first row", false, { FKEY(KC_HOME), 'g' }, "first" },
	[ACT_END] = { "end", "last row", false, { FKEY(KC_END), 'G' }, "follow" },
	[ACT_DESCRIBE] = { "describe",
			   "describe the selection",
			   false,
			   { '\n', '\r', FKEY(KC_ENTER) },
			   "describe" },
	[ACT_LOGS] = { "logs", "logs of the selected pod or workload", false, { 'L' }, "logs" },
	[ACT_FILTER] = { "filter", "filter the panel by name", false, { '/' }, "filter" },
	[ACT_BACK] = { "back", "back / close", false, { 27 }, "back" },
	[ACT_PAUSE] = { "pause", "pause / resume", false, { ' ' }, "pause" },
	[ACT_FASTER] = { "faster", "faster", false, { '+', '=' }, "faster" },
	[ACT_SLOWER] = { "slower", "slower", false, { '-', '_' }, "slower" },
	[ACT_STEP] = { "step", "step to the next event", false, { '.' }, "step" },
	[ACT_NEXT_CRON] = { "next-cron", "jump to next CronJob run", false, { 'n' }, "next run" },
	[ACT_SUSPEND] = { "suspend", "suspend/resume a CronJob", false, { 's' }, "suspend" },
	[ACT_TRIGGER] = { "trigger", "run a CronJob now", false, { 't' }, "trigger" },
	[ACT_FAIL_NODE] = { "fail-node", "fail the node", true, { 'f' }, "fail" },
	[ACT_RECOVER_NODE] = { "recover-node", "recover the node", false, { 'r' }, "recover" },
	[ACT_CORDON] = { "cordon", "cordon the node", true, { 'c' }, "cordon" },
	[ACT_UNCORDON] = { "uncordon", "uncordon the node", false, { 'u' }, "uncordon" },
	[ACT_DELETE] = { "delete", "delete (asks)", true, { 'd', FKEY(KC_DC) }, "delete" },
	[ACT_CRASH] = { "crash", "crash a pod's container", true, { 'x' }, "crash" },
	[ACT_SCALE] = { "scale", "edit replicas/parallelism", false, { 'e' }, "scale" },
	[ACT_COMMAND] = { "command", "kubectl command line", false, { ':' }, "command" },
	[ACT_THEME] = { "theme", "next theme", false, { 'T' }, "theme" },
	[ACT_REDRAW] = { "redraw", "redraw the screen", false, { CTRL('l') }, "redraw" },
	[ACT_ZOOM] = { "zoom", "maximise the focused panel / back", false, { 'z' }, "zoom" },
	[ACT_WRAP] = { "wrap", "wrap / unwrap Detail's long lines", false, { 'w' }, "wrap" },
	[ACT_PANEL_1] = { "panel-1", "Nodes", false, { '1' } },
	[ACT_PANEL_1 + 1] = { "panel-2", "DaemonSets", false, { '2' } },
	[ACT_PANEL_1 + 2] = { "panel-3", "Jobs", false, { '3' } },
	[ACT_PANEL_1 + 3] = { "panel-4", "CronJobs", false, { '4' } },
	[ACT_PANEL_1 + 4] = { "panel-5", "StatefulSets & ReplicaSets", false, { '5' } },
	[ACT_PANEL_1 + 5] = { "panel-6", "Events", false, { '6' } },
	[ACT_PANEL_1 + 6] = { "panel-7", "Detail", false, { '7' } },
	[ACT_PANEL_1 + 7] = { "panel-8", "Deployments", false, { '8' } },
	[ACT_PANEL_LAST] = { "panel-9", "", false, { 0 } },
};

/* Key names for files and labels; single characters name themselves. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Space", ' ' },
	{ "Tab", '\t' },
	{ "S-Tab", FKEY(KC_BTAB) },
	{ "Enter", '\n' },
	{ "Esc", 27 },
	{ "Up", FKEY(KC_UP) },
	{ "Down", FKEY(KC_DOWN) },
	{ "Left", FKEY(KC_LEFT) },
	{ "Right", FKEY(KC_RIGHT) },
	{ "PgUp", FKEY(KC_PPAGE) },
	{ "PgDn", FKEY(KC_NPAGE) },
	{ "Home", FKEY(KC_HOME) },
	{ "End", FKEY(KC_END) },
	{ "Del", FKEY(KC_DC) },
	{ "Backspace", FKEY(KC_BACKSPACE) },
	{ "Insert", FKEY(KC_IC) },
	{ "Enter", '\r' },
	{ "Enter", FKEY(KC_ENTER) },
	/* accepted in files only */
	{ "backtab", FKEY(KC_BTAB) },
	{ "return", '\n' },
	{ "escape", 27 },
	{ "page-up", FKEY(KC_PPAGE) },
	{ "page-down", FKEY(KC_NPAGE) },
	{ "delete", FKEY(KC_DC) },
};

const char *action_help(enum action act)
{
	return act < ACT_COUNT && actions[act].help ? actions[act].help : "";
}

const char *action_hint(enum action act)
{
	return act < ACT_COUNT && actions[act].hint ? actions[act].hint : "";
}

const char *action_name(enum action act)
{
	return act < ACT_COUNT && actions[act].name ? actions[act].name : "";
}

enum action action_named(const char *name)
{
	for (int a = 1; a < ACT_COUNT; a++)
		if (actions[a].name && strcmp(actions[a].name, name) == 0)
			return (enum action)a;
	return ACT_NONE;
}

bool action_destructive(enum action act)
{
	return act < ACT_COUNT && actions[act].destructive;
}

bool action_acts(enum action act)
{
	return act >= ACT_STEP && act <= ACT_COMMAND;
}

const int *action_keys(enum action act)
{
	static const int none[1];

	return act < ACT_COUNT ? actions[act].keys : none;
}

int key_parse(const char *s)
{
	size_t n = strlen(s);

	if (n == 1)
		return (unsigned char)s[0];
	if (n == 2 && s[0] == '^')
		return CTRL(s[1]);
	if (n == 3 && (s[0] == 'C' || s[0] == 'c') && s[1] == '-')
		return CTRL(s[2]);
	if ((s[0] == 'F' || s[0] == 'f') && n <= 3 && atoi(s + 1) >= 1 && atoi(s + 1) <= 12)
		return FKEY(KC_F(atoi(s + 1)));
	for (size_t i = 0; i < ARRAY_LEN(key_names); i++)
		if (strcasecmp(s, key_names[i].name) == 0)
			return key_names[i].key;
	return 0;
}

void key_label(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_LEN(key_names); i++)
		if (key_names[i].key == key) {
			snprintf(buf, size, "%s", key_names[i].name);
			return;
		}
	if (key > FKEY(KC_F0) && key <= FKEY(KC_F(12)))
		snprintf(buf, size, "F%d", key - FKEY(KC_F0));
	else if (key < 32)
		snprintf(buf, size, "^%c", key + '@');
	else if (key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "#%d", key);
}

enum action keys_demo_action(const char *text)
{
	int key = key_parse(text);

	for (int a = 1; a < ACT_COUNT; a++)
		for (int k = 0; actions[a].keys[k]; k++)
			if (key && actions[a].keys[k] == key)
				return (enum action)a;
	for (int a = 1; a < ACT_COUNT; a++)
		if (actions[a].name && strcmp(actions[a].name, text) == 0)
			return (enum action)a;
	return ACT_NONE;
}

const char *keys_demo_label(enum action act, char *buf, size_t size)
{
	buf[0] = '\0';
	if (act > ACT_NONE && act < ACT_COUNT && actions[act].keys[0])
		key_label(actions[act].keys[0], buf, size);
	return buf;
}

void keys_demo_valid(struct strbuf *out)
{
	char label[24];
	size_t start = out->len;

	for (int a = 1; a < ACT_COUNT; a++)
		for (int k = 0; actions[a].keys[k]; k++) {
			key_label(actions[a].keys[k], label, sizeof label);
			/* Enter has three codes: name it once */
			if (k && strcmp(label, "Enter") == 0)
				continue;
			sb_printf(out, "%s%s", out->len > start ? ", " : "", label);
		}
}
