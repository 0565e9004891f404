/*
 * A container's env entries: a name with a literal value, or a valueFrom
 * with exactly one source (fieldRef, resourceFieldRef, configMapKeyRef,
 * secretKeyRef), validated as ValidateEnv in
 * pkg/apis/core/validation/validation.go does.
 */
#include "decode.h"

#include <string.h>

#include "ksim/configdata.h"

/* validEnvDownwardAPIFieldPathExpressions, sorted as the API lists them. */
static const struct enum_value field_paths[] = {
	{ "metadata.name", 0 },
	{ "metadata.namespace", 0 },
	{ "metadata.uid", 0 },
	{ "spec.nodeName", 0 },
	{ "spec.serviceAccountName", 0 },
	{ "status.hostIP", 0 },
	{ "status.hostIPs", 0 },
	{ "status.podIP", 0 },
	{ "status.podIPs", 0 },
	{ NULL, 0 },
};

/* validContainerResourceFieldPathExpressions; the value says which divisors the resource takes. */
enum resource_unit { UNIT_CPU, UNIT_MEMORY, UNIT_STORAGE };
static const struct enum_value resources[] = {
	{ "limits.cpu", UNIT_CPU },
	{ "limits.ephemeral-storage", UNIT_STORAGE },
	{ "limits.memory", UNIT_MEMORY },
	{ "requests.cpu", UNIT_CPU },
	{ "requests.ephemeral-storage", UNIT_STORAGE },
	{ "requests.memory", UNIT_MEMORY },
	{ NULL, 0 },
};

/* A value that must be one of values, interned as written; "" leaves the field unset (returns 1). */
static int intern_choice(struct dec *d, yaml_node_t *node, const struct enum_value *values,
			 uint32_t *out)
{
	int v, rc = dec_enum(d, node, values, &v);

	if (rc == 0)
		*out = cluster_intern(d->c, dec_text(node));
	return rc;
}

/* fieldRef.fieldPath: one of the list, or a subscripted label or annotation. */
static int decode_field_path(struct dec *d, yaml_node_t *node, void *ptr)
{
	const char *s = dec_text(node);

	if (s && dec_class(node) == SC_STRING &&
	    (strncmp(s, "metadata.labels['", 17) == 0 ||
	     strncmp(s, "metadata.annotations['", 22) == 0)) {
		*(uint32_t *)ptr = cluster_intern(d->c, s);
		return 0;
	}
	return intern_choice(d, node, field_paths, ptr);
}

static int decode_resource(struct dec *d, yaml_node_t *node, void *ptr)
{
	return intern_choice(d, node, resources, ptr);
}

/* A divisor is a quantity, so `divisor: 1` is as good as `divisor: "1"`. */
static int decode_divisor(struct dec *d, yaml_node_t *node, void *ptr)
{
	const char *s = node->type == YAML_SCALAR_NODE ? dec_text(node) : NULL;

	if (!s || (dec_class(node) != SC_INT && dec_class(node) != SC_STRING))
		return dec_fail(d, node, NULL, "expected a quantity, got %s",
				node->type == YAML_SCALAR_NODE ? dec_quote(d, s) : "a collection");
	*(uint32_t *)ptr = cluster_intern(d->c, s);
	return 0;
}

static int decode_optional(struct dec *d, yaml_node_t *node, void *ptr)
{
	bool optional;

	if (dec_bool(d, node, &optional))
		return -1;
	*(uint8_t *)ptr = optional ? ENV_OPTIONAL_TRUE : ENV_OPTIONAL_FALSE;
	return 0;
}

static const char *const cpu_divisors[] = { "1m", "1", NULL };
static const char *const memory_divisors[] = { "1",   "1k",  "1M",  "1G",  "1T",  "1P",  "1E",
					       "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei", NULL };

