/*
 * ksim's own verbs, not kubectl's, for what a real cluster does to itself: `fail node NAME`
 * (its kubelet stops reporting), `recover node NAME`, `add node NAME
 * [--label k=v]... [--taint k=v:Effect]... [--cpu 4] [--memory 8Gi]`,
 * `remove node NAME` (deleted as `kubectl delete node` does; the pod
 * garbage collector then deletes the pods bound to it) and `crash pod NAME
 * [--exit-code N]`. They take "KIND NAME..." or "KIND/NAME" like kubectl,
 * whose dispatcher runs them as k->more_verbs, with its helpers.
 */
#include "ksim/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/kubectl.h"
#include "ksim/manifest.h"

static const struct kubectl_verb verb_fail, verb_recover, verb_add, verb_remove, verb_crash;

/* A ksim verb's action on one object of the kind it works on. */
struct ksim_action {
	enum kind kind;
	int (*fn)(struct kubectl *k, uint32_t idx, void *ctx);
	void *ctx;
};

static int act_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	const struct ksim_action *a = ctx;

	if (kind != a->kind) {
		sb_printf(k->err, "error: only %s can be named here, not %s\n",
			  kind_info(a->kind)->plural, kind_info(kind)->plural);
		return 1;
	}
	return a->fn(k, idx, a->ctx);
}

static int act(struct kubectl *k, const char *usage, int argc, char **argv, struct ksim_action *a)
{
	struct pick p = { 0 };
	int found;

	if (argc < 2) {
		sb_printf(k->err, "error: USAGE: %s\n", usage);
		return 1;
	}
	return kubectl_pick_each(k, &p, argc - 1, argv + 1, act_one, a, &found);
}

/* --- fail / recover / remove --- */

static int fail_one(struct kubectl *k, uint32_t idx, void *ctx)
{
	const struct node *n = cluster_get(k->c, KIND_NODE, idx);
	bool was_up = n->kubelet_up;

	(void)ctx;
	if (was_up)
		engine_node_fail(k->e, idx);
	kubectl_operation_print(k, KIND_NODE, idx, was_up ? "failed" : "already failed");
	return 0;
}

static int recover_one(struct kubectl *k, uint32_t idx, void *ctx)
{
	const struct node *n = cluster_get(k->c, KIND_NODE, idx);
	bool was_up = n->kubelet_up;

	(void)ctx;
	if (!was_up)
		engine_node_recover(k->e, idx);
	kubectl_operation_print(k, KIND_NODE, idx, was_up ? "already up" : "recovered");
	return 0;
}

static int remove_one(struct kubectl *k, uint32_t idx, void *ctx)
{
	(void)ctx;
	sb_printf(k->out, "node \"%s\" deleted\n",
		  cluster_str(k->c, cluster_meta(k->c, KIND_NODE, idx)->name));
	engine_delete(k->e, KIND_NODE, idx, PROPAGATE_BACKGROUND, -1);
	return 0;
}

static const struct kubectl_flag no_flags[] = { { NULL, NULL, NULL, NULL } };

static int node_verb(struct kubectl *k, int argc, char **argv, const char *usage,
		     int (*fn)(struct kubectl *k, uint32_t idx, void *ctx))
{
	struct ksim_action a = { KIND_NODE, fn, NULL };

	if (kubectl_flags(k, no_flags, &argc, argv))
		return 1;
	return act(k, usage, argc, argv, &a);
}

static int fail_exec(struct kubectl *k, int argc, char **argv)
{
	return node_verb(k, argc, argv, verb_fail.usage, fail_one);
}

static int recover_exec(struct kubectl *k, int argc, char **argv)
{
	return node_verb(k, argc, argv, verb_recover.usage, recover_one);
}

static int remove_exec(struct kubectl *k, int argc, char **argv)
{
	return node_verb(k, argc, argv, verb_remove.usage, remove_one);
}

/* --- crash --- */

static bool has_running_container(const struct pod *p)
{
	for (uint32_t i = p->ninit; p->ctrs && i < (uint32_t)p->ninit + p->ncontainers; i++)
		if (p->ctrs[i].state == CTR_RUNNING)
			return true;
	return false;
}

