/*
 * Themes map each role to colours and attributes (htop's colour schemes,
 * indexed by role). The default theme is compiled in; files in themes/ give
 * a role `fg`, `bg` (a colour name or 0-255) and `attrs`. Colours are cut
 * down to what the terminal has (256 -> 16 -> 8); with NO_COLOR or no
 * colours at all, every role falls back to attributes only, so a state still
 * reads in monochrome.
 */
#include "internal.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct role_info {
	const char *name;
	struct style dark; /* the compiled-in default */
	attr_t mono;       /* without colours */
};

#define S(fg, bg, a)      \
	{                 \
		fg, bg, a \
	}
static const struct role_info roles[ROLE_COUNT] = {
	[ROLE_NORMAL] = { "normal", S(-1, -1, 0), 0 },
	[ROLE_DIM] = { "dim", S(246, -1, 0), A_DIM },
	[ROLE_HEADER] = { "header", S(15, 24, A_BOLD), A_REVERSE | A_BOLD },
	[ROLE_TITLE] = { "title", S(6, -1, A_BOLD), A_BOLD },
	[ROLE_TITLE_FOCUS] = { "title-focus", S(0, 6, A_BOLD), A_REVERSE | A_BOLD },
	[ROLE_BORDER] = { "border", S(8, -1, 0), 0 },
	[ROLE_BORDER_FOCUS] = { "border-focus", S(6, -1, A_BOLD), A_BOLD },
	[ROLE_SELECTION] = { "selection", S(-1, -1, A_REVERSE), A_REVERSE },
	[ROLE_STATUS] = { "status", S(7, 236, 0), A_REVERSE },
	[ROLE_KEY] = { "key", S(11, 236, A_BOLD), A_REVERSE | A_BOLD },
	[ROLE_MESSAGE] = { "message", S(10, 236, A_BOLD), A_REVERSE | A_BOLD },
	[ROLE_ERROR] = { "error", S(9, -1, A_BOLD), A_BOLD | A_UNDERLINE },
	[ROLE_PAUSED] = { "paused", S(0, 11, A_BOLD), A_REVERSE | A_BOLD },
	[ROLE_NODE_READY] = { "node-ready", S(10, -1, A_BOLD), A_BOLD },
	[ROLE_NODE_NOT_READY] = { "node-not-ready", S(15, 1, A_BOLD), A_REVERSE | A_BOLD },
	[ROLE_NODE_CORDONED] = { "node-cordoned", S(11, -1, A_BOLD), A_UNDERLINE },
	[ROLE_POD_RUNNING] = { "pod-running", S(10, -1, 0), A_BOLD },
	[ROLE_POD_PENDING] = { "pod-pending", S(11, -1, 0), 0 },
	[ROLE_POD_SUCCEEDED] = { "pod-succeeded", S(39, -1, 0), 0 },
	[ROLE_POD_FAILED] = { "pod-failed", S(9, -1, A_BOLD), A_BOLD | A_UNDERLINE },
	[ROLE_POD_CRASH] = { "pod-crash", S(208, -1, A_BOLD), A_REVERSE },
	[ROLE_POD_TERMINATING] = { "pod-terminating", S(245, -1, 0), A_DIM },
	/* running but not Ready: neither running's green nor pending's plain look, in mono too */
	[ROLE_POD_NOT_READY] = { "pod-not-ready", S(214, -1, A_UNDERLINE), A_UNDERLINE },
	[ROLE_POD_DAEMON] = { "pod-daemon", S(13, -1, A_BOLD), A_BOLD | A_UNDERLINE },
	[ROLE_EVENT_NORMAL] = { "event-normal", S(-1, -1, 0), 0 },
	[ROLE_EVENT_WARNING] = { "event-warning", S(11, -1, A_BOLD), A_BOLD },
	[ROLE_WHY] = { "why", S(14, -1, 0), 0 },
	[ROLE_CAPTION] = { "caption", S(0, 223, 0), A_REVERSE },
	[ROLE_OWNER] = { "owner", S(246, -1, 0), 0 },
};
#undef S

