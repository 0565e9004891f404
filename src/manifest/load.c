/*
 * The loader: reads a file, lets libyaml build one document at a time,
 * checks it for duplicate keys, then decodes each object (or List item) with
 * the table of its kind. A failed load leaves the manifest as it was, so a
 * caller never sees half a file.
 */
#include "ksim/manifest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ksim/demo.h"

#include "decode.h"

/* --- metadata, common to every kind --- */

static void meta_init(void *obj)
{
	struct meta *meta = obj;

	meta->owner_kind = KIND_NONE;
	meta->deleted_ms = TIME_NONE;
}

/* Name rules of the kind; the default namespace for namespaced kinds, none for the others. */
static int meta_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct meta *meta = obj;
	const char *name = cluster_str(d->c, meta->name);

	if (!*name)
		return dec_fail(d, node, "name", "Required value: name or generateName is required");
	if (dec_check_name(d, node, "name", d->kd->name_rule, name))
		return -1;
	if (!d->kd->namespaced) {
		meta->ns = 0;
		return 0;
	}
	if (!meta->ns)
		meta->ns = d->c->s.default_ns;
	return dec_check_name(d, node, "namespace", NAME_DNS_LABEL, cluster_str(d->c, meta->ns));
}

static const struct field meta_fields[] = {
	{ .name = "name", .type = FIELD_STRING, .off = offsetof(struct meta, name) },
	{ .name = "namespace", .type = FIELD_STRING, .off = offsetof(struct meta, ns) },
	{ .name = "labels", .type = FIELD_LABELS, .off = offsetof(struct meta, labels) },
	{ .name = "annotations", .type = FIELD_ANNOTATIONS, .off = offsetof(struct meta, annotations) },
	{ .name = "generateName", .type = FIELD_IGNORE },
	{ .name = "uid", .type = FIELD_IGNORE },
	{ .name = "resourceVersion", .type = FIELD_IGNORE },
	{ .name = "generation", .type = FIELD_IGNORE },
	{ .name = "creationTimestamp", .type = FIELD_IGNORE },
	{ .name = "deletionTimestamp", .type = FIELD_IGNORE },
	{ .name = "deletionGracePeriodSeconds", .type = FIELD_IGNORE },
	{ .name = "finalizers", .type = FIELD_IGNORE },
	{ .name = "ownerReferences", .type = FIELD_IGNORE },
	{ .name = "managedFields", .type = FIELD_IGNORE },
	{ .name = "selfLink", .type = FIELD_IGNORE },
};
static const struct decoder meta_decoder = DECODER(meta_fields, .init = meta_init,
						   .check = meta_check);

const char *decode_meta_field(size_t i)
{
	return i < ARRAY_LEN(meta_fields) ? meta_fields[i].name : NULL;
}

static const struct field object_fields[] = {
	{ .name = "apiVersion", .type = FIELD_IGNORE },
	{ .name = "kind", .type = FIELD_IGNORE },
	{ .name = "metadata", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &meta_decoder },
	{ .name = "status", .type = FIELD_IGNORE },
};
const struct decoder decode_object_fields = DECODER(object_fields);

/* --- kinds --- */

static const struct kind_decoder *const kinds[] = {
	&kind_decoder_pod,     &kind_decoder_node, &kind_decoder_service, &kind_decoder_endpoints,
	&kind_decoder_pv,      &kind_decoder_pvc,  &kind_decoder_rc,      &kind_decoder_namespace,
	&kind_decoder_rs,      &kind_decoder_ds,   &kind_decoder_sts,     &kind_decoder_deploy, &kind_decoder_job,
	&kind_decoder_cronjob, &kind_decoder_configmap, &kind_decoder_secret,
};

static const struct kind_decoder *find_kind(const char *kind)
{
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i]->kind, kind) == 0)
			return kinds[i];
	return NULL;
}

static bool has_version(const struct kind_decoder *kd, const char *version)
{
	for (const char *const *v = kd->versions; *v; v++)
		if (strcmp(*v, version) == 0)
			return true;
	return false;
}

