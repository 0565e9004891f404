/*
 * What the kubelet makes of a pod's ConfigMaps and Secrets: the
 * environment each container gets at its start (env and envFrom, as
 * makeEnvironmentVariables in pkg/kubelet/kubelet_pods.go builds it), and
 * the configMap and secret volumes it projects before any container starts
 * and refreshes at each periodic sync (pkg/volume/configmap, pkg/volume/secret).
 *
 * A container's environment is fixed when it starts, so an update reaches
 * it only through a restart; a volume's files follow the object at the
 * pod's next sync, except a subPath mount, which is a copy made at the
 * container's start (containerfs_bind_subpaths).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "ksim/configdata.h"
#include "ksim/containerfs.h"

/* An environment block: entries "NAME=VALUE" each ended by this byte (values may hold newlines). */
#define ENV_END '\x1e'

/* pod_workers.go: a failed sync is retried after backOffPeriod (10 s) with 0.5 jitter. */
#define CONFIG_RETRY_MS 10000
/* pod_workers.go: the periodic resync, syncFrequency (1 min) with 0.5 jitter: 60-90 s. */
#define SYNC_PERIOD_MS 60000
/* nestedpendingoperations: a failed mount is retried after 500 ms, doubling to 2m2s. */
#define MOUNT_RETRY_FIRST_MS 500
#define MOUNT_RETRY_MAX_MS 122000

static const char SRC[] = "kubelet";


/* The object of kind, NULL with the kubelet's NotFound text (configmap "x" not found) in err. */
static const struct config_object *source_get(struct cluster *c, const struct pod *p, bool secret,
					      uint32_t name, struct strbuf *err)
{
	const struct config_object *o = cluster_config_find(c, secret ? KIND_SECRET : KIND_CM,
							    p->meta.ns, name);

	/* watch_based_manager.go: NewNotFound(corev1.Resource("configmap"/"secret"), name) */
	if (!o)
		sb_printf(err, "%s \"%s\" not found", secret ? "secret" : "configmap",
			  cluster_str(c, name));
	return o;
}

/* A ConfigMap's env values come from data only; binaryData keys are not there. */
static const struct config_entry *env_key(const struct cluster *c, const struct config_object *o,
					  const char *key)
{
	const struct config_entry *e = config_object_key(c, o, key);

	return e && !e->binary ? e : NULL;
}

/* Sets name to value in the block: an earlier entry of that name is replaced. */
static void block_set(struct strbuf *block, const char *name, const char *value, size_t len)
{
	size_t n = strlen(name);

	for (size_t at = 0; at < block->len;) {
		char *end = memchr(block->data + at, ENV_END, block->len - at);
		size_t next = (size_t)(end - block->data) + 1;
		if (strncmp(block->data + at, name, n) == 0 && block->data[at + n] == '=') {
			memmove(block->data + at, block->data + next, block->len - next);
			block->len -= next - at;
			break;
		}
		at = next;
	}
	sb_printf(block, "%s=", name);
	sb_addn(block, value, len);
	sb_addc(block, ENV_END);
}

/* envFrom entry f into block; keys that are no variable names are skipped, with the kubelet's event. */
static int env_from_add(struct engine *e, uint32_t pod, const struct env_from *f,
			struct strbuf *block, struct strbuf *err)
{
	struct cluster *c = e->c;
	const struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct config_object *o = source_get(c, p, f->secret, f->object, err);
	struct strbuf name, invalid, why;

	if (!o) {
		if (f->optional != ENV_OPTIONAL_TRUE)
			return -1;
		err->len = 0;
		return 0;
	}
	sb_init(&name);
	sb_init(&invalid);
	sb_init(&why);
	for (uint32_t i = 0; i < o->nentries; i++) {
		const struct config_entry *ent = &o->entries[i];
		if (ent->binary)
			continue;
		name.len = 0;
		sb_printf(&name, "%s%s", f->prefix ? cluster_str(c, f->prefix) : "",
			  cluster_str(c, ent->key));
		if (configdata_key_check(name.data, true, "", &why) == 0) {
			block_set(block, name.data, ent->value, ent->len);
		} else {
			/* the keys are sorted, and so is the kubelet's list of invalid ones */
			sb_printf(&invalid, "%s%s", invalid.len ? ", " : "", name.data);
		}
	}
	if (invalid.len) {
		uint32_t keys = cluster_intern(c, invalid.data);
		cluster_event(c, KIND_POD, pod, EVENT_WARNING, "InvalidEnvironmentVariableNames", SRC,
			      f->secret ? "Keys [%s] from the EnvFrom secret %s/%s were skipped "
					  "since they are considered invalid environment variable "
					  "names."
					: "Keys [%s] from the EnvFrom configMap %s/%s were skipped "
					  "since they are considered invalid environment variable "
					  "names.",
			      keys, p->meta.ns, f->object);
	}
	sb_free(&name);
	sb_free(&invalid);
	sb_free(&why);
	return 0;
}