const char *role_name(enum role r)
{
	return r < ROLE_COUNT ? roles[r].name : NULL;
}

void theme_default(struct theme *t)
{
	snprintf(t->name, sizeof t->name, "default");
	for (int i = 0; i < ROLE_COUNT; i++)
		t->role[i] = roles[i].dark;
}

/* --- reading a theme file --- */

static const char *const color_names[16] = {
	"black",        "red",           "green",       "yellow",         "blue",
	"magenta",      "cyan",          "white",       "bright-black",   "bright-red",
	"bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan",
	"bright-white",
};

static int parse_color(const char *s, short *out)
{
	char *end;
	long n;

	if (strcmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	if (strcmp(s, "gray") == 0 || strcmp(s, "grey") == 0)
		s = "bright-black";
	for (short i = 0; i < 16; i++)
		if (strcmp(s, color_names[i]) == 0) {
			*out = i;
			return 0;
		}
	n = strtol(s, &end, 10);
	if (*s && !*end && n >= 0 && n <= 255) {
		*out = (short)n;
		return 0;
	}
	return -1;
}

static const struct {
	const char *name;
	attr_t attr;
} attr_names[] = {
	{ "normal", 0 },          { "bold", A_BOLD },           { "dim", A_DIM },
	{ "reverse", A_REVERSE }, { "underline", A_UNDERLINE }, { "standout", A_STANDOUT },
	{ "italic", A_ITALIC },   { "blink", A_BLINK },
};

static int parse_attr(const char *s, attr_t *out)
{
	for (size_t i = 0; i < ARRAY_LEN(attr_names); i++)
		if (strcmp(s, attr_names[i].name) == 0) {
			*out |= attr_names[i].attr;
			return 0;
		}
	return -1;
}

static int find_role(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(name, roles[i].name) == 0)
			return i;
	return -1;
}

static int read_role(const struct conf *cf, int node, const char *role, struct style *st,
		     struct ksim_error *err)
{
	const char *fields[] = { "fg", "bg" };
	short *dst[] = { &st->fg, &st->bg };
	char path[128];
	int n;

	*st = (struct style){ -1, -1, 0 }; /* a role given in the file starts blank */
	for (int i = 0; i < 2; i++) {
		if ((n = conf_get(cf, node, fields[i])) < 0)
			continue;
		snprintf(path, sizeof path, "roles.%s.%s", role, fields[i]);
		if (!conf_scalar(cf, n) || parse_color(conf_scalar(cf, n), dst[i])) {
			conf_error(
			    cf, n, path, err,
			    "not a colour (use default, black, red, ..., bright-white, or 0-255)");
			return -1;
		}
	}
	if ((n = conf_get(cf, node, "attrs")) < 0)
		return 0;
	snprintf(path, sizeof path, "roles.%s.attrs", role);
	if (conf_scalar(cf, n)) {
		if (parse_attr(conf_scalar(cf, n), &st->attrs) == 0)
			return 0;
	} else {
		int item;
		for (int i = 0; (item = conf_item(cf, n, i, NULL)) >= 0; i++) {
			const char *a = conf_scalar(cf, item);
			if (!a || parse_attr(a, &st->attrs)) {
				n = item;
				goto bad;
			}
		}
		if (conf_is_list(cf, n))
			return 0;
	}
bad:
	conf_error(cf, n, path, err,
		   "not an attribute (use bold, dim, reverse, underline, italic, standout, blink)");
	return -1;
}

