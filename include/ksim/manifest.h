/*
 * manifest: the libyaml loader. It turns real Kubernetes YAML (several
 * documents per file, `---` separated, empty documents skipped, `kind: List`
 * expanded) into objects of the cluster's own structs, interned in that
 * cluster, ready for kubectl apply. It applies the API server's defaults,
 * validates as the API server does and reports errors as
 * "file:line:col: field.path: message" in Kubernetes' own words. Fields
 * Kubernetes has but ksim does not simulate are ignored quietly; a field
 * Kubernetes does not have is refused as kubectl's default strict
 * validation refuses it (a warning with --validate=warn, nothing with
 * --validate=false), with a hint when it looks like a typo. A demo file's Scenario
 * document is decoded too (src/manifest/scenario.c, into ksim/demo.h's
 * struct), its nodes becoming Node objects. Runs on the thread that owns the
 * cluster (lock held).
 */
#ifndef KSIM_MANIFEST_H
#define KSIM_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/cluster.h"
#include "ksim/util.h"

/*
 * One decoded document. obj points to a heap struct of the kind (struct
 * pod, struct job, ...) with meta.name, meta.ns (the default namespace when
 * unset, 0 for cluster-scoped kinds), labels and annotations filled, and
 * every spec default applied. A template's spec is registered with
 * cluster_spec_add() and the template holds that reference.
 *
 * A Namespace is kind KIND_NONE with obj a heap uint32_t: the name's id.
 *
 * Left to apply, because they need the created object: a Job's uid labels
 * (`controller-uid`, `batch.kubernetes.io/controller-uid`) and its
 * generated selector (sel stays empty unless manualSelector); the
 * `job-name` labels are already on the template, and a Job without labels
 * has its template's.
 */
struct manifest_object {
	enum kind kind;
	void *obj; /* owned until taken by apply (set to NULL) */
	char file[256];
	int line, col; /* 1-based position of the document (or List item) */
};

/* The `kind: Scenario` document of a demo file (line 0: none). */
struct scenario;
struct manifest_scenario {
	char file[256];
	int line, col;            /* 1-based position of the document */
	uint32_t doc;             /* 0-based index of the document in its file */
	struct scenario *decoded; /* owned; a reader takes it by setting NULL (see ksim/demo.h) */
};

/* kubectl's --validate: what a field Kubernetes does not have does to its object. */
enum manifest_validation {
	MANIFEST_STRICT, /* the object is refused: strict decoding error (the default) */
	MANIFEST_WARN,   /* accepted, with a warning */
	MANIFEST_IGNORE, /* accepted quietly */
};
/* kubectl's words: strict or true, warn, ignore or false (strconv.ParseBool's spellings). 0, or -1. */
int manifest_validation_parse(const char *s, enum manifest_validation *out);
/* The error for a value that is none of them, as kubectl prints it (without "error: "). */
#define MANIFEST_VALIDATION_BAD \
	"invalid - validate option \"%s\"; must be one of: strict (or true), warn, ignore (or false)"

struct manifest {
	uint32_t count, cap;
	struct manifest_object *objects;
	enum manifest_validation validation; /* set before loading; 0 is strict */
	struct strbuf warnings; /* one line each: "file:line:col: path: unknown field (did you mean ...)" */
	bool allow_scenario; /* set by demo readers: one Scenario document is decoded, its nodes added */
	/*
	 * Set by kubectl apply/create: a document that fails to decode or
	 * validate is recorded in refused and the others still load (only a
	 * YAML syntax error stops the file). Unset (ksim run, check): the first
	 * bad document fails the whole load.
	 */
	bool each_document;
	struct ksim_error *refused;
	uint32_t nrefused, refused_cap;
	struct manifest_scenario scenario;
};

void manifest_init(struct manifest *m);
/* Releases every object not taken, and the warnings. */
void manifest_free(struct cluster *c, struct manifest *m);
/*
 * Appends the documents of a file ("-" is stdin). 0, or -1 with err and m
 * as it was (warnings included). A file without any object fails with
 * "no objects passed to apply", as kubectl does.
 */
int manifest_load_file(struct cluster *c, const char *path, struct manifest *m,
		       struct ksim_error *err);
/* The same for text in memory; name is the file name used in messages. */
int manifest_load_string(struct cluster *c, const char *name, const char *text, size_t len,
			 struct manifest *m, struct ksim_error *err);
/* Frees one decoded object of the given kind (and the references it holds); obj may be NULL. */
void manifest_object_free(struct cluster *c, enum kind kind, void *obj);

/* SetDefaults_Secret (pkg/apis/core/v1/defaults.go): a Secret without a type is Opaque. */
void manifest_config_default(struct cluster *c, enum kind kind, struct config_object *o);

/*
 * The API server's ValidateConfigMap / ValidateSecret (kind KIND_CM or
 * KIND_SECRET) over a decoded or built object: key names, the 1 MiB limit,
 * the keys a Secret's type requires. 0, or -1 with err's path and message.
 */
int manifest_config_validate(const struct cluster *c, enum kind kind, const struct config_object *o,
			     struct ksim_error *err);
/* The same for an update of live: a Secret's type, and all data once live is immutable. */
int manifest_config_validate_update(const struct cluster *c, enum kind kind,
				    const struct config_object *live, const struct config_object *o,
				    struct ksim_error *err);

/*
 * Parses a Kubernetes quantity ("100m", "1.5", "200Mi", "1Gi", "1e3") into
 * milli-units, rounding up. 0; -1 when malformed; -2 when well formed but
 * beyond int64_t at that scale.
 */
int quantity_parse_milli(const char *s, int64_t *milli);
/* Parses a quantity into whole units (bytes), rounding up as the API server does; returns as above. */
int quantity_parse(const char *s, int64_t *value);
/* kubectl-style rendering of bytes: "100Mi", "1Gi", "1500", "2k". */
void quantity_format_bytes(int64_t bytes, char *buf, size_t size);

/*
 * A generic YAML/JSON document, for what works on whole objects: kubectl
 * patch and edit. Scalars keep whether they were quoted, so strings that
 * read as numbers survive a round trip.
 */
struct ynode;
/* The first document of text, or NULL with err. */
struct ynode *ydoc_parse(const char *text, size_t len, struct ksim_error *err);
void ydoc_free(struct ynode *n);
bool ydoc_is_map(const struct ynode *n);
bool ydoc_equal(const struct ynode *a, const struct ynode *b);
/* JSON merge patch (RFC 7386); strategic also merges lists of maps by their "name". */
int ydoc_merge(struct ynode *target, const struct ynode *patch, bool strategic,
	       struct ksim_error *err);
/* JSON patch (RFC 6902): add, replace, remove. */
int ydoc_json_patch(struct ynode *target, const struct ynode *ops, struct ksim_error *err);
/* Block-style YAML. */
void ydoc_emit(const struct ynode *n, struct strbuf *out);

#endif
