/*
 * kubectl scale (KIND/NAME | KIND NAME | KIND -l SEL | KIND --all | -f FILE)
 * --replicas=N [--current-replicas=N]: through the scale subresource, which
 * Deployments, ReplicaSets, ReplicationControllers and StatefulSets have; Jobs lost
 * theirs (kubectl 1.31 no longer falls back to parallelism), as have the
 * other kinds, so the server answers 404.
 */
#include "ksim/kubectl.h"

#include <stdint.h>

#include "write.h"

struct scale_opts {
	int64_t replicas, current; /* current -1: no precondition */
	bool stopped;              /* RunScale returns at its first error */
};

/* spec.replicas of the kinds with a scale subresource, else NULL. */
static int32_t *replicas_of(struct cluster *c, enum kind kind, uint32_t idx)
{
	switch (kind) {
	case KIND_RS:
	case KIND_RC:
		return &((struct replicaset *)cluster_get(c, kind, idx))->replicas;
	case KIND_STS:
		return &((struct statefulset *)cluster_get(c, kind, idx))->replicas;
	case KIND_DEPLOY:
		return &((struct deployment *)cluster_get(c, kind, idx))->replicas;
	default:
		return NULL;
	}
}

static int scale_one(struct kubectl *k, enum kind kind, uint32_t idx, void *ctx)
{
	struct scale_opts *o = ctx;
	int32_t *replicas = replicas_of(k->c, kind, idx);
	struct meta *m = cluster_meta(k->c, kind, idx);

	if (o->stopped)
		return 0;
	if (!replicas) {
		sb_add(
		    k->err,
		    "Error from server (NotFound): the server could not find the requested resource\n");
		o->stopped = true;
		return 1;
	}
	if (o->current != -1 && *replicas != o->current) {
		sb_printf(k->err, "error: Expected replicas to be %lld, was %d\n",
			  (long long)o->current, *replicas);
		o->stopped = true;
		return 1;
	}
	if (*replicas != o->replicas) {
		*replicas = (int32_t)o->replicas;
		m->generation++;
		cluster_changed(k->c, kind, idx, CHANGE_UPDATED);
	}
	kubectl_operation_print(k, kind, idx, "scaled");
	return 0;
}

/* ScaleOptions.Validate, after cobra's check of the required flag. */
static int scale_opts_parse(struct kubectl *k, const char *replicas, const char *current,
			    struct scale_opts *o)
{
	if (!replicas) {
		sb_add(k->err, "error: required flag(s) \"replicas\" not set\n");
		return 1;
	}
	if (kubectl_flag_int(k, "scale", "replicas", replicas, &o->replicas) ||
	    (current && kubectl_flag_int(k, "scale", "current-replicas", current, &o->current)))
		return 1;
	if (o->replicas < 0 || o->replicas > INT32_MAX) {
		sb_add(k->err,
		       "error: The --replicas=COUNT flag is required, and COUNT must be greater "
		       "than or equal to 0\n");
		return 1;
	}
	if (o->current < -1) {
		sb_add(k->err,
		       "error: The --current-replicas must specify an integer of -1 or greater\n");
		return 1;
	}
	return 0;
}

static int scale_exec(struct kubectl *k, int argc, char **argv)
{
	struct flag_list files = { 0 };
	struct scale_opts o = { .current = -1 };
	const char *selector = NULL, *replicas = NULL, *current = NULL, *timeout = NULL;
	bool all = false;
	const struct kubectl_flag flags[] = {
		{ NULL, "replicas", &replicas, NULL },
		{ NULL, "current-replicas", &current, NULL },
		{ "l", "selector", &selector, NULL },
		{ NULL, "all", NULL, &all },
		/* ksim scales at once: nothing to wait for. */
		{ NULL, "timeout", &timeout, NULL },
		{ NULL, NULL, NULL, NULL },
	};
	struct pick p = { .files = &files };
	int found = 0, rc = 1;

	if (kubectl_flag_take_list(k, "f", "filename", true, &argc, argv, &files) ||
	    kubectl_flags(k, flags, &argc, argv) || scale_opts_parse(k, replicas, current, &o))
		goto out;
	p.selector = selector;
	p.all = all;
	rc = kubectl_pick_each(k, &p, argc - 1, argv + 1, scale_one, &o, &found);
	if (!rc && !found) {
		sb_add(k->err, "error: no objects passed to scale\n");
		rc = 1;
	}
out:
	kubectl_flag_list_free(&files);
	return rc;
}

const struct kubectl_verb kubectl_scale = {
	.name = "scale",
	.usage = "scale (KIND/NAME | KIND NAME | -f FILE) --replicas=COUNT [--current-replicas=COUNT]",
	.summary = "Set a new size for a replica set, replication controller or stateful set",
	.exec = scale_exec,
};
