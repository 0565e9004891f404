/*
 * tree: a small document tree (maps printed with sorted keys, lists,
 * strings, integers, booleans, null) and its printers: YAML as
 * sigs.k8s.io/yaml writes it, JSON as encoding/json does, Go's %v. The API
 * server builds objects as trees (api.h); -o yaml, -o json and the template
 * printers read them. Needs only util.
 */
#ifndef KSIM_TREE_H
#define KSIM_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "ksim/util.h"

/* A document: maps (printed with sorted keys), lists and scalars. */
struct tree;
struct tree *tree_map(void);
/* Adders: key is the member name in a map, NULL when parent is a list. */
struct tree *tree_add_map(struct tree *parent, const char *key);
struct tree *tree_add_list(struct tree *parent, const char *key);
void tree_add_str(struct tree *parent, const char *key, const char *value);
void tree_add_int(struct tree *parent, const char *key, int64_t value);
void tree_add_bool(struct tree *parent, const char *key, bool value);
void tree_add_null(struct tree *parent, const char *key);
/* A v1 List of items (takes ownership of each). */
struct tree *tree_list(struct tree **items, uint32_t n);
void tree_free(struct tree *t);
void tree_yaml(const struct tree *t, struct strbuf *out);
void tree_json(const struct tree *t, struct strbuf *out);
/* Reading a tree: a map's members come in key order. */
enum tree_kind { TK_MAP, TK_LIST, TK_STR, TK_INT, TK_BOOL, TK_NULL };
enum tree_kind tree_kind_of(const struct tree *t);
/* Members, items, or a string's bytes. */
uint32_t tree_len(const struct tree *t);
const struct tree *tree_at(const struct tree *t, uint32_t i);
/* A member's key (NULL for a list item); a map's member by key, or NULL. */
const char *tree_key(const struct tree *t);
const struct tree *tree_get(const struct tree *t, const char *key);
/* A string's text (NULL for other kinds); an integer's or boolean's value. */
const char *tree_str(const struct tree *t);
int64_t tree_num(const struct tree *t);
/* JSON on one line, as json.Marshal writes it (jsonpath prints maps and lists so). */
void tree_json_compact(const struct tree *t, struct strbuf *out);
/* s as a JSON string, as encoding/json writes it (\n, \t short; <, >, & escaped). */
void tree_json_string(const char *s, struct strbuf *out);
/* As Go's fmt prints an unstructured value with %v: map[k:v ...], [a b], <nil>. */
void tree_go(const struct tree *t, struct strbuf *out);
/* s as a double-quoted YAML scalar, newlines and control characters escaped. */
void tree_yaml_quoted(struct strbuf *out, const char *s);
/*
 * One field of a document by a path such as "status.succeeded",
 * "spec.containers[0].image" (or "containers.0.image") or
 * "metadata.labels.kubernetes\.io/os" (a leading "." is allowed): a string
 * as is, a number, boolean or null as JSON writes it, a map or list as
 * indented JSON. 0, or -1 when the path leads nowhere (out unchanged).
 */
int tree_field(const struct tree *t, const char *path, struct strbuf *out);

#endif
