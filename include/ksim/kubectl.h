/*
 * kubectl: the commands the course types, shared by every face (the `:` line,
 * `ksim run --exec`, demo timelines). A command line is split into words as a
 * shell would, then dispatched to one verb, each a const table entry in its
 * own file. Output and errors read as kubectl prints them. Runs on the thread
 * that owns the cluster (lock held).
 */
#ifndef KSIM_KUBECTL_H
#define KSIM_KUBECTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ksim/api.h"
#include "ksim/cluster.h"
#include "ksim/engine.h"
#include "ksim/util.h"

/*
 * What a verb returns, as tmux's commands return enum cmd_retval: done
 * (OK, ERROR: kubectl's exit status 0 or 1), or not yet: WAIT for a
 * condition (rollout status) that needs virtual time to pass, EDIT for a
 * file the user edits. A verb never moves the clock or touches the
 * terminal: whoever runs it (the runner, the headless driver) does.
 */
enum kubectl_ret { KUBECTL_OK = 0, KUBECTL_ERROR = 1, KUBECTL_WAIT = 2, KUBECTL_EDIT = 3 };

/* A command that returned WAIT or EDIT: what it waits for, and how it goes on. */
struct kubectl_cont;

struct kubectl {
	struct engine *e;
	struct cluster *c;
	struct strbuf *out, *err;
	uint32_t ns;          /* -n, or the default namespace */
	bool all_namespaces;  /* -A */
	const char *base_dir; /* relative -f paths resolve here ("" = cwd) */
	struct kubectl_cont *cont; /* set by kubectl_wait() / kubectl_edit_file() */
	/* get -w stores its watch here for the caller to poll; NULL: it lists and ends */
	struct kubectl_watch **watch;
	/* verbs besides kubectl's, found after them (ksim's own, from session/), or NULL */
	const struct kubectl_verb *const *more_verbs;
};

/*
 * A `get -w` that follows the cluster: each poll prints a line for every
 * object of the watched type added, changed (a new resourceVersion) or
 * deleted since the last one, as kubectl prints watch events (each row
 * aligned alone, no header). Reads the cluster (lock held); keeps no
 * pointer into it.
 */
struct kubectl_watch;
void kubectl_watch_poll(struct kubectl_watch *w, struct cluster *c, struct strbuf *out);
void kubectl_watch_free(struct kubectl_watch *w);
/* True for a `get` line with -w or --watch. */
bool kubectl_line_watches(const char *line);

struct kubectl_verb {
	const char *name;
	const char *usage;
	const char *summary;
	/* argv[0] is the verb; returns an enum kubectl_ret. */
	int (*exec)(struct kubectl *k, int argc, char **argv);
};

/*
 * Runs one command line ("kubectl get pods -o wide", or without "kubectl";
 * "ksim fail node x" names a verb of k->more_verbs): kubectl_run.
 */
int kubectl_exec(struct engine *e, const char *line, struct strbuf *out, struct strbuf *err);
/* Splits like a POSIX shell: quotes, backslashes; no expansion. Caller frees with kubectl_split_free. */
int kubectl_split(const char *line, int *argc, char ***argv, struct ksim_error *err);
void kubectl_split_free(int argc, char **argv);
/* Every verb, for help and completion; NULL-terminated. */
extern const struct kubectl_verb *const kubectl_verbs[];

/* Table printing shared by get and the headless --get: kubectl's tabwriter. */
struct table_out;
struct table_out *kubectl_table_new(void);
void kubectl_table_free(struct table_out *t);
void kubectl_table_cell(struct table_out *t, const char *text);
void kubectl_table_endrow(struct table_out *t);
/* Writes rows aligned: min width 6, 3 spaces padding (kubectl's constants). */
void kubectl_table_flush(struct table_out *t, struct strbuf *out);

/* `kubectl get KIND` for one kind, as the headless --get prints it. */
int kubectl_get_kind(struct kubectl *k, enum kind kind, bool wide, bool show_kind);

/*
 * Starts one command line in a prepared context (k->e may be NULL for the
 * read verbs): global flags (-n NS, -A) apply to this command only. Returns
 * KUBECTL_OK or KUBECTL_ERROR when the command is done, else KUBECTL_WAIT
 * or KUBECTL_EDIT with *cont set (the caller frees it).
 */
int kubectl_start(struct kubectl *k, const char *line, struct kubectl_cont **cont);
/*
 * The headless driver: kubectl_start, then a WAIT is run to its end by
 * running the engine from timer to timer (a cluster at rest, or the
 * deadline passed, times out), and an EDIT opens the editor in the
 * foreground. Returns the exit status. kubectl_exec() is this with a
 * context made from the engine.
 */
int kubectl_run(struct kubectl *k, const char *line);

/* --- going on with a command that returned WAIT or EDIT --- */