static int theme_read(const char *path, struct theme *t, struct ksim_error *err)
{
	struct conf *cf = conf_load(path, err);
	const char *key, *name;
	int roles_node, n, rc = 0;

	if (!cf)
		return -1;
	theme_default(t);
	name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(t->name, sizeof t->name, "%.*s", (int)strcspn(name, "."), name);
	if ((n = conf_get(cf, 0, "name")) >= 0 && conf_scalar(cf, n))
		snprintf(t->name, sizeof t->name, "%s", conf_scalar(cf, n));
	roles_node = conf_get(cf, 0, "roles");
	if (roles_node < 0) {
		conf_error(cf, 0, "roles", err, "a theme needs a roles: map");
		rc = -1;
	}
	for (int i = 0; rc == 0 && (n = conf_item(cf, roles_node, i, &key)) >= 0; i++) {
		int r = key ? find_role(key) : -1;
		if (r < 0) {
			conf_error(cf, n, "roles", err, "unknown role \"%s\"", key ? key : "");
			rc = -1;
		} else {
			rc = read_role(cf, n, key, &t->role[r], err);
		}
	}
	conf_free(cf);
	return rc;
}

/* --- where theme files live --- */

/* themes/ beside the source tree the binary was built in, the install's share dir, or ./themes. */
static int theme_dirs(char dirs[][PATH_MAX], int max)
{
	static const char *const rel[] = { "/../themes", "/../../themes", "/../share/ksim/themes" };
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	int n = 0;

	if (len > 0) {
		exe[len] = '\0';
		*strrchr(exe, '/') = '\0';
		for (size_t i = 0; i < ARRAY_LEN(rel) && n < max; i++) {
			snprintf(dirs[n], PATH_MAX, "%s%s", exe, rel[i]);
			if (access(dirs[n], R_OK) == 0)
				n++;
		}
	}
	if (n < max && access("themes", R_OK) == 0)
		snprintf(dirs[n++], PATH_MAX, "themes");
	return n;
}

int theme_load(const char *name_or_file, struct theme *t, struct ksim_error *err)
{
	char dirs[4][PATH_MAX], path[PATH_MAX + 80];
	int n;

	if (strchr(name_or_file, '/') || strstr(name_or_file, ".yaml") ||
	    strstr(name_or_file, ".yml"))
		return theme_read(name_or_file, t, err);
	n = theme_dirs(dirs, 4);
	for (int i = 0; i < n; i++) {
		if (snprintf(path, sizeof path, "%s/%s.yaml", dirs[i], name_or_file) <
			(int)sizeof path &&
		    access(path, R_OK) == 0)
			return theme_read(path, t, err);
	}
	if (strcmp(name_or_file, "default") == 0) {
		theme_default(t);
		return 0;
	}
	error_set(err, "unknown theme \"%s\" (themes: ", name_or_file);
	char names[16][64];
	int count = theme_list(names, 16);
	for (int i = 0; i < count; i++)
		snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg), "%s%s",
			 i ? ", " : "", names[i]);
	snprintf(err->msg + strlen(err->msg), sizeof err->msg - strlen(err->msg),
		 "; or a file path)");
	return -1;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

int theme_list(char names[][64], int max)
{
	char dirs[4][PATH_MAX];
	int n = 0, ndirs = theme_dirs(dirs, 4);

	snprintf(names[n++], 64, "default");
	for (int d = 0; d < ndirs && n == 1; d++) { /* the first directory with themes wins */
		DIR *dir = opendir(dirs[d]);
		struct dirent *de;
		while (dir && (de = readdir(dir)) && n < max) {
			size_t len = strlen(de->d_name);
			if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") || len - 5 >= 64 ||
			    strncmp(de->d_name, "default.yaml", len) == 0)
				continue;
			snprintf(names[n++], 64, "%.*s", (int)(len - 5), de->d_name);
		}
		if (dir)
			closedir(dir);
	}
	xqsort(names + 1, (size_t)n - 1, sizeof *names, name_cmp);
	return n;
}

/* --- putting a theme on the terminal --- */

