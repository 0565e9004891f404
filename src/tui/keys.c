/*
 * Keys -> actions. The defaults are a const table; ~/.config/ksim/keys.yaml
 * ($XDG_CONFIG_HOME/ksim/keys.yaml) maps an action name to a key or a list
 * of keys, replacing that action's defaults. Actions that change the
 * cluster are refused on the keys people press to move around, so a slip of
 * the finger never deletes a pod.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct action_info {
	const char *name, *help;
	bool destructive;
	int keys[3];      /* 0-terminated */
	const char *hint; /* the word in the status line */
};

#define CTRL(c) ((c)&0x1f)
static const struct action_info actions[ACT_COUNT] = {
	[ACT_HELP] = { "help", "show this help", false, { '?', FKEY(KEY_F(1)) }, "help" },
	[ACT_QUIT] = { "quit", "quit", true, { 'q' }, "quit" },
	[ACT_NEXT_PANEL] = { "next-panel", "next panel", false, { '\t' }, "panel" },
	[ACT_PREV_PANEL] = { "prev-panel", "previous panel", false, { FKEY(KEY_BTAB) }, "panel" },
	[ACT_UP] = { "up", "select up", false, { FKEY(KEY_UP), 'k' }, "up" },
	[ACT_DOWN] = { "down", "select down", false, { FKEY(KEY_DOWN), 'j' }, "down" },
	[ACT_LEFT] = { "left", "previous pod in the row", false, { FKEY(KEY_LEFT), 'h' }, "pods" },
	[ACT_RIGHT] = { "right", "next pod in the row", false, { FKEY(KEY_RIGHT), 'l' }, "pods" },
	[ACT_PAGE_UP] = { "page-up", "page up", false, { FKEY(KEY_PPAGE) }, "page" },
	[ACT_PAGE_DOWN] = { "page-down", "page down", false, { FKEY(KEY_NPAGE) }, "page" },
	[ACT_HOME] = { "home", "first row", false, { FKEY(KEY_HOME), 'g' }, "first" },
	[ACT_END] = { "end", "last row", false, { FKEY(KEY_END), 'G' }, "follow" },
	[ACT_DESCRIBE] = { "describe",
			   "describe the selection",
			   false,
			   { '\n', '\r', FKEY(KEY_ENTER) },
			   "describe" },
	[ACT_LOGS] = { "logs",
		       "logs of the selected pod or workload",
		       false,
		       { 'L' },
		       "logs" },
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
	[ACT_DELETE] = { "delete", "delete (asks)", true, { 'd', FKEY(KEY_DC) }, "delete" },
	[ACT_CRASH] = { "crash", "crash a pod's container", true, { 'x' }, "crash" },
	[ACT_SCALE] = { "scale", "edit replicas/parallelism", false, { 'e' }, "scale" },
	[ACT_COMMAND] = { "command", "kubectl command line", false, { ':' }, "command" },
	[ACT_THEME] = { "theme", "next theme", false, { 'T' }, "theme" },
	[ACT_REDRAW] = { "redraw", "redraw the screen", false, { CTRL('l') }, "redraw" },
	[ACT_PANEL_1] = { "panel-1", "Nodes", false, { '1' } },
	[ACT_PANEL_1 + 1] = { "panel-2", "DaemonSets", false, { '2' } },
	[ACT_PANEL_1 + 2] = { "panel-3", "Jobs", false, { '3' } },
	[ACT_PANEL_1 + 3] = { "panel-4", "CronJobs", false, { '4' } },
	[ACT_PANEL_1 + 4] = { "panel-5", "StatefulSets & ReplicaSets", false, { '5' } },
	[ACT_PANEL_1 + 5] = { "panel-6", "Events", false, { '6' } },
	[ACT_PANEL_1 + 6] = { "panel-7", "Detail", false, { '7' } },
	[ACT_PANEL_1 + 7] = { "panel-8", "", false, { 0 } },
	[ACT_PANEL_LAST] = { "panel-9", "", false, { 0 } },
};

/* Key names for files and labels; single characters name themselves. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Space", ' ' },
	{ "Tab", '\t' },
	{ "S-Tab", FKEY(KEY_BTAB) },
	{ "Enter", '\n' },
	{ "Esc", 27 },
	{ "Up", FKEY(KEY_UP) },
	{ "Down", FKEY(KEY_DOWN) },
	{ "Left", FKEY(KEY_LEFT) },
	{ "Right", FKEY(KEY_RIGHT) },
	{ "PgUp", FKEY(KEY_PPAGE) },
	{ "PgDn", FKEY(KEY_NPAGE) },
	{ "Home", FKEY(KEY_HOME) },
	{ "End", FKEY(KEY_END) },
	{ "Del", FKEY(KEY_DC) },
	{ "Backspace", FKEY(KEY_BACKSPACE) },
	{ "Insert", FKEY(KEY_IC) },
	{ "Enter", '\r' },
	{ "Enter", FKEY(KEY_ENTER) },
	/* accepted in files only */
	{ "backtab", FKEY(KEY_BTAB) },
	{ "return", '\n' },
	{ "escape", 27 },
	{ "page-up", FKEY(KEY_PPAGE) },
	{ "page-down", FKEY(KEY_NPAGE) },
	{ "delete", FKEY(KEY_DC) },
};

/* Keys people move with: never bound to an action that changes the cluster. */
static bool movement_key(int key)
{
	static const int keys[] = { ' ',
				    '\t',
				    '\n',
				    '\r',
				    27,
				    'h',
				    'j',
				    'k',
				    'l',
				    'g',
				    'G',
				    FKEY(KEY_UP),
				    FKEY(KEY_DOWN),
				    FKEY(KEY_LEFT),
				    FKEY(KEY_RIGHT),
				    FKEY(KEY_PPAGE),
				    FKEY(KEY_NPAGE),
				    FKEY(KEY_HOME),
				    FKEY(KEY_END),
				    FKEY(KEY_BTAB),
				    FKEY(KEY_ENTER) };

	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (keys[i] == key)
			return true;
	return false;
}

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