static int fail_unknown_kind(struct dec *d, yaml_node_t *node, const char *kind, const char *version)
{
	struct strbuf sb;
	int rc;

	sb_init(&sb);
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		sb_printf(&sb, "%s, ", kinds[i]->kind);
	rc = dec_fail(d, node, "kind", "no matches for kind %s in version %s: ksim reads %sand List",
		      dec_quote(d, kind), dec_quote(d, version), sb.data);
	sb_free(&sb);
	return rc;
}

void dec_push_object(struct dec *d, enum kind kind, void *obj, const yaml_node_t *node)
{
	struct manifest *m = d->m;
	struct manifest_object *o;

	xgrow(&m->objects, &m->cap, m->count + 1, sizeof *m->objects);
	o = &m->objects[m->count++];
	o->kind = kind;
	o->obj = obj;
	snprintf(o->file, sizeof o->file, "%s", d->file);
	o->line = (int)node->start_mark.line + 1;
	o->col = (int)node->start_mark.column + 1;
}

static int decode_kind(struct dec *d, const struct kind_decoder *kd, yaml_node_t *node)
{
	void *obj = xcalloc(1, kd->size);

	d->kd = kd;
	if (dec_map(d, node, obj, kd->root)) {
		manifest_object_free(d->c, kd->k, obj);
		return -1;
	}
	if (kd->k == KIND_NONE) {
		uint32_t *name = xmalloc(sizeof *name);

		*name = ((struct meta *)obj)->name;
		free(obj);
		obj = name;
	}
	dec_push_object(d, kd->k, obj, node);
	return 0;
}

/* A demo's Scenario: its place is recorded, then scenario.c decodes it. */
static int record_scenario(struct dec *d, yaml_node_t *node, const char *version, uint32_t doc)
{
	struct manifest_scenario *s = &d->m->scenario;

	if (strcmp(version, "ksim.io/v1alpha1") != 0)
		return dec_fail(
		    d, node, "apiVersion",
		    "no matches for kind \"Scenario\" in version %s (ksim reads Scenario as ksim.io/v1alpha1)",
		    dec_quote(d, version));
	if (!d->m->allow_scenario)
		return dec_fail(
		    d, node, "kind",
		    "a Scenario belongs in a demo file: run it with ksim run, ksim test or ksim play");
	if (s->line)
		return dec_fail(d, node, "kind",
				"a second Scenario document (the first is at %s:%d:%d)", s->file,
				s->line, s->col);
	snprintf(s->file, sizeof s->file, "%s", d->file);
	s->line = (int)node->start_mark.line + 1;
	s->col = (int)node->start_mark.column + 1;
	s->doc = doc;
	return decode_scenario(d, node);
}

static int decode_object(struct dec *d, yaml_node_t *node, uint32_t doc);

static int decode_list(struct dec *d, yaml_node_t *node, uint32_t doc)
{
	yaml_node_t *items = dec_lookup(d, node, "items");
	struct dec_frame fr;
	int rc = 0;

	if (dec_is_null(items))
		return 0;
	fr = dec_enter(d, items, "items");
	if (dec_expect(d, items, YAML_SEQUENCE_NODE))
		rc = -1;
	for (yaml_node_item_t *i = items->data.sequence.items.start;
	     rc == 0 && i < items->data.sequence.items.top; i++) {
		yaml_node_t *item = dec_node(d, *i);
		struct dec_frame ifr = dec_enter_index(
		    d, item, (size_t)(i - items->data.sequence.items.start));

		rc = decode_object(d, item, doc);
		dec_leave(d, ifr);
	}
	dec_leave(d, fr);
	return rc;
}

/* The string under key; fails with "Required value" when it is missing. */
static int read_header(struct dec *d, yaml_node_t *node, const char *key, const char **out)
{
	yaml_node_t *val = dec_lookup(d, node, key);
	struct dec_frame fr;
	int rc;

	if (dec_is_null(val))
		return dec_fail(d, node, key,
				"Required value: every object needs apiVersion and kind");
	fr = dec_enter(d, val, key);
	rc = dec_string(d, val, out);
	dec_leave(d, fr);
	return rc;
}