/* The 16 ANSI colours as xterm draws them, to map 256-colour indexes down. */
static const unsigned char ansi_rgb[16][3] = {
	{ 0, 0, 0 },       { 205, 0, 0 },   { 0, 205, 0 },   { 205, 205, 0 },
	{ 0, 0, 238 },     { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 },   { 0, 255, 0 },   { 255, 255, 0 },
	{ 92, 92, 255 },   { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

static void rgb_of(short c, int rgb[3])
{
	static const int steps[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16) {
		for (int i = 0; i < 3; i++)
			rgb[i] = ansi_rgb[c][i];
	} else if (c < 232) {
		c -= 16;
		rgb[0] = steps[c / 36];
		rgb[1] = steps[c / 6 % 6];
		rgb[2] = steps[c % 6];
	} else {
		rgb[0] = rgb[1] = rgb[2] = 8 + (c - 232) * 10;
	}
}

/* The nearest of the 16 ANSI colours. */
static short to16(short c)
{
	int rgb[3], best = 0, best_d = INT_MAX;

	if (c < 16)
		return c;
	rgb_of(c, rgb);
	for (int i = 0; i < 16; i++) {
		int d = 0;
		for (int k = 0; k < 3; k++)
			d += (rgb[k] - ansi_rgb[i][k]) * (rgb[k] - ansi_rgb[i][k]);
		if (d < best_d)
			best_d = d, best = i;
	}
	return (short)best;
}

/* A colour the terminal has; bright ones become bold on 8-colour terminals. */
static short fit_color(short c, attr_t *attrs, bool fg)
{
	if (c < 0 || c < COLORS)
		return c;
	c = to16(c);
	if (c < COLORS)
		return c;
	if (c == 8) /* bright black is grey: dim white, not invisible black */
		c = 15, *attrs |= fg ? A_DIM : 0;
	if (fg)
		*attrs |= A_BOLD;
	return (short)(c - 8);
}

void theme_apply(const struct theme *t, bool color, attr_t attr[ROLE_COUNT])
{
	for (int i = 0; i < ROLE_COUNT; i++) {
		struct style st = t->role[i];
		if (st.fg < 0) /* a theme with its own normal colours paints them everywhere */
			st.fg = t->role[ROLE_NORMAL].fg;
		if (st.bg < 0)
			st.bg = t->role[ROLE_NORMAL].bg;
		if (!color) {
			attr[i] = roles[i].mono;
			continue;
		}
		attr_t extra = 0;
		short fg = fit_color(st.fg, &extra, true), bg = fit_color(st.bg, &extra, false);
		init_pair((short)(i + 1), fg, bg);
		attr[i] = COLOR_PAIR(i + 1) | st.attrs | extra;
	}
}

/* --- contrast (WCAG 2.x relative luminance) --- */

static double luminance(short c, const int fallback[3])
{
	int rgb[3];
	double l[3];

	if (c < 0)
		memcpy(rgb, fallback, sizeof rgb);
	else
		rgb_of(c, rgb);
	for (int i = 0; i < 3; i++) {
		double v = rgb[i] / 255.0;
		l[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/* A role's text against its background: "default" colours are the normal role's, then the terminal's. */
static double role_contrast(const struct theme *t, enum role r)
{
	static const int term_fg[3] = { 0xd0, 0xd0, 0xd0 }, term_bg[3] = { 0x12, 0x12, 0x12 };
	const struct style *n = &t->role[ROLE_NORMAL], *s = &t->role[r];
	short fg = s->fg >= 0 ? s->fg : n->fg, bg = s->bg >= 0 ? s->bg : n->bg;
	double a = luminance(fg, term_fg), b = luminance(bg, term_bg);

	return a > b ? (a + 0.05) / (b + 0.05) : (b + 0.05) / (a + 0.05);
}

int tui_theme_contrast(const char *theme, double *ratio, const char **role,
		       struct ksim_error *err)
{
	struct theme t;

	if (strcmp(theme, "built-in") == 0)
		theme_default(&t);
	else if (theme_load(theme, &t, err))
		return -1;
	*ratio = INFINITY;
	*role = NULL;
	for (int i = 0; i < ROLE_COUNT; i++) {
		double c = role_contrast(&t, (enum role)i);
		if (i != ROLE_BORDER && i != ROLE_BORDER_FOCUS && c < *ratio)
			*ratio = c, *role = roles[i].name;
	}
	return 0;
}
