/*
 * Keys and what they act on: the selection (with its whole names from the
 * cluster), the actions made into kubectl lines or clock commands, the
 * prompts (command line, filter, y/n, number) and the help overlay's keys.
 */
#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- what a key acts on --- */

bool app_selection(struct app *a, struct target *t)
{
	struct panel *p = &a->panels[a->focus];

	panel_rows(p, &a->view);
	memset(t, 0, sizeof *t);
	t->kind = KIND_NONE;
	return p->cls->target && p->nrows && p->cls->target(p, &a->view, t);
}

/* app_selection(), or a message saying how to select. */
/* The selected row's own object, ignoring a pod picked inside it. */
static bool row_selection(struct app *a, struct target *t)
{
	struct panel p;

	panel_rows(&a->panels[a->focus], &a->view);
	p = a->panels[a->focus]; /* a copy that shares the rows: nothing below collects them */
	p.sub = -1;
	memset(t, 0, sizeof *t);
	t->kind = KIND_NONE;
	return p.cls->target && p.nrows && p.cls->target(&p, &a->view, t);
}

/* " -n NS" unless the default namespace or a cluster-scoped kind. */
static const char *ns_flag(const struct target *t, char *buf, size_t size)
{
	buf[0] = '\0';
	if (t->ns[0] && strcmp(t->ns, "default") != 0)
		snprintf(buf, size, " -n %s", t->ns);
	return buf;
}

/*
 * The CronJob a key means: the selected one or the one owning the selected
 * Job. Never one the screen does not point at (the only CronJob while a
 * DaemonSet is selected): the key then says what to select.
 */
static const struct vcron *pick_cronjob(struct app *a)
{
	struct target t;
	const struct view *v = &a->view;

	if (row_selection(a, &t)) {
		for (uint32_t i = 0; i < v->ncrons; i++)
			if (t.kind == KIND_CRONJOB && strcmp(v->crons[i].o.name, t.name) == 0)
				return &v->crons[i];
		for (uint32_t i = 0; t.kind == KIND_JOB && i < v->njobs; i++)
			for (uint32_t k = 0;
			     strcmp(v->jobs[i].o.name, t.name) == 0 && k < v->ncrons; k++)
				if (strcmp(v->crons[k].o.name, v->jobs[i].cronjob) == 0)
					return &v->crons[k];
	}
	app_say(a, true, "select a CronJob (panel 4) or one of its Jobs (panel 3) first");
	return NULL;
}

/* t with its whole names from the cluster; false (and said) when it is gone. */
static bool resolved(struct app *a, struct target *t)
{
	if (target_resolve(runner_cluster(a->r), t))
		return true;
	app_say(a, true, "%s/%s no longer exists", kind_info(t->kind)->singular, t->name);
	return false;
}

/* The selection with its whole names; false (and said) when nothing is selected or it is gone. */
static bool selection_whole(struct app *a, struct target *t, bool row)
{
	if (!(row ? row_selection(a, t) : app_selection(a, t))) {
		app_say(a, true, "nothing selected: pick a row with the arrows (Tab or 1-7 for a panel)");
		return false;
	}
	return resolved(a, t);
}

static bool pick_node(struct app *a, struct target *t)
{
	if (!app_selection(a, t) || !t->node[0]) {
		app_say(a, true, "select a node or a pod first (panel 1)");
		return false;
	}
	return resolved(a, t) && t->node[0];
}

static void act_on_cronjob(struct app *a, enum action act)
{
	const struct vcron *cj = pick_cronjob(a);
	char line[768], ns[80], name[TARGET_NAME + 24];
	struct target t;

	if (!cj)
		return;
	target_owner(&a->view, KIND_CRONJOB, &cj->o, &t);
	if (!resolved(a, &t))
		return;
	ns_flag(&t, ns, sizeof ns);
	if (act == ACT_SUSPEND) {
		snprintf(line, sizeof line, "patch cronjob %s%s -p '{\"spec\":{\"suspend\":%s}}'",
			 t.name, ns, cj->suspend ? "false" : "true");
	} else {
		bool taken;
		do { /* a name no Job has yet */
			snprintf(name, sizeof name, "%s-manual-%d", t.name, ++a->manual);
			taken = false;
			for (uint32_t i = 0; i < a->view.njobs; i++)
				taken |= strcmp(a->view.jobs[i].o.name, name) == 0;
		} while (taken);
		snprintf(line, sizeof line, "create job %s --from=cronjob/%s%s", name, t.name, ns);
	}
	app_run_line(a, line, TAG_KEY);
}

