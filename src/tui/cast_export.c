/*
 * ksim play --cast: the dashboard without a terminal or a runner thread,
 * the demo run in steps of virtual time, each frame's output one event of
 * an asciicast v2 file.
 */
#include "app.h"

#include "ksim/cast.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* --- ksim play --cast --- */

/* The 16 colours of the header: xterm's, with the theme's normal text and background. */
static void cast_colors(const struct app *a, struct cast_header *h)
{
	const struct style *normal = &a->theme.role[ROLE_NORMAL];

	for (int i = 0; i < 16; i++)
		cast_xterm_rgb(i, h->palette[i]);
	snprintf(h->fg, sizeof h->fg, "%s", normal->fg >= 0 ? "" : "#d0d0d0");
	snprintf(h->bg, sizeof h->bg, "%s", normal->bg >= 0 ? "" : "#121212");
	if (normal->fg >= 0)
		cast_xterm_rgb(normal->fg, h->fg);
	if (normal->bg >= 0)
		cast_xterm_rgb(normal->bg, h->bg);
}

/* What curses wrote since the last call, as one "o" event at the frame's time. */
static void cast_flush(struct app *a)
{
	struct cast *c = a->cast;
	char buf[65536];
	ssize_t n;
	struct strbuf data;

	fflush(c->screen_out);
	sb_init(&data);
	lseek(fileno(c->screen_out), 0, SEEK_SET);
	while ((n = read(fileno(c->screen_out), buf, sizeof buf)) > 0)
		sb_addn(&data, buf, (size_t)n);
	if (ftruncate(fileno(c->screen_out), 0) == 0)
		lseek(fileno(c->screen_out), 0, SEEK_SET);
	if (data.len)
		cast_event_line(c->t, 'o', data.data, data.len, &c->lines);
	sb_free(&data);
}

int tui_cast(struct session *s, const struct tui_options *o, const char *path, int cols, int rows,
	     struct ksim_error *err)
{
	struct app *a = xcalloc(1, sizeof *a);
	struct cast c = { 0 };
	struct cast_header h = { .cols = cols, .rows = rows, .term = CAST_TERM, .title = o->title };
	int64_t start = engine_now(s->e), end, step;
	char size[16];
	FILE *in = NULL, *out = NULL;
	int rc = -1;

	a->o = o;
	a->cast = &c;
	sb_init(&c.lines);
	/* a UTF-8 locale when there is one, so the cast has the dashboard's real glyphs */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	snprintf(size, sizeof size, "%d", rows);
	setenv("LINES", size, 1);
	snprintf(size, sizeof size, "%d", cols);
	setenv("COLUMNS", size, 1);
	c.screen_out = tmpfile();
	in = fopen("/dev/null", "r");
	if (!c.screen_out || !in) {
		error_set(err, "cannot make a scratch file for the cast: %s", strerror(errno));
		goto out;
	}
	if (app_load_config(a, false, err) || app_term_init(a, c.screen_out, in, err))
		goto out;
	h.timestamp = start / 1000;
	cast_colors(a, &h);
	cast_header_line(&h, &c.lines);
	app_setup(a, s);
	end = start + (o->play ? scenario_duration(o->play) : 0) + (int64_t)(3000 * o->speed);
	step = o->speed * 100 > 1000 ? (int64_t)(o->speed * 100) : 1000;
	app_layout(a);
	for (int64_t t = start;; t += step) {
		if (t > end)
			t = end;
		runner_run_to(a->r, t);
		c.t = (double)(t - start) / 1000.0 / o->speed;
		app_take_results(a);
		app_frame(a);
		cast_flush(a);
		if (t == end)
			break;
	}
	app_term_end(a);
	runner_free(a->r);
	view_free(&a->view);
	player_free(a->play);
	out = fopen(path, "w");
	rc = out && fwrite(c.lines.data, 1, c.lines.len, out) == c.lines.len ? 0 : -1;
	if (out && fclose(out))
		rc = -1;
	if (rc)
		error_set(err, "%s: cannot write the cast: %s", path, strerror(errno));
out:
	if (a->screen)
		app_term_end(a);
	if (in)
		fclose(in);
	if (c.screen_out)
		fclose(c.screen_out);
	if (s->c)
		session_destroy(s);
	cmdhist_free(&a->hist);
	sb_free(&c.lines);
	free(a);
	return rc;
}
