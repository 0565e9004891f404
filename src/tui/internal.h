/*
 * The dashboard's insides, shared by the files of src/tui/ only (the one
 * place that includes <curses.h>). Everything here runs on the UI thread.
 *
 *   view.c, history.c  the view model: what the panels draw, copied from the
 *                      cluster under its lock (history.c keeps what the
 *                      cluster forgets: pods a Job lost, a CronJob's runs)
 *   theme.c, keys.c    roles -> attributes; keys -> actions; conf.c reads
 *                      their YAML files
 *   draw.c             text fitted by display columns, glyphs, boxes, bars
 *   panel.c            selection, scrolling and filtering common to panels;
 *                      panel_*.c one file per panel (draw + key)
 *   prompt.c           the `:` line, y/n questions, number prompts, help
 *   app.c and app.h    the application: the loop, terminal, layout, keys,
 *                      frames, cast export (one file each, listed in app.h)
 */
#ifndef KSIM_TUI_INTERNAL_H
#define KSIM_TUI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "ksim/cluster.h"
#include "ksim/cron.h"
#include "ksim/keys.h"
#include "ksim/runner.h"
#include "ksim/scenario.h"
#include "ksim/tui.h"
#include "ksim/util.h"

struct rect {
	int y, x, h, w;
};

/* --- roles and themes --- */

enum role {
	ROLE_NORMAL,
	ROLE_DIM,
	ROLE_HEADER,
	ROLE_TITLE,
	ROLE_TITLE_FOCUS,
	ROLE_BORDER,
	ROLE_BORDER_FOCUS,
	ROLE_SELECTION,
	ROLE_STATUS,
	ROLE_KEY,
	ROLE_MESSAGE,
	ROLE_ERROR,
	ROLE_PAUSED,
	ROLE_NODE_READY,
	ROLE_NODE_NOT_READY,
	ROLE_NODE_CORDONED,
	ROLE_POD_RUNNING,
	ROLE_POD_PENDING,
	ROLE_POD_SUCCEEDED,
	ROLE_POD_FAILED,
	ROLE_POD_CRASH,
	ROLE_POD_TERMINATING,
	ROLE_POD_NOT_READY,
	ROLE_POD_DAEMON,
	ROLE_EVENT_NORMAL,
	ROLE_EVENT_WARNING,
	ROLE_WHY,
	ROLE_CAPTION,
	ROLE_OWNER,
	ROLE_COUNT,
};

/* A role's look: colours (-1: the terminal's default; 0-255) and attributes. */
struct style {
	short fg, bg;
	attr_t attrs;
};

struct theme {
	char name[64];
	struct style role[ROLE_COUNT];
};

/* "node-ready" for ROLE_NODE_READY; NULL past the end. */
const char *role_name(enum role r);
/* The compiled-in default theme. */
void theme_default(struct theme *t);
/* Loads themes/NAME.yaml (searched next to the binary and in the data dir) or a file path. */
int theme_load(const char *name_or_file, struct theme *t, struct ksim_error *err);
/* The theme names T cycles through: "default" first, then the theme files found. */
int theme_list(char names[][64], int max);
/* Sets up colour pairs for the terminal's colours (256/16/8, none, NO_COLOR) and fills attr[]. */
void theme_apply(const struct theme *t, bool color, attr_t attr[ROLE_COUNT]);

/* --- keys and actions --- */

struct keymap {
	int nbind;
	struct {
		int key; /* a character, or KEY_* */
		enum action act;
	} bind[96];
};
/* The built-in bindings, then ~/.config/ksim/keys.yaml ($XDG_CONFIG_HOME honoured) if present. */
int keys_load(struct keymap *km, struct ksim_error *err);
enum action keys_action(const struct keymap *km, int key);
/* "f", "space", "S-Tab", "^L": the first key bound to act, or "" when none. */
const char *keys_label(const struct keymap *km, enum action act, char *buf, size_t size);
/* Every key bound to act, comma-separated. */
void keys_labels(const struct keymap *km, enum action act, char *buf, size_t size);

/* --- a tiny YAML reader for themes and keys (maps of scalars, maps, lists) --- */

