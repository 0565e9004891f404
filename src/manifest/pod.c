/*
 * Pod specs and pod templates (shared by every workload kind), label
 * selectors, and the Pod kind itself. A decoded pod spec is registered with
 * cluster_spec_add(), which computes its summed requests; the template or
 * pod holds that one reference.
 */
#include "decode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksim/labels.h"

const struct enum_value restart_policies[] = {
	{ "Always", RESTART_ALWAYS },
	{ "OnFailure", RESTART_ON_FAILURE },
	{ "Never", RESTART_NEVER },
	{ NULL, 0 },
};
/* A container's restartPolicy: Always is the one value (a sidecar init container). */
static const struct enum_value container_restart_policies[] = {
	{ "Always", 1 },
	{ NULL, 0 },
};

const struct enum_value taint_effects[] = {
	{ "NoSchedule", EFFECT_NO_SCHEDULE },
	{ "PreferNoSchedule", EFFECT_PREFER_NO_SCHEDULE },
	{ "NoExecute", EFFECT_NO_EXECUTE },
	{ NULL, 0 },
};

static const struct enum_value protocols[] = {
	{ "TCP", 0 },
	{ "UDP", 1 },
	{ "SCTP", 2 },
	{ NULL, 0 },
};

int decode_protocol(struct dec *d, yaml_node_t *node, void *ptr)
{
	int v, rc = dec_enum(d, node, protocols, &v);

	if (rc == 0)
		*(uint32_t *)ptr = cluster_intern(d->c, protocols[v].name);
	return rc;
}

/* --- label selectors and node selector terms --- */

static const struct enum_value label_ops[] = {
	{ "In", SEL_IN },
	{ "NotIn", SEL_NOT_IN },
	{ "Exists", SEL_EXISTS },
	{ "DoesNotExist", SEL_DOES_NOT_EXIST },
	{ NULL, 0 },
};

static const struct enum_value node_ops[] = {
	{ "In", SEL_IN },
	{ "NotIn", SEL_NOT_IN },
	{ "Exists", SEL_EXISTS },
	{ "DoesNotExist", SEL_DOES_NOT_EXIST },
	{ "Gt", SEL_GT },
	{ "Lt", SEL_LT },
	{ NULL, 0 },
};

