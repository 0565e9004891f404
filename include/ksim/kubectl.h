/*
 * kubectl: the commands the course types, shared by every face (the `:` line,
 * `ksim run --exec`, demo timelines). A command line is split into words as a
 * shell would, then dispatched to one verb, each a const table entry in its
 * own file. Output and errors read as kubectl prints them. Runs on the thread
 * that owns the cluster (lock held).
 */
#ifndef KSIM_KUBECTL_H
#define KSIM_KUBECTL_H

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
};

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

#endif
