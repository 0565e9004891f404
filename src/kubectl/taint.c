/*
 * kubectl taint nodes (NAME... | -l SEL | --all) KEY[=VALUE]:EFFECT...
 * KEY[:EFFECT]-... [--overwrite]: the node's new taints are the added ones
 * followed by the old ones they do not replace, minus the removed ones, and
 * kubectl reports "tainted", "untainted" or "modified" (cmd/taint).
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "write.h"

struct taint_change {
	struct taint *add;
	uint32_t nadd, add_cap;
	struct taint *del; /* effect EFFECT_ALL: every taint with the key */
	uint32_t ndel, del_cap;
	bool overwrite;
};

static bool is_taint_word(const char *w)
{
	size_t n = strlen(w);

	return strchr(w, '=') || strchr(w, ':') || (n && w[n - 1] == '-');
}

/* kubectl's parseTaints, including its check for repeated key and effect. */
static int parse_taints(struct kubectl *k, int n, char **words, struct taint_change *ch)
{
	struct strbuf why;
	int rc = 0;

	sb_init(&why);
	for (int i = 0; !rc && i < n; i++) {
		struct taint_arg a;
		if (kubectl_taint_arg_parse(k->c, words[i], &a, &why)) {
			rc = usage_error(k, "taint", why.data);
			break;
		}
		for (uint32_t j = 0; !a.remove && j < ch->nadd; j++)
			if (ch->add[j].key == a.taint.key && ch->add[j].effect == a.taint.effect) {
				sb_printf(
				    &why,
				    "duplicated taints with the same key and effect: {%s %s %s <nil>}",
				    cluster_str(k->c, a.taint.key), cluster_str(k->c, a.taint.value),
				    api_taint_effect_name(a.taint.effect));
				rc = usage_error(k, "taint", why.data);
			}
		if (rc)
			break;
		if (a.remove) {
			xgrow(&ch->del, &ch->del_cap, ch->ndel + 1, sizeof *ch->del);
			ch->del[ch->ndel++] = a.taint;
		} else {
			xgrow(&ch->add, &ch->add_cap, ch->nadd + 1, sizeof *ch->add);
			ch->add[ch->nadd++] = a.taint;
		}
	}
	sb_free(&why);
	return rc;
}

/* Validate: a taint may not be both added and removed in one command. */
static int check_conflicts(struct kubectl *k, const struct taint_change *ch)
{
	struct strbuf list;
	int n = 0;

	sb_init(&list);
	for (uint32_t i = 0; i < ch->nadd; i++)
		for (uint32_t j = 0; j < ch->ndel; j++) {
			const struct taint *a = &ch->add[i], *d = &ch->del[j];
			if (a->key != d->key || (d->effect != EFFECT_ALL && d->effect != a->effect))
				continue;
			sb_printf(&list, "%s{\"%s\":\"%s\"}", n++ ? ", " : "",
				  cluster_str(k->c, d->key), api_taint_effect_name(d->effect));
		}
	if (n)
		sb_printf(k->err,
			  "error: can not both modify and remove the following taint(s) in the "
			  "same command: %s\n",
			  list.data);
	sb_free(&list);
	return n ? 1 : 0;
}

static bool taint_matches(const struct taint *a, const struct taint *b)
{
	return a->key == b->key && a->effect == b->effect;
}

/* checkIfTaintsAlreadyExists, then the error updateTaints returns. */
static int check_exists(struct kubectl *k, const struct node *n, const struct taint_change *ch)
{
	struct strbuf keys;
	int found = 0;

	if (ch->overwrite)
		return 0;
	sb_init(&keys);
	for (uint32_t i = 0; i < ch->nadd; i++)
		for (uint32_t j = 0; j < n->ntaints; j++)
			if (taint_matches(&ch->add[i], &n->taints[j]))
				sb_printf(&keys, "%s%s", found++ ? "," : "",
					  cluster_str(k->c, ch->add[i].key));
	if (found)
		sb_printf(k->err,
			  "error: node %s already has %s taint(s) with same effect(s) and "
			  "--overwrite is false\n",
			  cluster_str(k->c, n->meta.name), keys.data);
	sb_free(&keys);
	return found ? 1 : 0;
}

