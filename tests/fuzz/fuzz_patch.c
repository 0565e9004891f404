/*
 * The YAML/JSON document tree behind kubectl patch and edit
 * (src/manifest/ydoc.c) and the patch verb (src/kubectl/patch.c).
 *
 * Input: one mode byte, then "TARGET\n---\nPATCH" (or PATCH alone, against
 * a fixed object). Mode bits 0-1 pick merge, strategic or JSON patch; with
 * bit 2 set the patch also goes through `kubectl patch` on one object of a
 * live cluster (bits 3-5 pick which), decoded and applied as the API server
 * would. Whatever the tree holds must survive ydoc_emit and a re-parse
 * unchanged.
 */
#include "fuzz.h"

#include "ksim/kubectl.h"
#include "ksim/manifest.h"

#include "cluster.h"

static const char fixed_target[] =
    "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: cj, labels: {app: x}}\n"
    "spec:\n  schedule: '*/1 * * * *'\n  suspend: false\n  jobTemplate:\n    spec:\n"
    "      template:\n        spec:\n          containers: [{name: c, image: busybox, args: ['1', \"02\"]}]\n";

static const char *const objects[][2] = {
	{ "cronjob", "cj" }, { "rs", "web" },   { "job", "pi" },  { "ds", "agent" },
	{ "sts", "db" },     { "pod", "bare" }, { "node", "n1" }, { "svc", "nginx" },
};
static const char *const types[] = { "merge", "strategic", "json", "merge" };

/* Emitting then re-reading a tree gives the same tree. */
static void round_trip(const struct ynode *n)
{
	struct strbuf yaml;
	struct ksim_error err;
	struct ynode *again;

	sb_init(&yaml);
	ydoc_emit(n, &yaml);
	again = ydoc_parse(yaml.data, yaml.len, &err);
	if (!again || !ydoc_equal(n, again)) {
		fprintf(stderr, "round trip changed the document:\n%s\n", yaml.data);
		abort();
	}
	ydoc_free(again);
	sb_free(&yaml);
}

static void patch_tree(const char *target, size_t tlen, const char *patch, int type)
{
	struct ksim_error err;
	struct ynode *doc = ydoc_parse(target, tlen, &err);
	struct ynode *ops = ydoc_parse(patch, strlen(patch), &err);

	if (doc)
		round_trip(doc);
	if (doc && ops) {
		round_trip(ops);
		int rc = type == 2 ? ydoc_json_patch(doc, ops, &err)
				   : ydoc_merge(doc, ops, type == 1, &err);
		if (rc == 0)
			round_trip(doc);
	}
	ydoc_free(doc);
	ydoc_free(ops);
}

static void patch_verb(const char *patch, int mode)
{
	const char *const *obj = objects[(mode >> 3) & 7];
	char *argv[] = { "patch",       (char *)obj[0], (char *)obj[1],          "-p",
			 (char *)patch, "--type",       (char *)types[mode & 3], NULL };
	struct session s;
	struct strbuf out, errout;
	struct kubectl k;

	sb_init(&out);
	sb_init(&errout);
	fuzz_cluster_open(&s);
	k = (struct kubectl){
		.e = s.e, .c = s.c, .out = &out, .err = &errout, .ns = s.c->s.default_ns, .base_dir = ""
	};
	kubectl_patch.exec(&k, (int)ARRAY_LEN(argv) - 1, argv);
	engine_settle(s.e);
	engine_run_until(s.e, s.c->now_ms + 60000);
	session_destroy(&s);
	sb_free(&out);
	sb_free(&errout);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text, *patch;
	int mode;

	if (size < 1)
		return 0;
	mode = data[0];
	text = fuzz_text(data + 1, size - 1);
	patch = strstr(text, "\n---\n");
	if (patch) {
		*patch = '\0';
		patch += 5;
		patch_tree(text, strlen(text), patch, mode & 3);
	} else {
		patch = text;
		patch_tree(fixed_target, sizeof fixed_target - 1, patch, mode & 3);
	}
	if (mode & 4)
		patch_verb(patch, mode);
	free(text);
	return 0;
}
