/*
 * ConfigMap and Secret: their data maps (a Secret's in base64, its
 * stringData merged into data as the API server merges it on write) and the
 * API server's validation of both (pkg/apis/core/validation/validation.go
 * ValidateConfigMap, ValidateSecret and their Update forms).
 */
#include "ksim/configdata.h"
#include "ksim/manifest.h"

#include <string.h>

#include "decode.h"

/* Secret types with required keys (pkg/apis/core/types.go). */
#define SECRET_SA_TOKEN "kubernetes.io/service-account-token"
#define SECRET_DOCKERCFG "kubernetes.io/dockercfg"
#define SECRET_DOCKER_JSON "kubernetes.io/dockerconfigjson"
#define SECRET_BASIC_AUTH "kubernetes.io/basic-auth"
#define SECRET_SSH_AUTH "kubernetes.io/ssh-auth"
#define SECRET_TLS "kubernetes.io/tls"

enum data_kind { DATA_TEXT, DATA_BINARY, DATA_BASE64, DATA_STRING };

/* One key: value of a data map, with the path at the key. */
static int decode_entry(struct dec *d, const char *key, yaml_node_t *v, struct config_object *o,
			enum data_kind dk, struct strbuf *bytes)
{
	const char *vs = "";
	struct ksim_error err;

	if (!dec_is_null(v) && dec_string(d, v, &vs))
		return -1;
	/* A key in both data and binaryData is refused by the check; data's stays. */
	if ((dk == DATA_BINARY || dk == DATA_BASE64) && config_object_key(d->c, o, key))
		return 0;
	sb_reset(bytes);
	if (dk == DATA_TEXT || dk == DATA_STRING)
		sb_add(bytes, vs);
	else if (configdata_base64_decode(vs, bytes, &err))
		return dec_fail(d, v, NULL, "%s", err.msg);
	config_object_set(d->c, o, cluster_intern(d->c, key), bytes->data, bytes->len,
			  dk == DATA_BINARY);
	return 0;
}

/* Reads a map of key: string into o; base64 values are decoded, stringData overrides data. */
static int decode_data(struct dec *d, yaml_node_t *node, struct config_object *o, enum data_kind dk)
{
	struct strbuf bytes;
	int rc = 0;

	if (dec_is_null(node))
		return 0;
	if (dec_expect(d, node, YAML_MAPPING_NODE))
		return -1;
	sb_init(&bytes);
	for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
	     rc == 0 && p < node->data.mapping.pairs.top; p++) {
		yaml_node_t *k = dec_node(d, p->key), *v = dec_node(d, p->value);
		const char *ks;
		struct dec_frame fr;

		if (dec_spend(d, k) || dec_string(d, k, &ks)) {
			rc = -1;
			break;
		}
		fr = dec_enter(d, v, ks);
		rc = decode_entry(d, ks, v, o, dk, &bytes);
		dec_leave(d, fr);
	}
	sb_free(&bytes);
	return rc;
}

static int decode_cm_data(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_data(d, node, ptr, DATA_TEXT);
}

static int decode_cm_binary(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_data(d, node, ptr, DATA_BINARY);
}

static int decode_secret_data(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_data(d, node, ptr, DATA_BASE64);
}

static int decode_secret_string_data(struct dec *d, yaml_node_t *node, void *ptr)
{
	return decode_data(d, node, ptr, DATA_STRING);
}

/* A key of both data and binaryData: ValidateConfigMap's duplicate check, at data's key. */
static int check_cm_duplicates(struct dec *d, yaml_node_t *root)
{
	yaml_node_t *data = dec_lookup(d, root, "data"), *bin = dec_lookup(d, root, "binaryData");
	char rel[200];

	if (dec_is_null(data) || dec_is_null(bin) || data->type != YAML_MAPPING_NODE)
		return 0;
	for (yaml_node_pair_t *p = data->data.mapping.pairs.start; p < data->data.mapping.pairs.top;
	     p++) {
		const char *key = dec_text(dec_node(d, p->key));

		if (key && dec_lookup(d, bin, key)) {
			snprintf(rel, sizeof rel, "data[%s]", key);
			return dec_fail(d, root, rel,
					"Invalid value: %s: duplicate of key present in binaryData",
					dec_quote(d, key));
		}
	}
	return 0;
}

