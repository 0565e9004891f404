/*
 * Shared by the verbs that change the cluster (apply, delete, label, taint,
 * cordon, drain, scale and ksim's own fail/recover/add/remove/crash): picking
 * objects by name, label selector, --all or file; repeatable and numeric
 * flags; Kubernetes' label and taint syntax. Private to src/kubectl. Like
 * every verb, these run with the cluster lock held.
 */
#ifndef KSIM_KUBECTL_WRITE_H
#define KSIM_KUBECTL_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/kubectl.h"

/* Values of a repeatable flag, in order; the strings point into argv. */
struct flag_list {
	uint32_t n, cap;
	char **v;
};

/* --- picking objects --- */

/* How a command chose its objects besides "KIND NAME..." words. */
struct pick {
	const char *selector;          /* -l, or NULL */
	bool all;                      /* --all */
	const struct flag_list *files; /* -f (relative to k->base_dir), or NULL */
	const char *doing;             /* "deleting": named in not-found errors for file objects */
};

/* Called once per picked object; returns 0, or 1 after writing an error to k->err. */
typedef int (*pick_fn)(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx);

/*
 * Calls fn for each object that words (the positional arguments) and p pick,
 * in kubectl's order: named objects as written, listed ones (-l, --all) by
 * namespace then name, file objects as written. An object gone by the time
 * its turn comes is skipped. Errors (unknown type, not found, bad selector)
 * go to k->err as kubectl words them. *found counts the calls to fn. Returns
 * 0 when everything was found and every fn returned 0, else 1.
 */
int pick_each(struct kubectl *k, const struct pick *p, int nwords, char **words, pick_fn fn,
	      void *ctx, int *found);

/*
 * Where the changes start in "VERB RESOURCE... CHANGE...", as label and taint
 * take them: the first word is_change accepts. Every word after it must be
 * a change too, else kubectl's "all resources must be specified before
 * WHAT changes" goes to k->err and the result is -1.
 */
int split_changes(struct kubectl *k, int argc, char **argv, bool (*is_change)(const char *),
		  const char *what);

/* Reads every file (validate: kubectl's --validate, NULL strict), then applies each object;
 * create refuses ones that exist. 0 or 1. */
/* The loader's warnings (unknown fields), as kubectl prints the server's: "Warning: ...". */
void print_warnings(struct kubectl *k, const char *text);
int apply_files(struct kubectl *k, const struct flag_list *files, bool recursive, bool create,
		const char *validate);
/* "replicaset.apps/rs-1 scaled": kubectl's name printer with an operation. */
void print_operation(struct kubectl *k, enum kind kind, uint32_t idx, const char *operation);

/* --- generated.c: objects a verb writes itself (run's Pod, expose's Service) --- */

struct manifest;
/*
 * The API server's checks of a generated object: its name free, its YAML
 * valid. KUBECTL_OK with m loaded (the caller frees it), or KUBECTL_ERROR
 * with kubectl's message printed and m freed.
 */
int generated_load(struct kubectl *k, enum kind kind, const char *name, const struct strbuf *yaml,
		   struct manifest *m);
/* Creates m's object; "KIND/NAME created" only when shown. KUBECTL_OK or KUBECTL_ERROR. */
int generated_create(struct kubectl *k, struct manifest *m, bool shown);

/* The namespace a decoded manifest object belongs in: its own, or the command's (-n). */
uint32_t apply_ns(const struct kubectl *k, enum kind kind, const struct meta *m);
/* path as written on the command line, relative to k->base_dir when that is set. */
void path_resolve(const struct kubectl *k, const char *path, struct strbuf *out);

/*
 * "VERB NODE..." or "VERB -l SELECTOR", as cordon, uncordon and drain take
 * their nodes (argv[0] is the verb); fn gets each node. Returns 0 or 1.
 */
int pick_nodes(struct kubectl *k, const char *verb, const char *selector, int argc, char **argv,
	       pick_fn fn, void *ctx);

/* --- flags --- */

void flag_list_free(struct flag_list *l);
/*
 * Removes every "-s V", "-sV", "-s=V", "--name V", "--name=V" from argv and
 * appends V to *out, split at commas when split is set (pflag's StringSlice).
 * kubectl_flags() keeps only the last value of a flag; -f, --label and
 * --taint may be given many times. Returns 0, or 1 with kubectl's error.
 */
int flag_take_list(struct kubectl *k, const char *shorthand, const char *name, bool split,
		   int *argc, char **argv, struct flag_list *out);
/* Parses a numeric flag value as pflag does; 0, or 1 with kubectl's error on k->err. */
int flag_int(struct kubectl *k, const char *verb, const char *name, const char *text, int64_t *out);
/*
 * Errors kubectl aggregates (one per line in lines): a lone one prints as
 * "error: MSG", several as bare lines, as cmdutil.CheckErr does.
 */
void print_aggregate(struct kubectl *k, const struct strbuf *lines, int n);
/* "error: MSG\nSee 'kubectl VERB -h' for help and examples" (cmdutil.UsageErrorf). */
int usage_error(struct kubectl *k, const char *verb, const char *msg);

/* --- labels and taints --- */

/*
 * What Kubernetes finds wrong with a label key (IsQualifiedName) or value
 * (IsValidLabelValue): up to 4 static messages, returns how many (0 = valid).
 */
int label_key_problems(const char *key, const char *msgs[4]);
int label_value_problems(const char *value, const char *msgs[4]);

/* "NoSchedule" etc.; EFFECT_ALL (the empty effect) for anything else. */
enum taint_effect taint_effect_parse(const char *word);
const char *taint_effect_name(enum taint_effect effect);

/* One taint argument: "k=v:Effect", "k:Effect", "k" and the same with a trailing "-". */
struct taint_arg {
	struct taint taint; /* effect EFFECT_ALL when none was written */
	bool remove;
};
/* Parses as kubectl's parseTaint does; 0, or -1 with the message in why (no "error: "). */
int taint_arg_parse(struct cluster *c, const char *spec, struct taint_arg *out, struct strbuf *why);
/* "key=value:Effect", "key:Effect", "key=value" or "key" (corev1.Taint.ToString). */
void taint_format(const struct cluster *c, const struct taint *t, struct strbuf *out);

/* --- nodes --- */

/* Cordon/uncordon with kubectl's line: "node/x cordoned" or "node/x already cordoned". */
void node_cordon(struct kubectl *k, uint32_t node, bool on);

#endif
