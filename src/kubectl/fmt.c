/* Values as kubectl spells them in tables and descriptions. */
#include "ksim/kubectl.h"

#include <stdio.h>
#include <string.h>

#include "ksim/manifest.h"

#include "internal.h"

/* What `kubectl get nodes -o wide` shows for a kind v0.24 node running 1.31. */
const char kubectl_kubelet_version[] = "v1.31.0";
const char kubectl_os_image[] = "Debian GNU/Linux 12 (bookworm)";
const char kubectl_kernel_version[] = "6.1.0-25-amd64";
const char kubectl_container_runtime[] = "containerd://1.7.18";

bool time_is_set(int64_t t)
{
	return t != TIME_NONE && t != 0;
}

void fmt_age(const struct cluster *c, int64_t t, struct strbuf *out)
{
	char buf[32];

	if (!time_is_set(t)) {
		sb_add(out, "<unknown>");
		return;
	}
	duration_human(c->now_ms - t, buf, sizeof buf);
	sb_add(out, buf);
}

void fmt_rfc1123z(int64_t ms, struct strbuf *out)
{
	char buf[40];

	time_rfc1123z(ms, buf, sizeof buf);
	sb_add(out, buf);
}

void fmt_labels(const struct cluster *c, uint32_t set, struct strbuf *out)
{
	if (!set) {
		sb_add(out, "<none>");
		return;
	}
	labels_format(c->labels, set, ",", out);
}

void fmt_selector(const struct cluster *c, const struct selector *sel, struct strbuf *out)
{
	if (selector_empty(sel)) {
		sb_add(out, "<none>");
		return;
	}
	selector_format(c->labels, sel, out);
}

void fmt_containers(const struct cluster *c, const struct template *tpl, bool images,
		    struct strbuf *out)
{
	const struct podspec *s = cluster_spec(c, tpl->spec);

	for (uint32_t i = 0; i < s->ncontainers; i++) {
		if (i)
			sb_addc(out, ',');
		sb_add(out, cluster_str(c, images ? s->containers[i].image : s->containers[i].name));
	}
}

void fmt_cpu(int64_t milli, struct strbuf *out)
{
	if (milli % 1000 == 0)
		sb_printf(out, "%lld", (long long)(milli / 1000));
	else
		sb_printf(out, "%lldm", (long long)milli);
}

void fmt_bytes(int64_t bytes, struct strbuf *out)
{
	char buf[32];

	quantity_format_bytes(bytes, buf, sizeof buf);
	sb_add(out, buf);
}

void fmt_ip(uint32_t ip, struct strbuf *out)
{
	char buf[16];

	ip_format(ip, buf, sizeof buf);
	sb_add(out, buf);
}

const struct template *object_template(enum kind kind, const void *obj)
{
	switch (kind) {
	case KIND_RC:
	case KIND_RS:
		return &((const struct replicaset *)obj)->tpl;
	case KIND_DS:
		return &((const struct daemonset *)obj)->tpl;
	case KIND_JOB:
		return &((const struct job *)obj)->spec.tpl;
	case KIND_CRONJOB:
		return &((const struct cronjob *)obj)->job.tpl;
	case KIND_STS:
		return &((const struct statefulset *)obj)->tpl;
	case KIND_DEPLOY:
		return &((const struct deployment *)obj)->tpl;
	default:
		return NULL;
	}
}

const struct selector *object_selector(enum kind kind, const void *obj)
{
	switch (kind) {
	case KIND_RC:
	case KIND_RS:
		return &((const struct replicaset *)obj)->sel;
	case KIND_DS:
		return &((const struct daemonset *)obj)->sel;
	case KIND_JOB:
		return &((const struct job *)obj)->spec.sel;
	case KIND_CRONJOB:
		return &((const struct cronjob *)obj)->job.sel;
	case KIND_STS:
		return &((const struct statefulset *)obj)->sel;
	case KIND_DEPLOY:
		return &((const struct deployment *)obj)->sel;
	default:
		return NULL;
	}
}

void fmt_controller(const struct cluster *c, const struct meta *m, struct strbuf *out)
{
	const struct meta *o = cluster_owner(c, m);

	if (o)
		sb_printf(out, "%s/%s", kind_info((enum kind)m->owner_kind)->kind,
			  cluster_str(c, o->name));
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

void fmt_container_id(const struct pod *p, uint32_t i, struct strbuf *out)
{
	sb_add(out, "containerd://");
	fake_digest(p->meta.uid * 31u + i, out);
}

void fmt_image_id(const char *image, struct strbuf *out)
{
	image_repository(image, out);
	sb_add(out, "@sha256:");
	fake_digest(hash_bytes(image, strlen(image), 0), out);
}

/* The projected token volume admission adds to every pod, named after the pod. */
void api_access_volume(const struct pod *p, struct strbuf *out)
{
	static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
	uint64_t h = hash_u64(p->meta.uid ^ 0x6b7562652d617069ULL);

	sb_add(out, "kube-api-access-");
	for (int i = 0; i < 5; i++, h /= 27)
		sb_addc(out, alphabet[h % 27]);
}