static int parse_key(const char *s)
{
	size_t n = strlen(s);

	if (n == 1)
		return (unsigned char)s[0];
	if (n == 2 && s[0] == '^')
		return CTRL(s[1]);
	if (n == 3 && (s[0] == 'C' || s[0] == 'c') && s[1] == '-')
		return CTRL(s[2]);
	if ((s[0] == 'F' || s[0] == 'f') && n <= 3 && atoi(s + 1) >= 1 && atoi(s + 1) <= 12)
		return FKEY(KEY_F(atoi(s + 1)));
	for (size_t i = 0; i < ARRAY_LEN(key_names); i++)
		if (strcasecmp(s, key_names[i].name) == 0)
			return key_names[i].key;
	return 0;
}

static void label_of(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_LEN(key_names); i++)
		if (key_names[i].key == key) {
			snprintf(buf, size, "%s", key_names[i].name);
			return;
		}
	if (key > FKEY(KEY_F0) && key <= FKEY(KEY_F(12)))
		snprintf(buf, size, "F%d", key - FKEY(KEY_F0));
	else if (key < 32)
		snprintf(buf, size, "^%c", key + '@');
	else if (key < 127)
		snprintf(buf, size, "%c", key);
	else
		snprintf(buf, size, "#%d", key);
}

const char *keys_label(const struct keymap *km, enum action act, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < km->nbind; i++)
		if (km->bind[i].act == act) {
			label_of(km->bind[i].key, buf, size);
			break;
		}
	return buf;
}

void keys_labels(const struct keymap *km, enum action act, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < km->nbind && len + 1 < size; i++) {
		char one[24];
		if (km->bind[i].act != act)
			continue;
		label_of(km->bind[i].key, one, sizeof one);
		/* Enter has three codes; show the name once */
		if (strstr(buf, one) && strlen(one) > 1)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? " " : "", one);
	}
}

enum action keys_action(const struct keymap *km, int key)
{
	for (int i = 0; i < km->nbind; i++)
		if (km->bind[i].key == key)
			return km->bind[i].act;
	return ACT_NONE;
}

static void unbind(struct keymap *km, bool (*match)(const struct keymap *, int, int), int arg)
{
	int j = 0;

	for (int i = 0; i < km->nbind; i++)
		if (!match(km, i, arg))
			km->bind[j++] = km->bind[i];
	km->nbind = j;
}

static bool is_action(const struct keymap *km, int i, int act)
{
	return km->bind[i].act == (enum action)act;
}

static bool is_key(const struct keymap *km, int i, int key)
{
	return km->bind[i].key == key;
}

static void bind(struct keymap *km, int key, enum action act)
{
	if (km->nbind < (int)ARRAY_LEN(km->bind)) {
		km->bind[km->nbind].key = key;
		km->bind[km->nbind++].act = act;
	}
}

static int read_binding(struct keymap *km, const struct conf *cf, int node, const char *name,
			struct ksim_error *err)
{
	enum action act = ACT_NONE;
	int item, n = 0;
	const char *text;

	for (int a = 1; a < ACT_COUNT && !act; a++)
		if (actions[a].name && strcmp(actions[a].name, name) == 0)
			act = (enum action)a;
	if (!act) {
		conf_error(cf, node, name, err,
			   "unknown action (see ? in the dashboard for the names)");
		return -1;
	}
	unbind(km, is_action, act);
	for (int i = 0;
	     (item = conf_scalar(cf, node) ? (i ? -1 : node) : conf_item(cf, node, i, NULL)) >= 0;
	     i++, n++) {
		int key = (text = conf_scalar(cf, item)) ? parse_key(text) : 0;
		if (!key) {
			conf_error(
			    cf, item, name, err,
			    "not a key (a character, ^X, F1-F12, Space, Tab, Enter, Esc, Up, ...)");
			return -1;
		}
		if (actions[act].destructive && movement_key(key)) {
			conf_error(cf, item, name, err,
				   "\"%s\" moves around; bind %s to another key", text, name);
			return -1;
		}
		unbind(km, is_key, key);
		bind(km, key, act);
	}
	return 0;
}

int keys_load(struct keymap *km, struct ksim_error *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME"), *key;
	char path[1024];
	struct conf *cf;
	int rc = 0, n;

	km->nbind = 0;
	for (int a = 1; a < ACT_COUNT; a++)
		for (int k = 0; k < 3 && actions[a].keys[k]; k++)
			bind(km, actions[a].keys[k], (enum action)a);
	if (xdg && xdg[0])
		snprintf(path, sizeof path, "%s/ksim/keys.yaml", xdg);
	else if (home && home[0])
		snprintf(path, sizeof path, "%s/.config/ksim/keys.yaml", home);
	else
		return 0;
	if (access(path, F_OK) != 0)
		return 0;
	if (!(cf = conf_load(path, err)))
		return -1;
	for (int i = 0; rc == 0 && (n = conf_item(cf, 0, i, &key)) >= 0; i++)
		rc = key ? read_binding(km, cf, n, key, err) : -1;
	conf_free(cf);
	return rc;
}

enum action keys_demo_action(const char *text)
{
	int key = parse_key(text);

	for (int a = 1; a < ACT_COUNT; a++)
		for (int k = 0; k < 3 && actions[a].keys[k]; k++)
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
		label_of(actions[act].keys[0], buf, size);
	return buf;
}
