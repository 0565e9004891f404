/*
 * The API's values as they are spelled in objects, tables and
 * descriptions: quantities, addresses, enum names, the runtime's ids.
 */
#include "ksim/api.h"

#include <stdio.h>
#include <string.h>

/* What `kubectl get nodes -o wide` shows for a kind v0.24 node running 1.31. */
const char api_kubelet_version[] = "v1.31.0";
const char api_os_image[] = "Debian GNU/Linux 12 (bookworm)";
const char api_kernel_version[] = "6.1.0-25-amd64";
const char api_container_runtime[] = "containerd://1.7.18";

bool api_time_is_set(int64_t t)
{
	return t != TIME_NONE && t != 0;
}

void api_cpu_format(int64_t milli, struct strbuf *out)
{
	if (milli % 1000 == 0)
		sb_printf(out, "%lld", (long long)(milli / 1000));
	else
		sb_printf(out, "%lldm", (long long)milli);
}

void api_bytes_format(int64_t bytes, struct strbuf *out)
{
	char buf[32];

	quantity_format_bytes(bytes, buf, sizeof buf);
	sb_add(out, buf);
}

void api_ip_format(uint32_t ip, struct strbuf *out)
{
	char buf[16];

	ip_format(ip, buf, sizeof buf);
	sb_add(out, buf);
}

/* "nginx:1.25" -> "docker.io/library/nginx", as the runtime reports the image's repository. */
static void image_repository(const char *image, struct strbuf *out)
{
	const char *slash = strchr(image, '/'), *at = strchr(image, '@');
	const char *name_end = at ? at : image + strlen(image);
	const char *colon = memchr(slash ? slash : image, ':',
				   (size_t)(name_end - (slash ? slash : image)));

	sb_add(out, image_registry_prefix(image));
	sb_addn(out, image, (size_t)((colon ? colon : name_end) - image));
}

static void fake_digest(uint64_t seed, struct strbuf *out)
{
	for (int i = 0; i < 4; i++) {
		seed = hash_u64(seed + 0x9e3779b97f4a7c15ULL);
		sb_printf(out, "%016llx", (unsigned long long)seed);
	}
}

void api_container_id_format(const struct pod *p, uint32_t i, struct strbuf *out)
{
	sb_add(out, "containerd://");
	fake_digest(p->meta.uid * 31u + i, out);
}

void api_image_id_format(const char *image, struct strbuf *out)
{
	image_repository(image, out);
	sb_add(out, "@sha256:");
	fake_digest(hash_bytes(image, strlen(image), 0), out);
}

const char *api_service_type_name(enum service_type type)
{
	static const char *const names[] = {
		[SVC_CLUSTER_IP] = "ClusterIP",
		[SVC_NODE_PORT] = "NodePort",
		[SVC_LOAD_BALANCER] = "LoadBalancer",
		[SVC_EXTERNAL_NAME] = "ExternalName",
	};
	return names[type];
}

const char *api_protocol_name(const struct cluster *c, uint32_t id)
{
	return id ? cluster_str(c, id) : "TCP";
}

void api_access_modes_format(uint8_t modes, struct strbuf *out)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = { { ACCESS_RWO, "RWO" },
		      { ACCESS_ROX, "ROX" },
		      { ACCESS_RWX, "RWX" },
		      { ACCESS_RWOP, "RWOP" } };
	size_t start = out->len;

	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		if (!(modes & names[i].bit))
			continue;
		if (out->len > start)
			sb_addc(out, ',');
		sb_add(out, names[i].name);
	}
}

const char *api_volume_phase_name(enum volume_phase phase)
{
	static const char *const names[] = {
		[VOL_PENDING] = "Pending",   [VOL_AVAILABLE] = "Available", [VOL_BOUND] = "Bound",
		[VOL_RELEASED] = "Released", [VOL_FAILED] = "Failed",       [VOL_LOST] = "Lost",
	};
	return names[phase];
}

bool api_pod_has_statuses(const struct pod *p)
{
	return p->node != NONE32 && p->ctrs;
}

bool api_pod_is_ready(const struct pod *p)
{
	if (p->phase != PHASE_RUNNING || (p->flags & POD_NODE_LOST) || !api_pod_has_statuses(p))
		return false;
	for (uint32_t i = 0; i < p->ncontainers; i++)
		if (!(p->ctrs[p->ninit + i].ready && p->ctrs[p->ninit + i].state == CTR_RUNNING))
			return false;
	return true;
}

const char *api_pod_phase_name(enum pod_phase phase)
{
	static const char *const names[] = {
		[PHASE_PENDING] = "Pending",     [PHASE_RUNNING] = "Running",
		[PHASE_SUCCEEDED] = "Succeeded", [PHASE_FAILED] = "Failed",
		[PHASE_UNKNOWN] = "Unknown",
	};
	return phase < ARRAY_LEN(names) ? names[phase] : "Unknown";
}

static const char *const effect_names[] = {
	[EFFECT_ALL] = "",
	[EFFECT_NO_SCHEDULE] = "NoSchedule",
	[EFFECT_PREFER_NO_SCHEDULE] = "PreferNoSchedule",
	[EFFECT_NO_EXECUTE] = "NoExecute",
};

enum taint_effect api_taint_effect_parse(const char *word)
{
	for (size_t i = EFFECT_NO_SCHEDULE; i < ARRAY_LEN(effect_names); i++)
		if (strcmp(word, effect_names[i]) == 0)
			return (enum taint_effect)i;
	return EFFECT_ALL;
}

const char *api_taint_effect_name(enum taint_effect effect)
{
	return effect_names[effect];
}