/* The virtual time a WAIT gives up at; TIME_NONE for an EDIT. */
int64_t kubectl_cont_deadline(const struct kubectl_cont *c);
/*
 * WAIT, after virtual time moved: checks the condition again, printing
 * what changed. KUBECTL_OK or KUBECTL_ERROR when done (an ERROR with
 * kubectl's timeout message once the deadline is reached), else
 * KUBECTL_WAIT. The cluster lock held.
 */
int kubectl_cont_poll(struct kubectl_cont *c, struct strbuf *out, struct strbuf *err);
/* WAIT given up before its condition (the cluster is at rest): kubectl's timeout error. */
int kubectl_cont_timeout(struct kubectl_cont *c, struct strbuf *err);
/* EDIT: the file to open in the editor (the object's YAML), NULL for a WAIT. */
const char *kubectl_cont_file(const struct kubectl_cont *c);
/*
 * EDIT, after the editor exited (editor_status: its exit status, -1 when
 * it could not run): applies the saved file as `kubectl edit` does, or
 * reports the editor's failure; removes the file. The cluster lock held.
 * KUBECTL_OK or KUBECTL_ERROR.
 */
int kubectl_cont_edited(struct kubectl_cont *c, int editor_status, struct strbuf *out,
			struct strbuf *err);
/* Frees a continuation (an EDIT's file is removed); NULL does nothing. */
void kubectl_cont_free(struct kubectl_cont *c);
/* $KUBE_EDITOR, $EDITOR or vi. */
const char *kubectl_editor(void);
/*
 * Runs the editor on path in the foreground with the default signal mask
 * and dispositions, and waits: its exit status, -1 when it could not run.
 * The caller owns the terminal (curses suspended).
 */
int kubectl_editor_run(const char *path);

/* --- for verbs: returning WAIT or EDIT --- */

/*
 * WAIT: poll is called after each instant of virtual time until it returns
 * OK or ERROR (it writes to k->out, k->err); state is freed with
 * free_state. Returns KUBECTL_WAIT.
 */
int kubectl_wait(struct kubectl *k, int64_t deadline_ms, int (*poll)(struct kubectl *k, void *state),
		 void *state, void (*free_state)(void *state));
/*
 * EDIT: path (taken) is the file the user edits; edited is called with it
 * after the editor exited cleanly. Returns KUBECTL_EDIT.
 */
int kubectl_edit_file(struct kubectl *k, char *path,
		      int (*edited)(struct kubectl *k, void *state, const char *path), void *state,
		      void (*free_state)(void *state));

extern const struct kubectl_verb kubectl_apply, kubectl_get, kubectl_describe, kubectl_logs,
    kubectl_delete, kubectl_label, kubectl_taint, kubectl_cordon, kubectl_uncordon, kubectl_drain,
    kubectl_scale, kubectl_patch, kubectl_create, kubectl_edit, kubectl_rollout, kubectl_run_verb, kubectl_expose,
    kubectl_exec_verb, kubectl_set, kubectl_annotate;

/*
 * `kubectl apply` of one decoded manifest object in the command's namespace:
 * api_apply_object, then kubectl's "replicaset.apps/x created" (or
 * configured, unchanged) on k->out. 0, or -1 with err->msg holding
 * kubectl's whole error line.
 */
int kubectl_apply_object(struct kubectl *k, struct manifest_object *mo, struct ksim_error *err);

/* --- helpers the verbs share --- */

/*
 * A flag a verb accepts, pflag style: "-o wide", "-owide", "-o=wide",
 * "--output wide", "--output=wide"; a bool flag also takes "=true|false".
 */
struct kubectl_flag {
	const char *shorthand; /* "o", or NULL */
	const char *name;      /* "output" */
	const char **value;    /* value flags: where the word goes; NULL for bool flags */
	bool *set;             /* set true when the flag is given (bool flags: its value) */
};
/*
 * Removes the flags from argv, keeping the other words in order ("--" ends
 * flags). On an unknown flag or a missing value writes kubectl's error to
 * k->err and returns 1; else 0. Values point into argv's strings.
 */
int kubectl_flags(struct kubectl *k, const struct kubectl_flag *flags, int *argc, char **argv);

/* An object named on the command line. */
struct kubectl_target {
	enum kind kind;
	uint32_t idx;
};
/*
 * Resolves "KIND NAME...", "KIND/NAME..." and "KIND1,KIND2 NAME..." (argv
 * holds only these words) in the command's namespace. Missing names and
 * unknown types are reported on k->err as kubectl words them; the found
 * objects are returned in order in *targets (malloc'd; the caller frees,
 * also on failure). Returns 0 when everything was found, else 1.
 */
int kubectl_resolve(struct kubectl *k, int argc, char **argv, struct kubectl_target **targets,
		    int *ntargets);
