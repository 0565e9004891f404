/*
 * The manifest module's decoding engine, shared by its files only.
 *
 * A YAML document is loaded whole (libyaml's document API), then decoded by
 * walking mappings against const tables of fields: each entry names a key,
 * a field type and where the value goes (offsetof into the struct being
 * filled). While it walks, the engine keeps the field path
 * ("spec.template.spec.containers[0].image") and the YAML node of each
 * level, so any error, even one found after the walk, carries
 * file:line:col and the path. Nothing here prints.
 */
#ifndef KSIM_MANIFEST_DECODE_H
#define KSIM_MANIFEST_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "ksim/cluster.h"
#include "ksim/manifest.h"
#include "ksim/util.h"

#define DEC_DEPTH 64        /* levels whose node is kept for error positions */
#define DEC_MAX_NESTING 512 /* deeper documents are refused */

struct kind_decoder;

/* The state of decoding one document. */
struct dec {
	struct cluster *c;
	struct manifest *m;
	struct ksim_error *err;
	const char *file;
	yaml_document_t *doc;
	const char *text; /* the whole input, for hints about syntax errors */
	size_t len;
	const struct kind_decoder *kd; /* the kind of the object being decoded */
	char path[256];
	size_t pathlen;
	int depth;
	yaml_node_t *nodes[DEC_DEPTH]; /* node of each path level, NULL if absent */
	char quoted[2][160];           /* dec_quote() results, used in turn */
	int nquoted;
	long budget; /* values left to decode: aliases cannot blow up the work */
};

/* A saved path position, restored by dec_leave(). */
struct dec_frame {
	size_t pathlen;
	int depth;
};

struct dec_frame dec_enter(struct dec *d, yaml_node_t *node, const char *key);
struct dec_frame dec_enter_index(struct dec *d, yaml_node_t *node, size_t i);
void dec_leave(struct dec *d, struct dec_frame f);

/*
 * Fills d->err at the node reached by following rel ("template.spec" or
 * "ports[0].port", may be NULL) from at (NULL: the innermost known node),
 * or at the deepest part of it that exists; the path is the current one
 * plus rel. Returns -1, so callers write `return dec_fail(...)`.
 */
