/*
 * ReplicaSet, ReplicationController, DaemonSet, StatefulSet and Deployment: their spec
 * tables, the defaults of pkg/apis/apps/v1/defaults.go and the checks of
 * pkg/apis/apps/validation (selector present, not empty, matching the
 * template's labels; restartPolicy Always).
 */
#include "decode.h"

#include <string.h>

#include "ksim/labels.h"

/* The checks every apps workload shares; what names the kind in the empty-selector message. */
static int check_workload(struct dec *d, yaml_node_t *spec, struct selector *sel,
			  const struct template *tpl, const char *what)
{
	if (dec_is_null(dec_lookup(d, spec, "selector"))) /* apps/v1 has no default */
		return dec_fail(d, spec, "selector", "Required value");
	if (selector_empty(sel))
		return dec_fail(d, spec, "selector",
				"Invalid value: {}: empty selector is invalid for %s", what);
	if (check_selector_matches(d, spec, sel, tpl))
		return -1;
	return check_restart_always(d, spec, tpl);
}

/* --- ReplicaSet --- */

static void rs_init(void *obj)
{
	struct replicaset *rs = obj;

	rs->replicas = 1;
}

/* ReplicaSet validation reuses the Deployment wording (pkg/apis/apps/validation). */
static int rs_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct replicaset *rs = obj;

	return check_workload(d, node, &rs->sel, &rs->tpl, "deployment");
}

/* What a ReplicaSet and a ReplicationController spec share; each adds its own selector. */
static const struct field replica_fields[] = {
	{ .name = "replicas",
	  .type = FIELD_INT32,
	  .off = offsetof(struct replicaset, replicas),
	  .flags = F_NONNEG },
	{ .name = "minReadySeconds",
	  .type = FIELD_INT32,
	  .off = offsetof(struct replicaset, min_ready_s),
	  .flags = F_NONNEG },
	{ .name = "template",
	  .type = FIELD_MAP,
	  .off = offsetof(struct replicaset, tpl),
	  .flags = F_ALWAYS,
	  .sub = &decode_template },
};
static const struct decoder replica_decoder = DECODER(replica_fields, .init = rs_init);

static const struct field rs_spec_fields[] = {
	{ .name = "selector",
	  .type = FIELD_MAP,
	  .off = offsetof(struct replicaset, sel),
	  .sub = &decode_label_selector },
};
static const struct decoder rs_spec_decoder = DECODER(rs_spec_fields, .check = rs_check,
						      .also = &replica_decoder);

static const struct field rs_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &rs_spec_decoder },
};
static const struct decoder rs_decoder = DECODER(rs_fields, .also = &decode_object_fields);

const struct kind_decoder kind_decoder_rs = {
	"ReplicaSet",
	KIND_RS,
	{ "apps/v1" },
	NAME_DNS_SUBDOMAIN,
	&rs_decoder,
	sizeof(struct replicaset),
	true,
};

/* --- ReplicationController: a selector map that defaults to the template's labels --- */

static int rc_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct replicaset *rc = obj;

	if (!rc->sel.match_labels)
		rc->sel.match_labels = rc->tpl.labels;
	if (!rc->meta.labels)
		rc->meta.labels = rc->tpl.labels;
	if (selector_empty(&rc->sel))
		return dec_fail(d, node, "selector", "Required value");
	if (check_selector_matches(d, node, &rc->sel, &rc->tpl))
		return -1;
	return check_restart_always(d, node, &rc->tpl);
}

static const struct field rc_spec_fields[] = {
	{ .name = "selector",
	  .type = FIELD_LABELS,
	  .off = offsetof(struct replicaset, sel.match_labels) },
};
static const struct decoder rc_spec_decoder = DECODER(rc_spec_fields, .check = rc_check,
						      .also = &replica_decoder);

static const struct field rc_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &rc_spec_decoder },
};
static const struct decoder rc_decoder = DECODER(rc_fields, .also = &decode_object_fields);

const struct kind_decoder kind_decoder_rc = {
	"ReplicationController",   KIND_RC, { "v1" }, NAME_DNS_SUBDOMAIN, &rc_decoder,
	sizeof(struct replicaset), true,
};

/* --- DaemonSet --- */