static int decode_object(struct dec *d, yaml_node_t *node, uint32_t doc)
{
	const struct kind_decoder *kd;
	const char *kind, *version;

	if (node->type != YAML_MAPPING_NODE)
		return dec_fail(
		    d, node, NULL,
		    "expected a Kubernetes object (a mapping with apiVersion, kind and metadata), got %s",
		    node->type == YAML_SEQUENCE_NODE ? "a list" : "a scalar");
	if (read_header(d, node, "kind", &kind) || read_header(d, node, "apiVersion", &version))
		return -1;
	if (strcmp(kind, "List") == 0)
		return decode_list(d, node, doc);
	if (strcmp(kind, "Scenario") == 0)
		return record_scenario(d, node, version, doc);
	if (dec_removed_version(d, node, kind, version))
		return -1;
	kd = find_kind(kind);
	if (!kd)
		return fail_unknown_kind(d, node, kind, version);
	if (!has_version(kd, version))
		return dec_fail(d, node, "apiVersion",
				"no matches for kind %s in version %s (ksim reads %s as %s)",
				dec_quote(d, kind), dec_quote(d, version), kind, kd->versions[0]);
	return decode_kind(d, kd, node);
}

/* --- documents --- */

/* Cuts the path after its first few levels ("spec.a.a.a..."): 512 levels say nothing more. */
static void shorten_path(struct dec *d)
{
	size_t cut = 0;

	for (size_t i = 1; i < d->pathlen && i <= 48; i++)
		if (d->path[i] == '.' || d->path[i] == '[')
			cut = i;
	if (cut && d->pathlen > 48) {
		snprintf(d->path + cut, sizeof d->path - cut, "...");
		d->pathlen = cut + 3;
	}
}

/* Kubernetes rejects a key written twice in one mapping; libyaml keeps both. */
static int check_duplicates(struct dec *d, yaml_node_t *node, uint8_t *visited)
{
	size_t idx = (size_t)(node - d->doc->nodes.start);
	int rc = 0;

	if (visited[idx])
		return 0;
	visited[idx] = 1;
	if (d->depth >= DEC_MAX_NESTING) {
		shorten_path(d);
		return dec_fail(d, node, NULL, "the document nests deeper than %d levels",
				DEC_MAX_NESTING);
	}
	if (node->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *start = node->data.sequence.items.start;

		for (yaml_node_item_t *i = start; rc == 0 && i < node->data.sequence.items.top; i++) {
			yaml_node_t *item = dec_node(d, *i);
			struct dec_frame fr = dec_enter_index(d, item, (size_t)(i - start));

			rc = check_duplicates(d, item, visited);
			dec_leave(d, fr);
		}
	}
	if (node->type != YAML_MAPPING_NODE)
		return rc;
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
	     rc == 0 && p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *key = dec_node(d, p->key), *val = dec_node(d, p->value);
		const char *k = dec_text(key);
		struct dec_frame fr = dec_enter(d, val, k ? k : "?");

		for (yaml_node_pair_t *q = node->data.mapping.pairs.start; k && q < p; q++) {
			yaml_node_t *prev = dec_node(d, q->key);
			const char *pk = dec_text(prev);

			if (pk && strcmp(pk, k) == 0) {
				rc = dec_fail(d, key, NULL,
					      "mapping key %s already defined at line %d",
					      dec_quote(d, k), (int)prev->start_mark.line + 1);
				break;
			}
		}
		if (rc == 0)
			rc = check_duplicates(d, val, visited);
		dec_leave(d, fr);
	}
	return rc;
}

static int load_document(struct dec *d, yaml_node_t *root, uint32_t doc)
{
	size_t nnodes = (size_t)(d->doc->nodes.top - d->doc->nodes.start);
	uint8_t *visited;
	int rc;

	d->pathlen = 0;
	d->path[0] = '\0';
	d->depth = 0;
	/* A manifest decodes each node about once; aliases may repeat some, not explode. */
	d->budget = 16 * (long)nnodes + 4096;
	if (dec_is_null(root))
		return 0;
	dec_enter(d, root, "");
	if (dec_expand_merges(d, root))
		return -1;
	visited = xcalloc(nnodes, 1);
	rc = check_duplicates(d, root, visited);
	free(visited);
	return rc ? rc : decode_object(d, root, doc);
}

