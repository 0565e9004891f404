/*
 * Keys -> actions. The defaults are src/keys/actions.c's table; ~/.config/ksim/keys.yaml
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

/* include/ksim/keys.h names curses' codes without including curses */
_Static_assert(KC_DOWN == KEY_DOWN && KC_UP == KEY_UP && KC_LEFT == KEY_LEFT &&
		   KC_RIGHT == KEY_RIGHT && KC_HOME == KEY_HOME && KC_BACKSPACE == KEY_BACKSPACE &&
		   KC_F0 == KEY_F0 && KC_DC == KEY_DC && KC_IC == KEY_IC && KC_NPAGE == KEY_NPAGE &&
		   KC_PPAGE == KEY_PPAGE && KC_ENTER == KEY_ENTER && KC_BTAB == KEY_BTAB &&
		   KC_END == KEY_END,
	       "curses key codes");

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

const char *keys_label(const struct keymap *km, enum action act, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < km->nbind; i++)
		if (km->bind[i].act == act) {
			key_label(km->bind[i].key, buf, size);
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
		key_label(km->bind[i].key, one, sizeof one);
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
	enum action act;
	int item, n = 0;
	const char *text;

	if (!(act = action_named(name))) {
		conf_error(cf, node, name, err,
			   "unknown action (see ? in the dashboard for the names)");
		return -1;
	}
	unbind(km, is_action, act);
	for (int i = 0;
	     (item = conf_scalar(cf, node) ? (i ? -1 : node) : conf_item(cf, node, i, NULL)) >= 0;
	     i++, n++) {
		int key = (text = conf_scalar(cf, item)) ? key_parse(text) : 0;
		if (!key) {
			conf_error(
			    cf, item, name, err,
			    "not a key (a character, ^X, F1-F12, Space, Tab, Enter, Esc, Up, ...)");
			return -1;
		}
		if (action_destructive(act) && movement_key(key)) {
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
		for (const int *k = action_keys((enum action)a); *k; k++)
			bind(km, *k, (enum action)a);
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