/* One env entry into block; 1 when an optional reference is skipped, -1 with err. */
static int env_var_add(struct cluster *c, const struct pod *p, const struct env_var *v,
		       struct strbuf *block, struct strbuf *err)
{
	const char *name = cluster_str(c, v->name);
	bool secret = v->source == ENV_SECRET_KEY, optional = v->optional == ENV_OPTIONAL_TRUE;
	const struct config_object *o;
	const struct config_entry *ent;
	struct strbuf value;

	switch (v->source) {
	case ENV_VALUE:
	case ENV_FIELD_REF:
		sb_init(&value);
		if (v->source == ENV_VALUE)
			sb_add(&value, cluster_str(c, v->value));
		else
			pod_field_value(c, p, cluster_str(c, v->path), &value);
		block_set(block, name, value.data ? value.data : "", value.len);
		sb_free(&value);
		return 0;
	case ENV_RESOURCE_REF:
		return 1; /* resource limits are not passed in */
	case ENV_CONFIG_MAP_KEY:
	case ENV_SECRET_KEY:
		break;
	}
	o = source_get(c, p, secret, v->object, err);
	if (!o) {
		if (!optional)
			return -1;
		err->len = 0;
		return 1;
	}
	ent = secret ? config_object_key(c, o, cluster_str(c, v->path))
		     : env_key(c, o, cluster_str(c, v->path));
	if (ent) {
		block_set(block, name, ent->value, ent->len);
		return 0;
	}
	if (optional)
		return 1;
	sb_printf(err, "couldn't find key %s in %s %s/%s", cluster_str(c, v->path),
		  secret ? "Secret" : "ConfigMap", cluster_str(c, p->meta.ns),
		  cluster_str(c, v->object));
	return -1;
}

/* Sets name to value unless the container's own env or envFrom set it. */
static void block_default(struct strbuf *block, size_t own, const char *name, const char *value)
{
	size_t n = strlen(name);

	for (size_t at = 0; at < own; at = (size_t)((char *)memchr(block->data + at, ENV_END, own - at) -
						 block->data) + 1)
		if (strncmp(block->data + at, name, n) == 0 && block->data[at + n] == '=')
			return;
	block_set(block, name, value, strlen(value));
}

/* makeEnvVariableName of pkg/kubelet/envvars/envvars.go: upper case, '-' to '_'. */
static void env_name(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		sb_addc(out, *s == '-' ? '_' : (char)(*s >= 'a' && *s <= 'z' ? *s - 'a' + 'A' : *s));
}

/* makeLinkVariables of pkg/kubelet/envvars/envvars.go: a port's Docker-link variables (the first one's _PORT too). */
static void link_env_add(const struct cluster *c, const char *prefix, const char *ip,
			 const struct service_port *sp, bool first, struct strbuf *block, size_t own)
{
	const char *proto = cluster_str(c, sp->protocol);
	char lower[16], name[320], value[64];
	size_t j = 0;

	for (; proto[j] && j + 1 < sizeof lower; j++)
		lower[j] = (char)(proto[j] >= 'A' && proto[j] <= 'Z' ? proto[j] - 'A' + 'a' : proto[j]);
	lower[j] = 0;
	snprintf(value, sizeof value, "%s://%s:%d", lower, ip, sp->port);
	if (first) {
		snprintf(name, sizeof name, "%s_PORT", prefix);
		block_default(block, own, name, value);
	}
	snprintf(name, sizeof name, "%s_PORT_%d_%s", prefix, sp->port, proto);
	block_default(block, own, name, value);
	snprintf(name, sizeof name, "%s_PORT_%d_%s_PROTO", prefix, sp->port, proto);
	block_default(block, own, name, lower);
	snprintf(name, sizeof name, "%s_PORT_%d_%s_PORT", prefix, sp->port, proto);
	snprintf(value, sizeof value, "%d", sp->port);
	block_default(block, own, name, value);
	snprintf(name, sizeof name, "%s_PORT_%d_%s_ADDR", prefix, sp->port, proto);
	block_default(block, own, name, ip);
}

