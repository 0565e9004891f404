/* The resource types ksim serves, and every name kubectl accepts for them. */
#include "ksim/cluster.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct kind_info kinds[KIND_COUNT] = {
	[KIND_NODE] = { "Node", "nodes", "node", "no", "v1", "", false },
	[KIND_POD] = { "Pod", "pods", "pod", "po", "v1", "", true },
	[KIND_RC] = { "ReplicationController", "replicationcontrollers", "replicationcontroller",
		      "rc", "v1", "", true },
	[KIND_RS] = { "ReplicaSet", "replicasets", "replicaset", "rs", "apps/v1", "apps", true },
	[KIND_DEPLOY] = { "Deployment", "deployments", "deployment", "deploy", "apps/v1", "apps",
			  true },
	[KIND_DS] = { "DaemonSet", "daemonsets", "daemonset", "ds", "apps/v1", "apps", true },
	[KIND_JOB] = { "Job", "jobs", "job", NULL, "batch/v1", "batch", true },
	[KIND_CRONJOB] = { "CronJob", "cronjobs", "cronjob", "cj", "batch/v1", "batch", true },
	[KIND_STS] = { "StatefulSet", "statefulsets", "statefulset", "sts", "apps/v1", "apps", true },
	[KIND_SVC] = { "Service", "services", "service", "svc", "v1", "", true },
	[KIND_EP] = { "Endpoints", "endpoints", "endpoints", "ep", "v1", "", true },
	[KIND_PV] = { "PersistentVolume", "persistentvolumes", "persistentvolume", "pv", "v1", "",
		      false },
	[KIND_PVC] = { "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim",
		       "pvc", "v1", "", true },
	[KIND_CM] = { "ConfigMap", "configmaps", "configmap", "cm", "v1", "", true },
	[KIND_SECRET] = { "Secret", "secrets", "secret", NULL, "v1", "", true },
	[KIND_CR] = { "ControllerRevision", "controllerrevisions", "controllerrevision", NULL,
		      "apps/v1", "apps", true },
};

const struct kind_info *kind_info(enum kind k)
{
	return k < KIND_COUNT ? &kinds[k] : NULL;
}

static bool name_is(const char *word, size_t n, const char *name)
{
	return name && strlen(name) == n && strncasecmp(word, name, n) == 0;
}

/* "GROUP" or "VERSION.GROUP" after the resource's dot; core kinds have no suffix form. */
static bool group_matches(const char *suffix, const struct kind_info *ki)
{
	const char *dot;
	char version[16];

	if (!*ki->group)
		return false;
	if (strcasecmp(suffix, ki->group) == 0)
		return true;
	dot = strchr(suffix, '.');
	snprintf(version, sizeof version, "%s", strchr(ki->api_version, '/') + 1);
	return dot && strcasecmp(dot + 1, ki->group) == 0 &&
	       (size_t)(dot - suffix) == strlen(version) &&
	       strncasecmp(suffix, version, strlen(version)) == 0;
}

enum kind kind_parse(const char *word)
{
	const char *dot = strchr(word, '.');
	size_t n = dot ? (size_t)(dot - word) : strlen(word);

	for (int k = 0; k < KIND_COUNT; k++) {
		const struct kind_info *ki = &kinds[k];
		bool named = name_is(word, n, ki->plural) || name_is(word, n, ki->singular) ||
			     name_is(word, n, ki->kind) || (!dot && name_is(word, n, ki->shortname));
		if (named && (!dot || group_matches(dot + 1, ki)))
			return (enum kind)k;
	}
	return KIND_NONE;
}
