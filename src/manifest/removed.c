/*
 * API versions a 1.31 API server no longer serves, for the kinds ksim knows
 * (kubernetes.io/docs/reference/using-api/deprecation-guide/ and the 1.16
 * removals post, blog/2019/07/18/api-deprecations-in-1-16/; batch/v2alpha1
 * went in 1.21). A manifest written for an old cluster is refused as
 * `kubectl apply` refuses it, with the version to use instead.
 */
#include "decode.h"

#include <string.h>

static const struct {
	const char *kind, *version, *removed_in, *use;
} removed[] = {
	{ "Deployment", "extensions/v1beta1", "1.16", "apps/v1" },
	{ "Deployment", "apps/v1beta1", "1.16", "apps/v1" },
	{ "Deployment", "apps/v1beta2", "1.16", "apps/v1" },
	{ "DaemonSet", "extensions/v1beta1", "1.16", "apps/v1" },
	{ "DaemonSet", "apps/v1beta2", "1.16", "apps/v1" },
	{ "ReplicaSet", "extensions/v1beta1", "1.16", "apps/v1" },
	{ "ReplicaSet", "apps/v1beta1", "1.16", "apps/v1" },
	{ "ReplicaSet", "apps/v1beta2", "1.16", "apps/v1" },
	{ "StatefulSet", "apps/v1beta1", "1.16", "apps/v1" },
	{ "StatefulSet", "apps/v1beta2", "1.16", "apps/v1" },
	{ "CronJob", "batch/v2alpha1", "1.21", "batch/v1" },
	{ "CronJob", "batch/v1beta1", "1.25", "batch/v1" },
};

int dec_removed_version(struct dec *d, yaml_node_t *node, const char *kind, const char *version)
{
	for (size_t i = 0; i < ARRAY_LEN(removed); i++)
		if (strcmp(removed[i].kind, kind) == 0 && strcmp(removed[i].version, version) == 0)
			return dec_fail(d, node, "apiVersion",
					"no matches for kind %s in version %s: %s %s was removed in"
					" Kubernetes %s; use apiVersion: %s",
					dec_quote(d, kind), dec_quote(d, version), version, kind,
					removed[i].removed_in, removed[i].use);
	return 0;
}