/* The value counts of each operator, as ValidateLabelSelectorRequirement and its node twin say. */
static int check_requirement(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct selector_req *r = obj;

	switch (r->op) {
	case SEL_IN:
	case SEL_NOT_IN:
		if (r->nvalues == 0)
			return dec_fail(
			    d, node, "values",
			    "Required value: must be specified when `operator` is 'In' or 'NotIn'");
		break;
	case SEL_EXISTS:
	case SEL_DOES_NOT_EXIST:
		if (r->nvalues > 0)
			return dec_fail(
			    d, node, "values",
			    "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
		break;
	case SEL_GT:
	case SEL_LT:
		if (r->nvalues != 1)
			return dec_fail(
			    d, node, "values",
			    "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'");
		break;
	}
	return 0;
}

/* matchFields may only name the node: metadata.name In/NotIn one value. */
static int check_field_requirement(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct selector_req *r = obj;
	const char *key = cluster_str(d->c, r->key);

	if (strcmp(key, "metadata.name") != 0)
		return dec_fail(d, node, "key", "Invalid value: %s: not a valid field selector key",
				dec_quote(d, key));
	if (r->op != SEL_IN && r->op != SEL_NOT_IN)
		return dec_fail(d, node, "operator",
				"Invalid value: %s: not a valid selector operator",
				dec_quote(d, dec_enum_name(node_ops, (int)r->op)));
	if (r->nvalues != 1)
		return dec_fail(
		    d, node, "values",
		    "Required value: must be only one value when `operator` is 'In' or 'NotIn' for node field selector");
	return 0;
}

#define REQUIREMENT_FIELDS(ops, key_flags, value_flags)                               \
	{ .name = "key",                                                              \
	  .type = FIELD_STRING,                                                       \
	  .off = offsetof(struct selector_req, key),                                  \
	  .flags = F_REQUIRED | (key_flags) },                                        \
	    { .name = "operator",                                                     \
	      .type = FIELD_ENUM,                                                     \
	      .off = offsetof(struct selector_req, op),                               \
	      .flags = F_REQUIRED,                                                    \
	      .values = (ops) },                                                      \
	{                                                                             \
		.name = "values", .type = FIELD_WORDS,                                \
		.off = offsetof(struct selector_req, values), .flags = (value_flags), \
		.aux = offsetof(struct selector_req, nvalues)                         \
	}

static const struct field label_req_fields[] = { REQUIREMENT_FIELDS(label_ops, F_LABEL_KEY,
								    F_LABEL_VALUE) };
static const struct field node_req_fields[] = { REQUIREMENT_FIELDS(node_ops, F_LABEL_KEY, 0) };
static const struct field field_req_fields[] = { REQUIREMENT_FIELDS(node_ops, 0, 0) };

static const struct decoder label_req_decoder = DECODER(
    label_req_fields, .size = sizeof(struct selector_req), .check = check_requirement);
static const struct decoder node_req_decoder = DECODER(
    node_req_fields, .size = sizeof(struct selector_req), .check = check_requirement);
static const struct decoder field_req_decoder = DECODER(
    field_req_fields, .size = sizeof(struct selector_req), .check = check_field_requirement);

static const struct field label_selector_fields[] = {
	{ .name = "matchLabels", .type = FIELD_LABELS, .off = offsetof(struct selector, match_labels) },
	{ .name = "matchExpressions",
	  .type = FIELD_LIST,
	  .off = offsetof(struct selector, reqs),
	  .aux = offsetof(struct selector, nreqs),
	  .sub = &label_req_decoder },
};
const struct decoder decode_label_selector = DECODER(label_selector_fields);

static const struct field node_term_fields[] = {
	{ .name = "matchExpressions",
	  .type = FIELD_LIST,
	  .off = offsetof(struct node_term, reqs),
	  .aux = offsetof(struct node_term, nreqs),
	  .sub = &node_req_decoder },
	{ .name = "matchFields",
	  .type = FIELD_LIST,
	  .off = offsetof(struct node_term, fields),
	  .aux = offsetof(struct node_term, nfields),
	  .sub = &field_req_decoder },
};
static const struct decoder node_term_decoder = DECODER(node_term_fields,
							.size = sizeof(struct node_term));

/* affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, flattened onto the pod spec. */
static const struct field node_selector_fields[] = {
	{ .name = "nodeSelectorTerms",
	  .type = FIELD_LIST,
	  .off = offsetof(struct podspec, terms),
	  .flags = F_REQUIRED,
	  .aux = offsetof(struct podspec, nterms),
	  .sub = &node_term_decoder },
};
static const struct decoder node_selector_decoder = DECODER(node_selector_fields);

static const struct field node_affinity_fields[] = {
	{ .name = "requiredDuringSchedulingIgnoredDuringExecution",
	  .type = FIELD_MAP,
	  .sub = &node_selector_decoder },
	{ .name = "preferredDuringSchedulingIgnoredDuringExecution", .type = FIELD_IGNORE },
};
static const struct decoder node_affinity_decoder = DECODER(node_affinity_fields);

static const struct field affinity_fields[] = {
	{ .name = "nodeAffinity", .type = FIELD_MAP, .sub = &node_affinity_decoder },
	{ .name = "podAffinity", .type = FIELD_IGNORE },
	{ .name = "podAntiAffinity", .type = FIELD_IGNORE },
};
static const struct decoder affinity_decoder = DECODER(affinity_fields);

/* --- tolerations --- */

static const struct enum_value toleration_ops[] = {
	{ "Equal", TOL_EQUAL },
	{ "Exists", TOL_EXISTS },
	{ NULL, 0 },
};

static void toleration_init(void *obj)
{
	struct toleration *t = obj;

	t->seconds = INT64_MIN;
}

/* The rules of validateTolerations (pkg/apis/core/validation). */
static int toleration_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct toleration *t = obj;

	if (!t->key && t->op != TOL_EXISTS)
		return dec_fail(
		    d, node, "operator",
		    "Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
	if (t->seconds != INT64_MIN && t->effect != EFFECT_NO_EXECUTE)
		return dec_fail(
		    d, node, "effect",
		    "Invalid value: %s: effect must be 'NoExecute' when `tolerationSeconds` is set",
		    dec_quote(d, dec_enum_name(taint_effects, (int)t->effect)));
	if (t->op == TOL_EXISTS && t->value)
		return dec_fail(d, node, "operator",
				"Invalid value: %s: value must be empty when `operator` is 'Exists'",
				dec_quote(d, cluster_str(d->c, t->value)));
	/* Unset means forever; zero and negative evict at once. */
	t->seconds = t->seconds == INT64_MIN ? -1 : t->seconds < 0 ? 0 : t->seconds;
	return 0;
}

static const struct field toleration_fields[] = {
	{ .name = "key",
	  .type = FIELD_STRING,
	  .off = offsetof(struct toleration, key),
	  .flags = F_LABEL_KEY },
	{ .name = "operator",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct toleration, op),
	  .values = toleration_ops },
	{ .name = "value",
	  .type = FIELD_STRING,
	  .off = offsetof(struct toleration, value),
	  .flags = F_LABEL_VALUE },
	{ .name = "effect",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct toleration, effect),
	  .values = taint_effects },
	{ .name = "tolerationSeconds",
	  .type = FIELD_INT64,
	  .off = offsetof(struct toleration, seconds) },
};
static const struct decoder toleration_decoder = DECODER(
    toleration_fields, .size = sizeof(struct toleration), .init = toleration_init,
    .check = toleration_check);