static const struct enum_value ds_strategies[] = {
	{ "RollingUpdate", DS_ROLLING_UPDATE },
	{ "OnDelete", DS_ON_DELETE },
	{ NULL, 0 },
};

static const struct field ds_rolling_fields[] = {
	{ .name = "maxUnavailable",
	  .type = FIELD_INT_OR_PERCENT,
	  .off = offsetof(struct daemonset, max_unavailable),
	  .flags = F_NONNEG,
	  .aux = offsetof(struct daemonset, max_unavailable_pct) },
	{ .name = "maxSurge",
	  .type = FIELD_INT_OR_PERCENT,
	  .off = offsetof(struct daemonset, max_surge),
	  .flags = F_NONNEG,
	  .aux = offsetof(struct daemonset, max_surge_pct) },
};

static const struct decoder ds_rolling_decoder = DECODER(ds_rolling_fields);

static const struct field ds_strategy_fields[] = {
	{ .name = "type",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct daemonset, strategy),
	  .values = ds_strategies },
	{ .name = "rollingUpdate", .type = FIELD_MAP, .sub = &ds_rolling_decoder },
};
static const struct decoder ds_strategy_decoder = DECODER(ds_strategy_fields);

static void ds_init(void *obj)
{
	struct daemonset *ds = obj;

	ds->strategy = DS_ROLLING_UPDATE;
	ds->max_unavailable = 1;
	ds->max_surge = 0;
	ds->history_limit = 10;
}

static int ds_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct daemonset *ds = obj;

	if (check_workload(d, node, &ds->sel, &ds->tpl, "daemonset"))
		return -1;
	if (ds->strategy == DS_ROLLING_UPDATE && ds->max_unavailable == 0 && ds->max_surge == 0)
		return dec_fail(d, node, "updateStrategy.rollingUpdate.maxUnavailable",
				"Invalid value: 0: may not be 0 when `maxSurge` is 0");
	return 0;
}

static const struct field ds_spec_fields[] = {
	{ .name = "selector",
	  .type = FIELD_MAP,
	  .off = offsetof(struct daemonset, sel),
	  .sub = &decode_label_selector },
	{ .name = "template",
	  .type = FIELD_MAP,
	  .off = offsetof(struct daemonset, tpl),
	  .flags = F_ALWAYS,
	  .sub = &decode_template },
	{ .name = "updateStrategy", .type = FIELD_MAP, .sub = &ds_strategy_decoder },
	{ .name = "minReadySeconds",
	  .type = FIELD_INT32,
	  .off = offsetof(struct daemonset, min_ready_s),
	  .flags = F_NONNEG },
	{ .name = "revisionHistoryLimit",
	  .type = FIELD_INT32,
	  .off = offsetof(struct daemonset, history_limit),
	  .flags = F_NONNEG },
};
static const struct decoder ds_spec_decoder = DECODER(ds_spec_fields, .init = ds_init,
						      .check = ds_check);

static const struct field ds_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &ds_spec_decoder },
};
static const struct decoder ds_decoder = DECODER(ds_fields, .also = &decode_object_fields);

const struct kind_decoder kind_decoder_ds = {
	"DaemonSet",
	KIND_DS,
	{ "apps/v1" },
	NAME_DNS_SUBDOMAIN,
	&ds_decoder,
	sizeof(struct daemonset),
	true,
};

/* --- StatefulSet --- */

static const struct enum_value pod_managements[] = {
	{ "OrderedReady", PODS_ORDERED_READY },
	{ "Parallel", PODS_PARALLEL },
	{ NULL, 0 },
};

static const struct enum_value sts_strategies[] = {
	{ "RollingUpdate", STS_ROLLING_UPDATE },
	{ "OnDelete", STS_ON_DELETE },
	{ NULL, 0 },
};

/* persistentVolumeClaimRetentionPolicy: whether claims go with the set. */
static const struct enum_value retention[] = {
	{ "Retain", 0 },
	{ "Delete", 1 },
	{ NULL, 0 },
};

static const struct field sts_rolling_fields[] = {
	{ .name = "partition",
	  .type = FIELD_INT32,
	  .off = offsetof(struct statefulset, partition),
	  .flags = F_NONNEG },
	{ .name = "maxUnavailable", .type = FIELD_IGNORE },
};
static const struct decoder sts_rolling_decoder = DECODER(sts_rolling_fields);