/* reorganizeTaints: the added taints, then the old ones not replaced, minus the removed. */
static const char *reorganize(struct kubectl *k, const struct node *n,
			      const struct taint_change *ch, struct taint **out, uint32_t *nout)
{
	struct taint *v = xmalloc(((size_t)ch->nadd + n->ntaints + 1) * sizeof *v);
	struct strbuf missing;
	uint32_t nv = 0;
	bool added, removed = false;
	int nmissing = 0;

	for (uint32_t i = 0; i < ch->nadd; i++) {
		v[nv] = ch->add[i];
		v[nv++].added_ms = k->c->now_ms;
	}
	for (uint32_t j = 0; j < n->ntaints; j++) {
		bool replaced = false;
		for (uint32_t i = 0; i < ch->nadd; i++)
			replaced |= taint_matches(&ch->add[i], &n->taints[j]);
		if (!replaced)
			v[nv++] = n->taints[j];
	}
	added = nv != n->ntaints;
	sb_init(&missing);
	for (uint32_t d = 0; d < ch->ndel; d++) {
		uint32_t kept = 0;
		for (uint32_t i = 0; i < nv; i++) {
			bool hit = v[i].key == ch->del[d].key && (ch->del[d].effect == EFFECT_ALL ||
								  v[i].effect == ch->del[d].effect);
			if (!hit)
				v[kept++] = v[i];
		}
		/* kubectl keeps only the last removal's outcome for its message. */
		removed = kept != nv;
		nv = kept;
		if (!removed) {
			sb_add(&missing, "taint \"");
			taint_format(k->c, &ch->del[d], &missing);
			sb_add(&missing, "\" not found\n");
			nmissing++;
		}
	}
	print_aggregate(k, &missing, nmissing);
	sb_free(&missing);
	*out = v;
	*nout = nv;
	if (nmissing)
		return NULL;
	if ((added && removed) || ch->overwrite)
		return "modified";
	return added ? "tainted" : "untainted";
}

static int taint_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	const struct taint_change *ch = ctx;
	struct node *n = cluster_get(k->c, KIND_NODE, idx);
	struct taint *taints;
	uint32_t ntaints;
	const char *what;

	(void)kind;
	if (check_exists(k, n, ch))
		return 1;
	what = reorganize(k, n, ch, &taints, &ntaints);
	if (!what) {
		free(taints);
		return 1;
	}
	free(n->taints);
	n->taints = taints;
	n->ntaints = ntaints;
	cluster_changed(k->c, KIND_NODE, idx, CHANGE_UPDATED);
	kubectl_operation_print(k, KIND_NODE, idx, what);
	return 0;
}

/* Validate: taints are for nodes only. */
static int taint_check_type(struct kubectl *k, const char *type)
{
	enum kind kind = kind_parse(type);

	if (kind == KIND_NONE) {
		kubectl_unknown_type(k, type);
		return 1;
	}
	if (kind != KIND_NODE) {
		sb_printf(k->err,
			  "error: invalid resource type %s, only node types are supported\n", type);
		return 1;
	}
	return 0;
}

static int taint_flags_check(struct kubectl *k, int nres, const struct pick *p)
{
	if (p->all && p->selector) {
		sb_add(k->err,
		       "error: setting 'all' parameter with a non empty selector is prohibited\n");
		return 1;
	}
	if (!p->all && !p->selector && nres < 2) {
		sb_add(k->err,
		       "error: at least one resource name must be specified since 'all' parameter "
		       "is not set\n");
		return 1;
	}
	return 0;
}

static int taint_run(struct kubectl *k, int argc, char **argv, const struct pick *p,
		     struct taint_change *ch)
{
	int nres = split_changes(k, argc, argv, is_taint_word, "taint"), found;

	if (nres < 0)
		return 1;
	nres--;
	if (nres < 1) {
		sb_add(k->err,
		       "error: one or more resources must be specified as <resource> <name>\n");
		return 1;
	}
	if (argc - 1 - nres < 1) {
		sb_add(k->err, "error: at least one taint update is required\n");
		return 1;
	}
	if (parse_taints(k, argc - 1 - nres, argv + 1 + nres, ch) || taint_check_type(k, argv[1]) ||
	    check_conflicts(k, ch) || taint_flags_check(k, nres, p))
		return 1;
	/* With -l or --all, only the type counts (the builder ignores names then). */
	return kubectl_pick_each(k, p, p->all || p->selector ? 1 : nres, argv + 1, taint_one, ch,
				 &found);
}

static int taint_exec(struct kubectl *k, int argc, char **argv)
{
	struct taint_change ch = { 0 };
	struct pick p = { 0 };
	const struct kubectl_flag flags[] = {
		{ "l", "selector", &p.selector, NULL },
		{ NULL, "all", NULL, &p.all },
		{ NULL, "overwrite", NULL, &ch.overwrite },
		{ NULL, NULL, NULL, NULL },
	};
	int rc = 1;

	if (!kubectl_flags(k, flags, &argc, argv))
		rc = taint_run(k, argc, argv, &p, &ch);
	free(ch.add);
	free(ch.del);
	return rc;
}

const struct kubectl_verb kubectl_taint = {
	.name = "taint",
	.usage = "taint nodes (NAME | -l SELECTOR | --all) KEY=VALUE:EFFECT... KEY:EFFECT-... "
		 "[--overwrite]",
	.summary = "Update the taints on one or more nodes",
	.exec = taint_exec,
};
