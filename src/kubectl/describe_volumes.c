/*
 * kubectl describe's Mounts: and Volumes: sections (describeContainerVolumes
 * and describeVolumes in describe.go), with the service account token that
 * admission gives every pod (api/token.c): a real pod carries it, a template
 * does not.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct mount_line {
	const char *path, *name, *sub_path;
	bool read_only;
};

void describe_mounts(const struct cluster *c, const struct pod *p, const struct podspec *s,
		     const struct container *k, struct strbuf *sb)
{
	struct mount_line *lines = xcalloc(k->nmounts + 1, sizeof *lines);
	struct strbuf token;
	uint32_t n = 0;

	sb_init(&token);
	for (uint32_t i = 0; i < k->nmounts; i++)
		lines[n++] = (struct mount_line){ cluster_str(c, k->mounts[i].mount_path),
						  cluster_str(c, k->mounts[i].name),
						  cluster_str(c, k->mounts[i].sub_path),
						  k->mounts[i].read_only };
	if (p && api_token_mounted(c, s, k)) {
		api_access_volume(p, &token);
		lines[n++] = (struct mount_line){ api_token_mount_path, token.data, "", true };
	}
	/* Sorted by mount path (SortableVolumeMounts); paths are unique. */
	for (uint32_t i = 1; i < n; i++)
		for (uint32_t j = i; j > 0 && strcmp(lines[j - 1].path, lines[j].path) > 0; j--) {
			struct mount_line tmp = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = tmp;
		}
	dwrite(sb, 2, "Mounts:%s\n", n ? "" : "\t<none>");
	for (uint32_t i = 0; i < n; i++) {
		dwrite(sb, 3, "%s from %s (%s", lines[i].path, lines[i].name,
		       lines[i].read_only ? "ro" : "rw");
		if (*lines[i].sub_path)
			sb_printf(sb, ",path=\"%s\"", lines[i].sub_path);
		sb_add(sb, ")\n");
	}
	sb_free(&token);
	free(lines);
}

/* The Type: line, then the fields ksim keeps of the source. */
static void describe_source(const struct cluster *c, const struct volume *v, struct strbuf *sb)
{
	dwrite(sb, 2, "Type:\t%s\n", volume_source_type(c, v)->describe);
	switch (v->source) {
	case VOLUME_PVC:
		dwrite(sb, 2, "ClaimName:\t%s\n", cluster_str(c, v->pvc.claim_name));
		dwrite(sb, 2, "ReadOnly:\t%s\n", v->pvc.read_only ? "true" : "false");
		break;
	case VOLUME_EMPTY_DIR:
		dwrite(sb, 2, "Medium:\t%s\n", cluster_str(c, v->empty_dir.medium));
		dwrite(sb, 2, "SizeLimit:\t");
		if (v->empty_dir.size_limit > 0)
			api_bytes_format(v->empty_dir.size_limit, sb);
		else
			sb_add(sb, "<unset>");
		sb_addc(sb, '\n');
		break;
	case VOLUME_HOST_PATH:
		/* The API server defaults an unset type to "", so <none> never shows. */
		dwrite(sb, 2, "Path:\t%s\n", cluster_str(c, v->host_path.path));
		dwrite(sb, 2, "HostPathType:\t%s\n", cluster_str(c, v->host_path.type));
		break;
	case VOLUME_CONFIG_MAP:
	case VOLUME_SECRET:
		dwrite(sb, 2, "%s:\t%s\n", v->source == VOLUME_SECRET ? "SecretName" : "Name",
		       cluster_str(c, v->object.name));
		dwrite(sb, 2, "Optional:\t%s\n", v->object.optional ? "true" : "false");
		break;
	case VOLUME_NFS:
		dwrite(sb, 2, "Server:\t%s\n", cluster_str(c, v->nfs.server));
		dwrite(sb, 2, "Path:\t%s\n", cluster_str(c, v->nfs.path));
		dwrite(sb, 2, "ReadOnly:\t%s\n", v->nfs.read_only ? "true" : "false");
		break;
	case VOLUME_OTHER:
		break;
	}
}

void describe_volumes(const struct cluster *c, const struct pod *p, const struct podspec *s,
		      const char *space, struct strbuf *sb)
{
	bool token = p && api_token_volume(c, s);

	if (!s->nvolumes && !token) {
		sb_printf(sb, "%sVolumes:\t<none>\n", space);
		return;
	}
	sb_printf(sb, "%sVolumes:\n", space);
	for (uint32_t i = 0; i < s->nvolumes; i++) {
		dwrite(sb, 1, "%s%s:\n", *space ? " " : "", cluster_str(c, s->volumes[i].name));
		describe_source(c, &s->volumes[i], sb);
	}
	if (!token)
		return;
	sb_add(sb, "  ");
	api_access_volume(p, sb);
	sb_add(sb, ":\n");
	dwrite(sb, 2,
	       "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
	dwrite(sb, 2, "TokenExpirationSeconds:\t3607\n");
	dwrite(sb, 2, "ConfigMapName:\tkube-root-ca.crt\n");
	dwrite(sb, 2, "Optional:\tfalse\n");
	dwrite(sb, 2, "DownwardAPI:\ttrue\n");
}
