/*
 * Messages on the status line, commands to the runner (kubectl lines and
 * clock commands, with the clock the keys asked for shown until the runner
 * catches up) and the runner's answers: the status line, Detail, a played
 * step's caption, verdict or key.
 */
#include "app.h"

#include "ksim/cast.h"
#include "ksim/kubectl.h"
#include "ksim/session.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* --- messages and commands --- */

void app_say(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
	a->message[strcspn(a->message, "\n")] = '\0';
	a->message_error = error;
}

/* The clock the screen shows: the runner's, or what the keys asked while it has not caught up. */
void app_clock(struct app *a, struct runner_clock *ck)
{
	if (a->inflight) {
		*ck = a->want;
		return;
	}
	runner_clock(a->r, ck);
	a->want = *ck;
}

void app_post_cmd(struct app *a, const struct runner_cmd *cmd)
{
	if (cmd->tag == TAG_CLOCK) {
		app_clock(a, &a->want);
		a->inflight++;
		if (cmd->op == RUNNER_PAUSE || cmd->op == RUNNER_STEP)
			a->want.paused = true;
		else if (cmd->op == RUNNER_RESUME)
			a->want.paused = false;
		else if (cmd->op == RUNNER_SPEED)
			a->want.speed = cmd->speed;
		else if (cmd->op == RUNNER_FASTER || cmd->op == RUNNER_SLOWER)
			a->want.speed = runner_speed_step(a->want.speed,
							  cmd->op == RUNNER_FASTER ? 1 : -1);
	}
	runner_post(a->r, cmd);
}

void app_post(struct app *a, enum runner_op op, const char *line, enum tag tag)
{
	struct runner_cmd cmd = { .op = op, .line = line, .tag = tag };

	app_post_cmd(a, &cmd);
}

void app_run_line(struct app *a, const char *line, enum tag tag)
{
	app_post(a, RUNNER_EXEC, line, tag);
	app_say(a, false, "$ %s %s", session_line_program(line), session_line_shown(line));
}

/* The output in Detail, brought into view unless false: it was said on the status line. */
static bool show_output(struct app *a, const struct runner_result *res)
{
	struct detail_target d = { .mode = DETAIL_OUTPUT, .at = res->at_ms };

	snprintf(d.line, sizeof d.line, "%s", res->line ? session_line_shown(res->line) : "");
	d.watch = res->status == 0 && res->line && kubectl_line_watches(res->line);
	view_set_detail(&a->view, &d);
	sb_reset(&a->view.detail_text);
	sb_add(&a->view.detail_text, res->text);
	a->panels[P_DETAIL].top = a->panels[P_DETAIL].left = 0;
	/* set image, rollout undo, scale: watched where they act when a line says all there is */
	const char *nl = strchr(res->text, '\n');
	if (a->work == P_DEPLOYMENTS && !app_in_layout(a, P_DETAIL) && res->status == 0 &&
	    res->text[0] && (!nl || !nl[1])) {
		app_say(a, false, "%.*s", nl ? (int)(nl - res->text) : (int)strlen(res->text),
			res->text);
		return false;
	}
	app_show_detail(a);
	return true;
}

void app_take_results(struct app *a)
{
	struct runner_result res;

	while (runner_take(a->r, &res)) {
		const char *text = res.status ? res.err : res.out;
		struct player_effect fx;
		a->dirty = true;
		if (res.tag == TAG_CLOCK && a->inflight > 0)
			a->inflight--;
		if (res.edit) { /* the answer comes with RUNNER_EDITED's */
			struct runner_cmd cmd = { .op = RUNNER_EDITED, .tag = res.tag,
						  .edit_id = res.edit_id };
			cmd.editor_status = editor_run_suspended(res.edit);
			app_post_cmd(a, &cmd);
		} else if (a->play && player_result(a->play, &res, &fx)) {
			if (fx.caption && a->cast)
				cast_event_line(a->cast->t, 'm', fx.caption, strlen(fx.caption),
						&a->cast->lines);
			if (fx.show_output)
				show_output(a, &res);
			if (fx.verdict)
				app_say(a, fx.failed, "%s %s",
				    ui.g->pod[fx.failed ? PS_FAILED : PS_SUCCEEDED], fx.verdict);
			if (fx.act != ACT_NONE) {
				/* as a straight play would: on a view of the cluster, not an empty one */
				view_update(&a->view, runner_cluster(a->r));
				app_do_action(a, fx.act);
			}
		} else if (res.tag == TAG_LINE) {
			if (show_output(a, &res))
				app_say(a, res.status != 0, "%s", res.status ? res.err : "ok");
		} else if ((res.tag == TAG_KEY || res.tag == TAG_CLOCK) && (text[0] || res.status)) {
			if (!text[0])
				text = res.out;
			app_say(a, res.status != 0, "%s", text);
		}
		runner_result_free(&res);
	}
}