/* --- containers --- */

static int container_port_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct container_port *p = obj;

	(void)node;
	if (!p->protocol)
		p->protocol = d->c->s.tcp;
	return 0;
}

static const struct field container_port_fields[] = {
	{ .name = "containerPort",
	  .type = FIELD_INT32,
	  .off = offsetof(struct container_port, container_port),
	  .flags = F_REQUIRED | F_PORT },
	{ .name = "hostPort",
	  .type = FIELD_INT32,
	  .off = offsetof(struct container_port, host_port),
	  .flags = F_PORT },
	{ .name = "name", .type = FIELD_STRING, .off = offsetof(struct container_port, name) },
	{ .name = "protocol",
	  .type = FIELD_FN,
	  .off = offsetof(struct container_port, protocol),
	  .fn = decode_protocol },
	{ .name = "hostIP", .type = FIELD_IGNORE },
};
static const struct decoder container_port_decoder = DECODER(
    container_port_fields, .size = sizeof(struct container_port), .check = container_port_check);

static const struct field resource_list_fields[] = {
	{ .name = "cpu", .type = FIELD_CPU, .off = offsetof(struct resources, cpu_milli) },
	{ .name = "memory", .type = FIELD_MEMORY, .off = offsetof(struct resources, mem_bytes) },
	{ .name = "ephemeral-storage", .type = FIELD_IGNORE },
};
static const struct decoder resource_list_decoder = DECODER(resource_list_fields, .open = true);

/* container.resources, flattened onto the container. */
static const struct field resources_fields[] = {
	{ .name = "requests",
	  .type = FIELD_MAP,
	  .off = offsetof(struct container, requests),
	  .sub = &resource_list_decoder },
	{ .name = "limits",
	  .type = FIELD_MAP,
	  .off = offsetof(struct container, limits),
	  .sub = &resource_list_decoder },
	{ .name = "claims", .type = FIELD_IGNORE },
};
static const struct decoder resources_decoder = DECODER(resources_fields);

static void container_init(void *obj)
{
	struct container *ctr = obj;

	ctr->requests = ctr->limits = (struct resources){ -1, -1 };
}

/* A request left out defaults to its limit, as the API server's defaulting does. */
static void default_request(int64_t *request, int64_t *limit)
{
	if (*request < 0)
		*request = *limit > 0 ? *limit : 0;
	if (*limit < 0)
		*limit = 0;
}

static int container_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct container *ctr = obj;

	(void)d, (void)node;
	default_request(&ctr->requests.cpu_milli, &ctr->limits.cpu_milli);
	default_request(&ctr->requests.mem_bytes, &ctr->limits.mem_bytes);
	return 0;
}

