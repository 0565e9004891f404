/*
 * The tolerations the API server stores on a pod beyond those its spec
 * lists: what the DaemonSet controller gives its pods, and what the
 * DefaultTolerationSeconds admission plugin gives every other pod. The
 * engine's taint manager and kubectl's printers both read them here, so
 * what a pod shows is what evicts it.
 */
#include "ksim/cluster.h"

#include "internal.h"

/* pkg/controller/daemon/util/daemonset_util.go: all Exists, no time limit. */
static const struct {
	const char *key;
	enum taint_effect effect;
} daemon_tolerations[CLUSTER_NADDED_TOLERATIONS] = {
	{ "node.kubernetes.io/not-ready", EFFECT_NO_EXECUTE },
	{ "node.kubernetes.io/unreachable", EFFECT_NO_EXECUTE },
	{ "node.kubernetes.io/disk-pressure", EFFECT_NO_SCHEDULE },
	{ "node.kubernetes.io/memory-pressure", EFFECT_NO_SCHEDULE },
	{ "node.kubernetes.io/pid-pressure", EFFECT_NO_SCHEDULE },
	{ "node.kubernetes.io/unschedulable", EFFECT_NO_SCHEDULE },
};

void cluster_tolerations_init(struct cluster *c)
{
	for (int i = 0; i < CLUSTER_NADDED_TOLERATIONS; i++)
		c->s.added_toleration_keys[i] = cluster_intern(c, daemon_tolerations[i].key);
	c->default_toleration_s = CLUSTER_DEFAULT_TOLERATION_S;
}

/*
 * v1helper.AddOrUpdateTolerationInPodSpec: a toleration that matches
 * (Toleration.MatchToleration: key, operator, value, effect) is not added
 * again. Upstream then overwrites a match whose tolerationSeconds differ;
 * ksim keeps the spec's, since it never rewrites a shared spec.
 */
static bool has_matching(const struct podspec *s, const struct toleration *t)
{
	for (uint32_t i = 0; i < s->ntolerations; i++) {
		const struct toleration *o = &s->tolerations[i];
		if (o->key == t->key && o->op == t->op && o->effect == t->effect &&
		    o->value == t->value)
			return true;
	}
	return false;
}

/*
 * plugin/pkg/admission/defaulttolerationseconds/admission.go: the spec
 * already tolerates the key when a toleration names it (or no key) with
 * effect NoExecute (or none).
 */
static bool tolerates_key(const struct podspec *s, uint32_t key)
{
	for (uint32_t i = 0; i < s->ntolerations; i++) {
		const struct toleration *o = &s->tolerations[i];
		if ((o->key == key || o->key == 0) &&
		    (o->effect == EFFECT_NO_EXECUTE || o->effect == EFFECT_ALL))
			return true;
	}
	return false;
}

uint32_t cluster_pod_added_tolerations(const struct cluster *c, const struct pod *p,
				       const struct podspec *s,
				       struct toleration out[CLUSTER_NADDED_TOLERATIONS])
{
	uint32_t n = 0;

	if (!p)
		return 0;
	for (int i = 0; i < CLUSTER_NADDED_TOLERATIONS; i++) {
		struct toleration t = { .key = c->s.added_toleration_keys[i],
					.op = TOL_EXISTS,
					.effect = daemon_tolerations[i].effect,
					.seconds = -1 };
		if (p->flags & POD_DAEMON) {
			if (!has_matching(s, &t))
				out[n++] = t;
		} else if (t.effect == EFFECT_NO_EXECUTE && !tolerates_key(s, t.key)) {
			t.seconds = c->default_toleration_s;
			out[n++] = t;
		}
	}
	return n;
}