/* validateContainerResourceDivisor: each resource takes a few exact divisors (unset or 0 is 1). */
static int check_divisor(struct dec *d, yaml_node_t *node, const struct env_var *v)
{
	static const char *const why[] = {
		[UNIT_CPU] = "only divisor's values 1m and 1 are supported with the cpu resource",
		[UNIT_MEMORY] = "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, "
				"1Ti, 1Pi, 1Ei are supported with the memory resource",
		[UNIT_STORAGE] = "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, "
				 "1Ti, 1Pi, 1Ei are supported with the local ephemeral storage "
				 "resource",
	};
	const char *divisor = cluster_str(d->c, v->divisor);
	int unit = UNIT_CPU;

	for (const struct enum_value *r = resources; r->name; r++)
		if (strcmp(r->name, cluster_str(d->c, v->path)) == 0)
			unit = r->value;
	if (!v->divisor || strcmp(divisor, "0") == 0)
		return 0;
	for (const char *const *ok = unit == UNIT_CPU ? cpu_divisors : memory_divisors; *ok; ok++)
		if (strcmp(*ok, divisor) == 0)
			return 0;
	return dec_fail(d, node, "divisor", "Invalid value: %s: %s", dec_quote(d, divisor),
			why[unit]);
}

/* Each source's check runs when its mapping is written, and records which one it was. */
static int field_ref_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct env_var *v = obj;

	if (!node)
		return 0;
	v->source = ENV_FIELD_REF;
	if (!v->api_version)
		v->api_version = cluster_intern(d->c, "v1");
	return 0;
}

static int resource_ref_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct env_var *v = obj;

	if (!node)
		return 0;
	v->source = ENV_RESOURCE_REF;
	return check_divisor(d, node, v);
}

/* validateConfigMapKeySelector and validateSecretKeySelector: the name must be a DNS subdomain. */
static int key_ref_check(struct dec *d, yaml_node_t *node, struct env_var *v, enum env_source source)
{
	if (!node)
		return 0;
	v->source = source;
	return dec_check_name(d, node, "name", NAME_DNS_SUBDOMAIN, cluster_str(d->c, v->object));
}

static int config_map_ref_check(struct dec *d, yaml_node_t *node, void *obj)
{
	return key_ref_check(d, node, obj, ENV_CONFIG_MAP_KEY);
}

static int secret_ref_check(struct dec *d, yaml_node_t *node, void *obj)
{
	return key_ref_check(d, node, obj, ENV_SECRET_KEY);
}

static const struct field field_ref_fields[] = {
	{ .name = "fieldPath",
	  .type = FIELD_FN,
	  .off = offsetof(struct env_var, path),
	  .flags = F_REQUIRED,
	  .fn = decode_field_path },
	{ .name = "apiVersion", .type = FIELD_STRING, .off = offsetof(struct env_var, api_version) },
};

static const struct field resource_ref_fields[] = {
	{ .name = "resource",
	  .type = FIELD_FN,
	  .off = offsetof(struct env_var, path),
	  .flags = F_REQUIRED,
	  .fn = decode_resource },
	{ .name = "containerName", .type = FIELD_STRING, .off = offsetof(struct env_var, object) },
	{ .name = "divisor",
	  .type = FIELD_FN,
	  .off = offsetof(struct env_var, divisor),
	  .fn = decode_divisor },
};

/* configMapKeyRef and secretKeyRef have the same three fields. */
static const struct field key_ref_fields[] = {
	{ .name = "name", .type = FIELD_STRING, .off = offsetof(struct env_var, object) },
	{ .name = "key",
	  .type = FIELD_STRING,
	  .off = offsetof(struct env_var, path),
	  .flags = F_REQUIRED },
	{ .name = "optional",
	  .type = FIELD_FN,
	  .off = offsetof(struct env_var, optional),
	  .fn = decode_optional },
};

static const struct decoder field_ref_decoder = DECODER(field_ref_fields, .check = field_ref_check);
static const struct decoder resource_ref_decoder = DECODER(resource_ref_fields,
							   .check = resource_ref_check);
static const struct decoder config_map_ref_decoder = DECODER(key_ref_fields,
							     .check = config_map_ref_check);
static const struct decoder secret_ref_decoder = DECODER(key_ref_fields, .check = secret_ref_check);