static const struct field sts_strategy_fields[] = {
	{ .name = "type",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct statefulset, strategy),
	  .values = sts_strategies },
	{ .name = "rollingUpdate", .type = FIELD_MAP, .sub = &sts_rolling_decoder },
};
/* SetDefaults_StatefulSet fills rollingUpdate (partition 0) only when type was left empty. */
static int sts_strategy_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct statefulset *sts = obj;
	yaml_node_t *type = node ? dec_lookup(d, node, "type") : NULL;
	yaml_node_t *ru = node ? dec_lookup(d, node, "rollingUpdate") : NULL;

	sts->rolling_update_nil = sts->strategy == STS_ROLLING_UPDATE && !dec_is_null(type) &&
				  dec_is_null(ru);
	return 0;
}
static const struct decoder sts_strategy_decoder = DECODER(sts_strategy_fields,
							   .check = sts_strategy_check);

static const struct field sts_retention_fields[] = {
	{ .name = "whenDeleted",
	  .type = FIELD_ENUM_BOOL,
	  .off = offsetof(struct statefulset, delete_claims_when_deleted),
	  .values = retention },
	{ .name = "whenScaled",
	  .type = FIELD_ENUM_BOOL,
	  .off = offsetof(struct statefulset, delete_claims_when_scaled),
	  .values = retention },
};
static const struct decoder sts_retention_decoder = DECODER(sts_retention_fields);

static const struct field sts_ordinals_fields[] = {
	{ .name = "start",
	  .type = FIELD_INT32,
	  .off = offsetof(struct statefulset, ordinals_start),
	  .flags = F_NONNEG },
};
static const struct decoder sts_ordinals_decoder = DECODER(sts_ordinals_fields);

/* volumeClaimTemplates[]: a PVC's metadata and spec, flattened onto struct claim_template. */
static const struct field claim_meta_fields[] = {
	{ .name = "name",
	  .type = FIELD_STRING,
	  .off = offsetof(struct claim_template, name),
	  .flags = F_REQUIRED },
	{ .name = "labels", .type = FIELD_LABELS, .off = offsetof(struct claim_template, labels) },
	{ .name = "annotations", .type = FIELD_IGNORE },
};
static const struct decoder claim_meta_decoder = DECODER(claim_meta_fields,
							 .ignored = decode_meta_field);

static const struct field claim_requests_fields[] = {
	{ .name = "storage",
	  .type = FIELD_MEMORY,
	  .off = offsetof(struct claim_template, request_bytes) },
};
static const struct decoder claim_requests_decoder = DECODER(claim_requests_fields, .open = true);

static const struct field claim_resources_fields[] = {
	{ .name = "requests", .type = FIELD_MAP, .sub = &claim_requests_decoder },
	{ .name = "limits", .type = FIELD_IGNORE },
};
static const struct decoder claim_resources_decoder = DECODER(claim_resources_fields);

static int claim_spec_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct claim_template *ct = obj;

	return check_claim_spec(d, node, ct->access_modes, ct->request_bytes);
}

static const struct field claim_spec_fields[] = {
	{ .name = "accessModes",
	  .type = FIELD_FN,
	  .off = offsetof(struct claim_template, access_modes),
	  .fn = decode_access_modes },
	{ .name = "storageClassName",
	  .type = FIELD_STRING,
	  .off = offsetof(struct claim_template, storage_class) },
	{ .name = "resources", .type = FIELD_MAP, .sub = &claim_resources_decoder },
	{ .name = "volumeMode", .type = FIELD_IGNORE },
	{ .name = "selector", .type = FIELD_IGNORE },
	{ .name = "dataSource", .type = FIELD_IGNORE },
	{ .name = "dataSourceRef", .type = FIELD_IGNORE },
	{ .name = "volumeName", .type = FIELD_IGNORE },
	{ .name = "volumeAttributesClassName", .type = FIELD_IGNORE },
};
static const struct decoder claim_spec_decoder = DECODER(claim_spec_fields,
							 .check = claim_spec_check);

static void claim_init(void *obj)
{
	struct claim_template *ct = obj;

	ct->storage_class = NONE32;
	ct->request_bytes = -1;
}