/* FromServices of pkg/kubelet/envvars/envvars.go: one Service's variables, Docker links included. */
static void service_env_add(struct cluster *c, const struct service *s, struct strbuf *block,
			    size_t own)
{
	struct strbuf prefix, name, value;
	char ip[20];

	sb_init(&prefix);
	sb_init(&name);
	sb_init(&value);
	ip_format(s->cluster_ip, ip, sizeof ip);
	env_name(&prefix, cluster_str(c, s->meta.name));
	sb_printf(&name, "%s_SERVICE_HOST", prefix.data);
	block_default(block, own, name.data, ip);
	name.len = 0;
	/* the first port keeps the unnamed, backwards-compatible name; the named ones have theirs too */
	sb_printf(&name, "%s_SERVICE_PORT", prefix.data);
	sb_printf(&value, "%d", s->ports[0].port);
	block_default(block, own, name.data, value.data);
	for (uint32_t i = 0; i < s->nports; i++) {
		const struct service_port *sp = &s->ports[i];
		if (!sp->name)
			continue;
		name.len = value.len = 0;
		sb_printf(&name, "%s_SERVICE_PORT_", prefix.data);
		env_name(&name, cluster_str(c, sp->name));
		sb_printf(&value, "%d", sp->port);
		block_default(block, own, name.data, value.data);
	}
	for (uint32_t i = 0; i < s->nports; i++)
		link_env_add(c, prefix.data, ip, &s->ports[i], i == 0, block, own);
	sb_free(&prefix);
	sb_free(&name);
	sb_free(&value);
}

/*
 * getServiceEnvVarMap of pkg/kubelet/kubelet_pods.go: the Services with a
 * cluster IP that exist now, the container's start: default's `kubernetes`
 * always, the pod's namespace's ones unless enableServiceLinks is false.
 * They come after the container's own variables, which win.
 */
static void service_envs_add(struct cluster *c, const struct pod *p, struct strbuf *block)
{
	uint32_t def = cluster_intern(c, "default"), master = cluster_intern(c, "kubernetes");
	bool links = !cluster_spec(c, p->spec)->no_service_links;
	size_t own = block->len;

	for (uint32_t i = 0; i < cluster_len(c, KIND_SVC); i++) {
		const struct service *s = cluster_get(c, KIND_SVC, i);
		if (!s || !s->cluster_ip || s->headless || !s->nports)
			continue;
		if ((s->meta.ns == def && s->meta.name == master) ||
		    (links && s->meta.ns == p->meta.ns))
			service_env_add(c, s, block, own);
	}
}

bool podconfig_env_resolve(struct engine *e, uint32_t pod, uint32_t i)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct container *k = cluster_pod_container(c, p, i);
	struct strbuf block, err;
	int r = 0;

	sb_init(&block);
	sb_init(&err);
	for (uint32_t j = 0; j < k->nenv_from && r >= 0; j++) {
		r = env_from_add(e, pod, &k->env_from[j], &block, &err);
		p = cluster_get(c, KIND_POD, pod);
	}
	for (uint32_t j = 0; j < k->nenv && r >= 0; j++)
		r = env_var_add(c, p, &k->env[j], &block, &err);
	if (r >= 0)
		service_envs_add(c, p, &block);
	if (r < 0) {
		p->ctrs[i].config_error = cluster_intern(c, err.data);
		/* kuberuntime_container.go startContainer: FailedToCreateContainer, "Error: %v" */
		cluster_event(c, KIND_POD, pod, EVENT_WARNING, "Failed", SRC, "Error: %s",
			      p->ctrs[i].config_error);
	} else {
		p->ctrs[i].config_error = 0;
		p->ctrs[i].env = cluster_intern(c, block.data ? block.data : "");
	}
	sb_free(&block);
	sb_free(&err);
	return r >= 0;
}

int64_t podconfig_retry_at(struct engine *e)
{
	return e->c->now_ms + CONFIG_RETRY_MS + cluster_rand(e->c, CONFIG_RETRY_MS / 2);
}

/* The value of the block entry at s (name, '='), through its end. */
static const char *entry_value(const char *s, size_t *len)
{
	const char *eq = strchr(s, '='), *end = strchr(s, ENV_END);

	*len = (size_t)(end - eq - 1);
	return eq + 1;
}

bool podconfig_env_get(const struct cluster *c, const struct ctr_status *cs, const char *name,
		       struct strbuf *out)
{
	size_t n = strlen(name), len;

	for (const char *s = cluster_str(c, cs->env); *s; s = strchr(s, ENV_END) + 1)
		if (strncmp(s, name, n) == 0 && s[n] == '=') {
			const char *v = entry_value(s, &len);
			if (out)
				sb_addn(out, v, len);
			return true;
		}
	return false;
}

void podconfig_env_print(const struct cluster *c, const struct ctr_status *cs, size_t from,
			 struct strbuf *out)
{
	for (const char *s = cluster_str(c, cs->env); *s; s = strchr(s, ENV_END) + 1) {
		if (out->len > from)
			sb_addc(out, '\n');
		sb_addn(out, s, (size_t)(strchr(s, ENV_END) - s));
	}
}

/* --- volumes --- */

/*
 * MakePayload of pkg/volume/configmap and pkg/volume/secret: every key as a
 * file, or the items' keys at their paths; -1 with err for a missing object
 * or key that is not optional. An optional missing object gives no files.
 */
