/*
 * A small reader for the dashboard's own YAML files (themes, keys): the
 * whole document through libyaml's document API, addressed by node id, with
 * the file:line:col of any node for error messages (libyaml marks are
 * zero-based; we add 1).
 */
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct conf {
	char path[256];
	yaml_document_t doc;
	int root;
};

struct conf *conf_load(const char *path, struct ksim_error *err)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t parser;
	struct conf *c;

	if (!f) {
		error_set(err, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	snprintf(c->path, sizeof c->path, "%s", path);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &c->doc)) {
		error_at(err, path, (int)parser.problem_mark.line + 1,
			 (int)parser.problem_mark.column + 1, "", "%s",
			 parser.problem ? parser.problem : "invalid YAML");
		yaml_parser_delete(&parser);
		fclose(f);
		free(c);
		return NULL;
	}
	yaml_parser_delete(&parser);
	fclose(f);
	c->root = yaml_document_get_root_node(&c->doc) ? 1 : 0;
	return c;
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	yaml_document_delete(&c->doc);
	free(c);
}

/* Node 0 is the root; libyaml numbers nodes from 1. */
static yaml_node_t *node_at(const struct conf *c, int node)
{
	if (node < 0 || !c->root)
		return NULL;
	return yaml_document_get_node((yaml_document_t *)&c->doc, node == 0 ? c->root : node);
}

int conf_item(const struct conf *c, int node, int i, const char **key)
{
	yaml_node_t *n = node_at(c, node);

	if (!n || i < 0)
		return -1;
	if (n->type == YAML_MAPPING_NODE) {
		yaml_node_pair_t *p = n->data.mapping.pairs.start + i;
		if (p >= n->data.mapping.pairs.top)
			return -1;
		if (key)
			*key = conf_scalar(c, p->key);
		return p->value;
	}
	if (n->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *it = n->data.sequence.items.start + i;
		if (it >= n->data.sequence.items.top)
			return -1;
		if (key)
			*key = NULL;
		return *it;
	}
	return -1;
}

int conf_get(const struct conf *c, int node, const char *key)
{
	const char *k;
	int v;

	for (int i = 0; (v = conf_item(c, node, i, &k)) >= 0; i++)
		if (k && strcmp(k, key) == 0)
			return v;
	return -1;
}

const char *conf_scalar(const struct conf *c, int node)
{
	yaml_node_t *n = node_at(c, node);

	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool conf_is_list(const struct conf *c, int node)
{
	yaml_node_t *n = node_at(c, node);

	return n && n->type == YAML_SEQUENCE_NODE;
}

void conf_error(const struct conf *c, int node, const char *path, struct ksim_error *err,
		const char *fmt, ...)
{
	yaml_node_t *n = node_at(c, node);
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_at(err, c->path, n ? (int)n->start_mark.line + 1 : 0,
		 n ? (int)n->start_mark.column + 1 : 0, path, "%s", msg);
}