struct conf;
struct conf *conf_load(const char *path, struct ksim_error *err);
void conf_free(struct conf *c);
/* Node ids: 0 is the root. A map's value by key, -1 if absent. */
int conf_get(const struct conf *c, int node, const char *key);
/* The i-th entry of a map (*key set) or list, -1 past the end. */
int conf_item(const struct conf *c, int node, int i, const char **key);
/* A scalar's text, NULL when the node is not a scalar. */
const char *conf_scalar(const struct conf *c, int node);
bool conf_is_list(const struct conf *c, int node);
/* Fills err with the file:line:col of node, the field path and the message. */
void conf_error(const struct conf *c, int node, const char *path, struct ksim_error *err,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* --- editor.c --- */

/* Runs the editor on path with curses suspended, then repaints: its exit status (-1: did not run). */
int editor_run_suspended(const char *path);

/* --- the view model --- */

#define VIEW_NAME 64
#define TARGET_NAME 254 /* a DNS subdomain: the longest name an object can have, and its NUL */

/* What a pod cell shows: one state, drawn with a colour and a glyph. */
enum pstate {
	PS_PENDING,
	PS_CREATING,
	PS_RUNNING,
	PS_SUCCEEDED,
	PS_FAILED,
	PS_CRASH,
	PS_TERMINATING,
	PS_UNKNOWN,
	PS_NOT_READY, /* running, but its Ready condition is False (its node went silent...) */
	PS_GONE,      /* deleted while still running (a Job's lane only) */
	PS_COUNT,
};

/* The probe a selected pod's status line shows: its first failing one, else its first. */
struct vprobe {
	int64_t last_ms, next_ms, period_ms; /* last_ms/next_ms TIME_NONE when unset */
	uint32_t run;                        /* the last result, this many times in a row */
	int32_t failure_threshold;
	uint8_t kind; /* enum probe_kind, PROBE_KINDS when the pod has no probe */
	uint8_t last; /* enum probe_result */
	bool on_hold;
};

struct vpod {
	char name[VIEW_NAME]; /* cut to fit: keys act on the object by idx and uid */
	char status[32];      /* kubectl's STATUS column */
	char ready[12];       /* READY column */
	char ip[16];
	char pvc[VIEW_NAME + 16]; /* StatefulSet: "data-web-0 Bound" */
	uint32_t ns;              /* index into view.ns */
	uint8_t state;            /* enum pstate */
	uint8_t owner_kind;       /* enum kind, KIND_NONE for bare pods */
	uint32_t owner;           /* index into the owner kind's view array, NONE32 if not shown */
	uint32_t node;            /* index into view.nodes, NONE32 while unscheduled */
	uint32_t uid, idx;        /* the pod's identity: uid, and its slot in the store */
	uint32_t restarts, ordinal;
	int64_t created, started, finished;
	bool outdated; /* a DaemonSet's pod of an older revision than the set's template */
	struct vprobe probe;
};

struct vnode {
	char name[VIEW_NAME];
	uint32_t uid, idx;
	char status[40];
	char roles[48];
	char labels[96]; /* the labels a lesson turns on: os, disk, zone, custom ones */
	char taints[96];
	bool ready, cordoned;
	int64_t silent;   /* since when its kubelet posts no status, TIME_NONE while it does */
	int64_t evict_at; /* the soonest taint eviction of a pod on it, TIME_NONE if none */
	int64_t cpu_req, cpu_alloc, mem_req, mem_alloc;
	uint32_t first, npods; /* range of view.by_node */
	uint64_t look;         /* what its box shows, hashed: Nodes redraws a box when it moves */
};

struct vowner {
	char name[VIEW_NAME];
	uint8_t kind; /* enum kind */
	uint32_t uid, idx;
	uint32_t ns;
	uint32_t first, npods; /* range of view.by_owner */
	int64_t created;
};

struct vds {
	struct vowner o;
	int32_t desired, current, ready, updated, available;
	/* a rolling update under way (pods of two revisions): pods unavailable against maxUnavailable */
	bool rolling, on_delete;
	uint32_t revision; /* its newest ControllerRevision's hash: what its pods should run */
	int32_t unavail, max_unavail;
	char selector[64];
};

/* One pod's life in a Job's lanes. */
struct vlife {
	uint32_t uid;
	char name[VIEW_NAME];
	uint8_t state;    /* enum pstate; PS_GONE when it vanished unfinished */
	int64_t from, to; /* to TIME_NONE while it lives */
	uint16_t lane;
};

struct vjob {
	struct vowner o;
	uint32_t uid;
	char cronjob[VIEW_NAME]; /* owning CronJob, "" if none */
	int32_t completions, parallelism, succeeded, failed, active, backoff_limit;
	int64_t deadline_s, start, end;
	uint8_t condition; /* enum job_condition */
	bool suspended;
	bool on_failure; /* restartPolicy OnFailure: container restarts count toward backoffLimit */
	int32_t restarts; /* ... those of its active pods, as the Job controller sums them */
	char reason[32];
	uint32_t nlives, nlanes;
	struct vlife lives[48];
};

enum run_state {
	RUN_RUNNING,
	RUN_SUCCEEDED,
	RUN_FAILED,
	RUN_SKIPPED,   /* Forbid: JobAlreadyActive */
	RUN_REPLACED,  /* Replace deleted it while it ran */
	RUN_MISSED,    /* startingDeadlineSeconds passed, or skipped at a resume */
	RUN_SUSPENDED, /* came due while the CronJob was suspended */
	RUN_COUNT,
};

struct vrun {
	int64_t at; /* scheduled time (manual runs: creation) */
	char job[VIEW_NAME];
	uint8_t state; /* enum run_state */
	bool pruned;   /* deleted by the history limits */
	bool manual;
	char why[112]; /* the rule, from the controller's event ("" if none) */
};

#define VIEW_RUNS 40

struct vcron {
	struct vowner o;
	uint32_t uid;
	char schedule[64];
	char zone[48];
	char policy[8];
	bool suspend, bad_schedule;
	int32_t active;
	int64_t last_schedule, next;
	int64_t suspended_since; /* first seen suspended, TIME_NONE if not */
	int64_t missed_until;    /* suspended runs are recorded up to here */
	uint32_t nruns;
	struct vrun runs[VIEW_RUNS]; /* oldest first */
};

struct vset {
	struct vowner o; /* o.kind: KIND_STS, KIND_RS or KIND_RC */
	int32_t replicas, ready, current;
	char service[VIEW_NAME];
	char kept[160]; /* StatefulSet: claims no pod uses any more, "data-web-3 Bound, ..." */
};

/* A Deployment and its ReplicaSets, newest revision first (kubectl rollout history's numbers). */
#define VIEW_DEPLOY_SETS 6
struct vdeploy {
	struct vowner o;
	int32_t replicas, updated, ready, available;
	/* the rollout's budgets (pkg/controller/deployment/rolling.go): pods above replicas
	 * (the sets' spec.replicas summed) against maxSurge, pods short of available against
	 * maxUnavailable, both resolved as ResolveFenceposts does */
	int32_t surge, max_surge, unavail, max_unavail;
	bool recreate, paused;
	/* the Available and Progressing conditions: enum cond_status, and the reason */
	uint8_t cond_status[2];
	char cond_reason[2][40];
	uint32_t nsets;
	struct {
		uint32_t set; /* index into view.sets */
		int64_t revision;
		char image[64];
	} sets[VIEW_DEPLOY_SETS];
};

struct vevent {
	uint64_t seq;
	int64_t time;
	bool warning;
	uint8_t kind;
	uint32_t uid; /* the involved object's */
	char reason[32];
	char object[VIEW_NAME + 24];
	char msg[200];
	char why[320];
};

#define VIEW_EVENTS 400

/* What the Detail panel shows. */
enum detail_mode { DETAIL_NONE, DETAIL_DESCRIBE, DETAIL_LOGS, DETAIL_OUTPUT };

struct detail_target {
	enum detail_mode mode;
	enum kind kind;
	char ns[VIEW_NAME], name[TARGET_NAME];
	char line[160]; /* DETAIL_OUTPUT: the command it answers */
	int64_t at;     /* DETAIL_OUTPUT: the virtual time it was taken at */
	bool watch;     /* DETAIL_OUTPUT of a `get -w`: the view follows it */
};

struct view {
	uint64_t generation; /* the cluster's, at the last copy */
	uint64_t serial;     /* bumped by every copy and Detail change: what panels redraw on */
	int64_t cluster_now; /* the cluster's clock at the last copy */
	int64_t now;         /* the clock the frame shows (runner clock) */
	struct runner_clock clock;
	uint32_t nns;
	char ns[32][VIEW_NAME];
	struct vnode *nodes;
	struct vpod *pods;
	uint32_t *by_node, *by_owner; /* pod indexes grouped by node / by owner */
	struct vds *dss;
	struct vjob *jobs;
	struct vcron *crons;
	struct vset *sets;
	struct vdeploy *deploys;
	uint32_t nnodes, npods, ndss, njobs, ncrons, nsets, ndeploys;
	uint32_t cap[9];
	uint32_t nevents;
	struct vevent events[VIEW_EVENTS]; /* oldest first */
	uint64_t event_seq;                /* newest copied */
	struct detail_target detail;
	struct strbuf detail_text;
	bool detail_error;
	struct kubectl_watch *watch; /* detail.watch: the get -w the copies poll */
	/* history.c: the cluster's Job and CronJob events by object, made once a copy */
	struct owner_event {
		uint64_t key; /* kind << 32 | uid */
		uint32_t at;  /* cluster_event_at index */
	} *owner_events;
	uint32_t nowner_events, owner_events_cap;
	/* history.c keeps these across copies, by uid (a CronJob's suspended times) */
	struct vcron *old_crons;
	uint32_t nold_crons;
};

void view_init(struct view *v);
void view_free(struct view *v);
/* Copies the cluster (takes its lock) unless nothing changed since the last copy. */
void view_update(struct view *v, struct cluster *c);
/* The i-th entry of the view's array that holds kind (owners of pods, CronJobs and
 * Deployments: the array may hold other kinds too, see o->kind); NULL past its end
 * or for a kind the view keeps no owners of. */
const struct vowner *view_owner(const struct view *v, enum kind kind, uint32_t i);
/* Sets what the Detail panel shows; the next view_update fills detail_text. */
void view_set_detail(struct view *v, const struct detail_target *d);
/* The namespace name of a pod/owner. */
static inline const char *view_ns(const struct view *v, uint32_t ns)
{
	return ns < v->nns ? v->ns[ns] : "";
}

/* history.c: Job lanes and CronJob runs from the cluster's pods, Jobs and events. */
/* Groups the cluster's Job and CronJob events by object, for history_job and history_cron. */
void history_index(struct view *v, const struct cluster *c);
void history_job(const struct view *v, struct vjob *j, const struct cluster *c, uint32_t idx);
void history_cron(struct view *v, struct vcron *cj, const struct cluster *c, uint32_t idx);
/* Keeps the CronJobs' suspended times for the next copy. */
void history_commit(struct view *v);

/* --- drawing helpers --- */

struct glyphs {
	const char *pod[PS_COUNT];  /* one display column each */
	const char *lane[PS_COUNT]; /* fill of a Job lane */
	const char *run[RUN_COUNT]; /* a CronJob history cell */
	const char *bar_full, *bar_empty, *more, *ellipsis;
	bool ascii;
};
extern const struct glyphs glyphs_utf8, glyphs_ascii;

/* The drawing context of a frame. */
struct ui {
	const struct glyphs *g;
	attr_t attr[ROLE_COUNT];
	unsigned epoch;     /* bumped when the theme changes: every panel redraws */
	WINDOW *sel_win;    /* where put_text last drew in ROLE_SELECTION ... */
	int sel_y0, sel_y1; /* ... and on which lines */
};
extern struct ui ui;

/* Display columns of a UTF-8 string (wcwidth), bytes for ASCII. */
int text_width(const char *s);
/* Bytes of the longest start of s that fits in width columns. */
size_t text_fit(const char *s, int width);
/* Writes s at (y, x) in at most w columns, cut with an ellipsis; returns columns used. */
int put_text(WINDOW *w, int y, int x, int width, const char *s, enum role r);
/* The same, right-aligned in width columns. */
void put_right(WINDOW *w, int y, int x, int width, const char *s, enum role r);
/* printf into a buffer, then put_text. */
int put_fmt(WINDOW *w, int y, int x, int width, enum role r, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Word-wraps s into at most max lines of width columns from (y, x); returns the lines it needs. */
int put_wrapped(WINDOW *w, int y, int x, int width, int max, const char *s, enum role r);
/* A box with a title (and a number) on its top border. */
void draw_box(WINDOW *w, int y, int x, int h, int wd, const char *title, bool focus);
/* A horizontal rule. */
void draw_hline(WINDOW *w, int y, int x, int width, enum role r);
/* A progress bar of done/total in width columns. */
void draw_bar(WINDOW *w, int y, int x, int width, int done, int total, enum role r);
/* The role a pod state is drawn in. */
enum role pstate_role(enum pstate s);
enum role run_role(enum run_state s);
/* "2m5s" as kubectl prints ages; "-" for TIME_NONE. */
void text_age(int64_t now, int64_t then, char *buf, size_t size);
/* "1.5/2" cores, "512Mi/4Gi". */
void text_cpu(int64_t milli, char *buf, size_t size);
void text_mem(int64_t bytes, char *buf, size_t size);

/* --- panels --- */

/* A panel's number is its id + 1 (the digit keys): Deployments came last, as 8. */
enum panel_id {
	P_NODES,
	P_DAEMONSETS,
	P_JOBS,
	P_CRONJOBS,
	P_SETS,
	P_EVENTS,
	P_DETAIL,
	P_DEPLOYMENTS,
	P_COUNT
};

/*
 * The panel of the lesson's workload: the first DaemonSet, Job, CronJob, set or Deployment
 * the files made (created from since on, so not the lab's); DaemonSets if none.
 * Takes the cluster's lock.
 */
enum panel_id view_lesson_panel(struct cluster *c, int64_t since);

/*
 * The object a key acts on: its identity (kind, uid, and its slot in the
 * store, NONE32 when only the uid is known) from the view, its whole names
 * from the cluster (target_resolve), since the view cuts them to fit.
 */
struct target {
	enum kind kind; /* KIND_NONE: nothing selected */
	uint32_t uid, idx;
	char ns[VIEW_NAME], name[TARGET_NAME];
	char node[TARGET_NAME]; /* a pod's node, or the node itself */
};
/*
 * Fills t's names from the object itself (the cluster lock taken and
 * released); false when the object is gone (an event's object, known by
 * uid only, then keeps the name the event gave).
 */
bool target_resolve(struct cluster *c, struct target *t);

struct panel;
struct panel_class {
	const char *title;
	/* Collects the rows (indexes into the panel's view array) that pass the filter. */
	void (*rows)(struct panel *p, const struct view *v);
	/* Pods in row i a left/right selection walks (0: none). */
	uint32_t (*subs)(const struct panel *p, const struct view *v, uint32_t row);
	void (*draw)(struct panel *p, const struct view *v);
	/* The selected object; false when none. */
	bool (*target)(const struct panel *p, const struct view *v, struct target *t);
	/* Keys the panel handles itself (scrolling text...); false to fall through. */
	bool (*key)(struct panel *p, const struct view *v, enum action act);
	/* The keys that apply, for the status line, in the panel's terms. */
	const enum action *hints;
	/* True when it holds more than its box shows, so PgUp/PgDn page it (NULL: never). */
	bool (*pages)(const struct panel *p, const struct view *v);
	bool clock; /* shows times relative to now (ages, countdowns): redrawn each virtual second */
	bool parts; /* draws in parts and clears what it redraws itself (panel_parts_begin) */
};

struct panel {
	const struct panel_class *cls;
	enum panel_id id;
	WINDOW *win;
	struct rect r;
	bool visible, focus;
	uint32_t nrows, rows_cap;
	uint32_t *rows; /* indexes into the view: valid for the view and filter of rows_for only */
	uint64_t rows_for;
	int sel, sub;  /* selected row; selected pod in it, -1 for the row itself */
	int top;       /* first row (or line) shown */
	int left;      /* Detail: first column shown */
	bool follow;   /* Events: keep the newest in view */
	bool wrap;     /* Detail: long lines wrap (w), else they are cut and scroll sideways */
	unsigned tabs; /* the panels sharing its slot, one bit per id: named on its top border */
	char filter[64];
	uint64_t drawn; /* what the window shows (panel_draw's key); 0: must draw */
	/* A panel drawn in parts (Nodes' boxes): the layout they were drawn in, each part's key. */
	uint64_t parts_layout;
	uint64_t *parts;
	uint32_t parts_cap;
	/* A class's own memo of what its rows say (Deployments' texts), kept while memo_for holds. */
	void *memo;
	uint32_t memo_cap;
	uint64_t memo_for;
};

extern const struct panel_class panel_nodes, panel_daemonsets, panel_jobs, panel_cronjobs,
    panel_sets, panel_events, panel_detail, panel_deployments;

void panel_layout(struct panel *p, struct rect r);
/* Lines the Nodes panel needs at this width to show every node and pod with names. */
int panel_nodes_height(struct panel *p, const struct view *v, int width);
/*
 * Rows, clamped selection; then the class's draw; then wnoutrefresh. Skipped when nothing it shows
 * changed. The window is erased first unless the class draws in parts (see panel_parts_begin).
 */
void panel_draw(struct panel *p, const struct view *v);
/*
 * A panel that draws in parts redraws only the parts whose key moved, so the terminal and
 * curses see only what changed. parts_begin: true (window erased, every part stale) when the
 * layout differs from the last frame's; part_stale: true when part i must be drawn (its key
 * is recorded as drawn).
 */
bool panel_parts_begin(struct panel *p, uint64_t layout, uint32_t nparts);
bool panel_part_stale(struct panel *p, uint32_t i, uint64_t key);
/*
 * The rows that pass the filter, collected again unless they were collected
 * for this very view (serial) and filter, and the selection clamped to them.
 * Whatever reads p->rows outside panel_draw calls this first: a key can come
 * after the view was replaced (a seek back re-simulates into a new view).
 */
void panel_rows(struct panel *p, const struct view *v);
/* Movement and the panel's own keys; true when handled. */
bool panel_key(struct panel *p, const struct view *v, enum action act);
/* The class's pages(): PgUp/PgDn are the panel's, not a demo clicker's. */
bool panel_pages(const struct panel *p, const struct view *v);
/* Appends row index i to p->rows. */
void panel_add_row(struct panel *p, uint32_t i);
/* Sorts the rows by name, the lesson's own objects first and kube-system's last. */
void panel_sort_rows(struct panel *p, const struct view *v,
		     const struct vowner *(*owner)(const struct view *v, uint32_t i));
/* True when name passes the panel's filter (substring, case-insensitive). */
bool panel_match(const struct panel *p, const char *name);
/* The view index of the selected row, NONE32 if none. */
uint32_t panel_selected(const struct panel *p);
/* Keeps row sel in a window of `visible` rows of height `each` starting at p->top. */
void panel_scroll_to(struct panel *p, int sel, int visible);
/* The same for rows of varying height: height(p, v, item, ctx) lines for the row showing item. */
void panel_scroll_var(struct panel *p, const struct view *v, int avail,
		      int (*height)(const struct panel *p, const struct view *v, uint32_t item,
				    int ctx),
		      int ctx);
/* The inside of the panel's box. */
struct rect panel_inner(const struct panel *p);
/* The box and title ("3 Jobs  filter: pi"). */
void panel_frame(struct panel *p, const char *extra);
/* Fills a target from a pod of the view. */
void target_pod(const struct view *v, uint32_t pod, struct target *t);
void target_owner(const struct view *v, enum kind kind, const struct vowner *o, struct target *t);
/* A table column after the name column; columns that do not fit are dropped from the right. */
struct column {
	const char *head;
	int width;
};
/*
 * The name column's width for names up to want wide: at most cap while the
 * columns need the room, the whole name when every column fits beside it.
 */
int columns_name_width(const struct column *c, int n, int width, int want, int cap);
/* x of each column that fits in width after a name column name_w wide; returns how many fit. */
int columns_place(const struct column *c, int n, int width, int name_w, int *x);
void columns_head(WINDOW *w, int y, int x0, const char *name, int name_w, const struct column *c,
		  int n, const int *x);
/* One pod as a cell: glyph, owner mark, name; returns columns used. */
/* What a waiting pod waits on (CreateContainerConfigError, ErrImagePull...), NULL for a plain start. */
const char *pod_waiting_reason(const struct vpod *pod);
int draw_pod_cell(WINDOW *w, int y, int x, int width, const struct vpod *pod, bool selected);

/* --- prompt.c: line editing, completion, history, help --- */

struct lineedit {
	char buf[256];
	int len, cur; /* bytes */
};
void lineedit_set(struct lineedit *e, const char *text);
/* Editing keys (characters, Left/Right/Home/End, Backspace/Del, ^A ^E ^U ^W); false if not one. */
bool lineedit_key(struct lineedit *e, int key);
/* prompt + text with the cursor shown as a reversed cell. */
void lineedit_draw(WINDOW *w, int y, int x, int width, const char *prompt, const struct lineedit *e);
/* Tab completion of verbs, kinds and names; candidates listed in msg when several. */
void lineedit_complete(struct lineedit *e, const struct view *v, char *msg, size_t size);

/* Lines typed at the `:` prompt, for up/down. */
#define CMDHIST_MAX 100
struct cmdhist {
	char *items[CMDHIST_MAX];
	int n, pos; /* pos == n: the line being typed */
};
void cmdhist_push(struct cmdhist *h, const char *line);
/* Up (dir -1) / down (dir 1) from the current position into e. */
void cmdhist_move(struct cmdhist *h, int dir, struct lineedit *e);
void cmdhist_free(struct cmdhist *h);

/* The `?` overlay: every action and its keys, then the legend of glyphs, from line top; returns the lines it has. */
int help_draw(WINDOW *w, const struct keymap *km, int top);

#endif
