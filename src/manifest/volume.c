/*
 * Pod volumes and container volumeMounts: each source ksim keeps the fields
 * of (persistentVolumeClaim, emptyDir, hostPath, configMap, secret, nfs),
 * any other source of volume_source_types by its name, and the rules
 * validateVolumes and ValidateVolumeMounts (pkg/apis/core/validation) apply
 * to them.
 */
#include "decode.h"

#include <stdio.h>
#include <string.h>

static const struct field volume_mount_fields[] = {
	{ .name = "name",
	  .type = FIELD_STRING,
	  .off = offsetof(struct volume_mount, name),
	  .flags = F_REQUIRED },
	{ .name = "mountPath",
	  .type = FIELD_STRING,
	  .off = offsetof(struct volume_mount, mount_path),
	  .flags = F_REQUIRED },
	{ .name = "readOnly", .type = FIELD_BOOL, .off = offsetof(struct volume_mount, read_only) },
	{ .name = "subPath", .type = FIELD_STRING, .off = offsetof(struct volume_mount, sub_path) },
	{ .name = "subPathExpr", .type = FIELD_IGNORE },
	{ .name = "mountPropagation", .type = FIELD_IGNORE },
	{ .name = "recursiveReadOnly", .type = FIELD_IGNORE },
};
const struct decoder decode_volume_mount = DECODER(volume_mount_fields,
						   .size = sizeof(struct volume_mount));

static const struct field pvc_source_fields[] = {
	{ .name = "claimName",
	  .type = FIELD_STRING,
	  .off = offsetof(struct volume, pvc.claim_name),
	  .flags = F_REQUIRED },
	{ .name = "readOnly", .type = FIELD_BOOL, .off = offsetof(struct volume, pvc.read_only) },
};
static const struct field empty_dir_fields[] = {
	{ .name = "medium", .type = FIELD_STRING, .off = offsetof(struct volume, empty_dir.medium) },
	{ .name = "sizeLimit",
	  .type = FIELD_MEMORY,
	  .off = offsetof(struct volume, empty_dir.size_limit) },
};
/* validateHostPathType's set, sorted as its message lists it ("" is the unset type). */
static const struct enum_value host_path_types[] = {
	{ "", 0 },
	{ "BlockDevice", 1 },
	{ "CharDevice", 2 },
	{ "Directory", 3 },
	{ "DirectoryOrCreate", 4 },
	{ "File", 5 },
	{ "FileOrCreate", 6 },
	{ "Socket", 7 },
	{ NULL, 0 },
};

static int decode_host_path_type(struct dec *d, yaml_node_t *node, void *ptr)
{
	int v, rc = dec_enum(d, node, host_path_types, &v);

	if (rc == 0)
		*(uint32_t *)ptr = cluster_intern(d->c, host_path_types[v].name);
	return rc;
}

static const struct field host_path_fields[] = {
	{ .name = "path",
	  .type = FIELD_STRING,
	  .off = offsetof(struct volume, host_path.path),
	  .flags = F_REQUIRED },
	{ .name = "type",
	  .type = FIELD_FN,
	  .off = offsetof(struct volume, host_path.type),
	  .fn = decode_host_path_type },
};
/* fileModeErrorMsg of validateKeyToPath and validateConfigMapVolumeSource. */
static int check_mode(struct dec *d, yaml_node_t *node, const char *rel, int32_t mode)
{
	if (mode >= 0 && mode <= 0777)
		return 0;
	return dec_fail(d, node, rel,
			"Invalid value: %d: must be a number between 0 and 0777 (octal), both "
			"inclusive",
			(int)mode);
}

/* validateLocalDescendingPath: a key's file stays inside the volume. */
static int check_item_path(struct dec *d, yaml_node_t *node, const char *path)
{
	const char *why = NULL;

	if (path[0] == '/')
		why = "must be a relative path";
	else if (strncmp(path, "..", 2) == 0)
		why = "must not start with '..'";
	else
		for (const char *s = path; *s && !why; s += strcspn(s, "/"), s += *s == '/')
			if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || !s[2]))
				why = "must not contain '..'";
	return why ? dec_fail(d, node, "path", "Invalid value: %s: %s", dec_quote(d, path), why) : 0;
}