static const struct field claim_fields[] = {
	{ .name = "metadata", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &claim_meta_decoder },
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &claim_spec_decoder },
	/* a whole PersistentVolumeClaim: `get -o yaml` writes these as kubectl does */
	{ .name = "apiVersion", .type = FIELD_IGNORE },
	{ .name = "kind", .type = FIELD_IGNORE },
	{ .name = "status", .type = FIELD_IGNORE },
};
static const struct decoder claim_decoder = DECODER(
    claim_fields, .size = sizeof(struct claim_template), .init = claim_init);

static void sts_init(void *obj)
{
	struct statefulset *sts = obj;

	sts->replicas = 1;
	sts->pod_management = PODS_ORDERED_READY;
	sts->strategy = STS_ROLLING_UPDATE;
	sts->history_limit = 10;
}

static int sts_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct statefulset *sts = obj;

	return check_workload(d, node, &sts->sel, &sts->tpl, "statefulset");
}

static const struct field sts_spec_fields[] = {
	{ .name = "replicas",
	  .type = FIELD_INT32,
	  .off = offsetof(struct statefulset, replicas),
	  .flags = F_NONNEG },
	{ .name = "serviceName",
	  .type = FIELD_STRING,
	  .off = offsetof(struct statefulset, service_name) },
	{ .name = "podManagementPolicy",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct statefulset, pod_management),
	  .values = pod_managements },
	{ .name = "updateStrategy", .type = FIELD_MAP, .sub = &sts_strategy_decoder },
	{ .name = "persistentVolumeClaimRetentionPolicy",
	  .type = FIELD_MAP,
	  .sub = &sts_retention_decoder },
	{ .name = "ordinals", .type = FIELD_MAP, .sub = &sts_ordinals_decoder },
	{ .name = "minReadySeconds",
	  .type = FIELD_INT32,
	  .off = offsetof(struct statefulset, min_ready_s),
	  .flags = F_NONNEG },
	{ .name = "selector",
	  .type = FIELD_MAP,
	  .off = offsetof(struct statefulset, sel),
	  .sub = &decode_label_selector },
	{ .name = "template",
	  .type = FIELD_MAP,
	  .off = offsetof(struct statefulset, tpl),
	  .flags = F_ALWAYS,
	  .sub = &decode_template },
	{ .name = "volumeClaimTemplates",
	  .type = FIELD_LIST,
	  .off = offsetof(struct statefulset, claims),
	  .aux = offsetof(struct statefulset, nclaims),
	  .sub = &claim_decoder },
	{ .name = "revisionHistoryLimit",
	  .type = FIELD_INT32,
	  .off = offsetof(struct statefulset, history_limit),
	  .flags = F_NONNEG },
};
static const struct decoder sts_spec_decoder = DECODER(sts_spec_fields, .init = sts_init,
						       .check = sts_check);

static const struct field sts_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &sts_spec_decoder },
};
static const struct decoder sts_decoder = DECODER(sts_fields, .also = &decode_object_fields);

/* StatefulSet names are DNS labels since 1.27 (k/k PR #114172): they become pod hostnames. */
const struct kind_decoder kind_decoder_sts = {
	"StatefulSet",  KIND_STS,     { "apps/v1" },
	NAME_DNS_LABEL, &sts_decoder, sizeof(struct statefulset),
	true,
};

/* --- Deployment --- */

static const struct enum_value deploy_strategies[] = {
	{ "RollingUpdate", DEPLOY_ROLLING_UPDATE },
	{ "Recreate", DEPLOY_RECREATE },
	{ NULL, 0 },
};

static const struct field deploy_rolling_fields[] = {
	{ .name = "maxUnavailable",
	  .type = FIELD_INT_OR_PERCENT,
	  .off = offsetof(struct deployment, max_unavailable),
	  .flags = F_NONNEG,
	  .aux = offsetof(struct deployment, max_unavailable_pct) },
	{ .name = "maxSurge",
	  .type = FIELD_INT_OR_PERCENT,
	  .off = offsetof(struct deployment, max_surge),
	  .flags = F_NONNEG,
	  .aux = offsetof(struct deployment, max_surge_pct) },
};
static const struct decoder deploy_rolling_decoder = DECODER(deploy_rolling_fields);