static void act_on_selection(struct app *a, enum action act)
{
	struct target t;
	char line[768], ns[80];
	const char *kind;

	switch (act) {
	case ACT_FAIL_NODE:
	case ACT_RECOVER_NODE:
	case ACT_CORDON:
	case ACT_UNCORDON: {
		static const char *const verbs[] = { "fail node", "recover node", "cordon",
						     "uncordon" };
		if (!pick_node(a, &t))
			return;
		snprintf(line, sizeof line, "%s %s", verbs[act - ACT_FAIL_NODE], t.node);
		app_run_line(a, line, TAG_KEY);
		return;
	}
	default:
		break;
	}
	if (!selection_whole(a, &t, act == ACT_SCALE))
		return;
	kind = kind_info(t.kind)->singular;
	ns_flag(&t, ns, sizeof ns);
	if (act == ACT_DELETE) {
		snprintf(a->pending, sizeof a->pending, "delete %s %s%s", kind, t.name, ns);
		snprintf(a->prompt, sizeof a->prompt, "delete %s/%s? (y/n) ", kind, t.name);
		a->mode = MODE_CONFIRM;
	} else if (act == ACT_CRASH) {
		if (t.kind != KIND_POD) {
			app_say(a, true, "select a pod first (left/right walks the pods of a row)");
			return;
		}
		snprintf(line, sizeof line, "crash pod %s%s", t.name, ns);
		app_run_line(a, line, TAG_KEY);
	} else if (act == ACT_SCALE) {
		if (t.kind == KIND_JOB) {
			snprintf(a->pending, sizeof a->pending,
				 "patch job %s%s -p '{\"spec\":{\"parallelism\":%%d}}'", t.name, ns);
			snprintf(a->prompt, sizeof a->prompt, "parallelism for job/%s: ", t.name);
		} else if (kind_class(t.kind)->replicas) {
			snprintf(a->pending, sizeof a->pending, "scale %s %s%s --replicas=%%d",
				 kind, t.name, ns);
			snprintf(a->prompt, sizeof a->prompt, "replicas for %s/%s: ", kind, t.name);
		} else {
			app_say(a, true,
			    "e scales a Deployment (panel 8), ReplicaSet or StatefulSet (panel 5) or a Job's parallelism (panel 3)");
			return;
		}
		lineedit_set(&a->edit, "");
		a->mode = MODE_NUMBER;
	}
}

/* What `kubectl logs` takes: a pod, or a workload whose first pod it picks (logs job/NAME). */
static bool has_logs(enum kind kind)
{
	return kind == KIND_POD || kind_class(kind)->logs;
}

static void open_detail(struct app *a, enum detail_mode mode)
{
	struct detail_target d = { .mode = mode };
	struct target t;

	if (!selection_whole(a, &t, false))
		return;
	if (mode == DETAIL_LOGS && !has_logs(t.kind)) {
		app_say(a, true, "select a pod or a workload first (left/right walks the pods of a row)");
		return;
	}
	d.kind = t.kind;
	snprintf(d.ns, sizeof d.ns, "%s", t.ns);
	snprintf(d.name, sizeof d.name, "%s", t.name);
	view_set_detail(&a->view, &d);
	a->panels[P_DETAIL].top = a->panels[P_DETAIL].left = 0;
	app_show_detail(a);
}

static void next_theme(struct app *a)
{
	struct ksim_error err;
	struct theme t;

	a->theme_at = (a->theme_at + 1) % a->nthemes;
	if (theme_load(a->themes[a->theme_at], &t, &err)) {
		app_say(a, true, "%s", err.msg);
		return;
	}
	a->theme = t;
	theme_apply(&a->theme, a->color, ui.attr);
	ui.epoch++;
	app_repaint(a); /* a theme with its own background paints what no panel covers too */
	app_say(a, false, "theme %s%s", a->theme.name, a->color ? "" : " (no colours: attributes only)");
}

