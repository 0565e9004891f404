/*
 * The workload kinds that keep a selector and a pod template: ReplicationController
 * and ReplicaSet (one struct), Deployment, DaemonSet, StatefulSet. Their classes.
 */
#include "ksim/cluster.h"

#include <stddef.h>
#include <stdlib.h>

#include "internal.h"

static void workload_free(struct cluster *c, struct selector *sel, struct template *tpl)
{
	selector_free(sel);
	template_release(c, tpl);
}

static void workload_mark(struct cluster *c, const struct selector *sel, const struct template *tpl)
{
	cluster_mark_selector(c, sel);
	cluster_mark_template(c, tpl);
}

static void rs_free(struct cluster *c, struct meta *m)
{
	struct replicaset *rs = (struct replicaset *)m;

	workload_free(c, &rs->sel, &rs->tpl);
}

static void rs_mark(struct cluster *c, const struct meta *m)
{
	const struct replicaset *rs = (const struct replicaset *)m;

	cluster_mark_str(c, rs->status.failure);
	workload_mark(c, &rs->sel, &rs->tpl);
}

const struct kind_class kind_class_rc = {
	.info = { "ReplicationController", "replicationcontrollers", "replicationcontroller", "rc",
		  "v1", "", true },
	.size = sizeof(struct replicaset),
	.child = KIND_POD,
	.release = rs_free,
	.mark = rs_mark,
	.template = offsetof(struct replicaset, tpl),
	.selector = offsetof(struct replicaset, sel),
	.logs = true,
	.replicas = offsetof(struct replicaset, replicas),
	.generation = true,
};

const struct kind_class kind_class_rs = {
	.info = { "ReplicaSet", "replicasets", "replicaset", "rs", "apps/v1", "apps", true },
	.size = sizeof(struct replicaset),
	.child = KIND_POD,
	.release = rs_free,
	.mark = rs_mark,
	.template = offsetof(struct replicaset, tpl),
	.selector = offsetof(struct replicaset, sel),
	.logs = true,
	.replicas = offsetof(struct replicaset, replicas),
	.generation = true,
};

static void deploy_free(struct cluster *c, struct meta *m)
{
	struct deployment *dp = (struct deployment *)m;

	workload_free(c, &dp->sel, &dp->tpl);
}

static void deploy_mark(struct cluster *c, const struct meta *m)
{
	const struct deployment *dp = (const struct deployment *)m;

	workload_mark(c, &dp->sel, &dp->tpl);
	cluster_mark_str(c, dp->status.available_cond.rs_name);
	cluster_mark_str(c, dp->status.progressing_cond.rs_name);
	cluster_mark_str(c, dp->status.failure_cond.rs_name);
}

const struct kind_class kind_class_deploy = {
	.info = { "Deployment", "deployments", "deployment", "deploy", "apps/v1", "apps", true },
	.size = sizeof(struct deployment),
	.child = KIND_RS,
	.release = deploy_free,
	.mark = deploy_mark,
	.template = offsetof(struct deployment, tpl),
	.selector = offsetof(struct deployment, sel),
	.logs = true,
	.replicas = offsetof(struct deployment, replicas),
	.generation = true,
};

static void ds_free(struct cluster *c, struct meta *m)
{
	struct daemonset *ds = (struct daemonset *)m;

	workload_free(c, &ds->sel, &ds->tpl);
}

static void ds_mark(struct cluster *c, const struct meta *m)
{
	const struct daemonset *ds = (const struct daemonset *)m;

	workload_mark(c, &ds->sel, &ds->tpl);
}

const struct kind_class kind_class_ds = {
	.info = { "DaemonSet", "daemonsets", "daemonset", "ds", "apps/v1", "apps", true },
	.size = sizeof(struct daemonset),
	.child = KIND_POD,
	.release = ds_free,
	.mark = ds_mark,
	.template = offsetof(struct daemonset, tpl),
	.selector = offsetof(struct daemonset, sel),
	.logs = true,
	.revisions = true,
	.generation = true,
};

static void sts_free(struct cluster *c, struct meta *m)
{
	struct statefulset *s = (struct statefulset *)m;

	workload_free(c, &s->sel, &s->tpl);
	template_release(c, &s->status.current_tpl);
	free(s->claims);
	s->claims = NULL;
}

static void sts_mark(struct cluster *c, const struct meta *m)
{
	const struct statefulset *s = (const struct statefulset *)m;

	cluster_mark_str(c, s->service_name);
	workload_mark(c, &s->sel, &s->tpl);
	cluster_mark_template(c, &s->status.current_tpl);
	for (uint32_t i = 0; i < s->nclaims; i++) {
		cluster_mark_str(c, s->claims[i].name);
		cluster_mark_str(c, s->claims[i].storage_class);
		cluster_mark_set(c, s->claims[i].labels);
	}
}

const struct kind_class kind_class_sts = {
	.info = { "StatefulSet", "statefulsets", "statefulset", "sts", "apps/v1", "apps", true },
	.size = sizeof(struct statefulset),
	.child = KIND_POD,
	.release = sts_free,
	.mark = sts_mark,
	.template = offsetof(struct statefulset, tpl),
	.selector = offsetof(struct statefulset, sel),
	.logs = true,
	.revisions = true,
	.replicas = offsetof(struct statefulset, replicas),
	.generation = true,
};