static const struct field value_from_fields[] = {
	{ .name = "fieldRef", .type = FIELD_MAP, .sub = &field_ref_decoder },
	{ .name = "resourceFieldRef", .type = FIELD_MAP, .sub = &resource_ref_decoder },
	{ .name = "configMapKeyRef", .type = FIELD_MAP, .sub = &config_map_ref_decoder },
	{ .name = "secretKeyRef", .type = FIELD_MAP, .sub = &secret_ref_decoder },
};

/* validateEnvVarValueFrom: exactly one source. */
static int value_from_check(struct dec *d, yaml_node_t *node, void *obj)
{
	int sources = 0;

	(void)obj;
	if (!node)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(value_from_fields); i++)
		sources += !dec_is_null(dec_lookup(d, node, value_from_fields[i].name));
	if (sources == 0)
		return dec_fail(
		    d, node, NULL,
		    "Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
	if (sources > 1)
		return dec_fail(
		    d, node, NULL,
		    "Invalid value: \"\": may not have more than one field specified at a time");
	return 0;
}

static const struct decoder value_from_decoder = DECODER(value_from_fields,
							 .check = value_from_check);

static int env_var_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct env_var *v = obj;

	if (v->value && v->source != ENV_VALUE)
		return dec_fail(d, node, "valueFrom",
				"Invalid value: \"\": may not be specified when `value` is not empty");
	return 0;
}

static const struct field env_var_fields[] = {
	{ .name = "name",
	  .type = FIELD_STRING,
	  .off = offsetof(struct env_var, name),
	  .flags = F_REQUIRED },
	{ .name = "value", .type = FIELD_STRING, .off = offsetof(struct env_var, value) },
	{ .name = "valueFrom", .type = FIELD_MAP, .sub = &value_from_decoder },
};

const struct decoder decode_env_var = DECODER(env_var_fields, .size = sizeof(struct env_var),
					      .check = env_var_check);

/* envFrom: configMapRef or secretRef (validateEnvFrom), with a prefix for every key's name. */
static int env_from_ref_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct env_from *f = obj;

	if (!node)
		return 0;
	return dec_check_name(d, node, "name", NAME_DNS_SUBDOMAIN, cluster_str(d->c, f->object));
}

static const struct field env_from_ref_fields[] = {
	{ .name = "name", .type = FIELD_STRING, .off = offsetof(struct env_from, object) },
	{ .name = "optional",
	  .type = FIELD_FN,
	  .off = offsetof(struct env_from, optional),
	  .fn = decode_optional },
};
static const struct decoder env_from_ref_decoder = DECODER(env_from_ref_fields,
							   .check = env_from_ref_check);

static const struct field env_from_fields[] = {
	{ .name = "prefix", .type = FIELD_STRING, .off = offsetof(struct env_from, prefix) },
	{ .name = "configMapRef", .type = FIELD_MAP, .sub = &env_from_ref_decoder },
	{ .name = "secretRef", .type = FIELD_MAP, .sub = &env_from_ref_decoder },
};

/* validateEnvFrom: a prefix must itself be a valid variable name (IsEnvVarName). */
static int check_prefix(struct dec *d, yaml_node_t *node, const char *prefix)
{
	struct strbuf why;
	int rc = 0;

	sb_init(&why);
	if (configdata_key_check(prefix, true, "; ", &why))
		rc = dec_fail(d, node, "prefix", "Invalid value: %s: %s", dec_quote(d, prefix),
			      why.data);
	sb_free(&why);
	return rc;
}

static int env_from_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct env_from *f = obj;
	bool config_map;

	if (!node)
		return 0;
	config_map = !dec_is_null(dec_lookup(d, node, "configMapRef"));
	f->secret = !dec_is_null(dec_lookup(d, node, "secretRef"));
	if (config_map && f->secret)
		return dec_fail(
		    d, node, NULL,
		    "Invalid value: \"\": may not have more than one field specified at a time");
	if (!config_map && !f->secret)
		return dec_fail(d, node, NULL,
				"Invalid value: \"\": must specify one of: `configMapRef` or "
				"`secretRef`");
	return f->prefix ? check_prefix(d, node, cluster_str(d->c, f->prefix)) : 0;
}

const struct decoder decode_env_from = DECODER(env_from_fields, .size = sizeof(struct env_from),
					       .check = env_from_check);