static const struct field deploy_strategy_fields[] = {
	{ .name = "type",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct deployment, strategy),
	  .values = deploy_strategies },
	{ .name = "rollingUpdate", .type = FIELD_MAP, .sub = &deploy_rolling_decoder },
};
static const struct decoder deploy_strategy_decoder = DECODER(deploy_strategy_fields);

/* SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go). */
static void deploy_init(void *obj)
{
	struct deployment *dp = obj;

	dp->replicas = 1;
	dp->strategy = DEPLOY_ROLLING_UPDATE;
	dp->max_surge = dp->max_unavailable = 25;
	dp->max_surge_pct = dp->max_unavailable_pct = true;
	dp->history_limit = 10;
	dp->progress_deadline_s = 600;
}

/* ValidateDeploymentSpec and ValidateDeploymentStrategy (pkg/apis/apps/validation). */
static int deploy_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct deployment *dp = obj;
	yaml_node_t *strategy = dec_lookup(d, node, "strategy");

	if (check_workload(d, node, &dp->sel, &dp->tpl, "deployment"))
		return -1;
	if (dp->strategy == DEPLOY_RECREATE &&
	    !dec_is_null(dec_lookup(d, strategy, "rollingUpdate")))
		return dec_fail(d, node, "strategy.rollingUpdate",
				"Forbidden: may not be specified when strategy `type` is 'Recreate'");
	if (dp->strategy == DEPLOY_ROLLING_UPDATE && dp->max_unavailable == 0 && dp->max_surge == 0)
		return dec_fail(d, node, "strategy.rollingUpdate.maxUnavailable",
				"Invalid value: 0: may not be 0 when `maxSurge` is 0");
	if (dp->strategy == DEPLOY_ROLLING_UPDATE && dp->max_unavailable_pct &&
	    dp->max_unavailable > 100)
		return dec_fail(d, node, "strategy.rollingUpdate.maxUnavailable",
				"Invalid value: \"%d%%\": must not be greater than 100%%",
				dp->max_unavailable);
	if (dp->progress_deadline_s <= dp->min_ready_s)
		return dec_fail(d, node, "progressDeadlineSeconds",
				"Invalid value: %d: must be greater than minReadySeconds",
				dp->progress_deadline_s);
	return 0;
}

static const struct field deploy_spec_fields[] = {
	{ .name = "replicas",
	  .type = FIELD_INT32,
	  .off = offsetof(struct deployment, replicas),
	  .flags = F_NONNEG },
	{ .name = "minReadySeconds",
	  .type = FIELD_INT32,
	  .off = offsetof(struct deployment, min_ready_s),
	  .flags = F_NONNEG },
	{ .name = "revisionHistoryLimit",
	  .type = FIELD_INT32,
	  .off = offsetof(struct deployment, history_limit),
	  .flags = F_NONNEG },
	{ .name = "progressDeadlineSeconds",
	  .type = FIELD_INT32,
	  .off = offsetof(struct deployment, progress_deadline_s),
	  .flags = F_NONNEG },
	{ .name = "paused", .type = FIELD_BOOL, .off = offsetof(struct deployment, paused) },
	{ .name = "strategy", .type = FIELD_MAP, .sub = &deploy_strategy_decoder },
	{ .name = "selector",
	  .type = FIELD_MAP,
	  .off = offsetof(struct deployment, sel),
	  .sub = &decode_label_selector },
	{ .name = "template",
	  .type = FIELD_MAP,
	  .off = offsetof(struct deployment, tpl),
	  .flags = F_ALWAYS,
	  .sub = &decode_template },
};
static const struct decoder deploy_spec_decoder = DECODER(deploy_spec_fields, .init = deploy_init,
							  .check = deploy_check);

static const struct field deploy_fields[] = {
	{ .name = "spec", .type = FIELD_MAP, .flags = F_ALWAYS, .sub = &deploy_spec_decoder },
};
static const struct decoder deploy_decoder = DECODER(deploy_fields, .also = &decode_object_fields);

/* extensions/v1beta1 and apps/v1beta1/v1beta2 Deployments were removed in 1.16. */
const struct kind_decoder kind_decoder_deploy = {
	"Deployment",       KIND_DEPLOY,     { "apps/v1" },
	NAME_DNS_SUBDOMAIN, &deploy_decoder, sizeof(struct deployment),
	true,
};