static void back(struct app *a)
{
	if (a->zoom) {
		app_zoom(a, false);
	} else if (a->focus == P_DETAIL && a->work == P_DETAIL) {
		a->work = a->work_before;
		app_layout(a);
		a->focus = a->work;
	} else if (a->panels[a->focus].filter[0]) {
		a->panels[a->focus].filter[0] = '\0';
	}
	a->message[0] = '\0';
}

void app_do_action(struct app *a, enum action act)
{
	struct runner_clock ck;

	app_clock(a, &ck);
	switch (act) {
	case ACT_NONE:
		break;
	case ACT_HELP:
		a->mode = MODE_HELP;
		a->help_top = 0;
		break;
	case ACT_QUIT:
		if (a->o->recording) {
			snprintf(a->pending, sizeof a->pending, "quit");
			snprintf(a->prompt, sizeof a->prompt, "stop recording and quit? (y/n) ");
			a->mode = MODE_CONFIRM;
		} else {
			a->quit = true;
		}
		break;
	case ACT_NEXT_PANEL:
	case ACT_PREV_PANEL: {
		int step = act == ACT_NEXT_PANEL ? 1 : P_COUNT - 1, id = (int)a->focus;
		do /* in the small layouts Tab walks the work slot's panels too */
			id = (id + step) % P_COUNT;
		while (id == P_DETAIL && a->view.detail.mode == DETAIL_NONE);
		app_focus_panel(a, (enum panel_id)id);
		break;
	}
	case ACT_DESCRIBE:
	case ACT_LOGS:
		panel_key(&a->panels[a->focus], &a->view, act); /* Events stops following there */
		open_detail(a, act == ACT_DESCRIBE ? DETAIL_DESCRIBE : DETAIL_LOGS);
		break;
	case ACT_FILTER:
		lineedit_set(&a->edit, a->panels[a->focus].filter);
		a->mode = MODE_FILTER;
		break;
	case ACT_BACK:
		back(a);
		break;
	case ACT_PAUSE:
		app_post(a, ck.paused ? RUNNER_RESUME : RUNNER_PAUSE, NULL, TAG_CLOCK);
		break;
	case ACT_FASTER:
	case ACT_SLOWER:
		app_post(a, act == ACT_FASTER ? RUNNER_FASTER : RUNNER_SLOWER, NULL, TAG_CLOCK);
		break;
	case ACT_STEP:
		app_post(a, RUNNER_STEP, NULL, TAG_CLOCK);
		break;
	case ACT_NEXT_CRON:
		app_post(a, RUNNER_NEXT_CRON, NULL, TAG_CLOCK);
		app_say(a, false, "jumping to the next CronJob run...");
		break;
	case ACT_SUSPEND:
	case ACT_TRIGGER:
		act_on_cronjob(a, act);
		break;
	case ACT_FAIL_NODE:
	case ACT_RECOVER_NODE:
	case ACT_CORDON:
	case ACT_UNCORDON:
	case ACT_DELETE:
	case ACT_CRASH:
	case ACT_SCALE:
		act_on_selection(a, act);
		break;
	case ACT_COMMAND:
		lineedit_set(&a->edit, "");
		a->hist.pos = a->hist.n;
		a->mode = MODE_COMMAND;
		break;
	case ACT_THEME:
		next_theme(a);
		break;
	case ACT_REDRAW:
		app_repaint(a);
		break;
	case ACT_ZOOM:
		app_zoom(a, !a->zoom);
		break;
	case ACT_WRAP:
		a->panels[P_DETAIL].wrap = !a->panels[P_DETAIL].wrap;
		app_say(a, false, "Detail: long lines %s",
			a->panels[P_DETAIL].wrap ? "wrap" : "cut (left/right scrolls)");
		break;
	default:
		if (act >= ACT_PANEL_1 && act < ACT_PANEL_1 + P_COUNT)
			app_focus_panel(a, (enum panel_id)(act - ACT_PANEL_1));
		else
			panel_key(&a->panels[a->focus], &a->view, act);
		break;
	}
}