static int crash_one(struct kubectl *k, uint32_t idx, void *ctx)
{
	const int64_t *code = ctx;
	const struct pod *p = cluster_get(k->c, KIND_POD, idx);
	char what[48];

	if (!has_running_container(p)) {
		sb_printf(k->err, "error: pod \"%s\" has no running container to crash\n",
			  cluster_str(k->c, p->meta.name));
		return 1;
	}
	engine_pod_crash(k->e, idx, (int)*code);
	snprintf(what, sizeof what, "crashed (exit code %lld)", (long long)*code);
	kubectl_operation_print(k, KIND_POD, idx, what);
	return 0;
}

static int crash_exec(struct kubectl *k, int argc, char **argv)
{
	const char *exit_code = NULL;
	int64_t code = 1;
	const struct kubectl_flag flags[] = {
		{ NULL, "exit-code", &exit_code, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct ksim_action a = { KIND_POD, crash_one, &code };

	if (kubectl_flags(k, flags, &argc, argv) ||
	    (exit_code && kubectl_flag_int(k, "crash", "exit-code", exit_code, &code)))
		return 1;
	return act(k, verb_crash.usage, argc, argv, &a);
}

/* --- add --- */

/* One --label KEY=VALUE, checked as the API server checks labels. */
static int add_label(struct kubectl *k, const char *spec, struct node *n)
{
	const char *eq = strchr(spec, '='), *msgs[4];
	char *key;
	int nm;

	if (!eq || strchr(eq + 1, '=')) {
		sb_printf(k->err, "error: invalid --label \"%s\": expected KEY=VALUE\n", spec);
		return 1;
	}
	key = xstrndup(spec, (size_t)(eq - spec));
	nm = labels_key_problems(key, msgs);
	if (!nm)
		nm = labels_value_problems(eq + 1, msgs);
	if (nm)
		sb_printf(k->err, "error: invalid --label \"%s\": %s\n", spec, msgs[0]);
	else
		n->meta.labels = labels_with(k->c->labels, n->meta.labels, cluster_intern(k->c, key),
					     cluster_intern(k->c, eq + 1));
	free(key);
	return nm ? 1 : 0;
}

/* One --taint KEY[=VALUE]:EFFECT, in kubectl taint's syntax. */
static int add_taint(struct kubectl *k, const char *spec, struct node *n)
{
	struct strbuf why;
	struct taint_arg a;
	int rc;

	sb_init(&why);
	rc = kubectl_taint_arg_parse(k->c, spec, &a, &why);
	if (!rc && a.remove) {
		sb_printf(&why, "invalid taint spec: %s", spec);
		rc = -1;
	}
	if (rc) {
		sb_printf(k->err, "error: invalid --taint \"%s\": %s\n", spec, why.data);
	} else {
		n->taints = xrealloc(n->taints, (n->ntaints + 1) * sizeof *n->taints);
		n->taints[n->ntaints++] = a.taint;
	}
	sb_free(&why);
	return rc ? 1 : 0;
}

static int add_capacity(struct kubectl *k, const char *cpu, const char *memory, struct node *n)
{
	if (cpu && (quantity_parse_milli(cpu, &n->capacity.cpu_milli) || n->capacity.cpu_milli <= 0)) {
		sb_printf(k->err,
			  "error: invalid --cpu \"%s\": expected a quantity such as 4 or 500m\n",
			  cpu);
		return 1;
	}
	if (memory && (quantity_parse(memory, &n->capacity.mem_bytes) || n->capacity.mem_bytes <= 0)) {
		sb_printf(k->err, "error: invalid --memory \"%s\": expected a quantity such as 8Gi\n",
			  memory);
		return 1;
	}
	return 0;
}

/* "add node NAME" or "add node/NAME": the one name, or NULL after an error. */
static const char *add_name(struct kubectl *k, int argc, char **argv)
{
	const char *slash = argc == 2 ? strchr(argv[1], '/') : NULL;
	char type[32];

	if (!(argc == 3 || (argc == 2 && slash))) {
		sb_printf(k->err, "error: USAGE: %s\n", verb_add.usage);
		return NULL;
	}
	snprintf(type, sizeof type, "%.*s", slash ? (int)(slash - argv[1]) : (int)strlen(argv[1]),
		 argv[1]);
	if (kind_parse(type) != KIND_NODE) {
		sb_printf(k->err, "error: only nodes can be added, not \"%s\"\n", type);
		return NULL;
	}
	return slash ? slash + 1 : argv[2];
}

/* The Node `add node` asks the API server for, or NULL after an error. */
static struct node *node_from_flags(struct kubectl *k, const char *name,
				    const struct flag_list *labels, const struct flag_list *taints,
				    const char *cpu, const char *memory)
{
	struct node *n = xcalloc(1, sizeof *n);
	int rc = 0;

	n->meta.name = cluster_intern(k->c, name);
	for (uint32_t i = 0; rc == 0 && i < labels->n; i++)
		rc = add_label(k, labels->v[i], n);
	for (uint32_t i = 0; rc == 0 && i < taints->n; i++)
		rc = add_taint(k, taints->v[i], n);
	if (rc || add_capacity(k, cpu, memory, n)) {
		manifest_object_free(k->c, KIND_NODE, n);
		return NULL;
	}
	return n;
}

static int add_run(struct kubectl *k, int argc, char **argv, const struct flag_list *labels,
		   const struct flag_list *taints)
{
	const char *cpu = NULL, *memory = NULL, *name;
	const struct kubectl_flag flags[] = {
		{ NULL, "cpu", &cpu, NULL },
		{ NULL, "memory", &memory, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct manifest_object mo = { .kind = KIND_NODE };
	struct ksim_error err;

	if (kubectl_flags(k, flags, &argc, argv) || !(name = add_name(k, argc, argv)))
		return 1;
	if (cluster_find(k->c, KIND_NODE, 0, cluster_intern(k->c, name)) != NONE32) {
		sb_printf(k->err,
			  "Error from server (AlreadyExists): nodes \"%s\" already exists\n", name);
		return 1;
	}
	mo.obj = node_from_flags(k, name, labels, taints, cpu, memory);
	if (!mo.obj)
		return 1;
	if (kubectl_apply_object(k, &mo, &err)) {
		sb_printf(k->err, "%s\n", err.msg);
		return 1;
	}
	return 0;
}

static int add_exec(struct kubectl *k, int argc, char **argv)
{
	struct flag_list labels = { 0 }, taints = { 0 };
	int rc = 1;

	if (!kubectl_flag_take_list(k, NULL, "label", false, &argc, argv, &labels) &&
	    !kubectl_flag_take_list(k, NULL, "taint", false, &argc, argv, &taints))
		rc = add_run(k, argc, argv, &labels, &taints);
	kubectl_flag_list_free(&labels);
	kubectl_flag_list_free(&taints);
	return rc;
}

static const struct kubectl_verb verb_fail = {
	.name = "fail",
	.usage = "fail node NAME",
	.summary = "ksim: the node's kubelet stops reporting (power loss, partition)",
	.exec = fail_exec,
};

static const struct kubectl_verb verb_recover = {
	.name = "recover",
	.usage = "recover node NAME",
	.summary = "ksim: the node's kubelet reports again",
	.exec = recover_exec,
};

static const struct kubectl_verb verb_add = {
	.name = "add",
	.usage = "add node NAME [--label KEY=VALUE]... [--taint KEY=VALUE:EFFECT]... [--cpu 4] "
		 "[--memory 8Gi]",
	.summary = "ksim: a new node joins the cluster",
	.exec = add_exec,
};

static const struct kubectl_verb verb_remove = {
	.name = "remove",
	.usage = "remove node NAME",
	.summary = "ksim: the node is deleted; the pod garbage collector removes its pods",
	.exec = remove_exec,
};

static const struct kubectl_verb verb_crash = {
	.name = "crash",
	.usage = "crash pod NAME [--exit-code N]",
	.summary = "ksim: the pod's first running container exits with the code (default 1)",
	.exec = crash_exec,
};

const struct kubectl_verb *const session_verbs[] = {
	&verb_fail, &verb_recover, &verb_add, &verb_remove, &verb_crash, NULL,
};

/* line without a leading "kubectl" or "ksim" word. */
const char *session_line_shown(const char *line)
{
	size_t n;

	line += strspn(line, " \t");
	n = strcspn(line, " \t");
	if ((n == 4 && strncmp(line, "ksim", 4) == 0) || (n == 7 && strncmp(line, "kubectl", 7) == 0))
		line += n + strspn(line + n, " \t");
	return line;
}

const char *session_line_program(const char *line)
{
	const char *verb = session_line_shown(line);
	size_t n = strcspn(verb, " \t");

	for (size_t i = 0; session_verbs[i]; i++)
		if (strlen(session_verbs[i]->name) == n && strncmp(session_verbs[i]->name, verb, n) == 0)
			return "ksim";
	return "kubectl";
}
