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

#include "ksim/cluster.h"
#include "ksim/engine.h"
#include "ksim/util.h"

struct kubectl {
	struct engine *e;
	struct cluster *c;
	struct strbuf *out, *err;
	uint32_t ns;          /* -n, or the default namespace */
	bool all_namespaces;  /* -A */
	const char *base_dir; /* relative -f paths resolve here ("" = cwd) */
	/* get -w stores its watch here for the caller to poll; NULL: it lists and ends */
	struct kubectl_watch **watch;
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
	/* argv[0] is the verb; returns kubectl's exit status (0 ok, 1 error). */
	int (*exec)(struct kubectl *k, int argc, char **argv);
};

/* Runs one command line ("kubectl get pods -o wide", or without "kubectl"). */
int kubectl_exec(struct engine *e, const char *line, struct strbuf *out, struct strbuf *err);
/* Splits like a POSIX shell: quotes, backslashes; no expansion. Caller frees with kubectl_split_free. */
int kubectl_split(const char *line, int *argc, char ***argv, struct ksim_error *err);
void kubectl_split_free(int argc, char **argv);
/* Every verb, for help and completion; NULL-terminated. */
extern const struct kubectl_verb *const kubectl_verbs[];

/* Table printing shared by get and the headless --get: kubectl's tabwriter. */
struct table_out;
struct table_out *table_new(void);
void table_free(struct table_out *t);
void table_cell(struct table_out *t, const char *text);
void table_endrow(struct table_out *t);
/* Writes rows aligned: min width 6, 3 spaces padding (kubectl's constants). */
void table_flush(struct table_out *t, struct strbuf *out);

/* `kubectl get KIND` for one kind, as the headless --get prints it. */
int kubectl_get_kind(struct kubectl *k, enum kind kind, bool wide, bool show_kind);
/*
 * One field of an object as `kubectl get -o json` shows it, by a path such
 * as "status.succeeded", "spec.template.spec.containers[0].image" (or
 * "containers.0.image") or "metadata.labels.kubernetes\.io/os" (a leading
 * "." is allowed): a string
 * as is, a number, boolean or null as JSON writes it, a map or list as
 * indented JSON. 0, or -1 when the path leads nowhere (out unchanged).
 */
int kubectl_object_field(const struct cluster *c, enum kind kind, uint32_t idx, const char *path,
			 struct strbuf *out);

/*
 * Runs one command line in a prepared context (k->e may be NULL for the read
 * verbs): global flags (-n NS, -A) apply to this command only. Returns the
 * exit status. kubectl_exec() is this with a context made from the engine.
 */
int kubectl_run(struct kubectl *k, const char *line);

extern const struct kubectl_verb kubectl_apply, kubectl_get, kubectl_describe, kubectl_logs,
    kubectl_delete, kubectl_label, kubectl_taint, kubectl_cordon, kubectl_uncordon, kubectl_drain,
    kubectl_scale, kubectl_fail, kubectl_recover, kubectl_add, kubectl_remove, kubectl_crash,
    kubectl_patch, kubectl_create, kubectl_edit, kubectl_rollout, kubectl_run_verb;

/*
 * The API server's create-or-update of one decoded manifest object, as
 * `kubectl apply` sends it: server-side defaults (a Job's selector, a
 * Service's IPs), immutable fields, metadata.generation; prints
 * "replicaset.apps/x created" (or configured, unchanged) on k->out. Always
 * takes mo->obj (frees it, sets it NULL). 0, or -1 with err->msg holding
 * kubectl's whole error line.
 */
struct manifest_object;
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

/* --- what kubectl derives from status (printers.go) --- */

/* STATUS column: Running, ContainerCreating, CrashLoopBackOff, Init:0/1, Terminating, ... */
void kubectl_pod_status(const struct cluster *c, const struct pod *p, char *buf, size_t size);
/* READY column: "ready/total". */
void kubectl_pod_ready(const struct cluster *c, const struct pod *p, char *buf, size_t size);
/* The pod's Ready condition: running, every container ready, node reporting (MarkPodsNotReady). */
bool kubectl_pod_is_ready(const struct pod *p);
/* RESTARTS column: "0", or "3 (42s ago)" relative to c->now_ms. */
void kubectl_pod_restarts(const struct cluster *c, const struct pod *p, char *buf, size_t size);
/* Node STATUS: "Ready", "NotReady", with ",SchedulingDisabled" when cordoned. */
void kubectl_node_status(const struct node *n, char *buf, size_t size);
/* Node ROLES from node-role.kubernetes.io/<role> and kubernetes.io/role labels, or "<none>". */
void kubectl_node_roles(const struct cluster *c, const struct node *n, struct strbuf *out);

#endif