static void item_init(void *obj)
{
	((struct key_to_path *)obj)->mode = -1;
}

static int item_check(struct dec *d, yaml_node_t *node, void *obj)
{
	const struct key_to_path *kp = obj;

	if (!node)
		return 0;
	if (check_item_path(d, node, cluster_str(d->c, kp->path)))
		return -1;
	return kp->mode == -1 ? 0 : check_mode(d, node, "mode", kp->mode);
}

static const struct field item_fields[] = {
	{ .name = "key",
	  .type = FIELD_STRING,
	  .off = offsetof(struct key_to_path, key),
	  .flags = F_REQUIRED },
	{ .name = "path",
	  .type = FIELD_STRING,
	  .off = offsetof(struct key_to_path, path),
	  .flags = F_REQUIRED },
	{ .name = "mode", .type = FIELD_INT32, .off = offsetof(struct key_to_path, mode) },
};
static const struct decoder item_decoder = DECODER(item_fields, .size = sizeof(struct key_to_path),
						   .init = item_init, .check = item_check);

/* What configMap and secret sources share; only the key naming the object differs. */
static const struct field object_source_fields[] = {
	{ .name = "optional", .type = FIELD_BOOL, .off = offsetof(struct volume, object.optional) },
	{ .name = "items",
	  .type = FIELD_LIST,
	  .off = offsetof(struct volume, object.items),
	  .aux = offsetof(struct volume, object.nitems),
	  .sub = &item_decoder },
	{ .name = "defaultMode",
	  .type = FIELD_INT32,
	  .off = offsetof(struct volume, object.default_mode) },
};
static const struct decoder object_source_decoder = DECODER(object_source_fields);

/* SetDefaults_ConfigMapVolumeSource, SetDefaults_SecretVolumeSource: 0644 (set here, since the
 * source shares its union with the others, whose absent maps also run init). */
static int object_source_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct volume *v = obj;

	if (!node)
		return 0;
	if (dec_is_null(dec_lookup(d, node, "defaultMode")))
		v->object.default_mode = 0644;
	return check_mode(d, node, "defaultMode", v->object.default_mode);
}

static const struct field config_map_fields[] = {
	{ .name = "name", .type = FIELD_STRING, .off = offsetof(struct volume, object.name) },
};
static const struct field secret_fields[] = {
	{ .name = "secretName", .type = FIELD_STRING, .off = offsetof(struct volume, object.name) },
};
static const struct field nfs_fields[] = {
	{ .name = "server",
	  .type = FIELD_STRING,
	  .off = offsetof(struct volume, nfs.server),
	  .flags = F_REQUIRED },
	{ .name = "path",
	  .type = FIELD_STRING,
	  .off = offsetof(struct volume, nfs.path),
	  .flags = F_REQUIRED },
	{ .name = "readOnly", .type = FIELD_BOOL, .off = offsetof(struct volume, nfs.read_only) },
};
static const struct decoder pvc_source_decoder = DECODER(pvc_source_fields);
static const struct decoder empty_dir_decoder = DECODER(empty_dir_fields);
static const struct decoder host_path_decoder = DECODER(host_path_fields);
static const struct decoder config_map_decoder = DECODER(
    config_map_fields, .also = &object_source_decoder, .check = object_source_check);
static const struct decoder secret_decoder = DECODER(secret_fields, .also = &object_source_decoder,
						     .check = object_source_check);
static const struct decoder nfs_decoder = DECODER(nfs_fields);

/* A volume has exactly one source; the detailed ones were decoded by their entries below. */
static int volume_check(struct dec *d, yaml_node_t *node, void *obj)
{
	struct volume *v = obj;
	const char *first = NULL;

	for (const struct volume_source_type *src = volume_source_types; node && src->name; src++) {
		if (!src->in_pod || dec_is_null(dec_lookup(d, node, src->name)))
			continue;
		if (first)
			return dec_fail(d, node, src->name,
					"Forbidden: may not specify more than 1 volume type");
		first = src->name;
		v->source = src->kind;
		if (v->source == VOLUME_OTHER)
			v->other = cluster_intern(d->c, src->name);
	}
	if (!first)
		return dec_fail(d, node, NULL, "Required value: must specify a volume type");
	return 0;
}

