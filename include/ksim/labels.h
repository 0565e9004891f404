/*
 * labels: interned strings, interned label sets, label selectors, and the
 * syntax of label keys and values (syntax.c).
 *
 * Every name, label key and value, image and namespace is interned once in a
 * struct strtab and held as a uint32_t id; id 0 is the empty string. A label
 * set (also used for annotations and nodeSelector) is a sorted list of
 * key/value pairs, interned too, so an object holds one id and equal sets
 * have equal ids; set 0 is the empty set. Owned by the cluster; callers
 * hold its lock.
 *
 * Nothing counts references. A collection marks every id still held (sets
 * first: marking a set marks its strings), then sweeps sets, then strings;
 * what was not marked is freed and its id is reused.
 */
#ifndef KSIM_LABELS_H
#define KSIM_LABELS_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/util.h"

struct strtab;
struct strtab *strtab_new(void);
void strtab_free(struct strtab *st);
uint32_t strtab_intern(struct strtab *st, const char *s);
uint32_t strtab_intern_n(struct strtab *st, const char *s, size_t n);
/* Id of s if already interned, else NONE32; never adds. */
uint32_t strtab_lookup(const struct strtab *st, const char *s);
/* Valid until the string is swept; "" for an id past the table (NONE32). */
const char *strtab_get(const struct strtab *st, uint32_t id);
size_t strtab_bytes(const struct strtab *st);
uint32_t strtab_live(const struct strtab *st);
/* Strings interned since the last sweep. */
uint32_t strtab_added(const struct strtab *st);
void strtab_mark(struct strtab *st, uint32_t id);
/* Frees every string not marked since the last sweep (never ""); returns how many. */
uint32_t strtab_sweep(struct strtab *st);

struct label {
	uint32_t key, val;
};

struct labeltab;
struct labeltab *labeltab_new(struct strtab *st);
void labeltab_free(struct labeltab *lt);
/* Interns n pairs (any order; a later duplicate key wins). */
uint32_t labels_intern(struct labeltab *lt, const struct label *pairs, uint32_t n);
/* Pairs sorted by key string; valid until the next labels_intern(). */
const struct label *labels_get(const struct labeltab *lt, uint32_t set, uint32_t *n);
/* Value id of key in set, or NONE32 when absent. */
uint32_t labels_value(const struct labeltab *lt, uint32_t set, uint32_t key);
/* set with key=val added or replaced; val NONE32 removes key. */
uint32_t labels_with(struct labeltab *lt, uint32_t set, uint32_t key, uint32_t val);
/* True when every pair of sub is in set. */
bool labels_subset(const struct labeltab *lt, uint32_t sub, uint32_t set);
/* "app=nginx,tier=web" (sorted); "<none>" style is the caller's. */
void labels_format(const struct labeltab *lt, uint32_t set, const char *sep, struct strbuf *out);
struct strtab *labeltab_strings(const struct labeltab *lt);
/* Marks the set and its strings. */
void labels_mark(struct labeltab *lt, uint32_t set);
/* Frees every set not marked since the last sweep (never the empty set); returns how many. */
uint32_t labels_sweep(struct labeltab *lt);

enum sel_op { SEL_IN, SEL_NOT_IN, SEL_EXISTS, SEL_DOES_NOT_EXIST, SEL_GT, SEL_LT };

struct selector_req {
	uint32_t key;
	enum sel_op op;
	uint32_t nvalues;
	uint32_t *values; /* owned */
};

/*
 * A LabelSelector: matchLabels AND every matchExpressions requirement. An
 * empty selector matches everything, except that `nothing` makes it match
 * nothing (a nil selector on a Service).
 */
struct selector {
	uint32_t match_labels; /* label set id */
	uint32_t nreqs;
	struct selector_req *reqs; /* owned */
	bool nothing;
};

void selector_init(struct selector *sel);
void selector_free(struct selector *sel);
void selector_copy(struct selector *dst, const struct selector *src);
bool selector_empty(const struct selector *sel);
bool selector_matches(const struct labeltab *lt, const struct selector *sel, uint32_t set);
/* Parses kubectl -l syntax: "a=b,c!=d,e in (x,y),f notin (z),g,!h". */
int selector_parse(struct labeltab *lt, const char *text, struct selector *out,
		   struct ksim_error *err);
/* kubectl's rendering: "app=nginx,tier in (a,b)". */
void selector_format(const struct labeltab *lt, const struct selector *sel, struct strbuf *out);

/*
 * What Kubernetes finds wrong with a label key (IsQualifiedName) or value
 * (IsValidLabelValue): up to 4 static messages, returns how many (0 = valid).
 */
int labels_key_problems(const char *key, const char *msgs[4]);
int labels_value_problems(const char *value, const char *msgs[4]);

#endif