static const struct field container_fields[] = {
	{ .name = "name",
	  .type = FIELD_STRING,
	  .off = offsetof(struct container, name),
	  .flags = F_REQUIRED | F_DNS_LABEL },
	{ .name = "image",
	  .type = FIELD_STRING,
	  .off = offsetof(struct container, image),
	  .flags = F_REQUIRED },
	{ .name = "command",
	  .type = FIELD_WORDS,
	  .off = offsetof(struct container, command),
	  .aux = offsetof(struct container, ncommand) },
	{ .name = "args",
	  .type = FIELD_WORDS,
	  .off = offsetof(struct container, args),
	  .aux = offsetof(struct container, nargs) },
	{ .name = "ports",
	  .type = FIELD_LIST,
	  .off = offsetof(struct container, ports),
	  .aux = offsetof(struct container, nports),
	  .sub = &container_port_decoder },
	{ .name = "resources", .type = FIELD_MAP, .sub = &resources_decoder },
	{ .name = "workingDir", .type = FIELD_IGNORE },
	{ .name = "env",
	  .type = FIELD_LIST,
	  .off = offsetof(struct container, env),
	  .aux = offsetof(struct container, nenv),
	  .sub = &decode_env_var },
	{ .name = "envFrom",
	  .type = FIELD_LIST,
	  .off = offsetof(struct container, env_from),
	  .aux = offsetof(struct container, nenv_from),
	  .sub = &decode_env_from },
	{ .name = "volumeMounts",
	  .type = FIELD_LIST,
	  .off = offsetof(struct container, mounts),
	  .aux = offsetof(struct container, nmounts),
	  .sub = &decode_volume_mount },
	{ .name = "volumeDevices", .type = FIELD_IGNORE },
	{ .name = "livenessProbe", .type = FIELD_FN, .fn = decode_liveness_probe },
	{ .name = "readinessProbe", .type = FIELD_FN, .fn = decode_readiness_probe },
	{ .name = "startupProbe", .type = FIELD_FN, .fn = decode_startup_probe },
	{ .name = "lifecycle", .type = FIELD_IGNORE },
	{ .name = "terminationMessagePath", .type = FIELD_IGNORE },
	{ .name = "terminationMessagePolicy", .type = FIELD_IGNORE },
	{ .name = "imagePullPolicy", .type = FIELD_IGNORE },
	{ .name = "securityContext", .type = FIELD_IGNORE },
	{ .name = "stdin", .type = FIELD_IGNORE },
	{ .name = "stdinOnce", .type = FIELD_IGNORE },
	{ .name = "tty", .type = FIELD_IGNORE },
	{ .name = "resizePolicy", .type = FIELD_IGNORE },
	{ .name = "restartPolicy",
	  .type = FIELD_ENUM_BOOL,
	  .off = offsetof(struct container, sidecar),
	  .values = container_restart_policies },
};
static const struct decoder container_decoder = DECODER(
    container_fields, .size = sizeof(struct container), .init = container_init,
    .check = container_check);

/* --- pod spec --- */

/* automountServiceAccountToken, kept as its negation so a zeroed spec mounts the token. */
static int decode_no_automount(struct dec *d, yaml_node_t *node, void *ptr)
{
	bool automount;

	if (dec_bool(d, node, &automount))
		return -1;
	*(bool *)ptr = !automount;
	return 0;
}

static void podspec_init(void *obj)
{
	struct podspec *spec = obj;

	spec->grace_s = 30;
	spec->active_deadline_s = INT64_MIN;
}

/* The name of container i, counting init containers first. */
static uint32_t container_name(const struct podspec *spec, uint32_t i)
{
	return i < spec->ninit ? spec->init_containers[i].name
			       : spec->containers[i - spec->ninit].name;
}

/* Container names must be unique across containers and init containers. */
static int check_container_names(struct dec *d, yaml_node_t *node, const struct podspec *spec)
{
	uint32_t total = spec->ninit + spec->ncontainers;

	for (uint32_t i = 1; i < total; i++)
		for (uint32_t k = 0; k < i; k++) {
			bool init = i < spec->ninit;
			char rel[64];

			if (container_name(spec, k) != container_name(spec, i))
				continue;
			snprintf(rel, sizeof rel, "%s[%u].name",
				 init ? "initContainers" : "containers", init ? i : i - spec->ninit);
			return dec_fail(d, node, rel, "Duplicate value: %s",
					dec_quote(d, cluster_str(d->c, container_name(spec, i))));
		}
	return 0;
}

