/*
 * kubectl patch (KIND NAME | KIND/NAME) -p PATCH [--type strategic|merge|json]:
 * the course suspends a CronJob with -p '{"spec" : {"suspend" : true }}'.
 * The patch is JSON (or YAML), read by libyaml.
 */
#include <string.h>

#include "internal.h"
#include "ksim/manifest.h"
#include "write.h"

struct patch {
	const char *text, *type;
};

static int apply_patch(struct ynode *doc, const struct patch *p, struct ksim_error *err)
{
	struct ynode *ops = ydoc_parse(p->text, strlen(p->text), err);
	int rc;

	if (!ops)
		return -1;
	if (strcmp(p->type, "json") == 0)
		rc = ydoc_json_patch(doc, ops, err);
	else
		rc = ydoc_merge(doc, ops, strcmp(p->type, "strategic") == 0, err);
	ydoc_free(ops);
	return rc;
}

static int patch_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	const struct patch *p = ctx;
	struct strbuf before, after;
	struct ksim_error err;
	struct ynode *doc, *orig;
	int rc = 1;

	sb_init(&before);
	sb_init(&after);
	object_yaml(k->c, kind, idx, &before);
	doc = ydoc_parse(before.data, before.len, &err);
	orig = ydoc_parse(before.data, before.len, &err);
	if (apply_patch(doc, p, &err)) {
		sb_printf(k->err, "error: unable to parse \"%s\": %s\n", p->text, err.msg);
	} else if (ydoc_equal(doc, orig)) {
		kubectl_operation_print(k, kind, idx, "patched (no change)");
		rc = 0;
	} else {
		ydoc_emit(doc, &after);
		rc = object_replace(k, kind, idx, after.data, "object", "patched", MANIFEST_STRICT);
	}
	ydoc_free(doc);
	ydoc_free(orig);
	sb_free(&before);
	sb_free(&after);
	return rc;
}

static int patch_exec(struct kubectl *k, int argc, char **argv)
{
	struct patch p = { NULL, "strategic" };
	const struct kubectl_flag flags[] = {
		{ "p", "patch", &p.text, NULL },
		{ NULL, "type", &p.type, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct pick pk = { 0 };
	int found = 0;

	if (kubectl_flags(k, flags, &argc, argv))
		return 1;
	if (!p.text)
		return usage_error(
		    k, "patch",
		    "must specify --patch or --patch-file containing the contents of the patch");
	if (strcmp(p.type, "json") && strcmp(p.type, "merge") && strcmp(p.type, "strategic")) {
		sb_printf(k->err, "error: --type must be one of [json merge strategic], not \"%s\"\n",
			  p.type);
		return 1;
	}
	if (argc < 2)
		return usage_error(
		    k, "patch", "You must provide one or more resources by argument or filename.");
	return kubectl_pick_each(k, &pk, argc - 1, argv + 1, patch_one, &p, &found);
}

const struct kubectl_verb kubectl_patch = {
	.name = "patch",
	.usage = "patch (KIND NAME | KIND/NAME) -p PATCH [--type strategic|merge|json]",
	.summary = "Update fields of a resource",
	.exec = patch_exec,
};