int dec_fail(struct dec *d, yaml_node_t *at, const char *rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* s as Go's %q would print it (for messages); valid until the next-but-one call. */
const char *dec_quote(struct dec *d, const char *s);

/* --- nodes and scalars --- */

/* What a plain scalar resolves to under YAML 1.1, as Kubernetes' decoder reads it. */
enum scalar_class { SC_NULL, SC_BOOL, SC_INT, SC_FLOAT, SC_STRING };

enum scalar_class dec_class(const yaml_node_t *n);
/* True for a missing node, an empty value, `~` or `null`: Kubernetes reads these as unset. */
bool dec_is_null(const yaml_node_t *n);
yaml_node_t *dec_node(const struct dec *d, int index);
/* The value under key in a mapping, or NULL. */
yaml_node_t *dec_lookup(const struct dec *d, yaml_node_t *map, const char *key);
/* The string value of a scalar of any style; NULL for other nodes. */
const char *dec_text(const yaml_node_t *n);

/* Type-checked reads; each fails with "expected ..., got ..." at n. */
int dec_string(struct dec *d, yaml_node_t *n, const char **out);
int dec_int64(struct dec *d, yaml_node_t *n, int64_t *out);
int dec_bool(struct dec *d, yaml_node_t *n, bool *out);
int dec_expect(struct dec *d, yaml_node_t *n, yaml_node_type_t type);
/* The number of items of a sequence node (0 for any other node). */
size_t dec_len(const yaml_node_t *n);
/*
 * Calls fn on each item of the sequence n in turn, inside the item's path
 * ("[i]"), until one fails. 0, or -1 when n is not a list or fn failed.
 */
typedef int (*dec_item_fn)(struct dec *d, yaml_node_t *item, size_t i, void *ctx);
int dec_each(struct dec *d, yaml_node_t *n, dec_item_fn fn, void *ctx);
/* Interned string (0 for ""), type-checked. */
int dec_intern(struct dec *d, yaml_node_t *n, uint32_t *out);
/* Counts one decoded value against d->budget; fails once it is spent (lists decoded by hand call it per item). */
int dec_spend(struct dec *d, yaml_node_t *n);

/* --- tables --- */

enum field_type {
	FIELD_IGNORE, /* a Kubernetes field ksim does not simulate */
	FIELD_INT32,
	FIELD_INT64,
	FIELD_BOOL,
	FIELD_STRING,         /* uint32_t string id */
	FIELD_ENUM,           /* int (an enum) from values[] */
	FIELD_ENUM_BOOL,      /* bool from values[] (0 or 1) */
	FIELD_CPU,            /* int64_t milli-cores */
	FIELD_MEMORY,         /* int64_t bytes */
	FIELD_COUNT,          /* int32_t from a quantity ("110") */
	FIELD_LABELS,         /* uint32_t label set; keys and values validated */
	FIELD_ANNOTATIONS,    /* uint32_t label set; keys validated */
	FIELD_WORDS,          /* uint32_t *ids at off, uint32_t count at aux */
	FIELD_INT_OR_PERCENT, /* int32_t at off, bool "is percent" at aux */
	FIELD_MAP,            /* sub-decoder on base + off */
	FIELD_LIST,           /* array of sub->size elements at off, uint32_t count at aux */
	FIELD_FN,             /* fn(d, node, base + off) */
};

enum field_flag {
	F_REQUIRED = 1 << 0,  /* present and not empty, else "Required value" */
	F_NONNEG = 1 << 1,    /* must be >= 0 */
	F_PORT = 1 << 2,      /* 1-65535 when not 0 */
	F_ALWAYS = 1 << 3,    /* FIELD_MAP, FIELD_FN: when absent, decoded as empty and checked */
	F_DNS_LABEL = 1 << 4, /* RFC 1123 label */
	F_LABEL_KEY = 1 << 5, /* a qualified name, as label keys */
	F_LABEL_VALUE = 1 << 6,
};

struct enum_value {
	const char *name;
	int value;
};

struct decoder;
typedef int (*decode_fn)(struct dec *d, yaml_node_t *node, void *ptr);

struct field {
	const char *name;
	enum field_type type;
	size_t off;
	unsigned flags;
	size_t aux;                      /* FIELD_LIST, FIELD_WORDS, FIELD_INT_OR_PERCENT */
	const struct decoder *sub;       /* FIELD_MAP, FIELD_LIST */
	const struct enum_value *values; /* FIELD_ENUM*, ending with { NULL } */
	decode_fn fn;                    /* FIELD_FN */
};

/*
 * A mapping's fields. init sets defaults (and "unset" markers) before the
 * keys are read; check runs after, with node NULL when the mapping was
 * absent, for defaults that depend on what was given and for validation.
 * Absent FIELD_MAP entries still run their sub-decoder's init and check, so
 * nested defaults apply whether or not the parent was written; F_ALWAYS
 * makes an absent one count as written but empty (its F_REQUIRED fields are
 * reported), which is how "spec.template.spec.containers: Required value"
 * comes out of a manifest without a template.
 */
struct decoder {
	const struct field *fields;
	size_t nfields;
	size_t size;                /* element size when used by FIELD_LIST */
	const struct decoder *also; /* more fields of the same mapping */
	/* More FIELD_IGNORE keys, from a table kept elsewhere: the i-th, NULL past the last. */
	const char *(*ignored)(size_t i);
	/* A map with keys of its own (a ResourceList): other keys are entries, not unknown fields. */
	bool open;
	void (*init)(void *obj);
	int (*check)(struct dec *d, yaml_node_t *node, void *obj);
};

/* A table row for member of struct st, then the row's other settings: FIELD_OF("periodSeconds", FIELD_INT32, struct probe, period_s, .flags = F_NONNEG). */
#define FIELD_OF(key, ftype, st, member, ...)                                      \
	{                                                                          \
		.name = (key), .type = (ftype), .off = offsetof(st, member), __VA_ARGS__ \
	}

#define DECODER(table, ...)                                                 \
	{                                                                   \
		.fields = (table), .nfields = ARRAY_LEN(table), __VA_ARGS__ \
	}

/*
 * Decodes a mapping into base. node NULL decodes an absent mapping that must
 * still be valid: its required fields are reported missing.
 */
int dec_map(struct dec *d, yaml_node_t *node, void *base, const struct decoder *dc);
/* 0 with *out set, 1 for "" (unset), or -1 after "Unsupported value" at n. */
int dec_enum(struct dec *d, yaml_node_t *n, const struct enum_value *values, int *out);
/* The name of v in values, "" if none. */
const char *dec_enum_name(const struct enum_value *values, int v);
/* Label sets rendered as Go prints map[string]string, for selector errors. */
void dec_format_labels(const struct dec *d, uint32_t set, struct strbuf *out);

/* --- names (validate.c) --- */

enum name_rule {
	NAME_DNS_SUBDOMAIN, /* RFC 1123 subdomain: pods and most objects */
	NAME_DNS_LABEL,     /* RFC 1123 label: namespaces, StatefulSets, containers */
	NAME_DNS1035_LABEL, /* RFC 1035 label: services */
	NAME_LABEL_KEY,     /* qualified name with optional DNS prefix */
	NAME_LABEL_VALUE,
};
/* NULL when s follows rule, else Kubernetes' explanation (static or in buf). */
const char *name_check(enum name_rule rule, const char *s, char *buf, size_t size);
/* Fails with `Invalid value: "s": <why>` at n when s breaks rule. */
int dec_check_name(struct dec *d, yaml_node_t *n, const char *rel, enum name_rule rule,
		   const char *s);

/* --- kinds --- */

/* One kind ksim reads: its apiVersions, name rule and top-level fields. */
struct kind_decoder {
	const char *kind;
	enum kind k;             /* KIND_NONE for Namespace */
	const char *versions[4]; /* accepted apiVersions, NULL-terminated, preferred first */
	enum name_rule name_rule;
	const struct decoder *root; /* spec, status, ...: apiVersion/kind/metadata are common */
	size_t size;
	bool namespaced;
};

extern const struct decoder decode_object_fields; /* apiVersion, kind, metadata */

/* removed.c: -1 (the error set) when a 1.31 cluster no longer serves kind in version. */
int dec_removed_version(struct dec *d, yaml_node_t *node, const char *kind, const char *version);

/* pod.c */
extern const struct enum_value restart_policies[], taint_effects[];
extern const struct decoder decode_template;
extern const struct decoder decode_label_selector;
extern const struct kind_decoder kind_decoder_pod;
/* FIELD_FN: "TCP", "UDP" or "SCTP" into a string id. */
int decode_protocol(struct dec *d, yaml_node_t *node, void *ptr);
/* A container's probe, defaulted and validated into the struct container at ptr (probe.c). */
int decode_liveness_probe(struct dec *d, yaml_node_t *node, void *ptr);
int decode_readiness_probe(struct dec *d, yaml_node_t *node, void *ptr);
int decode_startup_probe(struct dec *d, yaml_node_t *node, void *ptr);
/* validateInitContainers: probes only on init containers with restartPolicy Always. */
int check_init_probes(struct dec *d, yaml_node_t *node, const struct podspec *spec);
/* Fails unless a non-empty selector matches the template labels (spec: the workload's spec). */
int check_selector_matches(struct dec *d, yaml_node_t *spec, const struct selector *sel,
			   const struct template *tpl);
/* Fails unless the template's restartPolicy is Always, as ReplicaSets and friends need. */
int check_restart_always(struct dec *d, yaml_node_t *spec, const struct template *tpl);

/* volume.c: a volumes[] entry and a volumeMounts[] entry */
extern const struct decoder decode_volume, decode_volume_mount;
/* The i-th field of ObjectMeta, or NULL: what a template's metadata may hold besides its own. */
const char *decode_meta_field(size_t i);
/* The i-th volume source field of a pod's volume (pv: of a PersistentVolume's spec), or NULL. */
const char *decode_volume_source(size_t i, bool pv);
/* validateVolumes and ValidateVolumeMounts over a decoded pod spec. */
int check_pod_volumes(struct dec *d, yaml_node_t *spec, const struct podspec *ps);

/* env.c: a container's env[] entry */
extern const struct decoder decode_env_var;
extern const struct decoder decode_env_from;

/* workloads.c */
extern const struct kind_decoder kind_decoder_rs, kind_decoder_rc, kind_decoder_ds, kind_decoder_sts,
    kind_decoder_deploy;
/* batch.c */
extern const struct kind_decoder kind_decoder_job, kind_decoder_cronjob;
/* core.c */
/* FIELD_FN: accessModes into enum access_mode bits (uint8_t). */
int decode_access_modes(struct dec *d, yaml_node_t *node, void *ptr);
/* A claim spec needs an access mode and a storage request (request < 0: none given). */
int check_claim_spec(struct dec *d, yaml_node_t *spec, uint8_t modes, int64_t request);
extern const struct kind_decoder kind_decoder_node, kind_decoder_service, kind_decoder_endpoints,
    kind_decoder_pv, kind_decoder_pvc, kind_decoder_namespace;
/* config.c */
extern const struct kind_decoder kind_decoder_configmap, kind_decoder_secret;

/* A demo's node, written flat: {name, labels, taints, capacity, role}. */
enum demo_node_role { DEMO_NODE_WORKER, DEMO_NODE_CONTROL_PLANE, DEMO_NODE_MASTER };
struct demo_node {
	struct node node;
	int role; /* enum demo_node_role */
};
extern const struct decoder decode_demo_node;

/* prepare.c: refuses text nesting deeper than DEC_MAX_NESTING, before libyaml loads it. */
int dec_check_nesting(struct dec *d);
/* prepare.c: resolves `<<` merge keys in d->doc, as kubectl's YAML decoder does. */
int dec_expand_merges(struct dec *d, yaml_node_t *root);

/* load.c: appends a decoded object, positioned at node. */
void dec_push_object(struct dec *d, enum kind kind, void *obj, const yaml_node_t *node);
/* scenario.c: decodes a Scenario document into d->m->scenario.decoded, its nodes into d->m. */
int decode_scenario(struct dec *d, yaml_node_t *node);

#endif