static int podspec_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct podspec *spec = obj;
	int64_t deadline = spec->active_deadline_s;

	if (deadline != INT64_MIN && (deadline < 1 || deadline > INT32_MAX))
		return dec_fail(d, node, "activeDeadlineSeconds",
				"Invalid value: %lld: must be between 1 and 2147483647, inclusive",
				(long long)deadline);
	spec->active_deadline_s = deadline == INT64_MIN ? -1 : deadline;
	/* The API server turns a negative grace period into 1 s. */
	if (spec->grace_s < 0)
		spec->grace_s = 1;
	return check_container_names(d, node, spec) || check_init_probes(d, node, spec) ||
		       check_pod_volumes(d, node, spec)
		   ? -1
		   : 0;
}

static const struct field podspec_fields[] = {
	{ .name = "containers",
	  .type = FIELD_LIST,
	  .off = offsetof(struct podspec, containers),
	  .flags = F_REQUIRED,
	  .aux = offsetof(struct podspec, ncontainers),
	  .sub = &container_decoder },
	{ .name = "initContainers",
	  .type = FIELD_LIST,
	  .off = offsetof(struct podspec, init_containers),
	  .aux = offsetof(struct podspec, ninit),
	  .sub = &container_decoder },
	{ .name = "restartPolicy",
	  .type = FIELD_ENUM,
	  .off = offsetof(struct podspec, restart_policy),
	  .values = restart_policies },
	{ .name = "nodeSelector", .type = FIELD_LABELS, .off = offsetof(struct podspec, node_selector) },
	{ .name = "affinity", .type = FIELD_MAP, .sub = &affinity_decoder },
	{ .name = "tolerations",
	  .type = FIELD_LIST,
	  .off = offsetof(struct podspec, tolerations),
	  .aux = offsetof(struct podspec, ntolerations),
	  .sub = &toleration_decoder },
	{ .name = "nodeName", .type = FIELD_STRING, .off = offsetof(struct podspec, node_name) },
	{ .name = "hostname",
	  .type = FIELD_STRING,
	  .off = offsetof(struct podspec, hostname),
	  .flags = F_DNS_LABEL },
	{ .name = "subdomain",
	  .type = FIELD_STRING,
	  .off = offsetof(struct podspec, subdomain),
	  .flags = F_DNS_LABEL },
	{ .name = "schedulerName",
	  .type = FIELD_STRING,
	  .off = offsetof(struct podspec, scheduler_name) },
	{ .name = "hostNetwork", .type = FIELD_BOOL, .off = offsetof(struct podspec, host_network) },
	{ .name = "terminationGracePeriodSeconds",
	  .type = FIELD_INT64,
	  .off = offsetof(struct podspec, grace_s) },
	{ .name = "activeDeadlineSeconds",
	  .type = FIELD_INT64,
	  .off = offsetof(struct podspec, active_deadline_s) },
	{ .name = "volumes",
	  .type = FIELD_LIST,
	  .off = offsetof(struct podspec, volumes),
	  .aux = offsetof(struct podspec, nvolumes),
	  .sub = &decode_volume },
	{ .name = "serviceAccountName",
	  .type = FIELD_STRING,
	  .off = offsetof(struct podspec, service_account) },
	/* the deprecated alias: the API server takes it when serviceAccountName is empty */
	{ .name = "serviceAccount",
	  .type = FIELD_STRING,
	  .off = offsetof(struct podspec, service_account) },
	{ .name = "automountServiceAccountToken",
	  .type = FIELD_FN,
	  .off = offsetof(struct podspec, no_token_automount),
	  .fn = decode_no_automount },
	{ .name = "securityContext", .type = FIELD_IGNORE },
	{ .name = "imagePullSecrets", .type = FIELD_IGNORE },
	{ .name = "dnsPolicy", .type = FIELD_IGNORE },
	{ .name = "dnsConfig", .type = FIELD_IGNORE },
	{ .name = "priorityClassName", .type = FIELD_IGNORE },
	{ .name = "priority", .type = FIELD_IGNORE },
	{ .name = "preemptionPolicy", .type = FIELD_IGNORE },
	{ .name = "hostPID", .type = FIELD_IGNORE },
	{ .name = "hostIPC", .type = FIELD_IGNORE },
	{ .name = "hostUsers", .type = FIELD_IGNORE },
	{ .name = "hostAliases", .type = FIELD_IGNORE },
	{ .name = "shareProcessNamespace", .type = FIELD_IGNORE },
	{ .name = "enableServiceLinks", .type = FIELD_IGNORE },
	{ .name = "setHostnameAsFQDN", .type = FIELD_IGNORE },
	{ .name = "overhead", .type = FIELD_IGNORE },
	{ .name = "topologySpreadConstraints", .type = FIELD_IGNORE },
	{ .name = "readinessGates", .type = FIELD_IGNORE },
	{ .name = "runtimeClassName", .type = FIELD_IGNORE },
	{ .name = "os", .type = FIELD_IGNORE },
	{ .name = "ephemeralContainers", .type = FIELD_IGNORE },
	{ .name = "schedulingGates", .type = FIELD_IGNORE },
	{ .name = "resourceClaims", .type = FIELD_IGNORE },
	{ .name = "resources", .type = FIELD_IGNORE },
};
static const struct decoder podspec_decoder = DECODER(podspec_fields, .init = podspec_init,
						      .check = podspec_check);