/* The sources whose fields ksim keeps all decode into the volume itself (their union member). */
static const struct field volume_fields[] = {
	{ .name = "name",
	  .type = FIELD_STRING,
	  .off = offsetof(struct volume, name),
	  .flags = F_REQUIRED | F_DNS_LABEL },
	{ .name = "persistentVolumeClaim", .type = FIELD_MAP, .sub = &pvc_source_decoder },
	{ .name = "emptyDir", .type = FIELD_MAP, .sub = &empty_dir_decoder },
	{ .name = "hostPath", .type = FIELD_MAP, .sub = &host_path_decoder },
	{ .name = "configMap", .type = FIELD_MAP, .sub = &config_map_decoder },
	{ .name = "secret", .type = FIELD_MAP, .sub = &secret_decoder },
	{ .name = "nfs", .type = FIELD_MAP, .sub = &nfs_decoder },
};
const char *decode_volume_source(size_t i, bool pv)
{
	for (const struct volume_source_type *t = volume_source_types; t->name; t++)
		if ((pv ? t->in_pv : t->in_pod) && i-- == 0)
			return t->name;
	return NULL;
}

/* The other sources: known fields, decoded by volume_check as names only. */
static const char *pod_source(size_t i)
{
	return decode_volume_source(i, false);
}

const struct decoder decode_volume = DECODER(volume_fields, .size = sizeof(struct volume),
					     .check = volume_check, .ignored = pod_source);

static bool has_volume(const struct podspec *spec, uint32_t name)
{
	for (uint32_t i = 0; i < spec->nvolumes; i++)
		if (spec->volumes[i].name == name)
			return true;
	return false;
}

/*
 * ValidateVolumeMounts: each mount names a volume and has its own path. A
 * StatefulSet's template is exempt from the first rule: its claim templates
 * become volumes only in the pods (ValidatePodTemplateSpecForStatefulSet).
 */
static int check_mounts(struct dec *d, yaml_node_t *node, const struct podspec *spec, bool init)
{
	const struct container *cs = init ? spec->init_containers : spec->containers;
	uint32_t n = init ? spec->ninit : spec->ncontainers;
	const char *list = init ? "initContainers" : "containers";

	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < cs[i].nmounts; j++) {
			const struct volume_mount *m = &cs[i].mounts[j];
			char rel[96];
			if (!(d->kd && d->kd->k == KIND_STS) && !has_volume(spec, m->name)) {
				snprintf(rel, sizeof rel, "%s[%u].volumeMounts[%u].name", list, i, j);
				return dec_fail(d, node, rel, "Not found: %s",
						dec_quote(d, cluster_str(d->c, m->name)));
			}
			for (uint32_t k = 0; k < j; k++)
				if (cs[i].mounts[k].mount_path == m->mount_path) {
					snprintf(rel, sizeof rel,
						 "%s[%u].volumeMounts[%u].mountPath", list, i, j);
					return dec_fail(
					    d, node, rel, "Invalid value: %s: must be unique",
					    dec_quote(d, cluster_str(d->c, m->mount_path)));
				}
		}
	return 0;
}

/* validateVolumes (names are unique), then every container's mounts. */
int check_pod_volumes(struct dec *d, yaml_node_t *node, const struct podspec *spec)
{
	for (uint32_t i = 1; i < spec->nvolumes; i++)
		for (uint32_t k = 0; k < i; k++)
			if (spec->volumes[k].name == spec->volumes[i].name) {
				char rel[48];
				snprintf(rel, sizeof rel, "volumes[%u].name", i);
				return dec_fail(
				    d, node, rel, "Duplicate value: %s",
				    dec_quote(d, cluster_str(d->c, spec->volumes[i].name)));
			}
	return check_mounts(d, node, spec, true) || check_mounts(d, node, spec, false) ? -1 : 0;
}
