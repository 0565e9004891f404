/*
 * manifest: the libyaml loader. It turns real Kubernetes YAML (several
 * documents per file) into objects of the cluster's own structs, interned in
 * that cluster, ready for kubectl apply; it validates as the API server does
 * and reports errors as "file:line:col: field.path: message". Unknown fields
 * are ignored; a field Kubernetes does not have gets a warning. Runs on the
 * thread that owns the cluster.
 */
#ifndef KSIM_MANIFEST_H
#define KSIM_MANIFEST_H

#include <stdint.h>

#include "ksim/cluster.h"
#include "ksim/util.h"

/* One decoded document. obj points to a heap struct of the kind (struct pod, ...). */
struct manifest_object {
	enum kind kind;
	void *obj;       /* owned until taken by apply (set to NULL) */
	char file[256];
	int line, col;   /* 1-based position of the document */
};

struct manifest {
	uint32_t count, cap;
	struct manifest_object *objects;
	struct strbuf warnings; /* one line each: "file:line:col: path: unknown field" */
};

void manifest_init(struct manifest *m);
/* Releases every object not taken, and the warnings. */
void manifest_free(struct cluster *c, struct manifest *m);
/* Appends the documents of a file ("-" is stdin). 0, or -1 with err. */
int manifest_load_file(struct cluster *c, const char *path, struct manifest *m,
		       struct ksim_error *err);
int manifest_load_string(struct cluster *c, const char *name, const char *text, size_t len,
			 struct manifest *m, struct ksim_error *err);
/* Frees one decoded object of the given kind (and the references it holds). */
void manifest_object_free(struct cluster *c, enum kind kind, void *obj);

/* Parses a Kubernetes quantity ("100m", "1.5", "200Mi", "1Gi", "1e3") into milli-units. */
int quantity_parse_milli(const char *s, int64_t *milli);
/* Parses a quantity into whole units (bytes), rounding up as the API server does. */
int quantity_parse(const char *s, int64_t *value);
/* kubectl-style rendering of bytes: "100Mi", "1Gi", or plain. */
void quantity_format_bytes(int64_t bytes, char *buf, size_t size);

#endif