/* A pod spec, registered with the cluster; node NULL decodes an absent spec (so it fails). */
static int decode_podspec(struct dec *d, yaml_node_t *node, void *ptr)
{
	struct podspec *spec = xcalloc(1, sizeof *spec);

	if (dec_map(d, node, spec, &podspec_decoder)) {
		podspec_free(spec);
		return -1;
	}
	*(uint32_t *)ptr = cluster_spec_add(d->c, spec);
	return 0;
}

/* --- templates --- */

static const struct field template_meta_fields[] = {
	{ .name = "labels", .type = FIELD_LABELS, .off = offsetof(struct template, labels) },
	{ .name = "annotations",
	  .type = FIELD_ANNOTATIONS,
	  .off = offsetof(struct template, annotations) },
	{ .name = "name", .type = FIELD_IGNORE },
	{ .name = "generateName", .type = FIELD_IGNORE },
	{ .name = "namespace", .type = FIELD_IGNORE },
	{ .name = "creationTimestamp", .type = FIELD_IGNORE },
	{ .name = "finalizers", .type = FIELD_IGNORE },
};
static const struct decoder template_meta_decoder = DECODER(template_meta_fields,
							    .ignored = decode_meta_field);

static const struct field template_fields[] = {
	{ .name = "metadata", .type = FIELD_MAP, .sub = &template_meta_decoder },
	{ .name = "spec",
	  .type = FIELD_FN,
	  .off = offsetof(struct template, spec),
	  .flags = F_ALWAYS,
	  .fn = decode_podspec },
};
const struct decoder decode_template = DECODER(template_fields);

int check_selector_matches(struct dec *d, yaml_node_t *spec, const struct selector *sel,
			   const struct template *tpl)
{
	struct strbuf sb;
	int rc;

	if (selector_empty(sel) || selector_matches(d->c->labels, sel, tpl->labels))
		return 0;
	sb_init(&sb);
	dec_format_labels(d, tpl->labels, &sb);
	rc = dec_fail(d, spec, "template.metadata.labels",
		      "Invalid value: %s: `selector` does not match template `labels`", sb.data);
	sb_free(&sb);
	return rc;
}

int check_restart_always(struct dec *d, yaml_node_t *spec, const struct template *tpl)
{
	enum restart_policy p = cluster_spec(d->c, tpl->spec)->restart_policy;

	if (p == RESTART_ALWAYS)
		return 0;
	return dec_fail(d, spec, "template.spec.restartPolicy",
			"Unsupported value: %s: supported values: \"Always\"",
			dec_quote(d, dec_enum_name(restart_policies, (int)p)));
}

/* --- the Pod kind --- */

static void pod_init(void *obj)
{
	struct pod *p = obj;

	p->node = NONE32;
}

static const struct field pod_fields[] = {
	{ .name = "spec",
	  .type = FIELD_FN,
	  .off = offsetof(struct pod, spec),
	  .flags = F_ALWAYS,
	  .fn = decode_podspec },
};
static const struct decoder pod_decoder = DECODER(pod_fields, .also = &decode_object_fields,
						  .init = pod_init);

const struct kind_decoder kind_decoder_pod = {
	"Pod", KIND_POD, { "v1" }, NAME_DNS_SUBDOMAIN, &pod_decoder, sizeof(struct pod), true,
};