/* The character at a libyaml mark (0-based line, column in characters). */
static char char_at(const struct dec *d, const yaml_mark_t *mark)
{
	const char *p = d->text, *end = d->text + d->len;
	size_t line = 0, col = 0;

	for (; p < end && line < mark->line; p++)
		line += *p == '\n';
	for (; p < end && *p != '\n'; p++) {
		if (((unsigned char)*p & 0xc0) == 0x80)
			continue;
		if (col++ == mark->column)
			return *p;
	}
	return '\0';
}

static int fail_yaml(struct dec *d, const yaml_parser_t *p)
{
	const yaml_mark_t *pm = &p->problem_mark, *cm = &p->context_mark;
	struct strbuf sb;

	if (p->error == YAML_MEMORY_ERROR)
		fatal("out of memory in libyaml");
	sb_init(&sb);
	sb_add(&sb, p->problem ? p->problem : "malformed YAML");
	if (p->error == YAML_READER_ERROR) {
		int line = 1, col = 1;
		for (size_t i = 0; i < p->problem_offset && i < d->len; i++) {
			if (d->text[i] == '\n')
				line++, col = 1;
			else if (((unsigned char)d->text[i] & 0xc0) != 0x80)
				col++;
		}
		if (p->problem_offset < d->len)
			sb_printf(&sb, " (byte 0x%02x): YAML is UTF-8 text",
				  (unsigned char)d->text[p->problem_offset]);
		error_at(d->err, d->file, line, col, NULL, "%s", sb.data);
		sb_free(&sb);
		return -1;
	}
	if (p->context && (cm->line != pm->line || cm->column != pm->column))
		sb_printf(&sb, " (%s at line %zu, column %zu)", p->context, cm->line + 1,
			  cm->column + 1);
	if (char_at(d, pm) == '\t')
		sb_add(&sb, ": tabs cannot indent YAML, use spaces");
	if (p->error == YAML_COMPOSER_ERROR && p->problem && strstr(p->problem, "undefined alias"))
		sb_add(&sb, ": *name needs an &name anchor before it in the same document");
	error_at(d->err, d->file, (int)pm->line + 1, (int)pm->column + 1, NULL, "%s", sb.data);
	sb_free(&sb);
	return -1;
}

int manifest_validation_parse(const char *s, enum manifest_validation *out)
{
	static const struct {
		const char *word;
		enum manifest_validation v;
	} words[] = {
		{ "strict", MANIFEST_STRICT }, { "warn", MANIFEST_WARN },  { "ignore", MANIFEST_IGNORE },
		{ "1", MANIFEST_STRICT },      { "t", MANIFEST_STRICT },   { "T", MANIFEST_STRICT },
		{ "TRUE", MANIFEST_STRICT },   { "true", MANIFEST_STRICT }, { "True", MANIFEST_STRICT },
		{ "0", MANIFEST_IGNORE },      { "f", MANIFEST_IGNORE },   { "F", MANIFEST_IGNORE },
		{ "FALSE", MANIFEST_IGNORE },  { "false", MANIFEST_IGNORE }, { "False", MANIFEST_IGNORE },
	};

	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (strcmp(s, words[i].word) == 0) {
			*out = words[i].v;
			return 0;
		}
	return -1;
}

void manifest_init(struct manifest *m)
{
	memset(m, 0, sizeof *m);
	sb_init(&m->warnings);
}

void manifest_object_free(struct cluster *c, enum kind kind, void *obj)
{
	if (!obj)
		return;
	if (kind < KIND_COUNT)
		cluster_object_release(c, kind, obj);
	free(obj);
}