/* The namespace a kind is looked up in: k->ns, or 0 for cluster-scoped kinds. */
uint32_t kubectl_ns_of(const struct kubectl *k, enum kind kind);
/* "pods" / "replicasets.apps" (plural), or "pod" / "replicaset.apps". */
void kubectl_kind_name(enum kind kind, bool plural, char *buf, size_t size);
/* "pod/x", "replicaset.apps/x": how -o name and the mutating verbs name an object. */
void kubectl_object_name(const struct cluster *c, enum kind kind, uint32_t idx, struct strbuf *out);
/* Error from server (NotFound): pods "x" not found */
void kubectl_not_found(struct kubectl *k, enum kind kind, const char *name);
/* error: the server doesn't have a resource type "foo" */
void kubectl_unknown_type(struct kubectl *k, const char *word);

/* --- for verbs that change the cluster, also those outside kubectl/ (session's ksim verbs) --- */

/* Values of a repeatable flag, in order; the strings point into argv. */
struct flag_list {
	uint32_t n, cap;
	char **v;
};

/* How a command chose its objects besides "KIND NAME..." words. */
struct pick {
	const char *selector;          /* -l, or NULL */
	bool all;                      /* --all */
	const struct flag_list *files; /* -f (relative to k->base_dir), or NULL */
	const char *doing;             /* "deleting": named in not-found errors for file objects */
};

/* Called once per picked object; returns 0, or 1 after writing an error to k->err. */
typedef int (*kubectl_pick_fn)(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx);

/*
 * Calls fn for each object that words (the positional arguments) and p pick,
 * in kubectl's order: named objects as written, listed ones (-l, --all) by
 * namespace then name, file objects as written. An object gone by the time
 * its turn comes is skipped. Errors (unknown type, not found, bad selector)
 * go to k->err as kubectl words them. *found counts the calls to fn. Returns
 * 0 when everything was found and every fn returned 0, else 1.
 */
int kubectl_pick_each(struct kubectl *k, const struct pick *p, int nwords, char **words,
		      kubectl_pick_fn fn, void *ctx, int *found);

/* "replicaset.apps/rs-1 scaled": kubectl's name printer with an operation. */
void kubectl_operation_print(struct kubectl *k, enum kind kind, uint32_t idx, const char *operation);

void kubectl_flag_list_free(struct flag_list *l);
/*
 * Removes every "-s V", "-sV", "-s=V", "--name V", "--name=V" from argv and
 * appends V to *out, split at commas when split is set (pflag's StringSlice).
 * kubectl_flags() keeps only the last value of a flag; -f, --label and
 * --taint may be given many times. Returns 0, or 1 with kubectl's error.
 */
int kubectl_flag_take_list(struct kubectl *k, const char *shorthand, const char *name, bool split,
			   int *argc, char **argv, struct flag_list *out);
/* Parses a numeric flag value as pflag does; 0, or 1 with kubectl's error on k->err. */
int kubectl_flag_int(struct kubectl *k, const char *verb, const char *name, const char *text,
		     int64_t *out);

/* One taint argument: "k=v:Effect", "k:Effect", "k" and the same with a trailing "-". */
struct taint_arg {
	struct taint taint; /* effect EFFECT_ALL when none was written */
	bool remove;
};
/* Parses as kubectl's parseTaint does; 0, or -1 with the message in why (no "error: "). */
int kubectl_taint_arg_parse(struct cluster *c, const char *spec, struct taint_arg *out,
			    struct strbuf *why);

/* --- what kubectl derives from status (printers.go) --- */

/* STATUS column: Running, ContainerCreating, CrashLoopBackOff, Init:0/1, Terminating, ... */
void kubectl_pod_status(const struct cluster *c, const struct pod *p, char *buf, size_t size);
/* READY column: "ready/total". */
void kubectl_pod_ready(const struct cluster *c, const struct pod *p, char *buf, size_t size);
/*
 * What the kubelet's prober last saw of a container probe (ps from
 * pod_probe_status()): "success 3s ago; next in 7s", "failure 2 of 3 in a
 * row 1s ago: HTTP probe failed with statuscode: 500; next in 9s", ...
 * For describe and the dashboard's selection line.
 */
void kubectl_probe_result(const struct cluster *c, const struct probe *pr,
			  const struct probe_status *ps, struct strbuf *out);
/* RESTARTS column: "0", or "3 (42s ago)" relative to c->now_ms. */
void kubectl_pod_restarts(const struct cluster *c, const struct pod *p, char *buf, size_t size);
/* Node STATUS: "Ready", "NotReady", with ",SchedulingDisabled" when cordoned. */
void kubectl_node_status(const struct node *n, char *buf, size_t size);
/* Node ROLES from node-role.kubernetes.io/<role> and kubernetes.io/role labels, or "<none>". */
void kubectl_node_roles(const struct cluster *c, const struct node *n, struct strbuf *out);

#endif