void manifest_config_default(struct cluster *c, enum kind kind, struct config_object *o)
{
	if (kind == KIND_SECRET && !o->type)
		o->type = cluster_intern(c, "Opaque");
}

static int check_object(struct dec *d, yaml_node_t *node, void *obj, enum kind kind)
{
	struct config_object *o = obj;
	struct ksim_error err = { 0 };

	manifest_config_default(d->c, kind, o);
	if (kind == KIND_CM && node && check_cm_duplicates(d, node))
		return -1;
	if (manifest_config_validate(d->c, kind, o, &err))
		return dec_fail(d, node, err.path, "%s", err.msg);
	return 0;
}

static int check_cm(struct dec *d, yaml_node_t *node, void *obj)
{
	return check_object(d, node, obj, KIND_CM);
}

static int check_secret(struct dec *d, yaml_node_t *node, void *obj)
{
	return check_object(d, node, obj, KIND_SECRET);
}

static const struct field cm_fields[] = {
	{ .name = "data", .type = FIELD_FN, .fn = decode_cm_data },
	{ .name = "binaryData", .type = FIELD_FN, .fn = decode_cm_binary },
	{ .name = "immutable", .type = FIELD_BOOL, .off = offsetof(struct config_object, immutable) },
};
static const struct decoder cm_decoder = DECODER(cm_fields, .also = &decode_object_fields,
						 .check = check_cm);

const struct kind_decoder kind_decoder_configmap = {
	"ConfigMap", KIND_CM,
	{ "v1" },    NAME_DNS_SUBDOMAIN,
	&cm_decoder, sizeof(struct config_object),
	true,
};

static const struct field secret_fields[] = {
	{ .name = "data", .type = FIELD_FN, .fn = decode_secret_data },
	{ .name = "stringData", .type = FIELD_FN, .fn = decode_secret_string_data },
	{ .name = "type", .type = FIELD_STRING, .off = offsetof(struct config_object, type) },
	{ .name = "immutable", .type = FIELD_BOOL, .off = offsetof(struct config_object, immutable) },
};
static const struct decoder secret_decoder = DECODER(secret_fields, .also = &decode_object_fields,
						     .check = check_secret);

const struct kind_decoder kind_decoder_secret = {
	"Secret",
	KIND_SECRET,
	{ "v1" },
	NAME_DNS_SUBDOMAIN,
	&secret_decoder,
	sizeof(struct config_object),
	true,
};

/* --- validation --- */

static int fail_at(struct ksim_error *err, const char *path, const char *fmt, const char *arg)
{
	snprintf(err->path, sizeof err->path, "%s", path);
	snprintf(err->msg, sizeof err->msg, fmt, arg);
	return -1;
}

static int fail_required(struct ksim_error *err, const char *key)
{
	char path[200];

	snprintf(path, sizeof path, "data[%s]", key);
	return fail_at(err, path, "%s", "Required value");
}

static bool has_key(const struct cluster *c, const struct config_object *o, const char *key)
{
	return config_object_key(c, o, key) != NULL;
}

/* ValidateSecret's type switch: the keys a type requires. */
static int check_secret_type(const struct cluster *c, const struct config_object *o,
			     struct ksim_error *err)
{
	const char *type = cluster_str(c, o->type);
	uint32_t name_key = strtab_lookup(c->strings, "kubernetes.io/service-account.name");

