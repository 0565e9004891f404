/*
 * Shared by the verbs that change the cluster (apply, delete, label, taint,
 * cordon, drain, scale): what they share besides the helpers kubectl.h
 * gives verb tables outside kubectl/. Private to src/kubectl. Like
 * every verb, these run with the cluster lock held.
 */
#ifndef KSIM_KUBECTL_WRITE_H
#define KSIM_KUBECTL_WRITE_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/kubectl.h"

/* --- picking objects --- */

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

/* --- generated.c: objects a verb writes itself (run's Pod, expose's Service, create's) --- */

struct manifest;
/*
 * The API server's checks of a generated object: its name free, its YAML
 * valid. KUBECTL_OK with m loaded (the caller frees it), or KUBECTL_ERROR
 * with kubectl's message printed and m freed. failed: the verb's wrapping
 * of the server's error ("failed to create deployment"), NULL for none.
 */
int generated_load(struct kubectl *k, enum kind kind, const char *name, const struct strbuf *yaml,
		   const char *failed, struct manifest *m);
/* Creates m's object; "KIND/NAME created" only when shown. KUBECTL_OK or KUBECTL_ERROR. */
int generated_create(struct kubectl *k, struct manifest *m, bool shown);

/* path as written on the command line, relative to k->base_dir when that is set. */
void path_resolve(const struct kubectl *k, const char *path, struct strbuf *out);
/* The whole file at path (resolved so), its length in *len (may be NULL); NULL with errno set. */
char *path_read(const struct kubectl *k, const char *path, size_t *len);
/*
 * The names in directory dir (a path already resolved), sorted bytewise;
 * hidden: those starting with '.' too (never "." and ".."). -1 with errno
 * set when it cannot be opened. Free with path_names_free.
 */
int path_names(const char *dir, bool hidden, char ***names, uint32_t *n);
void path_names_free(char **names, uint32_t n);

/*
 * "VERB NODE..." or "VERB -l SELECTOR", as cordon, uncordon and drain take
 * their nodes (argv[0] is the verb); fn gets each node. Returns 0 or 1.
 */
int pick_nodes(struct kubectl *k, const char *verb, const char *selector, int argc, char **argv,
	       kubectl_pick_fn fn, void *ctx);

/* --- flags --- */

/*
 * Errors kubectl aggregates (one per line in lines): a lone one prints as
 * "error: MSG", several as bare lines, as cmdutil.CheckErr does.
 */
void print_aggregate(struct kubectl *k, const struct strbuf *lines, int n);
/* "error: MSG\nSee 'kubectl VERB -h' for help and examples" (cmdutil.UsageErrorf). */
int usage_error(struct kubectl *k, const char *verb, const char *msg);

/* --- labels and taints --- */

/* "key=value:Effect", "key:Effect", "key=value" or "key" (corev1.Taint.ToString). */
void taint_format(const struct cluster *c, const struct taint *t, struct strbuf *out);

/* --- nodes --- */

/* Cordon/uncordon with kubectl's line: "node/x cordoned" or "node/x already cordoned". */
void node_cordon(struct kubectl *k, uint32_t node, bool on);

#endif
