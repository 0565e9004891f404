/*
 * kubectl describe's Mounts: and Volumes: sections (describeContainerVolumes
 * and describeVolumes in describe.go), with the service account token that
 * admission gives every pod: a real pod carries it, a template does not.
 */
#include "ksim/kubectl.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char token_mount_path[] = "/var/run/secrets/kubernetes.io/serviceaccount";

/* The ServiceAccount admission plugin skips a container that already mounts the token path. */
bool token_mounted(const struct cluster *c, const struct podspec *s, const struct container *k)
{
	if (s->no_token_automount)
		return false;
	for (uint32_t i = 0; i < k->nmounts; i++)
		if (strcmp(cluster_str(c, k->mounts[i].mount_path), token_mount_path) == 0)
			return false;
	return true;
}

bool token_volume(const struct cluster *c, const struct podspec *s)
{
	for (uint32_t i = 0; i < s->ninit; i++)
		if (token_mounted(c, s, &s->init_containers[i]))
			return true;
	for (uint32_t i = 0; i < s->ncontainers; i++)
		if (token_mounted(c, s, &s->containers[i]))
			return true;
	return false;
}

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
	if (p && token_mounted(c, s, k)) {
		api_access_volume(p, &token);
		lines[n++] = (struct mount_line){ token_mount_path, token.data, "", true };
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

/* The Type: line of the sources ksim keeps no detail of, as describe.go words them. */
static const char *const other_types[][2] = {
	{ "gitRepo", "GitRepo (a volume that is pulled from git when the pod is created)" },
	{ "gcePersistentDisk",
	  "GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)" },
	{ "awsElasticBlockStore", "AWSElasticBlockStore (a Persistent Disk resource in AWS)" },
	{ "iscsi", "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then "
		   "exposed to the pod)" },
	{ "glusterfs", "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)" },
	{ "flocker", "Flocker (a Flocker volume mounted by the Flocker agent)" },
	{ "rbd", "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)" },
	{ "cinder", "Cinder (a Persistent Disk resource in OpenStack)" },
	{ "cephfs", "CephFS (a CephFS mount on the host that shares a pod's lifetime)" },
	{ "quobyte", "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)" },
	{ "downwardAPI", "DownwardAPI (a volume populated by information about the pod)" },
	{ "fc", "FC (a Fibre Channel disk)" },
	{ "flexVolume",
	  "FlexVolume (a generic volume resource that is provisioned/attached using an exec "
	  "based plugin)" },
	{ "azureFile",
	  "AzureFile (an Azure File Service mount on the host and bind mount to the pod)" },
	{ "vsphereVolume", "vSphereVolume (a Persistent Disk resource in vSphere)" },
	{ "photonPersistentDisk",
	  "PhotonPersistentDisk (a Persistent Disk resource in photon platform)" },
	{ "portworxVolume", "PortworxVolume (a Portworx Volume resource)" },
	{ "azureDisk", "AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)" },
	{ "storageos", "StorageOS (a StorageOS Persistent Disk resource)" },
	{ "projected", "Projected (a volume that contains injected data from multiple sources)" },
	{ "scaleIO", "ScaleIO (a persistent volume backed by a block device in ScaleIO)" },
	{ "csi", "CSI (a Container Storage Interface (CSI) volume source)" },
	{ "ephemeral",
	  "EphemeralVolume (an inline specification for a volume that gets created and deleted "
	  "with the pod)" },
	{ "image", "Image (a container image or OCI artifact)" },
};

static void describe_other(const char *source, struct strbuf *sb)
{
	for (size_t i = 0; i < ARRAY_LEN(other_types); i++)
		if (strcmp(other_types[i][0], source) == 0) {
			dwrite(sb, 2, "Type:\t%s\n", other_types[i][1]);
			return;
		}
	dwrite(sb, 1, "<unknown>\n");
}

static void describe_source(const struct cluster *c, const struct volume *v, struct strbuf *sb)
{
	switch (v->source) {
	case VOLUME_PVC:
		dwrite(sb, 2,
		       "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the "
		       "same namespace)\n");
		dwrite(sb, 2, "ClaimName:\t%s\n", cluster_str(c, v->pvc.claim_name));
		dwrite(sb, 2, "ReadOnly:\t%s\n", v->pvc.read_only ? "true" : "false");
		break;
	case VOLUME_EMPTY_DIR:
		dwrite(sb, 2,
		       "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
		dwrite(sb, 2, "Medium:\t%s\n", cluster_str(c, v->empty_dir.medium));
		dwrite(sb, 2, "SizeLimit:\t");
		if (v->empty_dir.size_limit > 0)
			fmt_bytes(v->empty_dir.size_limit, sb);
		else
			sb_add(sb, "<unset>");
		sb_addc(sb, '\n');
		break;
	case VOLUME_HOST_PATH:
		/* The API server defaults an unset type to "", so <none> never shows. */
		dwrite(sb, 2, "Type:\tHostPath (bare host directory volume)\n");
		dwrite(sb, 2, "Path:\t%s\n", cluster_str(c, v->host_path.path));
		dwrite(sb, 2, "HostPathType:\t%s\n", cluster_str(c, v->host_path.type));
		break;
	case VOLUME_CONFIG_MAP:
		dwrite(sb, 2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n");
		dwrite(sb, 2, "Name:\t%s\n", cluster_str(c, v->object.name));
		dwrite(sb, 2, "Optional:\t%s\n", v->object.optional ? "true" : "false");
		break;
	case VOLUME_SECRET:
		dwrite(sb, 2, "Type:\tSecret (a volume populated by a Secret)\n");
		dwrite(sb, 2, "SecretName:\t%s\n", cluster_str(c, v->object.name));
		dwrite(sb, 2, "Optional:\t%s\n", v->object.optional ? "true" : "false");
		break;
	case VOLUME_NFS:
		dwrite(sb, 2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n");
		dwrite(sb, 2, "Server:\t%s\n", cluster_str(c, v->nfs.server));
		dwrite(sb, 2, "Path:\t%s\n", cluster_str(c, v->nfs.path));
		dwrite(sb, 2, "ReadOnly:\t%s\n", v->nfs.read_only ? "true" : "false");
		break;
	case VOLUME_OTHER:
		describe_other(cluster_str(c, v->other), sb);
		break;
	}
}

void describe_volumes(const struct cluster *c, const struct pod *p, const struct podspec *s,
		      const char *space, struct strbuf *sb)
{
	bool token = p && token_volume(c, s);

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