static int volume_project(struct cluster *c, const struct pod *p, const struct volume *v,
			  bool *frozen, struct strbuf *err)
{
	bool secret = v->source == VOLUME_SECRET;
	const struct config_object *o = source_get(c, p, secret, v->object.name, err);

	if (!o && !v->object.optional)
		return -1;
	err->len = 0;
	if (o && o->immutable)
		*frozen = true;
	for (uint32_t i = 0; o && i < v->object.nitems; i++)
		if (!config_object_key(c, o, cluster_str(c, v->object.items[i].key)) &&
		    !v->object.optional) {
			sb_printf(err,
				  secret ? "references non-existent secret key: %s"
					 : "configmap references non-existent config key: %s",
				  cluster_str(c, v->object.items[i].key));
			return -1;
		}
	containerfs_volume_clear(c, p, v->name);
	for (uint32_t i = 0; o && i < (v->object.nitems ? v->object.nitems : o->nentries); i++) {
		const struct key_to_path *kp = v->object.nitems ? &v->object.items[i] : NULL;
		const struct config_entry *ent = kp ? config_object_key(c, o, cluster_str(c, kp->key))
						    : &o->entries[i];
		if (!ent)
			continue;
		containerfs_volume_put(
		    c, p, v->name, cluster_str(c, kp ? kp->path : ent->key), ent->value, ent->len,
		    (uint32_t)(kp && kp->mode >= 0 ? kp->mode : v->object.default_mode));
	}
	return 0;
}

/* Sets up (or refreshes) every configMap and secret volume; false after FailedMount events. */
static bool volumes_project(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	const struct podspec *s = cluster_spec(c, p->spec);
	struct strbuf err;
	bool ok = true;

	sb_init(&err);
	for (uint32_t i = 0; i < s->nvolumes; i++) {
		uint32_t bit = i < 32 ? 1u << i : 0;
		bool frozen = false;
		if (!volume_has_items(&s->volumes[i]) || (p->ctl.frozen_volumes & bit))
			continue;
		if (volume_project(c, p, &s->volumes[i], &frozen, &err) == 0) {
			/* watch_based_manager.go: an immutable object is cached and no longer watched */
			if (frozen)
				p->ctl.frozen_volumes |= bit;
			continue;
		}
		/* operation_generator.go: GenerateError("MountVolume.SetUp failed", err) */
		cluster_event(c, KIND_POD, pod, EVENT_WARNING, "FailedMount", SRC,
			      "MountVolume.SetUp failed for volume \"%s\" : %s", s->volumes[i].name,
			      cluster_intern(c, err.data));
		err.len = 0;
		ok = false;
	}
	sb_free(&err);
	return ok;
}

static void schedule_sync(struct engine *e, struct pod *p, uint32_t pod)
{
	p->ctl.volume_sync_ms = e->c->now_ms + SYNC_PERIOD_MS + cluster_rand(e->c, SYNC_PERIOD_MS / 2);
	engine_timer(e, CTRL_KUBELET, pod, p->ctl.volume_sync_ms);
}

static bool has_projected(const struct podspec *s)
{
	for (uint32_t i = 0; i < s->nvolumes; i++)
		if (volume_has_items(&s->volumes[i]))
			return true;
	return false;
}

bool podconfig_mount(struct engine *e, uint32_t pod)
{
	struct cluster *c = e->c;
	struct pod *p = cluster_get(c, KIND_POD, pod);
	bool ok;

	if (p->ctl.volumes_set_up || !has_projected(cluster_spec(c, p->spec)))
		return true;
	if (p->ctl.mount_retry_ms > c->now_ms)
		return false;
	ok = volumes_project(e, pod);
	p = cluster_get(c, KIND_POD, pod);
	if (ok) {
		p->ctl.volumes_set_up = true;
		schedule_sync(e, p, pod);
		return true;
	}
	p->ctl.mount_backoff_ms = !p->ctl.mount_backoff_ms ? MOUNT_RETRY_FIRST_MS
			      : p->ctl.mount_backoff_ms * 2 > MOUNT_RETRY_MAX_MS
				  ? MOUNT_RETRY_MAX_MS
				  : p->ctl.mount_backoff_ms * 2;
	p->ctl.mount_retry_ms = c->now_ms + p->ctl.mount_backoff_ms;
	engine_timer(e, CTRL_KUBELET, pod, p->ctl.mount_retry_ms);
	cluster_changed(c, KIND_POD, pod, CHANGE_UPDATED);
	return false;
}

void podconfig_sync(struct engine *e, uint32_t pod)
{
	struct pod *p = cluster_get(e->c, KIND_POD, pod);

	if (!p->ctl.volume_sync_ms || p->ctl.volume_sync_ms > e->c->now_ms)
		return;
	volumes_project(e, pod);
	schedule_sync(e, cluster_get(e->c, KIND_POD, pod), pod);
}
