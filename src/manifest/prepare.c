/*
 * What is done to YAML before its objects are decoded: the nesting limit,
 * checked from libyaml's events before libyaml builds a document (its
 * scanner slows down with the square of the flow depth, so 100,000 `[`
 * would take minutes), and YAML 1.1 merge keys (`<<: *defaults`), which
 * kubectl's decoder resolves and libyaml leaves as ordinary keys.
 */
#include <string.h>

#include "decode.h"

int dec_check_nesting(struct dec *d)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	size_t opens = 0;
	int depth = 0, rc = 0;
	bool done = false;

	/* Only text with that many brackets can nest that deep in flow style. */
	for (size_t i = 0; i < d->len && opens <= DEC_MAX_NESTING; i++)
		opens += d->text[i] == '[' || d->text[i] == '{';
	if (opens <= DEC_MAX_NESTING)
		return 0;
	if (!yaml_parser_initialize(&parser))
		fatal("out of memory in libyaml");
	yaml_parser_set_input_string(&parser, (const unsigned char *)d->text, d->len);
	/* A syntax error stops here quietly: the load that follows reports it. */
	while (!done && yaml_parser_parse(&parser, &ev)) {
		if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
			if (++depth > DEC_MAX_NESTING) {
				error_at(d->err, d->file, (int)ev.start_mark.line + 1,
					 (int)ev.start_mark.column + 1, NULL,
					 "the document nests deeper than %d levels", DEC_MAX_NESTING);
				rc = -1;
				done = true;
			}
		} else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		done |= ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* --- merge keys --- */

enum { MERGE_NEW, MERGE_BUSY, MERGE_DONE };

struct merge {
	struct dec *d;
	uint8_t *state; /* per node */
};

static bool is_merge_key(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       strcmp((const char *)n->data.scalar.value, "<<") == 0;
}

static bool has_key(struct dec *d, const yaml_node_pair_t *pairs, size_t n, const yaml_node_t *key)
{
	const char *k = dec_text(key);

	for (size_t i = 0; k && i < n; i++) {
		const char *other = dec_text(dec_node(d, pairs[i].key));
		if (other && strcmp(other, k) == 0)
			return true;
	}
	return false;
}

static int expand(struct merge *mg, yaml_node_t *node, int depth);

/* Appends the pairs of source (a mapping) whose keys out lacks. */
static int merge_from(struct merge *mg, yaml_node_t *source, yaml_node_pair_t **out, size_t *n,
		      size_t *cap, int depth)
{
	struct dec *d = mg->d;

	if (source->type != YAML_MAPPING_NODE) {
		struct dec_frame fr = dec_enter(d, source, "<<");
		int rc = dec_fail(d, source, NULL,
				  "map merge requires map or sequence of maps as the value");
		dec_leave(d, fr);
		return rc;
	}
	if (expand(mg, source, depth + 1))
		return -1;
	for (yaml_node_pair_t *p = source->data.mapping.pairs.start;
	     p < source->data.mapping.pairs.top; p++) {
		if (has_key(d, *out, *n, dec_node(d, p->key)))
			continue;
		if (dec_spend(d, dec_node(d, p->key)))
			return -1;
		if (*n == *cap) {
			*cap = *cap ? 2 * *cap : 8;
			*out = xrealloc(*out, *cap * sizeof **out);
		}
		(*out)[(*n)++] = *p;
	}
	return 0;
}

/* Rewrites a mapping with `<<` keys: its own keys first, then each source's missing ones. */
static int merge_mapping(struct merge *mg, yaml_node_t *map, int depth)
{
	struct dec *d = mg->d;
	yaml_node_pair_t *start = map->data.mapping.pairs.start, *top = map->data.mapping.pairs.top;
	size_t n = 0, cap = (size_t)(top - start) + 8;
	yaml_node_pair_t *out = xmalloc(cap * sizeof *out);
	int rc = 0;

	for (yaml_node_pair_t *p = start; p < top; p++)
		if (!is_merge_key(dec_node(d, p->key)))
			out[n++] = *p;
	for (yaml_node_pair_t *p = start; rc == 0 && p < top; p++) {
		yaml_node_t *v = dec_node(d, p->value);
		if (!is_merge_key(dec_node(d, p->key)))
			continue;
		if (v->type != YAML_SEQUENCE_NODE) {
			rc = merge_from(mg, v, &out, &n, &cap, depth);
			continue;
		}
		for (yaml_node_item_t *i = v->data.sequence.items.start;
		     rc == 0 && i < v->data.sequence.items.top; i++)
			rc = merge_from(mg, dec_node(d, *i), &out, &n, &cap, depth);
	}
	if (rc == 0) {
		/* libyaml allocates with malloc and frees the stack with free. */
		free(map->data.mapping.pairs.start);
		map->data.mapping.pairs.start = out;
		map->data.mapping.pairs.top = out + n;
		map->data.mapping.pairs.end = out + cap;
	} else {
		free(out);
	}
	return rc;
}

static int expand(struct merge *mg, yaml_node_t *node, int depth)
{
	struct dec *d = mg->d;
	size_t idx = (size_t)(node - d->doc->nodes.start);
	int rc = 0;

	/* Too deep is reported by the duplicate-key pass; a cycle through an alias merges once. */
	if (mg->state[idx] != MERGE_NEW || depth > DEC_MAX_NESTING)
		return 0;
	mg->state[idx] = MERGE_BUSY;
	if (node->type == YAML_SEQUENCE_NODE) {
		yaml_node_item_t *start = node->data.sequence.items.start;
		for (yaml_node_item_t *i = start; rc == 0 && i < node->data.sequence.items.top; i++) {
			yaml_node_t *item = dec_node(d, *i);
			struct dec_frame fr = dec_enter_index(d, item, (size_t)(i - start));
			rc = expand(mg, item, depth + 1);
			dec_leave(d, fr);
		}
	} else if (node->type == YAML_MAPPING_NODE) {
		bool merges = false;
		for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
		     rc == 0 && p < node->data.mapping.pairs.top; p++) {
			yaml_node_t *key = dec_node(d, p->key), *val = dec_node(d, p->value);
			struct dec_frame fr = dec_enter(d, val, dec_text(key) ? dec_text(key) : "?");
			if (is_merge_key(key))
				merges = true;
			else
				rc = expand(mg, val, depth + 1);
			dec_leave(d, fr);
		}
		if (rc == 0 && merges)
			rc = merge_mapping(mg, node, depth);
	}
	mg->state[idx] = MERGE_DONE;
	return rc;
}

int dec_expand_merges(struct dec *d, yaml_node_t *root)
{
	size_t nnodes = (size_t)(d->doc->nodes.top - d->doc->nodes.start);
	struct merge mg = { d, NULL };
	bool any = false;
	int rc;

	for (yaml_node_t *n = d->doc->nodes.start; !any && n < d->doc->nodes.top; n++)
		any = is_merge_key(n);
	if (!any)
		return 0;
	mg.state = xcalloc(nnodes, 1);
	rc = expand(&mg, root, 0);
	free(mg.state);
	return rc;
}
