/*
 * The ServiceAccount admission plugin's token: a projected volume named
 * after the pod, mounted read-only in every container that does not mount
 * its path itself, unless the spec turns automounting off.
 */
#include "ksim/api.h"

#include <string.h>

const char api_token_mount_path[] = "/var/run/secrets/kubernetes.io/serviceaccount";

/* The ServiceAccount admission plugin skips a container that already mounts the token path. */
bool api_token_mounted(const struct cluster *c, const struct podspec *s, const struct container *k)
{
	if (s->no_token_automount)
		return false;
	for (uint32_t i = 0; i < k->nmounts; i++)
		if (strcmp(cluster_str(c, k->mounts[i].mount_path), api_token_mount_path) == 0)
			return false;
	return true;
}

bool api_token_volume(const struct cluster *c, const struct podspec *s)
{
	for (uint32_t i = 0; i < s->ninit; i++)
		if (api_token_mounted(c, s, &s->init_containers[i]))
			return true;
	for (uint32_t i = 0; i < s->ncontainers; i++)
		if (api_token_mounted(c, s, &s->containers[i]))
			return true;
	return false;
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