/* Keys while the bottom line takes text. */
static void edit_key(struct app *a, int key)
{
	enum action act = keys_action(&a->keys, key);
	bool enter = key == '\n' || key == '\r' || key == FKEY(KEY_ENTER);
	struct panel *p = &a->panels[a->focus];

	if (key == 27) {
		if (a->mode == MODE_FILTER)
			p->filter[0] = '\0';
		a->mode = MODE_NORMAL;
		return;
	}
	if (enter) {
		if (a->mode == MODE_COMMAND && a->edit.len) {
			cmdhist_push(&a->hist, a->edit.buf);
			app_run_line(a, a->edit.buf, TAG_LINE);
		} else if (a->mode == MODE_NUMBER) {
			char *end, line[512];
			long n = strtol(a->edit.buf, &end, 10);
			if (!a->edit.len || *end || n < 0 || n > 100000) {
				app_say(a, true, "not a number: \"%s\"", a->edit.buf);
			} else {
				snprintf(line, sizeof line, a->pending, (int)n);
				app_run_line(a, line, TAG_KEY);
			}
		}
		a->mode = MODE_NORMAL;
		return;
	}
	if (a->mode == MODE_COMMAND && key == '\t') {
		lineedit_complete(&a->edit, &a->view, a->message, sizeof a->message);
		a->message_error = false;
	} else if (a->mode == MODE_COMMAND && (act == ACT_UP || act == ACT_DOWN) && key > 0x10ffff) {
		cmdhist_move(&a->hist, act == ACT_UP ? -1 : 1, &a->edit);
	} else if (a->mode == MODE_NUMBER && key < 0x80 && key >= 32 && (key < '0' || key > '9')) {
		return; /* digits only */
	} else {
		lineedit_key(&a->edit, key);
	}
	if (a->mode == MODE_FILTER) { /* the panel narrows as one types; Events goes on following */
		snprintf(p->filter, sizeof p->filter, "%.*s", (int)sizeof p->filter - 1, a->edit.buf);
		p->sel = 0;
	}
}

void app_handle_key(struct app *a, int key)
{
	if (key == FKEY(KEY_RESIZE)) {
		a->nodes_h = 0;
		a->nodes_h_serial = 0;
		app_layout(a);
		return;
	}
	switch (a->mode) {
	case MODE_HELP: {
		enum action act = keys_action(&a->keys, key);
		int page = LINES / 2, max = a->help_lines - (app_help_height() - 2);
		if (act == ACT_DOWN || act == ACT_UP || act == ACT_PAGE_DOWN || act == ACT_PAGE_UP) {
			a->help_top += act == ACT_DOWN        ? 1
				       : act == ACT_UP        ? -1
				       : act == ACT_PAGE_DOWN ? page
							      : -page;
			a->help_top = a->help_top > max ? max : a->help_top;
			a->help_top = a->help_top < 0 ? 0 : a->help_top;
		} else {
			a->mode = MODE_NORMAL;
		}
		return;
	}
	case MODE_CONFIRM:
		a->mode = MODE_NORMAL;
		a->message[0] = '\0';
		if (key != 'y' && key != 'Y')
			return;
		if (strcmp(a->pending, "quit") == 0)
			a->quit = true;
		else
			app_run_line(a, a->pending, TAG_KEY);
		return;
	case MODE_COMMAND:
	case MODE_FILTER:
	case MODE_NUMBER:
		edit_key(a, key);
		return;
	case MODE_NORMAL:
		break;
	}
	a->message[0] = '\0';
	enum action act = keys_action(&a->keys, key);
	bool paging = panel_pages(&a->panels[a->focus], &a->view);
	enum player_key pk = a->play ? player_action(a->play, &a->r, key, act, paging, a->message,
						     sizeof a->message)
				     : PLAYER_KEY_PASS;
	if (pk == PLAYER_KEY_REPLAYED) {
		view_free(&a->view);
		view_init(&a->view);
		app_panels_open(a);
	}
	if (pk == PLAYER_KEY_PASS)
		app_do_action(a, act);
}