void manifest_free(struct cluster *c, struct manifest *m)
{
	for (uint32_t i = 0; i < m->count; i++)
		manifest_object_free(c, m->objects[i].kind, m->objects[i].obj);
	free(m->objects);
	free(m->refused);
	sb_free(&m->warnings);
	scenario_free(m->scenario.decoded);
	memset(m, 0, sizeof *m);
}

/* Undoes a failed load: what it appended goes. */
static void rollback(struct cluster *c, struct manifest *m, uint32_t count, size_t warnings,
		     uint32_t refused, const struct manifest_scenario *scenario)
{
	m->nrefused = refused;
	while (m->count > count) {
		m->count--;
		manifest_object_free(c, m->objects[m->count].kind, m->objects[m->count].obj);
	}
	m->warnings.len = warnings;
	m->warnings.data[warnings] = '\0';
	if (m->scenario.decoded != scenario->decoded)
		scenario_free(m->scenario.decoded);
	m->scenario = *scenario;
}

int manifest_load_string(struct cluster *c, const char *name, const char *text, size_t len,
			 struct manifest *m, struct ksim_error *err)
{
	struct dec d = { .c = c, .m = m, .err = err, .file = name, .text = text, .len = len };
	struct manifest_scenario scenario = m->scenario;
	uint32_t count = m->count, refused = m->nrefused;
	size_t warnings = m->warnings.len;
	yaml_parser_t parser;
	int rc = 0;

	if (dec_check_nesting(&d)) {
		rollback(c, m, count, warnings, refused, &scenario);
		return -1;
	}
	if (!yaml_parser_initialize(&parser))
		fatal("out of memory in libyaml");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (uint32_t doc = 0; rc == 0; doc++) {
		yaml_document_t document;
		yaml_node_t *root;

		if (!yaml_parser_load(&parser, &document)) {
			rc = fail_yaml(&d, &parser);
			break;
		}
		root = yaml_document_get_root_node(&document);
		if (root) {
			d.doc = &document;
			rc = load_document(&d, root, doc);
			if (rc && m->each_document) {
				xgrow(&m->refused, &m->refused_cap, m->nrefused + 1, sizeof *m->refused);
				m->refused[m->nrefused++] = *err;
				rc = 0;
			}
		}
		yaml_document_delete(&document);
		if (!root)
			break;
	}
	yaml_parser_delete(&parser);
	if (rc == 0 && m->count == count && m->scenario.line == scenario.line &&
	    m->nrefused == refused) {
		error_at(err, name, 0, 0, NULL, "no objects passed to apply");
		rc = -1;
	}
	if (rc)
		rollback(c, m, count, warnings, refused, &scenario);
	return rc;
}

/* Far beyond any lesson, and what keeps `-f /dev/zero` from eating the memory. */
#define MAX_FILE_BYTES (256u << 20)

/* The whole stream, or NULL when it is longer than MAX_FILE_BYTES. */
static char *read_stream(FILE *f, size_t *len)
{
	struct strbuf sb;
	char buf[65536];
	size_t n;

	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (sb.len + n > MAX_FILE_BYTES) {
			sb_free(&sb);
			return NULL;
		}
		sb_addn(&sb, buf, n);
	}
	*len = sb.len;
	return sb_take(&sb);
}

int manifest_load_file(struct cluster *c, const char *path, struct manifest *m, struct ksim_error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int rc = 0;

	if (!f) {
		error_at(err, path, 0, 0, NULL, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		error_at(err, path, 0, 0, NULL, "is a directory: name the files in it (%s/*.yaml)",
			 path);
		rc = -1;
	} else if (!(text = read_stream(f, &len))) {
		error_at(err, path, 0, 0, NULL, "larger than %u MiB: split it into smaller files",
			 MAX_FILE_BYTES >> 20);
		rc = -1;
	} else if (ferror(f)) {
		error_at(err, path, 0, 0, NULL, "read error: %s", strerror(errno));
		rc = -1;
	}
	if (!is_stdin)
		fclose(f);
	if (rc == 0)
		rc = manifest_load_string(c, path, text, len, m, err);
	free(text);
	return rc;
}