	if (strcmp(type, SECRET_SA_TOKEN) == 0) {
		uint32_t v = name_key == NONE32
				 ? 0
				 : labels_value(c->labels, o->meta.annotations, name_key);
		if (v == 0 || v == NONE32 || !*cluster_str(c, v))
			return fail_at(err,
				       "metadata.annotations[kubernetes.io/service-account.name]",
				       "%s", "Required value");
	} else if (strcmp(type, SECRET_DOCKERCFG) == 0 && !has_key(c, o, ".dockercfg")) {
		return fail_required(err, ".dockercfg");
	} else if (strcmp(type, SECRET_DOCKER_JSON) == 0 && !has_key(c, o, ".dockerconfigjson")) {
		return fail_required(err, ".dockerconfigjson");
	} else if (strcmp(type, SECRET_BASIC_AUTH) == 0 && !has_key(c, o, "username") &&
		   !has_key(c, o, "password")) {
		return fail_required(err, "username");
	} else if (strcmp(type, SECRET_SSH_AUTH) == 0) {
		const struct config_entry *e = config_object_key(c, o, "ssh-privatekey");
		if (!e || !e->len)
			return fail_required(err, "ssh-privatekey");
	} else if (strcmp(type, SECRET_TLS) == 0) {
		if (!has_key(c, o, "tls.crt"))
			return fail_required(err, "tls.crt");
		if (!has_key(c, o, "tls.key"))
			return fail_required(err, "tls.key");
	}
	return 0;
}

int manifest_config_validate(const struct cluster *c, enum kind kind, const struct config_object *o,
			     struct ksim_error *err)
{
	struct dec q = { 0 };
	struct strbuf why;
	int rc = 0;

	sb_init(&why);
	for (uint32_t i = 0; rc == 0 && i < o->nentries; i++) {
		const char *key = cluster_str(c, o->entries[i].key);
		char path[200];

		sb_reset(&why);
		/* The first reason only: each is an error of its own there. */
		if (configdata_key_check(key, false, "\n", &why)) {
			why.data[strcspn(why.data, "\n")] = '\0';
			snprintf(path, sizeof path, "%s[%s]",
				 o->entries[i].binary ? "binaryData" : "data", key);
			snprintf(err->path, sizeof err->path, "%s", path);
			snprintf(err->msg, sizeof err->msg, "Invalid value: %s: %s",
				 dec_quote(&q, key), why.data);
			rc = -1;
		}
	}
	sb_free(&why);
	if (rc)
		return rc;
	if (config_object_bytes(o) > CONFIGDATA_MAX_BYTES)
		return fail_at(err, kind == KIND_SECRET ? "data" : "",
			       "Too long: must have at most %s bytes", "1048576");
	return kind == KIND_SECRET ? check_secret_type(c, o, err) : 0;
}

/* The next entry from *i on that is of data (binary false) or binaryData, NULL past the last. */
static const struct config_entry *next_entry(const struct config_object *o, uint32_t *i, bool binary)
{
	while (*i < o->nentries && o->entries[*i].binary != binary)
		(*i)++;
	return *i < o->nentries ? &o->entries[(*i)++] : NULL;
}

/* reflect.DeepEqual of one map: data, or a ConfigMap's binaryData. */
static bool same_map(const struct config_object *a, const struct config_object *b, bool binary)
{
	uint32_t i = 0, j = 0;

	for (;;) {
		const struct config_entry *x = next_entry(a, &i, binary),
					  *y = next_entry(b, &j, binary);
		if (!x || !y)
			return x == y;
		if (x->key != y->key || x->len != y->len || memcmp(x->value, y->value, x->len) != 0)
			return false;
	}
}

int manifest_config_validate_update(const struct cluster *c, enum kind kind,
				    const struct config_object *live, const struct config_object *o,
				    struct ksim_error *err)
{
	static const char forbidden[] = "Forbidden: field is immutable when `immutable` is set";
	struct dec q = { 0 };

	if (kind == KIND_SECRET && live->type != o->type)
		return fail_at(err, "type", "Invalid value: %s: field is immutable",
			       dec_quote(&q, cluster_str(c, o->type)));
	if (live->immutable) {
		if (!o->immutable)
			return fail_at(err, "immutable", "%s", forbidden);
		if (!same_map(live, o, false))
			return fail_at(err, "data", "%s", forbidden);
		if (!same_map(live, o, true))
			return fail_at(err, "binaryData", "%s", forbidden);
	}
	return manifest_config_validate(c, kind, o, err);
}
